/** User-facing messages of 一公开 (disclosure) and indicators (zh first), merged into core's catalogue in ./index.ts. */
export const DisclosureMessages = {
  "disclosure.not_found": { zh: "公示记录不存在", en: "Published record not found" },
  "disclosure.objection_not_found": { zh: "异议不存在", en: "Objection not found" },
  "disclosure.already_published": { zh: "该记录已公示（{publishedAt}）", en: "This record is already published ({publishedAt})" },
  "disclosure.not_published": { zh: "该记录尚未公示或已过公示期，不能提出异议", en: "This record is not published (or no longer), so it cannot be objected to" },
  "disclosure.window_range": {
    zh: "公示期限须为 {min}–{max} 个月的整数（特种设备、安全生产、消防类处罚至少 12 个月）",
    en: "The publication window is a whole number of months from {min} to {max} (special equipment, work safety and fire: at least 12)",
  },
  "disclosure.category_inspection": { zh: "检查结果不设处罚类别与公示月数", en: "An inspection result takes no penalty category or window" },
  "disclosure.objection_window_closed": {
    zh: "异议期已过：须在公示之日起 {days} 日内（至 {until}）提出",
    en: "The window for objections has closed: objections are made within {days} days of publication (until {until})",
  },
  "disclosure.objection_answered": { zh: "该异议已答复", en: "This objection is already answered" },
  "disclosure.credit_code_mismatch": { zh: "统一社会信用代码与公示记录的主体不一致", en: "The credit code does not match the business of the record" },
  "disclosure.evidence_hash": { zh: "证据文件的哈希值与内容不符（第 {index} 个文件）", en: "An evidence file's hash does not match its content (file {index})" },
  "disclosure.evidence_too_large": { zh: "证据文件过大（第 {index} 个文件，上限 {limit}）", en: "An evidence file is too large (file {index}, limit {limit})" },
  "disclosure.query_short": { zh: "请至少输入两个字，或输入 18 位统一社会信用代码", en: "Enter at least two characters, or an 18-character credit code" },
  "disclosure.tenant_unknown": { zh: "行政区划 {tenantId} 不存在", en: "Tenant {tenantId} does not exist" },
  "disclosure.correction_required": { zh: "异议成立时须填写更正内容（将与原记录一并公示）", en: "An upheld objection needs the correction (published with the record)" },
  "disclosure.department_required": { zh: "您的账号未绑定部门，不能办理公示", en: "Your account belongs to no department, so it cannot publish" },
  "indicator.year_range": { zh: "年份须在 {min}–{max} 之间", en: "The year must be between {min} and {max}" },
} as const satisfies Record<string, { zh: string; en: string }>;

/** Audit texts of 一公开 and indicators (`audit.action.<action>`, `audit.value.<module>.<param>.<value>`). */
export const DisclosureAuditMessages = {
  "audit.action.disclosure.publish": { zh: "公示{kind}：{creditCode}，公示至 {visibleUntil}[（{late}）]", en: "Published a {kind}: {creditCode}, public until {visibleUntil}[ ({late})]" },
  "audit.action.disclosure.expire": { zh: "{count} 条公示记录公示期满，撤下公示页面", en: "{count} published records reached the end of their window and left the public pages" },
  "audit.action.disclosure.object": { zh: "收到对公示记录 {disclosureId} 的异议（{creditCode}），{evidence} 份证据，答复期限 {dueAt}", en: "Objection to published record {disclosureId} ({creditCode}), {evidence} evidence files, answer due {dueAt}" },
  "audit.action.disclosure.answer": { zh: "答复异议 {objectionId}[：{upheld}][：{rejected}][（{late}）]", en: "Answered objection {objectionId}[: {upheld}][: {rejected}][ ({late})]" },
  "audit.action.indicator.report": { zh: "向上级报送 {year} 年指标（{tenants} 个上级）", en: "Reported the {year} indicators upward (to {tenants} superiors)" },
  "audit.action.indicator.report.receive": { zh: "收到 {from} 报送的 {year} 年指标", en: "Received the {year} indicators of {from}" },
  "audit.value.disclosure.kind.inspection": { zh: "检查结果", en: "inspection result" },
  "audit.value.disclosure.kind.penalty": { zh: "行政处罚信息", en: "penalty" },
  "audit.value.disclosure.late.true": { zh: "逾期", en: "late" },
  "audit.value.disclosure.upheld.true": { zh: "异议成立，更正已与原记录一并公示", en: "upheld, the correction published with the record" },
  "audit.value.disclosure.rejected.true": { zh: "异议不成立", en: "not upheld" },
} as const satisfies Record<string, { zh: string; en: string }>;
