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
} as const satisfies {
  assistance: Record<string, ClockRule>;
  assistanceTargets: Record<string, TargetRule>;
  referral: Record<string, ClockRule | { value: number; zh: string; en: string; source: string }>;
  recognition: Record<string, ClockRule>;
};

export type PolicyDefaults = typeof PolicyDefaults;
