/** User-facing messages of the referral module (zh first), merged into core's catalogue in ./index.ts. */
export const ReferralMessages = {
  "referral.not_found": { zh: "移送案件不存在", en: "Referral not found" },
  "referral.team_too_small": { zh: "案件办理小组至少需要 {min} 名执法人员（执法证号不得重复）", en: "The case team needs at least {min} officers (distinct badge numbers)" },
  "referral.evidence_hash": { zh: "证据的内容哈希应为 64 位十六进制 SHA-256 值", en: "An evidence hash is a 64-character hexadecimal SHA-256" },
  "referral.invalid_transition": { zh: "案件当前状态（{state}）下不能执行此操作（{action}）", en: "This step ({action}) cannot be taken in the referral's state ({state})" },
  "referral.not_allowed": { zh: "您不能执行此步骤（{action}）：该步骤不由您办理或未移送给您所在机关", en: "You may not take this step ({action}): it is not yours or was not addressed to your organ" },
  "referral.department_unknown": { zh: "协助部门 {departmentId} 不是本级的在用部门", en: "Department {departmentId} is not an active department of this tenant" },
  "referral.not_police": { zh: "部门 {departmentId} 不是本级的公安机关", en: "Department {departmentId} is not a police department of this tenant" },
  "referral.not_procuratorate": { zh: "部门 {departmentId} 不是本级的检察机关（部门类型 procuratorate）", en: "Department {departmentId} is not a procuratorate of this tenant (department type procuratorate)" },
  "referral.not_judicial_organ": { zh: "您的账号未绑定公安机关或检察机关的部门", en: "Your account belongs to no police or procuratorate department" },
  "referral.request_not_found": { zh: "司法机关协助请求不存在", en: "Judicial request not found" },
  "referral.request_answered": { zh: "该协助请求已答复", en: "This request is already answered" },
} as const satisfies Record<string, { zh: string; en: string }>;
