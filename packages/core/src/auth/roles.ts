import * as z from "zod";

export const Roles = ["province-admin", "tenant-admin", "officer", "inspector", "auditor", "judicial", "source-system"] as const;
export const Role = z.enum(Roles);
export type Role = z.infer<typeof Role>;

export const RoleNames: Record<Role, { zh: string; en: string }> = {
  "province-admin": { zh: "省级管理员（省职转办）", en: "Province administrator" },
  "tenant-admin": { zh: "本级管理员（综合监管办）", en: "Tenant administrator" },
  officer: { zh: "部门工作人员", en: "Department officer" },
  inspector: { zh: "执法检查人员", en: "Inspector" },
  auditor: { zh: "纪检监察人员（只读）", en: "Auditor (read only)" },
  judicial: { zh: "司法联络人员", en: "Judicial liaison" },
  /** A machine client of a clue source (12345 hotline, associations, monitoring systems): only pushes clues. */
  "source-system": { zh: "线索来源系统（机器客户端）", en: "Clue source system (machine client)" },
};

/** What each role may do (DESIGN.md §3). Routes name one permission each. */
export const Permissions = {
  "tenant.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor", "judicial"],
  "department.write": ["province-admin", "tenant-admin"],
  "organ.configure": ["province-admin"],
  "audit.read": ["province-admin", "tenant-admin", "auditor"],
  "notice.send": ["province-admin", "tenant-admin"],
  "notice.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor"],
  "notice.acknowledge": ["province-admin", "tenant-admin", "officer"],
  // Catalogue (issue 3): everyone signed in reads the items in force; the province publishes.
  "catalogue.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor", "judicial"],
  "catalogue.publish": ["province-admin"],
  "catalogue.status": ["province-admin"],
  "assignment.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor"],
  "assignment.write": ["province-admin", "tenant-admin"],
  "assignment.answer": ["province-admin", "tenant-admin", "officer"],
  "dispute.read": ["province-admin", "tenant-admin", "officer", "auditor"],
  "dispute.act": ["province-admin", "tenant-admin", "officer"],
  // Assistance, recognition and criminal transfer (issue 4).
  "assistance.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor"],
  "assistance.send": ["province-admin", "tenant-admin", "officer"],
  "assistance.handle": ["province-admin", "tenant-admin", "officer"],
  "assistance.coordinate": ["province-admin", "tenant-admin"],
  "alert.send": ["province-admin", "tenant-admin"],
  "alert.follow": ["province-admin", "tenant-admin", "officer"],
  "dashboard.read": ["province-admin", "tenant-admin", "auditor"],
  // Messages the platform gave up sending (issue 11 §7): the tenant's admins see and retry them.
  "outbox.read": ["province-admin", "tenant-admin", "auditor"],
  "outbox.retry": ["province-admin", "tenant-admin"],
  "recognition.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor"],
  "recognition.write": ["province-admin", "tenant-admin", "officer", "inspector"],
  "inspection.schedule": ["province-admin", "tenant-admin", "officer"],
  "penalty.write": ["province-admin", "tenant-admin", "officer"],
  "referral.read": ["province-admin", "tenant-admin", "officer", "auditor", "judicial"],
  "referral.write": ["tenant-admin", "officer"],
  "referral.decide": ["tenant-admin"],
  "referral.judicial": ["judicial"],
  // Business directory and credit grades (issue 12): staff read; the county's office imports; officers regrade after a record.
  "business.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor"],
  "business.import": ["province-admin", "tenant-admin"],
  "credit.grade": ["province-admin", "tenant-admin", "officer"],
  "credit.scoring": ["province-admin"],
  // Rules as data: everyone reads the rules in force; the province sets them; a tenant only tightens.
  "policy.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor", "judicial"],
  "policy.write": ["province-admin"],
  "policy.tighten": ["tenant-admin"],
  /** The portal's rules page in the menu: those who change the rules (the province) or tighten them (a tenant). */
  "policy.manage": ["province-admin", "tenant-admin"],
  // 双随机 (issue 12): enforcement bodies and batches, inspectors, plans, draws.
  "enforcement.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor", "judicial"],
  "enforcement.write": ["province-admin", "tenant-admin"],
  "inspector.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor"],
  "inspector.write": ["province-admin", "tenant-admin"],
  "plan.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor"],
  "plan.write": ["province-admin", "tenant-admin", "officer"],
  "draw.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor"],
  "draw.run": ["province-admin", "tenant-admin"],
  // 综合查一次 (issue 13): staff read and make visits; the head (admins) approves; inspectors answer, sign and record results.
  "visit.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor"],
  "visit.write": ["province-admin", "tenant-admin", "officer"],
  "visit.inspect": ["province-admin", "tenant-admin", "officer", "inspector"],
  "visit.approve": ["province-admin", "tenant-admin"],
  "visit.reports": ["province-admin", "tenant-admin", "officer", "auditor"],
  // 线索归集 (issue 14): source systems push clues (machine tokens only); staff read, file, match and decide tasks; campaigns by the office.
  "clue.intake": ["source-system"],
  "clue.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor"],
  "clue.write": ["province-admin", "tenant-admin", "officer"],
  "campaign.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor"],
  "campaign.write": ["province-admin", "tenant-admin"],
  // 一公开 (issue 13): departments publish their results and answer objections; indicators beside the dashboard.
  "disclosure.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor"],
  "disclosure.publish": ["province-admin", "tenant-admin", "officer"],
  "indicator.read": ["province-admin", "tenant-admin", "officer", "auditor"],
  // 预警与风险排名 (issue 14): the lead department reads and handles its warnings; the province sets rules, a tenant tightens them.
  "warning.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor"],
  "warning.handle": ["province-admin", "tenant-admin", "officer"],
  "warning.rules": ["province-admin", "tenant-admin"],
  "risk.read": ["province-admin", "tenant-admin", "officer", "inspector", "auditor"],
  "risk.manage": ["province-admin", "tenant-admin"],
  // 严重失信主体名单、信用修复 (issue 13): staff and auditors read; departments propose, notify, record statements and repair applications; the office decides.
  "dishonesty.read": ["province-admin", "tenant-admin", "officer", "auditor"],
  "dishonesty.propose": ["province-admin", "tenant-admin", "officer"],
  "dishonesty.decide": ["province-admin", "tenant-admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof Permissions;

export function can(role: Role, permission: Permission): boolean {
  return (Permissions[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(Permissions) as Permission[]).filter((p) => can(role, p));
}
