/** User-facing messages of the clue and campaign modules (zh first), merged into core's catalogue in ./index.ts. */
export const ClueMessages = {
  "clue.machine_only": { zh: "线索接入接口只接受来源系统的机器凭据（客户端凭据令牌）", en: "Clue intake accepts only a source system's machine credentials (a client-credentials token)" },
  "clue.client_unbound": { zh: "客户端 {clientId} 未登记为本地区的线索来源系统（应为 clue-<来源>-<行政区划代码>）", en: "Client {clientId} is not registered as a clue source system of this tenant (clue-<source>-<division code>)" },
  "clue.source_not_bound": { zh: "客户端 {clientId} 只能报送来源为 {source} 的线索", en: "Client {clientId} may only submit clues of source {source}" },
  "clue.business_required": { zh: "须写明主体的统一社会信用代码，或者名称和地址", en: "Name the business by its credit code, or by its name and address" },
  "clue.evidence_hash": { zh: "证据须以 64 位小写十六进制 SHA-256 哈希标识", en: "Evidence is named by its SHA-256 hash (64 lower-case hex characters)" },
  "clue.not_found": { zh: "线索不存在", en: "Clue not found" },
  "clue.task_not_found": { zh: "联合检查任务不存在", en: "Joint task not found" },
  "clue.already_matched": { zh: "该线索已匹配主体", en: "This clue is already matched to a business" },
  "clue.business_unknown": { zh: "本级市场主体名录中没有统一社会信用代码为 {creditCode} 的主体", en: "No business with credit code {creditCode} in this tenant's directory" },
  "clue.task_not_open": { zh: "该任务已安排检查，不能再次安排", en: "This task is already scheduled" },
  "clue.task_no_items": { zh: "该任务尚无监管事项，请先为线索补充事项", en: "This task has no supervision items yet; add items to its clues first" },
  "clue.reason_required": {
    zh: "安排检查前的核查发现：{findings}。如仍需检查，请填写至少 {min} 个字的理由",
    en: "The check before scheduling found: {findings}. To go ahead anyway, give a reason of at least {min} characters",
  },
  "campaign.period_order": { zh: "结束日期不能早于开始日期", en: "The end date cannot be before the start date" },
  "campaign.not_found": { zh: "专项整治不存在", en: "Campaign not found" },
  "campaign.closed": { zh: "该专项整治已结束", en: "This campaign has ended" },
  "campaign.department_unknown": { zh: "本级没有编号为 {departmentId} 的部门", en: "No department {departmentId} in this tenant" },
} as const satisfies Record<string, { zh: string; en: string }>;

/** Audit trail texts of clue and campaign actions. */
export const ClueAuditMessages = {
  "audit.action.clue.intake": { zh: "来源系统报送 {count} 条线索（{sources}）", en: "A source system sent {count} clue(s) ({sources})" },
  "audit.action.clue.file": { zh: "登记 {count} 条线索（{sources}）", en: "Filed {count} clue(s) ({sources})" },
  "audit.action.clue.match": { zh: "确认线索所指主体", en: "Confirmed the business a clue is about" },
  "audit.action.clue.task_schedule": { zh: "联合检查任务转为检查（{creditCode}）[，理由：{reason}]", en: "Turned a joint task into an inspection ({creditCode})[; reason: {reason}]" },
  "audit.action.campaign.create": { zh: "发起专项整治「{title}」", en: "Started the special campaign “{title}”" },
  "audit.action.campaign.add": { zh: "专项整治「{title}」纳入 {count} 户主体", en: "Added {count} business(es) to the special campaign “{title}”" },
  "audit.action.campaign.close": { zh: "结束专项整治「{title}」", en: "Ended the special campaign “{title}”" },
} as const satisfies Record<string, { zh: string; en: string }>;
