/** User-facing messages of the catalogue module (zh first), merged into core's catalogue in ../i18n.ts. */
export const CatalogueMessages = {
  "catalogue.item_code": { zh: "事项编码须为大写字母、数字和连字符，形如 FJ-SP-001", en: "Item codes are capital letters, digits and hyphens, like FJ-SP-001" },
  "catalogue.lead_also_cooperating": { zh: "牵头部门不能同时列为配合部门", en: "The lead department cannot also be a cooperating department" },
  "catalogue.date_format": { zh: "日期格式须为 YYYY-MM-DD", en: "Dates are written YYYY-MM-DD" },
  "catalogue.duplicate_code": { zh: "同一版本中事项编码 {code} 重复出现", en: "Item code {code} appears twice in one version" },
} as const satisfies Record<string, { zh: string; en: string }>;
