/** Messages of department scoping and paged lists (zh first), merged into core's catalogue in ./index.ts. */
export const ScopeMessages = {
  "page.cursor": { zh: "翻页游标无效：请使用上一页返回的 cursor", en: "Invalid cursor: use the cursor the previous page returned" },
  "department.not_yours": { zh: "该记录属于其他部门，您只能办理本部门的记录", en: "This record belongs to another department; you act only on your own department's records" },
  "department.not_member": { zh: "参与部门须包含您所在的部门（{departmentId}）", en: "The departments must include your own ({departmentId})" },
  "department.unknown": { zh: "部门 {departmentId} 不是本级的有效部门", en: "Department {departmentId} is not an active department of this tenant" },
  "department.organ_type": {
    zh: "机关类型 {type} 不是需由省级设置的机关（公安、检察、编办、执法监督）",
    en: "{type} is not a reserved organ type (public security, procuratorate, establishment office, enforcement supervision)",
  },
  "department.organ_province_only": { zh: "只有省级可以设置公安、检察、编办等机关", en: "Only the province sets up the police, procuratorate, establishment office and similar organs" },
} as const satisfies Record<string, { zh: string; en: string }>;
