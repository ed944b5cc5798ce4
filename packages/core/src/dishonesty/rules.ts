import { deadline, type Deadline } from "../policy/deadline";
import type { Duration } from "../policy/defaults";

/** 严重失信主体名单: the statutory categories (each with its legal basis, the
 * records that may found a listing, the measures it carries, how long it is
 * published and when repair may be asked), the joint measures (联合惩戒措施),
 * and the state machine of one listing. Pure data and functions: no I/O, no
 * "now" (callers pass it), usable by the portal. */

export interface Measure {
  zh: string;
  en: string;
  /** The law or rule that allows the measure. */
  basis: string;
}

/** 联合惩戒措施 (全国失信惩戒措施基础清单 lists each with its basis). */
export const Measures = {
  "public-disclosure": {
    zh: "通过国家企业信用信息公示系统、信用中国（福建）公示",
    en: "Published on the national enterprise credit system and Credit China (Fujian)",
    basis: "企业信息公示暂行条例 第七条；全国失信惩戒措施基础清单",
  },
  "intensified-inspection": {
    zh: "列为重点监管对象，提高检查比例和频次",
    en: "Supervised as a priority: higher inspection ratio and frequency",
    basis: "市场监督管理严重违法失信名单管理办法 第十二条；优化营商环境条例 第五十五条",
  },
  "procurement-restriction": {
    zh: "依法限制参加政府采购活动",
    en: "Barred from government procurement as the law provides",
    basis: "政府采购法 第二十二条",
  },
  "subsidy-restriction": {
    zh: "依法限制申请财政性资金项目、享受税收优惠等政策支持",
    en: "Restricted from public funding and policy support as the law provides",
    basis: "全国失信惩戒措施基础清单",
  },
  "honours-restriction": {
    zh: "不得参加评优评先、授予荣誉称号",
    en: "No awards or honorary titles",
    basis: "市场监督管理严重违法失信名单管理办法 第十二条",
  },
  "no-simplified-procedure": {
    zh: "不适用告知承诺制等便利措施",
    en: "No simplified approval by commitment (告知承诺制)",
    basis: "市场监督管理严重违法失信名单管理办法 第十二条",
  },
} as const satisfies Record<string, Measure>;
export type MeasureCode = keyof typeof Measures;
export const MeasureCodes = Object.keys(Measures) as [MeasureCode, ...MeasureCode[]];

export interface Category {
  zh: string;
  en: string;
  /** The statute that sets the list (a category that is not here may not be used). */
  legalBasis: string;
  /** The credit records that may found a listing, with the outcomes that count (a heavier penalty: 较重行政处罚). */
  basis: { kind: "penalty" | "inspection" | "assistance"; outcomes: readonly string[] }[];
  measures: readonly MeasureCode[];
  /** How long the listing stays published (removed on expiry). */
  window: Duration;
  /** Earliest a credit repair (提前移出) may be asked, from listing. */
  repairAfter: Duration;
  source: string;
}

const HEAVIER = ["fine", "confiscation", "suspension", "revocation"] as const;
const SAMR44 = "市场监督管理严重违法失信名单管理办法（国家市场监督管理总局令第44号，2021年9月1日施行）";

/** The statutory categories. Adding one is a change of law: the criteria need
 * at least 30 days of public consultation (RULES.md), so it is data shipped
 * with the platform, never typed in by a user. */
export const Categories = {
  "samr-food-safety": {
    zh: "食品安全领域严重违法失信",
    en: "Serious food-safety violations",
    legalBasis: `${SAMR44} 第五条`,
    basis: [{ kind: "penalty", outcomes: HEAVIER }],
    measures: ["public-disclosure", "intensified-inspection", "procurement-restriction", "subsidy-restriction", "honours-restriction", "no-simplified-procedure"],
    window: { amount: 36, unit: "months" },
    repairAfter: { amount: 12, unit: "months" },
    source: `${SAMR44}：列入期限三年，届满移出；列入满一年可申请提前移出`,
  },
  "samr-drug-device": {
    zh: "药品、医疗器械、化妆品领域严重违法失信",
    en: "Serious violations on drugs, medical devices and cosmetics",
    legalBasis: `${SAMR44} 第六条`,
    basis: [{ kind: "penalty", outcomes: HEAVIER }],
    measures: ["public-disclosure", "intensified-inspection", "procurement-restriction", "subsidy-restriction", "honours-restriction", "no-simplified-procedure"],
    window: { amount: 36, unit: "months" },
    repairAfter: { amount: 12, unit: "months" },
    source: `${SAMR44}：列入期限三年，届满移出；列入满一年可申请提前移出`,
  },
  "samr-quality-safety": {
    zh: "质量安全领域（含特种设备）严重违法失信",
    en: "Serious quality-safety violations (special equipment included)",
    legalBasis: `${SAMR44} 第七条`,
    basis: [{ kind: "penalty", outcomes: HEAVIER }],
    measures: ["public-disclosure", "intensified-inspection", "procurement-restriction", "subsidy-restriction", "honours-restriction", "no-simplified-procedure"],
    window: { amount: 36, unit: "months" },
    repairAfter: { amount: 12, unit: "months" },
    source: `${SAMR44}：列入期限三年，届满移出；列入满一年可申请提前移出`,
  },
  "samr-consumer-fair-competition": {
    zh: "侵害消费者权益、破坏公平竞争秩序严重违法失信",
    en: "Serious violations of consumer rights or fair competition",
    legalBasis: `${SAMR44} 第八条、第九条`,
    basis: [{ kind: "penalty", outcomes: HEAVIER }],
    measures: ["public-disclosure", "intensified-inspection", "procurement-restriction", "honours-restriction", "no-simplified-procedure"],
    window: { amount: 36, unit: "months" },
    repairAfter: { amount: 12, unit: "months" },
    source: `${SAMR44}：列入期限三年，届满移出；列入满一年可申请提前移出`,
  },
  "work-safety": {
    zh: "安全生产严重失信主体",
    en: "Serious work-safety dishonesty",
    legalBasis: "安全生产严重失信主体名单管理办法（应急管理部令第11号，2023年）",
    basis: [{ kind: "penalty", outcomes: HEAVIER }],
    measures: ["public-disclosure", "intensified-inspection", "procurement-restriction", "subsidy-restriction", "honours-restriction"],
    window: { amount: 36, unit: "months" },
    repairAfter: { amount: 12, unit: "months" },
    source: "安全生产严重失信主体名单管理办法（应急管理部令第11号）；期限为平台默认，与市场监管类一致，省级核对后可修改",
  },
} as const satisfies Record<string, Category>;
export type CategoryCode = keyof typeof Categories;
export const CategoryCodes = Object.keys(Categories) as [CategoryCode, ...CategoryCode[]];

export function isMeasure(code: string): code is MeasureCode {
  return Object.hasOwn(Measures, code);
}

export function isCategory(code: string): code is CategoryCode {
  return Object.hasOwn(Categories, code);
}

// ---------------------------------------------------------------- states

/** proposed → notified (the business is told, and may state its case until the
 * window ends) → listed (published with its measures) → repair-applied →
 * repaired (removed early) or back to listed; listed → expired at the end of
 * the window; proposed/notified → withdrawn (e.g. the statement convinced). */
export const States = ["proposed", "notified", "listed", "repair-applied", "repaired", "expired", "withdrawn"] as const;
export type State = (typeof States)[number];
export const Steps = ["propose", "notify", "statement", "list", "change-measures", "apply-repair", "decide-repair", "expire", "withdraw"] as const;
export type Step = (typeof Steps)[number];

const Transitions: Record<Step, { from: readonly State[]; to?: State }> = {
  propose: { from: [] , to: "proposed" },
  notify: { from: ["proposed"], to: "notified" },
  // The business's statement (陈述、申辩) changes nothing but must be answered when listing.
  statement: { from: ["notified"] },
  list: { from: ["notified"], to: "listed" },
  "change-measures": { from: ["listed"] },
  "apply-repair": { from: ["listed"], to: "repair-applied" },
  // `to` depends on the decision: repaired, or listed again.
  "decide-repair": { from: ["repair-applied"] },
  expire: { from: ["listed", "repair-applied"], to: "expired" },
  withdraw: { from: ["proposed", "notified"], to: "withdrawn" },
};

export class StepNotAllowed extends Error {
  constructor(
    public readonly state: State,
    public readonly step: Step,
  ) {
    super(`${step} is not allowed in state ${state}`);
  }
}

/** The state after `step`, or StepNotAllowed. */
export function next(state: State, step: Step, approve?: boolean): State {
  const t = Transitions[step];
  if (!t.from.includes(state)) throw new StepNotAllowed(state, step);
  if (step === "decide-repair") return approve ? "repaired" : "listed";
  return t.to ?? state;
}

export function allowed(state: State): Step[] {
  return Steps.filter((s) => s !== "propose" && Transitions[s].from.includes(state));
}

/** Is the listing published (on the platform, counted against the business)? */
export const PUBLISHED: readonly State[] = ["listed", "repair-applied"];

/** The state as of `now`: a published listing whose window has ended reads as
 * expired even before the job has removed it (the read-time check). */
export function effectiveState(state: State, expiresAt: string | undefined, now: Date): State {
  if (PUBLISHED.includes(state) && expiresAt && now.getTime() >= Date.parse(expiresAt)) return "expired";
  return state;
}

/** When the statement window after the notice ends. */
export function statementDue(notifiedAt: string, window: Duration): Deadline {
  return deadline(notifiedAt, window);
}

/** Listing is allowed only once the notice window has ended. */
export function mayList(noticeDueAt: string, now: Date): boolean {
  return now.getTime() >= Date.parse(noticeDueAt);
}

export function expiresAt(listedAt: string, category: CategoryCode): string {
  return deadline(listedAt, Categories[category].window).dueAt;
}

export function repairOpensAt(listedAt: string, category: CategoryCode): string {
  // The day the period is complete: the deadline's end is the start of the next day.
  return deadline(listedAt, Categories[category].repairAfter).dueAt;
}

/** Does a credit record qualify as a basis of this category? */
export function qualifies(category: CategoryCode, record: { kind: string; outcome: string }): boolean {
  return Categories[category].basis.some((b) => b.kind === record.kind && (b.outcomes as readonly string[]).includes(record.outcome));
}

/** The events the province's credit platform is told about. */
export const PlatformEvents = ["listed", "measures_changed", "removed", "repaired"] as const;
export type PlatformEvent = (typeof PlatformEvents)[number];
