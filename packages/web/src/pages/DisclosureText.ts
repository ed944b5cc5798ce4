import type { InferResponseType } from "hono/client";
import { call, client } from "../api";
import { format, useI18n } from "../i18n";

/** What the 一公开 pages share: their API (/api/disclosures), shapes, and their own strings (zh first). */
const d = client.api.disclosures;
export type Record_ = InferResponseType<(typeof d)["$get"], 200>["items"][number];
export type DueRow = InferResponseType<(typeof d)["pending"]["$get"], 200>["items"][number];
export type Objection = InferResponseType<(typeof d)["objections"]["$get"], 200>["items"][number];

const q = (o: Record<string, string | number | undefined>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== "").map(([k, v]) => [k, String(v)]));
export const disclosureApi = {
  list: (cursor?: string) => call(d.$get({ query: q({ cursor, limit: 50 }) as never })),
  pending: (view: "all" | "due-soon" | "late", cursor?: string) => call(d.pending.$get({ query: q({ view, cursor, limit: 50 }) as never })),
  objections: (status: "open" | "answered" | undefined, cursor?: string) => call(d.objections.$get({ query: q({ status, cursor, limit: 50 }) as never })),
  publish: (id: string, json: { version: number; category?: "general" | "special-equipment" | "work-safety" | "fire"; windowMonths?: number }) =>
    call(d[":disclosureId"].publish.$post({ param: { disclosureId: id }, json })),
  get: (id: string) => call(d[":disclosureId"].$get({ param: { disclosureId: id } })),
  answer: (id: string, json: { version: number; upheld: boolean; text: string; correction?: string }) =>
    call(d.objections[":objectionId"].answer.$post({ param: { objectionId: id }, json })),
};

export const zh = {
  title: "一公开：结果公示",
  intro: "检查结果与普通程序作出的行政处罚须在检查或决定后 20 个工作日内公示（按工作日历计算）；公示时自动遮蔽个体工商户经营者姓名和身份证号码。行政处罚按类别公示 3 个月至 3 年（特种设备、安全生产、消防至少 1 年），警告不公示；期满自动撤下。当事人可在公示之日起 21 日内提出异议，部门须按期答复，异议成立的更正与原记录一并公示。",
  "tab.pending": "待公示",
  "tab.published": "公示记录",
  "tab.objections": "异议收件箱",
  "view.all": "全部待公示",
  "view.due-soon": "即将到期",
  "view.late": "已逾期",
  "col.entity": "市场主体",
  "col.code": "统一社会信用代码",
  "col.kind": "类型",
  "col.occurred": "检查/决定日期",
  "col.due": "公示期限",
  "col.status": "状态",
  "col.visibleUntil": "公示至",
  "col.publicName": "公示名称",
  "col.objection": "异议内容",
  "col.answerDue": "答复期限",
  "col.actions": "操作",
  "kind.inspection": "检查结果",
  "kind.penalty": "行政处罚",
  "status.pending": "待公示",
  "status.published": "已公示",
  "status.expired": "已撤下",
  late: "逾期",
  dueSoon: "即将到期",
  publish: "公示",
  "publish.title": "公示行政处罚信息",
  "publish.confirm": "公示 {name} 的检查结果？",
  "publish.confirmText": "公示后即在公示查询页面公开（检查结果公示 36 个月），不能撤回；异议期 21 日自公示之日起算。",
  "publish.category": "类别（决定最短公示期限）",
  "publish.months": "公示月数",
  "cat.general": "一般（3–36 个月）",
  "cat.special-equipment": "特种设备（12–36 个月）",
  "cat.work-safety": "安全生产（12–36 个月）",
  "cat.fire": "消防（12–36 个月）",
  published: "已公示",
  answer: "答复",
  "answer.title": "答复异议",
  "answer.upheld": "异议成立（更正将与原记录一并公示）",
  "answer.text": "答复意见",
  "answer.correction": "更正内容",
  "obj.open": "待答复",
  "obj.answered": "已答复",
  overdue: "已超期",
  evidence: "证据",
  "due.warn": "{n} 条即将到期，{late} 条已逾期",
  public: "公示查询（公众）",
};
type Key = keyof typeof zh;
export const en: Record<Key, string> = {
  title: "Publication of results (一公开)",
  intro:
    "Inspection results and ordinary-procedure penalties are published within 20 working days of the check or decision (working-day calendar); a sole trader's name and ID numbers are masked automatically. Penalties stay published 3 months to 3 years by category (special equipment, work safety, fire: at least 1 year); warnings never; records leave the public pages when their window ends. The business may object within 21 days of publication; the department answers by its clock, and an upheld objection's correction is published with the record.",
  "tab.pending": "To publish",
  "tab.published": "Records",
  "tab.objections": "Objections",
  "view.all": "All to publish",
  "view.due-soon": "Due soon",
  "view.late": "Late",
  "col.entity": "Business",
  "col.code": "Credit code",
  "col.kind": "Kind",
  "col.occurred": "Checked / decided on",
  "col.due": "Publish by",
  "col.status": "Status",
  "col.visibleUntil": "Public until",
  "col.publicName": "Published name",
  "col.objection": "Objection",
  "col.answerDue": "Answer by",
  "col.actions": "Actions",
  "kind.inspection": "Inspection result",
  "kind.penalty": "Penalty",
  "status.pending": "To publish",
  "status.published": "Published",
  "status.expired": "Window ended",
  late: "Late",
  dueSoon: "Due soon",
  publish: "Publish",
  "publish.title": "Publish a penalty",
  "publish.confirm": "Publish the inspection result of {name}?",
  "publish.confirmText": "It is public at once (inspection results stay published 36 months) and cannot be withdrawn; the 21 days for objections start today.",
  "publish.category": "Category (sets the shortest window)",
  "publish.months": "Months published",
  "cat.general": "General (3–36 months)",
  "cat.special-equipment": "Special equipment (12–36 months)",
  "cat.work-safety": "Work safety (12–36 months)",
  "cat.fire": "Fire (12–36 months)",
  published: "Published",
  answer: "Answer",
  "answer.title": "Answer an objection",
  "answer.upheld": "Upheld (the correction is published with the record)",
  "answer.text": "Answer",
  "answer.correction": "Correction",
  "obj.open": "Open",
  "obj.answered": "Answered",
  overdue: "Overdue",
  evidence: "Evidence",
  "due.warn": "{n} due soon, {late} late",
  public: "Public search",
};

export function useDisclosureText() {
  const { lang } = useI18n();
  return (key: Key, params: Record<string, string | number> = {}) => format((lang === "en" ? en : zh)[key], params);
}
