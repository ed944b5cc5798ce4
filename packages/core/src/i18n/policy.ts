/** User-facing messages of the rules (policy) configuration, zh first; merged into core's catalogue in ./index.ts. */
export const PolicyMessages = {
  "policy.rule_unknown": { zh: "没有名为 {path} 的规则", en: "There is no rule named {path}" },
  "policy.value_kind": { zh: "规则 {path} 的取值应为{kind}", en: "Rule {path} takes a {kind}" },
  "policy.value_range": { zh: "规则 {path} 的取值须在 {min} 至 {max} 之间", en: "Rule {path} must be between {min} and {max}" },
  "policy.source_required": { zh: "{path} 须写明来源（文件名称、文号或“平台默认”及理由，至少 4 个字）", en: "{path} needs its source (the document, its number, or \"platform default\" with a reason; at least 4 characters)" },
  "policy.not_stricter": {
    zh: "“{name}”只能比省级规定更严（省级为 {province}）：本级只能收紧，不能放宽",
    en: "\"{nameEn}\" may only be stricter than the province's rule ({provinceEn}): a tenant tightens, never loosens",
  },
  "policy.calendar_year": { zh: "只能添加日历的下一年（{next} 年），不能添加 {year} 年", en: "Only the calendar's next year ({next}) may be added, not {year}" },
  "policy.calendar_date": { zh: "“{date}”不是 {year} 年中存在的日期", en: "\"{date}\" is not a day of {year}" },
  "policy.calendar_weekday": { zh: "调休上班日 {date} 不是周末：只有周六、周日需要列为上班日", en: "Make-up working day {date} is not a weekend day: only Saturdays and Sundays are listed as worked" },
  "policy.calendar_overlap": { zh: "{date} 不能既是放假日又是上班日", en: "{date} cannot be both a day off and a working day" },
  "policy.calendar_empty": { zh: "至少填写一个节日及其放假日期", en: "List at least one holiday and its days off" },
  "policy.province_only": { zh: "省级规则只能由省级管理员修改", en: "Only the province administrator changes the province's rules" },
  "policy.tenant_not_province": { zh: "省级直接修改省级规则，不设本级收紧", en: "The province changes its rules directly; it has no tightening of its own" },
  "policy.version_required": { zh: "请带上当前版本号 {version}", en: "Send the current version ({version})" },
} as const satisfies Record<string, { zh: string; en: string }>;

/** Audit texts of the configuration's changes. */
export const PolicyAuditMessages = {
  "audit.action.policy.update": { zh: "修改省级规则配置（第 {version} 版）：{changes}", en: "Changed the province's rules (version {version}): {changes}" },
  "audit.action.policy.calendar_add": { zh: "添加 {year} 年工作日历（第 {version} 版），来源：{source}", en: "Added the {year} working-day calendar (version {version}); source: {source}" },
  "audit.action.policy.tighten": { zh: "修改本级收紧的规则（第 {version} 版）：{changes}", en: "Changed this tenant's tightened rules (version {version}): {changes}" },
} as const satisfies Record<string, { zh: string; en: string }>;
