import { Tag } from "antd";
import type { InferRequestType, InferResponseType } from "hono/client";
import { call, client } from "../api";
import { format, useI18n } from "../i18n";

/** What the severe-dishonesty pages share: their API (/api/dishonesty), shapes,
 * and their own strings (zh first), loaded with these lazy pages. */
const d = client.api.dishonesty;
export type Listing = InferResponseType<(typeof d)[":listingId"]["$get"], 200>;
export type ListingRow = InferResponseType<(typeof d)["$get"], 200>["items"][number];
export type ListingState = Listing["state"];
export type Categories = InferResponseType<(typeof d)["categories"]["$get"], 200>;
export type ProposeBody = InferRequestType<(typeof d)["$post"]>["json"];
export type BasisRecord = InferResponseType<(typeof d)["records"]["$get"], 200>["items"][number];

const param = (listingId: string) => ({ param: { listingId } });
export const dishonestyApi = {
  list: (query: { state?: ListingState; cursor?: string; limit?: number }) =>
    call(d.$get({ query: { ...(query.state ? { state: query.state } : {}), ...(query.cursor ? { cursor: query.cursor } : {}), limit: String(query.limit ?? 50) } })),
  get: (id: string) => call(d[":listingId"].$get(param(id))),
  categories: () => call(d.categories.$get()),
  records: (creditCode: string) => call(d.records.$get({ query: { creditCode } })),
  propose: (body: ProposeBody) => call(d.$post({ json: body })),
  notify: (id: string, json: { version: number; text: string }) => call(d[":listingId"].notify.$post({ ...param(id), json })),
  statement: (id: string, json: { version: number; text: string }) => call(d[":listingId"].statement.$post({ ...param(id), json })),
  enter: (id: string, json: { version: number; reply?: string }) => call(d[":listingId"].list.$post({ ...param(id), json })),
  measures: (id: string, json: { version: number; measures: string[]; reason: string }) => call(d[":listingId"].measures.$post({ ...param(id), json })),
  repair: (id: string, json: { version: number; reason: string; evidence: { name: string; sha256: string }[] }) => call(d[":listingId"].repair.$post({ ...param(id), json })),
  decide: (id: string, json: { version: number; approve: boolean; reason: string }) => call(d[":listingId"]["repair-decision"].$post({ ...param(id), json })),
  withdraw: (id: string, json: { version: number; reason: string }) => call(d[":listingId"].withdraw.$post({ ...param(id), json })),
};

export const STATES: ListingState[] = ["proposed", "notified", "listed", "repair-applied", "repaired", "expired", "withdrawn"];

export const zh = {
  title: "严重失信主体名单",
  intro: "只能按法定类别、依据本主体已有的较重行政处罚拟列入；列入前告知当事人并给予陈述申辩期，期满方可列入。列入后按类别公示并采取联合惩戒措施，期满自动移出；当事人可申请信用修复。每次变更都报送信用中国（福建），每一步都记入审计留痕。",
  "tab.list": "名单",
  "tab.new": "拟列入",
  "col.entity": "市场主体",
  "col.category": "类别",
  "col.state": "状态",
  "col.listedAt": "列入时间",
  "col.expiresAt": "公示截止",
  "filter.state": "按状态筛选",
  "state.proposed": "拟列入",
  "state.notified": "已告知（陈述申辩期）",
  "state.listed": "已列入",
  "state.repair-applied": "信用修复审核中",
  "state.repaired": "已修复移出",
  "state.expired": "期满移出",
  "state.withdrawn": "已撤回",
  "step.propose": "拟列入",
  "step.notify": "告知当事人",
  "step.statement": "陈述申辩",
  "step.list": "列入名单",
  "step.change-measures": "调整惩戒措施",
  "step.apply-repair": "申请信用修复",
  "step.decide-repair": "修复审核决定",
  "step.expire": "期满移出",
  "step.withdraw": "撤回",
  "form.creditCode": "统一社会信用代码",
  "form.loadRecords": "读取信用记录",
  "form.category": "法定类别",
  "form.basis": "列入依据（本主体的信用记录）",
  "form.noRecords": "该主体没有信用记录，不能拟列入",
  "form.facts": "事由",
  "form.measures": "联合惩戒措施",
  "form.submit": "提交拟列入",
  "form.text": "告知书内容（事由、依据、陈述申辩权利）",
  "form.statement": "当事人的陈述申辩",
  "form.reply": "对陈述申辩的答复",
  "form.reason": "理由",
  "form.evidence": "证明材料（选择文件，计算哈希）",
  "form.approve": "准予修复",
  "form.reject": "不予修复",
  proposed: "已提交拟列入",
  done: "已保存",
  "detail.category": "类别与法律依据",
  "detail.facts": "事由",
  "detail.basis": "列入依据",
  "detail.measures": "联合惩戒措施",
  "detail.notice": "告知",
  "detail.noticeDue": "陈述申辩期至 {due}",
  "detail.window": "公示期",
  "detail.repairOpens": "{at} 起可申请信用修复",
  "detail.steps": "办理过程",
  "detail.actions": "下一步",
  "detail.deliveries": "报送信用中国（福建）",
  "detail.noDeliveries": "尚无回执（消息在队列中，或尚未产生）",
  "detail.stalled": "有 {n} 条报送消息未能送达（已停止重发）：{error}",
  "detail.stalledLink": "查看停滞消息",
  "detail.expiredNow": "公示期已届满，将由定时任务移出",
  "detail.back": "返回名单",
  "event.listed": "列入",
  "event.measures_changed": "措施变更",
  "event.removed": "期满移出",
  "event.repaired": "修复移出",
  "act.propose": "拟列入",
  "act.notify": "告知当事人",
  "act.statement": "记录陈述申辩",
  "act.list": "列入名单",
  "act.change-measures": "调整措施",
  "act.apply-repair": "申请信用修复",
  "act.decide-repair": "审核修复申请",
  "act.withdraw": "撤回拟列入",
  "act.expire": "等待期满移出",
} as const;

export const en: Record<keyof typeof zh, string> = {
  title: "Severe-dishonesty list",
  intro: "Only statutory categories, only on the business's own heavier penalties; the business is told first and may state its case until the window ends. A listing is published with its joint measures for the category's window and removed when it ends; the business may apply for credit repair. Every change is sent to Credit China (Fujian); every step is in the audit trail.",
  "tab.list": "Listings",
  "tab.new": "Propose",
  "col.entity": "Business",
  "col.category": "Category",
  "col.state": "State",
  "col.listedAt": "Listed",
  "col.expiresAt": "Published until",
  "filter.state": "Filter by state",
  "state.proposed": "Proposed",
  "state.notified": "Notified (statement window)",
  "state.listed": "Listed",
  "state.repair-applied": "Repair under review",
  "state.repaired": "Repaired, removed",
  "state.expired": "Expired, removed",
  "state.withdrawn": "Withdrawn",
  "step.propose": "Proposed",
  "step.notify": "Business notified",
  "step.statement": "Statement",
  "step.list": "Listed",
  "step.change-measures": "Measures changed",
  "step.apply-repair": "Repair applied for",
  "step.decide-repair": "Repair decided",
  "step.expire": "Removed on expiry",
  "step.withdraw": "Withdrawn",
  "form.creditCode": "Unified social credit code",
  "form.loadRecords": "Load credit records",
  "form.category": "Statutory category",
  "form.basis": "Basis (the business's credit records)",
  "form.noRecords": "The business has no credit records: it cannot be proposed",
  "form.facts": "Facts",
  "form.measures": "Joint measures",
  "form.submit": "Propose",
  "form.text": "Notice (facts, basis, the right to state its case)",
  "form.statement": "The business's statement",
  "form.reply": "Answer to the statement",
  "form.reason": "Reason",
  "form.evidence": "Evidence (choose files; hashed here)",
  "form.approve": "Approve",
  "form.reject": "Refuse",
  proposed: "Proposed",
  done: "Saved",
  "detail.category": "Category and legal basis",
  "detail.facts": "Facts",
  "detail.basis": "Basis",
  "detail.measures": "Joint measures",
  "detail.notice": "Notice",
  "detail.noticeDue": "Statement window until {due}",
  "detail.window": "Published",
  "detail.repairOpens": "Repair may be asked from {at}",
  "detail.steps": "Steps",
  "detail.actions": "Next step",
  "detail.deliveries": "Sent to Credit China (Fujian)",
  "detail.noDeliveries": "No receipt yet (queued, or nothing sent)",
  "detail.stalled": "{n} message(s) to the credit platform could not be delivered and stopped: {error}",
  "detail.stalledLink": "Stalled messages",
  "detail.expiredNow": "The window has ended; the scheduled job removes it",
  "detail.back": "Back to the list",
  "event.listed": "Listed",
  "event.measures_changed": "Measures changed",
  "event.removed": "Removed on expiry",
  "event.repaired": "Removed after repair",
  "act.propose": "Propose",
  "act.notify": "Notify the business",
  "act.statement": "Record a statement",
  "act.list": "List",
  "act.change-measures": "Change measures",
  "act.apply-repair": "Apply for repair",
  "act.decide-repair": "Decide the repair",
  "act.withdraw": "Withdraw",
  "act.expire": "Awaiting removal",
};

export type DishonestyKey = keyof typeof zh;

export function useDishonestyText() {
  const { lang } = useI18n();
  return (key: DishonestyKey, params: Record<string, string | number> = {}) => format((lang === "en" ? en : zh)[key], params);
}

// antd's status colours (processing, error, warning, success) are too pale on their tag backgrounds for
// WCAG AA (axe color-contrast at 390 px): the darker presets instead.
const COLORS: Record<ListingState, string> = {
  proposed: "default",
  notified: "blue",
  listed: "red",
  "repair-applied": "volcano",
  repaired: "default",
  expired: "default",
  withdrawn: "default",
};

/** "Pick at least one" for a multiple Select or a checkbox group: a validator, not `required`, which makes
 * antd put aria-required on the control's role-less wrapper div (axe aria-allowed-attr). */
export function mustPick(message: string) {
  return { validator: (_: unknown, v: unknown) => (Array.isArray(v) && v.length > 0 ? Promise.resolve() : Promise.reject(new Error(message))) };
}

/** A credit record in words (kind and outcome), not its codes; an unknown code is shown as it is. */
const RECORD_WORDS: Record<string, { zh: string; en: string }> = {
  penalty: { zh: "行政处罚", en: "Penalty" },
  inspection: { zh: "检查", en: "Inspection" },
  assistance: { zh: "协查", en: "Assistance" },
  dishonest: { zh: "严重失信", en: "Severe dishonesty" },
  warning: { zh: "警告", en: "warning" },
  fine: { zh: "罚款", en: "fine" },
  confiscation: { zh: "没收", en: "confiscation" },
  suspension: { zh: "责令停产停业", en: "suspension" },
  revocation: { zh: "吊销许可证件", en: "revocation" },
  "detention-of-goods": { zh: "扣押财物", en: "detention of goods" },
  other: { zh: "其他", en: "other" },
  compliant: { zh: "合格", en: "compliant" },
  "non-compliant": { zh: "不合格", en: "non-compliant" },
};
export function recordLabel(dt: ReturnType<typeof useDishonestyText>, kind: string, outcome: string): string {
  const en = dt("tab.list") !== zh["tab.list"];
  const word = (c: string) => (RECORD_WORDS[c] ? (en ? RECORD_WORDS[c].en : RECORD_WORDS[c].zh) : c);
  return `${word(kind)} · ${word(outcome)}`;
}

export function StateTag({ state }: { state: ListingState }) {
  const dt = useDishonestyText();
  return <Tag color={COLORS[state]}>{dt(`state.${state}`)}</Tag>;
}
