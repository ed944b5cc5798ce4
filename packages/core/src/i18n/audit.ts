import { DrawsAuditMessages } from "./draws";
import { VisitAuditMessages } from "./visit";
import { DishonestyAuditMessages } from "./dishonesty";
import { BusinessAuditMessages } from "./business";
import { MessagingAuditMessages } from "./messaging";
import { PolicyAuditMessages } from "./policy";
import { AssignmentAuditMessages } from "./assignment";
import { ClueAuditMessages } from "./clue";
import { DisclosureAuditMessages } from "./disclosure";
import { WarningAuditMessages } from "./warning";
/** The audit trail's texts (zh first), merged into core's catalogue in ./index.ts.
 *
 * An audit event stores its action (a dotted code) and a summary of
 * parameters, never a sentence; `Audit.describe` renders it in the reader's
 * language from these templates:
 * - `audit.action.<action>`: one template per action; `{name}` is a summary
 *   parameter, and a `[…]` section is left out when a parameter in it is absent.
 * - `audit.value.<module>.<param>.<value>`: a parameter's enum value in words
 *   (`<module>` is the action's first segment); booleans use `true`/`false`.
 * Every action a module commits has a template (tests/core/audit.test.ts scans
 * core for them). */

type Text = { zh: string; en: string };

/** `values("referral.from", { reported: … })` → `{ "audit.value.referral.from.reported": … }`, keys kept literal. */
function values<P extends string, V extends Record<string, Text>>(prefix: P, v: V): { [K in keyof V & string as `audit.value.${P}.${K}`]: V[K] } {
  return Object.fromEntries(Object.entries(v).map(([k, t]) => [`audit.value.${prefix}.${k}`, t])) as never;
}

/** Dispute states (dispute/state.ts `States`). */
const DisputeStates = {
  negotiating: { zh: "协商中", en: "negotiating" },
  proposed: { zh: "已提出协商意见", en: "agreement proposed" },
  agreed: { zh: "已协商一致", en: "agreed" },
  filed: { zh: "已报编办备案", en: "filed with the office" },
  confirmed: { zh: "备案已确认", en: "filing confirmed" },
  escalated: { zh: "已提请编办协调", en: "escalated to the office" },
  decided: { zh: "编办已裁定", en: "decided" },
  withdrawn: { zh: "已撤回", en: "withdrawn" },
};

const ReferralStates = {
  reported: { zh: "待负责人决定", en: "awaiting the head's decision" },
  approved: { zh: "已批准，待移送", en: "approved, to be transferred" },
  "not-transferred": { zh: "决定不移送", en: "not transferred" },
  transferred: { zh: "已移送公安机关", en: "with the police" },
  "case-opened": { zh: "公安机关已立案", en: "case opened by the police" },
  refused: { zh: "公安机关不予立案", en: "police refused to open a case" },
  "supervision-requested": { zh: "已提请检察院立案监督", en: "procuratorate asked to supervise" },
  "explanation-requested": { zh: "检察院要求说明理由", en: "procuratorate asked for an explanation" },
  explained: { zh: "公安机关已说明理由", en: "police explained" },
} as const satisfies Record<string, Text>;

const AssistanceTypes = {
  investigation: { zh: "调查取证", en: "investigation and evidence" },
  service: { zh: "文书送达", en: "service of documents" },
  inspection: { zh: "现场核查", en: "on-site inspection" },
  enforcement: { zh: "协助执行", en: "enforcement" },
  information: { zh: "提供信息", en: "supplying information" },
  staff: { zh: "调用异地执法力量", en: "lending enforcement staff" },
} as const satisfies Record<string, Text>;

const Stages = {
  acknowledge: { zh: "受理逾期", en: "acknowledgement overdue" },
  answer: { zh: "答复逾期", en: "answer overdue" },
} as const satisfies Record<string, Text>;

const FollowUpStatuses = {
  handling: { zh: "排查中", en: "checking" },
  found: { zh: "发现问题", en: "found" },
  "not-found": { zh: "未发现", en: "not found" },
} as const satisfies Record<string, Text>;

const Outcomes = {
  compliant: { zh: "合格", en: "compliant" },
  "non-compliant": { zh: "不合格", en: "non-compliant" },
  penalised: { zh: "已处罚", en: "penalised" },
} as const satisfies Record<string, Text>;

const Late = {
  true: { zh: "（逾期办理）", en: " (late)" },
  false: { zh: "", en: "" },
} as const satisfies Record<string, Text>;

export const AuditMessages = {
  ...DrawsAuditMessages,
  ...VisitAuditMessages,
  ...DishonestyAuditMessages,
  ...BusinessAuditMessages,
  ...MessagingAuditMessages,
  ...PolicyAuditMessages,
  ...AssignmentAuditMessages,
  ...ClueAuditMessages,
  ...DisclosureAuditMessages,
  ...WarningAuditMessages,
  // ---------------------------------------------------------------- departments
  "audit.action.department.create": { zh: "新增部门「{name}」", en: "Added department “{name}”" },
  "audit.action.department.update": { zh: "修改部门「{name}」（{status}）", en: "Changed department “{name}” ({status})" },
  "audit.action.department.seed": { zh: "初始化标准部门（{count} 个）", en: "Set up the standard departments ({count})" },
  "audit.action.department.migrate": {
    zh: "部门归属迁移：为 {count} 条{entity}记录补全部门列表索引（默克尔根 {root}）",
    en: "Department-scope migration: completed the department-list keys of {count} {entity} records (Merkle root {root})",
  },
  "audit.action.department.organ-configure": {
    zh: "省级设置{tenant}的{type}：「{name}」（{status}），已发送该地执行",
    en: "The province set {tenant}'s {type}: “{name}” ({status}), sent for the tenant to apply",
  },
  "audit.action.department.organ-apply": { zh: "按省级配置设置机关「{name}」（{type}，{status}）", en: "Applied the province's configuration of “{name}” ({type}, {status})" },
  "audit.action.department.organ-applied": { zh: "{tenant}已执行{type}的省级配置", en: "{tenant} applied the configuration of its {type}" },
  "audit.value.department.type.public-security": { zh: "公安机关", en: "public security bureau" },
  "audit.value.department.type.procuratorate": { zh: "人民检察院", en: "procuratorate" },
  "audit.value.department.type.establishment": { zh: "机构编制委员会办公室", en: "establishment office" },
  "audit.value.department.type.enforcement-supervision": { zh: "行政执法监督机构", en: "enforcement supervision office" },
  "audit.value.department.entity.referral": { zh: "行刑衔接移送", en: "criminal referral" },
  "audit.value.department.entity.judicial-request": { zh: "司法机关协助请求", en: "judicial request" },
  "audit.value.department.entity.referral-clock": { zh: "移送期限", en: "referral clock" },
  "audit.value.department.entity.inspection": { zh: "检查任务", en: "inspection" },
  ...values("department.status", { active: { zh: "启用", en: "active" }, disabled: { zh: "停用", en: "disabled" } }),

  // ---------------------------------------------------------------- notices
  "audit.action.notice.send": { zh: "发送通知「{title}」（{recipients} 个下级）", en: "Sent notice “{title}” to {recipients} tenants below" },
  "audit.action.notice.receive": { zh: "收到通知「{title}」", en: "Received notice “{title}”" },
  "audit.action.notice.acknowledge": { zh: "签收通知「{title}」", en: "Acknowledged notice “{title}”" },

  // ---------------------------------------------------------------- catalogue and assignments
  "audit.action.catalogue.publish": {
    zh: "发布监管事项清单第 {version} 版「{title}」（{changes} 项变更，下发 {tenants} 个地区）",
    en: "Published version {version} of the catalogue, “{title}” ({changes} changes, to {tenants} tenants)",
  },
  "audit.action.catalogue.fanout": { zh: "分批下发清单第 {version} 版（{tenants} 个地区）", en: "Sent version {version} of the catalogue on to {tenants} tenants" },
  "audit.action.catalogue.sync": {
    zh: "同步监管事项清单至第 {version} 版（新增 {added}、修订 {amended}、解释 {interpreted}、废止 {repealed}[；{affectedAssignments} 项属地责任待复核]）",
    en: "Synchronised the catalogue to version {version} ({added} added, {amended} amended, {interpreted} interpreted, {repealed} repealed[; {affectedAssignments} assignments to review])",
  },
  "audit.action.catalogue.status_receive": {
    zh: "收到{tenant}第 {version} 版清单的落实情况{complete}",
    en: "Received {tenant}'s progress on version {version} of the catalogue{complete}",
  },
  ...values("catalogue.complete", { true: { zh: "（已全部落实）", en: " (complete)" }, false: { zh: "（尚未全部落实）", en: " (not yet complete)" } }),
  "audit.action.assignment.create": {
    zh: "落实事项 {code} 的属地监管责任（牵头部门 {lead}，配合部门 {cooperating} 个）",
    en: "Assigned local responsibility for item {code} (lead {lead}, {cooperating} cooperating departments)",
  },
  "audit.action.assignment.update": {
    zh: "修改事项 {code} 的属地监管责任（牵头部门 {lead}，配合部门 {cooperating} 个）",
    en: "Changed local responsibility for item {code} (lead {lead}, {cooperating} cooperating departments)",
  },
  "audit.action.assignment.answer": { zh: "配合部门答复事项 {code} 的责任处室：{office}", en: "A cooperating department named its office for item {code}: {office}" },

  // ---------------------------------------------------------------- disputes
  "audit.action.dispute.open": { zh: "提出职责争议：{item}（{departments} 个部门）", en: "Opened a responsibility dispute: {item} ({departments} departments)" },
  "audit.action.dispute.post": { zh: "在职责争议中发表意见（{from} → {to}）", en: "Posted in the dispute ({from} → {to})" },
  "audit.action.dispute.propose": { zh: "提出牵头部门方案：{lead}（{from} → {to}）", en: "Proposed a lead department: {lead} ({from} → {to})" },
  "audit.action.dispute.accept": { zh: "同意方案（{accepted}/{of} 个部门已同意；{from} → {to}）", en: "Accepted the proposal ({accepted} of {of} departments; {from} → {to})" },
  "audit.action.dispute.decline": { zh: "不同意方案（{from} → {to}）", en: "Declined the proposal ({from} → {to})" },
  "audit.action.dispute.file": { zh: "报请备案：牵头部门 {lead}（{from} → {to}）", en: "Filed the agreement: lead {lead} ({from} → {to})" },
  "audit.action.dispute.confirm": { zh: "确认备案：{item} 由 {lead} 牵头（{from} → {to}）", en: "Confirmed the filing: {lead} leads {item} ({from} → {to})" },
  "audit.action.dispute.reject": { zh: "退回备案（{from} → {to}）", en: "Rejected the filing ({from} → {to})" },
  "audit.action.dispute.escalate": { zh: "提请上级协调职责争议（{from} → {to}）", en: "Escalated the dispute ({from} → {to})" },
  "audit.action.dispute.decide": { zh: "裁定：{item} 由 {lead} 牵头（{from} → {to}）", en: "Decided: {lead} leads {item} ({from} → {to})" },
  ...values("dispute.from", DisputeStates),
  ...values("dispute.to", DisputeStates),
  "audit.action.dispute.withdraw": { zh: "撤回职责争议（{from} → {to}）", en: "Withdrew the dispute ({from} → {to})" },

  // ---------------------------------------------------------------- assistance
  "audit.action.assistance.send": { zh: "向{to}发送协助请求（{type}）", en: "Sent an assistance request to {to} ({type})" },
  "audit.action.assistance.receive": { zh: "收到{from}的协助请求（{type}）[，分派至 {department}]", en: "Received an assistance request from {from} ({type})[, routed to {department}]" },
  "audit.action.assistance.accept": { zh: "受理协助请求（{status}）", en: "Accepted the assistance request ({status})" },
  "audit.action.assistance.decline": { zh: "说明理由拒绝协助（{status}）", en: "Declined the assistance request with reasons ({status})" },
  "audit.action.assistance.question": { zh: "就协助请求提问（{status}）", en: "Asked a question about the request ({status})" },
  "audit.action.assistance.reply": { zh: "答复提问（{status}）", en: "Replied to a question ({status})" },
  "audit.action.assistance.answer": { zh: "答复协助结果（{status}）", en: "Answered the assistance request ({status})" },
  "audit.action.assistance.withdraw": { zh: "撤回协助请求（{status}）", en: "Withdrew the assistance request ({status})" },
  "audit.action.assistance.routed.receive": { zh: "收到{from}的分派说明", en: "Received the routing from {from}" },
  "audit.action.assistance.accept.receive": { zh: "收到{from}的受理通知", en: "{from} accepted the request" },
  "audit.action.assistance.decline.receive": { zh: "收到{from}的拒绝及理由", en: "{from} declined the request with reasons" },
  "audit.action.assistance.question.receive": { zh: "收到{from}的提问", en: "{from} asked a question" },
  "audit.action.assistance.reply.receive": { zh: "收到{from}的答复", en: "{from} replied" },
  "audit.action.assistance.answer.receive": { zh: "收到{from}的协助结果", en: "{from} answered the request" },
  "audit.action.assistance.withdraw.receive": { zh: "收到{from}的撤回通知", en: "{from} withdrew the request" },
  "audit.action.assistance.reassigned.receive": { zh: "收到{from}的限期重办要求", en: "{from} required the request to be handled again" },
  "audit.action.assistance.designated.receive": { zh: "收到{from}的指定承办", en: "{from} designated this tenant to handle the request" },
  "audit.action.assistance.escalate": { zh: "逾期提请{to}督办（{stage}）", en: "Escalated an overdue request to {to} ({stage})" },
  "audit.action.assistance.escalation.receive": { zh: "收到协助请求 {requestId} 的逾期督办（{stage}）", en: "Received the escalation of request {requestId} ({stage})" },
  "audit.action.assistance.reassign": { zh: "要求限期重办协助请求 {requestId}（期限 {dueAt}）", en: "Required request {requestId} to be handled again (due {dueAt})" },
  "audit.action.assistance.designate": { zh: "指定{designated}承办协助请求 {requestId}", en: "Designated {designated} to handle request {requestId}" },
  "audit.action.attachment.upload": { zh: "上传附件「{name}」（{size} 字节）", en: "Uploaded attachment “{name}” ({size} bytes)" },
  "audit.action.evidence.upload": { zh: "上传证据文件「{name}」（{size} 字节）", en: "Uploaded evidence file “{name}” ({size} bytes)" },
  ...values("assistance.type", AssistanceTypes),
  ...values("assistance.stage", Stages),
  ...values("assistance.status", {
    received: { zh: "待受理", en: "awaiting acknowledgement" },
    accepted: { zh: "已受理，办理中", en: "accepted, in progress" },
    declined: { zh: "已拒绝", en: "declined" },
    answered: { zh: "已答复", en: "answered" },
    withdrawn: { zh: "已撤回", en: "withdrawn" },
  }),

  // ---------------------------------------------------------------- alerts and figures
  "audit.action.alert.send": { zh: "发出预警「{title}」（{recipients} 个地区）", en: "Sent alert “{title}” to {recipients} tenants" },
  "audit.action.alert.fan-out": { zh: "分批下发预警（本批 {count} 个地区）", en: "Sent the alert on to {count} more tenants" },
  "audit.action.alert.receive": { zh: "收到预警「{title}」", en: "Received alert “{title}”" },
  "audit.action.alert.follow-up": { zh: "记录预警排查反馈：{status}", en: "Recorded the alert's follow-up: {status}" },
  "audit.action.alert.follow-up.receive": { zh: "收到{from}的预警排查反馈：{status}", en: "{from} followed up the alert: {status}" },
  "audit.action.alert.follow-up.stale": { zh: "收到{from}的过时排查反馈，未采用", en: "Ignored an out-of-date follow-up from {from}" },
  ...values("alert.status", FollowUpStatuses),
  "audit.action.stats.report": { zh: "向{to}报送工作指标", en: "Reported figures to {to}" },
  "audit.action.stats.report.receive": { zh: "收到{from}报送的工作指标（截至 {asOf}）", en: "Received figures from {from} (as of {asOf})" },

  // ---------------------------------------------------------------- inspections, penalties, recognition
  "audit.action.inspection.schedule": { zh: "安排对 {creditCode} 的检查（事项 {items}，计划 {plannedDate}）", en: "Scheduled an inspection of {creditCode} (items {items}, on {plannedDate})" },
  "audit.action.inspection.schedule_override": {
    zh: "说明理由后安排对 {creditCode} 的重复检查（事项 {items}，计划 {plannedDate}）：{overrideReason}",
    en: "Scheduled a repeat inspection of {creditCode} with reasons (items {items}, on {plannedDate}): {overrideReason}",
  },
  "audit.action.inspection.close": { zh: "检查办结：{outcome}[，互认有效至 {validUntil}]", en: "Closed the inspection: {outcome}[, recognised until {validUntil}]" },
  ...values("inspection.outcome", Outcomes),
  "audit.action.penalty.record": {
    zh: "对 {creditCode} 作出行政处罚 {decisionNo}（{measure}[，{amount} 元]）",
    en: "Recorded penalty {decisionNo} on {creditCode} ({measure}[, {amount} yuan])",
  },
  "audit.action.penalty.record_near_match": {
    zh: "核对相近罚款（{matches}）后对 {creditCode} 作出行政处罚 {decisionNo}（{measure}[，{amount} 元]），理由：{reason}",
    en: "Recorded penalty {decisionNo} on {creditCode} ({measure}[, {amount} yuan]) after reviewing near matches ({matches}): {reason}",
  },
  ...values("penalty.measure", {
    warning: { zh: "警告", en: "warning" },
    fine: { zh: "罚款", en: "fine" },
    confiscation: { zh: "没收违法所得、非法财物", en: "confiscation" },
    suspension: { zh: "责令停产停业", en: "suspension of business" },
    revocation: { zh: "吊销许可证件", en: "revocation of a licence" },
    "detention-of-goods": { zh: "扣押财物", en: "seizure of goods" },
    other: { zh: "其他", en: "other" },
  }),
  "audit.action.recognition.record": {
    zh: "登记 {creditCode} 的互认结果：{outcome}（事项 {items}，有效至 {validUntil}）",
    en: "Recorded a recognised result for {creditCode}: {outcome} (items {items}, valid until {validUntil})",
  },
  ...values("recognition.outcome", Outcomes),

  // ---------------------------------------------------------------- referrals
  "audit.action.referral.open": {
    zh: "提出行刑衔接移送「{title}」（涉嫌{offence}；办案人员 {team} 名，证据 {evidence} 件；负责人应于 {dueAt} 前决定）",
    en: "Reported referral “{title}” (suspected offence: {offence}; {team} officers, {evidence} pieces of evidence; the head decides by {dueAt})",
  },
  "audit.action.referral.approve": { zh: "负责人批准移送：{note}[（下一步期限 {nextDueAt}）]{late}", en: "The head approved the transfer: {note}[ (next step due {nextDueAt})]{late}" },
  "audit.action.referral.reject": { zh: "负责人决定不移送：{note}{late}", en: "The head decided not to transfer: {note}{late}" },
  "audit.action.referral.transfer": { zh: "移送公安机关：{note}[（公安机关应于 {nextDueAt} 前决定）]{late}", en: "Transferred to the police: {note}[ (police decide by {nextDueAt})]{late}" },
  "audit.action.referral.open-case": { zh: "公安机关立案：{note}{late}", en: "The police opened a case: {note}{late}" },
  "audit.action.referral.refuse": { zh: "公安机关不予立案：{note}{late}", en: "The police refused to open a case: {note}{late}" },
  "audit.action.referral.request-supervision": { zh: "提请检察院立案监督：{note}{late}", en: "Asked the procuratorate to supervise: {note}{late}" },
  "audit.action.referral.request-explanation": {
    zh: "检察院要求说明不立案理由：{note}[（应于 {nextDueAt} 前说明）]{late}",
    en: "The procuratorate asked the police to explain: {note}[ (due {nextDueAt})]{late}",
  },
  "audit.action.referral.explain": { zh: "公安机关说明不立案理由：{note}{late}", en: "The police explained: {note}{late}" },
  ...values("referral.from", ReferralStates),
  ...values("referral.to", ReferralStates),
  ...values("referral.late", Late),
  "audit.action.judicial-request.create": { zh: "{organ}请求{to}协助{kind}（期限 {dueAt}）", en: "The {organ} asked {to} for help: {kind} (due {dueAt})" },
  "audit.action.judicial-request.answer": { zh: "答复司法机关的{kind}协助请求{late}", en: "Answered a judicial request: {kind}{late}" },
  ...values("judicial-request.kind", {
    inspection: { zh: "检验", en: "inspection" },
    appraisal: { zh: "鉴定", en: "appraisal" },
    custody: { zh: "涉案物品保管", en: "custody of seized goods" },
    destruction: { zh: "涉案物品销毁", en: "destruction of seized goods" },
  }),
  ...values("judicial-request.organ", { police: { zh: "公安机关", en: "police" }, procuratorate: { zh: "检察院", en: "procuratorate" } }),
  ...values("judicial-request.late", Late),

  // ---------------------------------------------------------------- shared words
  "audit.value.true": { zh: "是", en: "yes" },
  "audit.value.false": { zh: "否", en: "no" },
} as const satisfies Record<string, Text>;
