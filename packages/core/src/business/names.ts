/** Names of grades and business types: plain data with no imports, so the
 * portal can show them without pulling in core. */

export const Grades = ["A", "B", "C", "D"] as const;
export type Grade = (typeof Grades)[number];

export const GradeNames: Record<Grade, { zh: string; en: string }> = {
  A: { zh: "A 类（信用风险低）", en: "A (low risk)" },
  B: { zh: "B 类（信用风险一般）", en: "B (ordinary risk)" },
  C: { zh: "C 类（信用风险较高）", en: "C (elevated risk)" },
  D: { zh: "D 类（信用风险高）", en: "D (high risk)" },
};

export const BusinessTypes = ["company", "sole-trader", "cooperative", "partnership", "sole-proprietorship", "branch", "other"] as const;
export type BusinessType = (typeof BusinessTypes)[number];
export const BusinessTypeNames: Record<BusinessType, { zh: string; en: string }> = {
  company: { zh: "公司", en: "Company" },
  "sole-trader": { zh: "个体工商户", en: "Sole trader" },
  cooperative: { zh: "农民专业合作社", en: "Farmers' cooperative" },
  partnership: { zh: "合伙企业", en: "Partnership" },
  "sole-proprietorship": { zh: "个人独资企业", en: "Sole proprietorship" },
  branch: { zh: "分支机构", en: "Branch" },
  other: { zh: "其他", en: "Other" },
};

/** Spreadsheet columns of a directory import: the Chinese header (what the template writes), the
 * field, and other headers accepted for it. */
export const Columns = [
  { field: "creditCode", zh: "统一社会信用代码", en: "Credit code", aliases: ["信用代码", "creditcode"], required: true },
  { field: "name", zh: "名称", en: "Name", aliases: ["主体名称", "企业名称", "name"], required: true },
  { field: "type", zh: "主体类型", en: "Type", aliases: ["类型", "type"], required: true },
  { field: "address", zh: "住所", en: "Address", aliases: ["地址", "经营场所", "address"], required: true },
  { field: "township", zh: "乡镇（街道）", en: "Township", aliases: ["乡镇(街道)", "乡镇街道", "乡镇", "街道", "township"], required: true },
  { field: "industries", zh: "行业", en: "Industries", aliases: ["所属行业", "industries"], required: false },
  { field: "licences", zh: "许可证", en: "Licences", aliases: ["许可证照", "licences"], required: false },
  { field: "itemCodes", zh: "适用事项", en: "Item codes", aliases: ["监管事项", "事项编码", "itemcodes"], required: false },
  { field: "grade", zh: "信用等级", en: "Grade", aliases: ["信用风险分类", "grade"], required: false },
  { field: "registeredOn", zh: "成立日期", en: "Registered on", aliases: ["登记日期", "registeredon"], required: false },
] as const;
export type ColumnField = (typeof Columns)[number]["field"];

const fold = (s: string) => s.replace(/^\uFEFF/, "").replace(/^"(.*)"$/s, "$1").replace(/\s/g, "").replace(/（/g, "(").replace(/）/g, ")").toLowerCase();

/** Which field each header cell names (undefined: a column we do not read), and required columns missing. */
export function mapHeader(header: readonly string[]): { fields: (ColumnField | undefined)[]; missing: string[] } {
  const fields = header.map((h) => {
    const f = fold(h ?? "");
    return Columns.find((c) => fold(c.zh) === f || c.aliases.some((a) => fold(a) === f))?.field;
  });
  const missing = Columns.filter((c) => c.required && !fields.includes(c.field)).map((c) => c.zh);
  return { fields, missing };
}

/** One spreadsheet row as the import reads it: field → cell text (empty cells left out). */
export function rowObject(fields: readonly (ColumnField | undefined)[], cells: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  fields.forEach((f, i) => {
    const v = (cells[i] ?? "").trim();
    if (f && v !== "") out[f] = v;
  });
  return out;
}
