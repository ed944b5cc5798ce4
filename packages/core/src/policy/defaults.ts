/** The province's default rules (RULES.md): every number carries its source
 * and may be changed by configuration, never by a code change. A tenant may
 * only tighten a rule (shorter clock, higher target). */

export type Duration = { amount: number; unit: "hours" | "days" | "working-days" | "months" };

export interface ClockRule {
  duration: Duration;
  zh: string;
  en: string;
  source: string;
}

export interface TargetRule {
  /** A share (0–1) or a number of days, by `kind`. */
  value: number;
  kind: "share-at-least" | "days-at-most";
  zh: string;
  en: string;
  source: string;
}

const IMI = "EU Internal Market Information System (IMI) scoreboard; no Chinese figure found (RULES.md)";
const CPC = "Regulation (EU) 2017/2394 (CPC); no Chinese figure found (RULES.md)";
const TRANSFER = "行政执法机关移送涉嫌犯罪案件的规定 (国务院令第310号, 2020年修订) — RULES.md 行刑衔接";

export const PolicyDefaults = {
  assistance: {
    acknowledge: { duration: { amount: 7, unit: "days" }, zh: "受理（接受或说明理由拒绝）", en: "Acknowledge (accept, or decline with reasons)", source: `${IMI}: at least 80% accepted within 7 days` },
    answerInformation: { duration: { amount: 30, unit: "days" }, zh: "答复信息协查请求", en: "Answer an information request", source: CPC },
    answerEnforcement: { duration: { amount: 6, unit: "months" }, zh: "采取执法措施", en: "Take an enforcement measure", source: `${CPC}, unless reasons are given` },
    /** Other kinds of help follow the information-request clock unless the sender sets a shorter one. */
    answerOther: { duration: { amount: 30, unit: "days" }, zh: "答复其他协助请求", en: "Answer other kinds of request", source: `${CPC} (platform default for kinds the rule does not name)` },
  },
  assistanceTargets: {
    acceptedWithin7Days: { value: 0.8, kind: "share-at-least", zh: "7日内受理率", en: "Accepted within 7 days", source: IMI },
    meanDaysToAnswer: { value: 16, kind: "days-at-most", zh: "平均答复天数", en: "Mean days to answer", source: IMI },
    answeredByDeadline: { value: 0.8, kind: "share-at-least", zh: "按期答复率", en: "Answered by the agreed date", source: IMI },
  },
  referral: {
    teamSize: { value: 2, zh: "案件办理小组人数（至少）", en: "Case team size (at least)", source: TRANSFER },
    headDecision: { duration: { amount: 3, unit: "days" }, zh: "机关负责人作出是否移送决定", en: "Agency head decides whether to transfer", source: TRANSFER },
    transferToPolice: { duration: { amount: 24, unit: "hours" }, zh: "批准后移送公安机关", en: "Approved case reaches the police", source: TRANSFER },
    policeDecision: { duration: { amount: 3, unit: "days" }, zh: "公安机关决定是否立案", en: "Police decide whether to open a case", source: TRANSFER },
    policeExplanation: { duration: { amount: 7, unit: "days" }, zh: "检察院要求时公安机关说明不立案理由", en: "Police explain a refusal when the procuratorate asks", source: TRANSFER },
    /** No statutory figure: the platform's own default for requests from judicial organs. */
    judicialRequest: { duration: { amount: 7, unit: "days" }, zh: "司法机关反向协助请求（检验、鉴定、涉案物品保管销毁）", en: "Requests from judicial organs (inspection, appraisal, custody or destruction of seized goods)", source: "platform default; no statutory figure found" },
  },
  /** 执法互认: how long a recognised result stands. No statutory figure; the platform's own defaults. */
  recognition: {
    penaltyValidity: { duration: { amount: 365, unit: "days" }, zh: "行政处罚结果的互认有效期", en: "How long a penalty is recognised as an enforcement result", source: "platform default; no statutory figure found" },
    maxValidity: { duration: { amount: 1095, unit: "days" }, zh: "检查结果互认有效期上限", en: "Longest validity an inspection result may be recognised for", source: "platform default (3 years, the longest penalty publication window, RULES.md)" },
  },
  /** 一公开 (RULES.md "Spot checks", "Penalty and credit publication"): publication clocks and windows; right to reply (UK FHRS model). */
  disclosure: {
    publishResults: { duration: { amount: 20, unit: "working-days" }, zh: "检查结果公示期限（检查结束后）", en: "Publish inspection results within (after the check)", source: "SAMR 公示 rules (RULES.md Spot checks: within 20 working days)" },
    warnBefore: { duration: { amount: 3, unit: "working-days" }, zh: "公示期限届满前提醒", en: "Warn before a publication window closes", source: "platform default; no statutory figure found" },
    inspectionWindow: { duration: { amount: 36, unit: "months" }, zh: "检查结果公示时长", en: "How long an inspection result stays published", source: "platform default (3 years, the longest penalty publication window, RULES.md)" },
    penaltyWindowMax: { duration: { amount: 36, unit: "months" }, zh: "行政处罚信息公示时长（最长）", en: "How long a penalty stays published (at most)", source: "市场监督管理行政处罚信息公示规定 (RULES.md: at most 3 years)" },
    penaltyWindowMin: { value: 3, zh: "行政处罚信息公示最短月数", en: "Shortest penalty publication (months)", source: "市场监督管理行政处罚信息公示规定 (RULES.md: at least 3 months)" },
    penaltyWindowMinSafety: { value: 12, zh: "特种设备、安全生产、消防处罚信息公示最短月数", en: "Shortest publication of special-equipment, work-safety and fire penalties (months)", source: "市场监督管理行政处罚信息公示规定 (RULES.md: at least 1 year)" },
    objectionWindow: { duration: { amount: 21, unit: "days" }, zh: "对公示信息提出异议的期限（公示之日起）", en: "Object to a published record within (from publication)", source: "UK Food Hygiene Rating Scheme right to reply (21 days); no Chinese figure found" },
    answerObjection: { duration: { amount: 10, unit: "working-days" }, zh: "答复异议", en: "Answer an objection", source: "platform default; no statutory figure found" },
  },
  /** 指标: joint-inspection share targets (RULES.md "Inspections of businesses"). */
  indicatorTargets: {
    jointShare2025: { value: 0.6, kind: "share-at-least", zh: "联合检查实施率（2025年）", en: "Joint-inspection share (2025)", source: "local example: 大冶 (Hubei) 2025 (RULES.md)" },
    jointShare2027: { value: 0.8, kind: "share-at-least", zh: "联合检查实施率（2027年底）", en: "Joint-inspection share (by the end of 2027)", source: "local example: 淳安 (Zhejiang) 2027 (RULES.md)" },
  },
  /** 预警: the lead department responds at once (RULES.md "Warnings"). */
  warning: {
    acknowledge: { duration: { amount: 1, unit: "working-days" }, zh: "牵头部门签收预警", en: "The lead department acknowledges a warning", source: "platform default (RULES.md Warnings: acknowledged within 1 working day; the work plan demands 立刻响应 without a figure)" },
    decide: { duration: { amount: 5, unit: "working-days" }, zh: "核实预警并作出处置决定（检查或不予处置，说明理由）", en: "Verify a warning and decide (inspect / no action, with reasons)", source: "platform default (RULES.md Warnings: verified and decided within 5 working days)" },
  },
  /** 扫码入企: a business's report of a visit with no code (or a code that does not match) goes to the enforcement-supervision office. */
  visit: {
    answerReport: { duration: { amount: 5, unit: "working-days" }, zh: "行政执法监督机构处理未亮码检查举报", en: "Enforcement supervision handles a report of a visit without a code", source: "platform default (RULES.md: a visit with no registered code is reported, 国办发〔2024〕54号); no statutory figure found" },
  },
  /** 线索归集: clues about one business within this window become one joint task (RULES.md "Warnings"). */
  clue: {
    correlationWindow: { duration: { amount: 90, unit: "days" }, zh: "同一主体线索归并为一个联合检查任务的时间窗口", en: "Window in which clues about one business merge into one joint task", source: "platform default (RULES.md Warnings: clue correlation, 90 days); no statutory figure found" },
  },
  /** 严重失信主体名单: the business is told before it is listed and may state its case (陈述、申辩); the office decides a repair application. */
  dishonesty: {
    noticeWindow: { duration: { amount: 5, unit: "working-days" }, zh: "列入严重失信名单前告知当事人、听取陈述申辩的期限", en: "Window for the business to state its case after the notice, before listing", source: "市场监督管理严重违法失信名单管理办法（市场监管总局令第44号）：列入前告知事由、依据和陈述申辩权利，未规定天数；平台默认 5 个工作日" },
    repairDecision: { duration: { amount: 15, unit: "working-days" }, zh: "信用修复（提前移出）申请的审核决定期限", en: "Decide a credit-repair (early removal) application", source: "市场监督管理严重违法失信名单管理办法（市场监管总局令第44号）提前移出申请的办理期限；平台默认 15 个工作日" },
  },
} as const satisfies {
  assistance: Record<string, ClockRule>;
  assistanceTargets: Record<string, TargetRule>;
  referral: Record<string, ClockRule | { value: number; zh: string; en: string; source: string }>;
  recognition: Record<string, ClockRule>;
  clue: Record<string, ClockRule>;
  visit: Record<string, ClockRule>;
  warning: Record<string, ClockRule>;
  dishonesty: Record<string, ClockRule>;
  disclosure: Record<string, ClockRule | { value: number; zh: string; en: string; source: string }>;
  indicatorTargets: Record<string, TargetRule>;
};

export type PolicyDefaults = typeof PolicyDefaults;
