/** User-facing messages of the dishonesty module (严重失信主体名单、信用修复), zh first; merged in ./index.ts. */
export const DishonestyMessages = {
  "dishonesty.not_found": { zh: "严重失信名单记录不存在", en: "Listing not found" },
  "dishonesty.category_not_statutory": {
    zh: "“{category}”不是法定的严重失信名单类别，只能使用：{allowed}",
    en: "“{category}” is not a statutory severe-dishonesty category; use one of: {allowed}",
  },
  "dishonesty.measure_not_allowed": {
    zh: "惩戒措施“{measure}”不属于该类别（{category}）可采取的措施：{allowed}",
    en: "Measure “{measure}” is not one the category {category} allows: {allowed}",
  },
  "dishonesty.business_unknown": { zh: "本级市场主体名录中没有 {creditCode}", en: "{creditCode} is not in this region's business directory" },
  "dishonesty.basis_unknown": { zh: "该主体的信用记录中没有 {id}", en: "The business has no credit record {id}" },
  "dishonesty.basis_not_qualifying": {
    zh: "列入依据须包含至少一项该类别认可的较重行政处罚（罚款、没收、责令停产停业、吊销许可证件）",
    en: "The basis must include at least one heavier penalty the category accepts (fine, confiscation, suspension, revocation)",
  },
  "dishonesty.step_not_allowed": { zh: "名单记录当前状态为“{state}”，不能执行“{step}”", en: "The listing is {state}: it cannot {step} now" },
  "dishonesty.notice_window_open": {
    zh: "告知后陈述申辩期限尚未届满（至 {dueAt}），不能列入",
    en: "The business's window to state its case after the notice has not ended (until {dueAt}): it cannot be listed yet",
  },
  "dishonesty.statement_window_closed": { zh: "陈述申辩期限已于 {dueAt} 届满", en: "The window to state its case ended at {dueAt}" },
  "dishonesty.reply_required": { zh: "当事人已陈述申辩：列入时须答复其理由", en: "The business stated its case: answer it when listing" },
  "dishonesty.repair_too_early": { zh: "列入未满规定期限，{opensAt} 起方可申请信用修复", en: "Too early: credit repair may be asked from {opensAt}" },
  "dishonesty.sha256": { zh: "文件哈希须为 64 位十六进制 SHA-256", en: "A file hash is a 64-digit hex SHA-256" },
} as const satisfies Record<string, { zh: string; en: string }>;

/** Audit trail templates of the dishonesty module (see ./audit.ts for the conventions). */
export const DishonestyAuditMessages = {
  "audit.action.dishonesty.propose": { zh: "拟将 {name}（{creditCode}）列入严重失信主体名单（{category}）", en: "Proposed listing {name} ({creditCode}) as seriously dishonest ({category})" },
  "audit.action.dishonesty.notify": { zh: "告知 {name} 拟列入严重失信名单，陈述申辩至 {dueAt}", en: "Told {name} of the proposed listing; it may state its case until {dueAt}" },
  "audit.action.dishonesty.statement": { zh: "记录 {name} 的陈述申辩", en: "Recorded the statement of {name}" },
  "audit.action.dishonesty.list": { zh: "将 {name}（{creditCode}）列入严重失信主体名单，公示至 {expiresAt}", en: "Listed {name} ({creditCode}) as seriously dishonest, published until {expiresAt}" },
  "audit.action.dishonesty.change_measures": { zh: "调整 {name} 的联合惩戒措施：{measures}", en: "Changed the joint measures on {name}: {measures}" },
  "audit.action.dishonesty.apply_repair": { zh: "{name} 申请信用修复（{files} 份证明材料），{dueAt} 前审核", en: "{name} applied for credit repair ({files} evidence files), to be decided by {dueAt}" },
  "audit.action.dishonesty.decide_repair": { zh: "审核 {name} 的信用修复申请：{approved}", en: "Decided the credit repair of {name}: {approved}" },
  "audit.action.dishonesty.withdraw": { zh: "撤回对 {name} 的列入拟议", en: "Withdrew the proposed listing of {name}" },
  "audit.action.dishonesty.expire": { zh: "{name} 的严重失信名单公示期届满（{expiresAt}），移出名单", en: "The listing of {name} expired ({expiresAt}) and was removed" },
  "audit.action.dishonesty.delivered": { zh: "信用中国（福建）已接收 {creditCode} 的名单变更（{event}，HTTP {status}）", en: "The credit platform received the listing change of {creditCode} ({event}, HTTP {status})" },
  "audit.value.dishonesty.approved.true": { zh: "准予修复，移出名单", en: "approved, removed from the list" },
  "audit.value.dishonesty.approved.false": { zh: "不予修复", en: "refused" },
  "audit.value.dishonesty.event.listed": { zh: "列入", en: "listed" },
  "audit.value.dishonesty.event.measures_changed": { zh: "措施变更", en: "measures changed" },
  "audit.value.dishonesty.event.removed": { zh: "期满移出", en: "removed on expiry" },
  "audit.value.dishonesty.event.repaired": { zh: "信用修复移出", en: "removed after repair" },
} as const satisfies Record<string, { zh: string; en: string }>;
