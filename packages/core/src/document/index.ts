export * as Document from "./index";

import * as z from "zod";
import { AssistanceRequest } from "../assistance/index";
import { Clock } from "../clock";
import { Department } from "../department/index";
import { departmentTypeName } from "../department/types";
import { Dispute } from "../dispute/index";
import { VisibleError } from "../error";
import { Inspection } from "../inspection/index";
import { shanghaiDate } from "../policy/deadline";
import { Referral } from "../referral/index";
import { Tenant } from "../tenant/index";
import { chineseDate, documentNumber, regionShort, verificationCode } from "./format";

/** 文书: the formal documents the platform prints from its records — 协助函,
 * 督办函, 争议裁定书, 案件移送书 and 检查通知书 — each with the platform's
 * number, the region's name, the date in Chinese and a verification code.
 * Each is built from the record as its own module returns it to this actor
 * (fromID applies that module's rules: department ownership, the judicial
 * inbox, confidentiality), so a document never shows more than the record. */

export const Kinds = ["assistance-letter", "supervision-letter", "dispute-ruling", "case-transfer", "inspection-notice"] as const;
export type Kind = (typeof Kinds)[number];

const KIND_ZH: Record<Kind, { title: string; word: string }> = {
  "assistance-letter": { title: "协助函", word: "协函" },
  "supervision-letter": { title: "督办函", word: "督函" },
  "dispute-ruling": { title: "监管职责争议裁定书", word: "争裁" },
  "case-transfer": { title: "涉嫌犯罪案件移送书", word: "移" },
  "inspection-notice": { title: "行政检查通知书", word: "检通" },
};

export const Info = z
  .object({
    kind: z.enum(Kinds),
    recordId: z.string(),
    title: z.string(),
    number: z.string(),
    /** 主送: who the document is addressed to. */
    addressee: z.string(),
    /** The body, one paragraph each. */
    body: z.array(z.string()),
    /** Lines listed under 附件 or 证据清单. */
    annex: z.array(z.string()),
    annexTitle: z.string().optional(),
    /** 发文机关 and the date, in Chinese numerals. */
    organ: z.string(),
    date: z.string(),
    dateZh: z.string(),
    region: z.string(),
    verification: z.string(),
  })
  .meta({ id: "PrintableDocument" });
export type Info = z.infer<typeof Info>;

type Draft = Omit<Info, "number" | "dateZh" | "verification" | "region" | "title"> & { regionTenant: string };

function finish(d: Draft): Info {
  const t = Tenant.mustGet(d.regionTenant);
  const k = KIND_ZH[d.kind];
  const number = documentNumber(regionShort(t.name, t.level), k.word, d.date.slice(0, 4), d.recordId);
  const { regionTenant: _r, ...rest } = d;
  const content = { ...rest, title: k.title, number, region: t.name };
  return Info.parse({ ...content, dateZh: chineseDate(d.date), verification: verificationCode(content) });
}

const notReady = (kind: Kind, reason: string) => new VisibleError("document.not_ready", { kind: KIND_ZH[kind].title, reason }, 409);

async function departmentName(id: string | undefined): Promise<string | undefined> {
  return id ? (await Department.find(id))?.name : undefined;
}

/** 协助函: the letter of a cross-region request, issued by the sending region. */
export async function assistanceLetter(id: string): Promise<Info> {
  const r = await AssistanceRequest.fromID(id);
  if (r.redacted || r.facts === undefined) throw notReady("assistance-letter", "涉密请求的详情仅发出部门、承办部门与管理员可见");
  const type = AssistanceRequest.typeInfo(r.type);
  const dept = r.departmentType ? departmentTypeName(r.departmentType, "zh") : "有关部门";
  const senderDept = r.box === "sent" ? await departmentName(r.senderDepartmentId) : undefined;
  return finish({
    kind: "assistance-letter",
    recordId: r.id,
    regionTenant: r.fromTenant,
    addressee: `${r.toTenantName}${dept}：`,
    body: [
      `因监管执法工作需要，现请贵单位协助${type.zh}。有关事项函告如下：`,
      `一、协助对象：${r.entityName ?? "（未填写名称）"}（统一社会信用代码 ${r.creditCode}）${r.itemCodes?.length ? `，涉及监管事项 ${r.itemCodes.join("、")}` : ""}。`,
      `二、需协助事项：${r.facts}`,
      `三、办理期限：请于 ${chineseDate(shanghaiDate(r.ackDueAt))} 前受理（或说明理由拒绝），于 ${chineseDate(shanghaiDate(r.dueAt))} 前函复办理结果。`,
      "特此函达，请予支持为盼。",
    ],
    annex: (r.attachments ?? []).map((a) => `${a.name}（SHA-256 ${a.hash}）`),
    annexTitle: "附件",
    organ: `${r.fromTenantName}${senderDept ?? ""}`,
    date: shanghaiDate(r.sentAt),
  });
}

/** 督办函: the lowest common superior's letter on an overdue request. */
export async function supervisionLetter(id: string): Promise<Info> {
  const e = await AssistanceRequest.escalation(id);
  const me = Tenant.current();
  const stage = e.stage === "acknowledge" ? "受理" : "答复";
  const res = e.resolution as { dueAt?: string; tenantId?: string } | undefined;
  return finish({
    kind: "supervision-letter",
    recordId: e.id,
    regionTenant: me.id,
    addressee: `${e.toTenantName}：`,
    body: [
      `${e.fromTenantName}于 ${chineseDate(shanghaiDate(e.sentAt))} 向你单位发出的${AssistanceRequest.typeInfo(e.type).zh}协助请求，${stage}期限已于 ${chineseDate(shanghaiDate(e.overdueSince))} 届满，至今未办结。`,
      ...(e.facts ? [`请求事项：${e.facts}`] : []),
      res?.tenantId
        ? `经协调，本件改由${Tenant.nameOf(res.tenantId)}承办${res.dueAt ? `，限 ${chineseDate(shanghaiDate(res.dueAt))} 前办结` : ""}。请你单位做好移交衔接。`
        : res?.dueAt
          ? `请你单位于 ${chineseDate(shanghaiDate(res.dueAt))} 前办结，并将结果反馈请求方和本机关。`
          : "请你单位立即办理，并将办理情况反馈请求方和本机关。",
      "特此督办。",
    ],
    annex: [],
    organ: me.name,
    date: shanghaiDate(Clock.now()),
  });
}

/** 争议裁定书: the ruling on a lead-department dispute decided by the host. */
export async function disputeRuling(id: string): Promise<Info> {
  const d = await Dispute.fromID(id);
  if (d.outcome?.how !== "decision" || !d.outcome.lead) throw notReady("dispute-ruling", "该争议尚未作出裁定");
  return finish({
    kind: "dispute-ruling",
    recordId: d.id,
    regionTenant: d.tenantId,
    addressee: `${d.departments.map((x) => x.name).join("、")}：`,
    body: [
      `关于${d.itemName ? `监管事项“${d.itemName}”（${d.itemCode}）` : (d.subject ?? "有关监管事项")}的监管职责争议，${d.openedBy.name}于 ${chineseDate(shanghaiDate(d.openedAt))} 提请协调。`,
      `争议事由：${d.reason}`,
      ...(d.outcome.reasoning ? [`裁定理由：${d.outcome.reasoning}`] : []),
      `裁定如下：由${d.outcome.lead.name}牵头负责该事项的监管，其他有关部门按职责配合。${d.outcome.assignmentUpdated ? "本级属地责任清单已相应更新。" : ""}`,
      "本裁定自作出之日起执行。",
    ],
    annex: [],
    organ: `${Tenant.nameOf(d.tenantId)}${d.host.name}`,
    date: shanghaiDate(d.outcome.at),
  });
}

/** 案件移送书: the transfer of a suspected crime to the police (行刑衔接). */
export async function caseTransfer(id: string): Promise<Info> {
  const r = await Referral.fromID(id);
  const transfer = r.steps.find((s) => s.step === "transfer" && s.doneAt);
  if (!transfer) throw notReady("case-transfer", "该案件尚未批准移送");
  const [police, dept] = await Promise.all([departmentName(r.policeDepartmentId), departmentName(r.departmentId)]);
  const me = Tenant.current();
  return finish({
    kind: "case-transfer",
    recordId: r.id,
    regionTenant: me.id,
    addressee: `${police ?? `${me.name}公安局`}：`,
    body: [
      `我单位在查办“${r.title}”一案中，发现${r.entityName ?? "当事人"}${r.creditCode ? `（统一社会信用代码 ${r.creditCode}）` : ""}涉嫌${r.suspectedOffence}，依据《行政执法机关移送涉嫌犯罪案件的规定》，现将该案移送你局，请依法审查。`,
      `基本案情：${r.facts}`,
      `办案人员：${r.team.map((m) => `${m.name}（执法证号 ${m.badgeNo}）`).join("、")}。`,
      "请你局自接受移送之日起 3 日内作出立案或者不予立案的决定，并书面告知我单位。",
    ],
    annex: r.evidence.map((e, i) => `${i + 1}. ${e.name}（SHA-256 ${e.sha256}）`),
    annexTitle: "证据清单",
    organ: `${me.name}${dept ?? ""}`,
    date: shanghaiDate(transfer.doneAt!),
  });
}

/** 检查通知书: tells the business the items, the inspectors and its right to ask for recusal. */
export async function inspectionNotice(id: string): Promise<Info> {
  const i = await Inspection.fromID(id);
  const me = Tenant.current();
  const names = (await Promise.all(i.departmentIds.map((d) => departmentName(d)))).filter((n): n is string => !!n);
  return finish({
    kind: "inspection-notice",
    recordId: i.id,
    regionTenant: me.id,
    addressee: `${i.entityName}（统一社会信用代码 ${i.creditCode}）：`,
    body: [
      `根据工作安排，${names.join("、") || "本机关"}定于 ${chineseDate(i.plannedDate)} 对你单位开展${names.length > 1 ? "联合" : ""}行政检查。`,
      `检查事项：${i.itemCodes.join("、")}（均在公布的行政检查事项清单内）。`,
      `检查人员：${i.inspectorIds?.length ? `${i.inspectorIds.length} 名持有行政执法证的执法人员，到场时出示证件并提供扫码核验` : "持有行政执法证的执法人员，到场时出示证件"}。`,
      "你单位认为检查人员与你单位有直接利害关系的，有权申请回避。请做好配合准备。",
    ],
    annex: [],
    organ: `${me.name}${names[0] ?? ""}`,
    date: shanghaiDate(i.scheduledAt),
  });
}

export const ForKind: Record<Kind, (id: string) => Promise<Info>> = {
  "assistance-letter": assistanceLetter,
  "supervision-letter": supervisionLetter,
  "dispute-ruling": disputeRuling,
  "case-transfer": caseTransfer,
  "inspection-notice": inspectionNotice,
};
