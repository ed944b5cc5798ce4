/** The standard departments of a tenant. `provinceOnly` ones exist only at the province. */
export const DepartmentTypes = [
  { type: "market", zh: "市场监督管理局", en: "Administration for Market Regulation" },
  { type: "housing", zh: "住房和城乡建设局", en: "Housing and Urban-Rural Development Bureau" },
  { type: "ecology", zh: "生态环境局", en: "Ecology and Environment Bureau" },
  { type: "transport", zh: "交通运输局", en: "Transport Bureau" },
  { type: "commerce", zh: "商务局", en: "Commerce Bureau" },
  { type: "health", zh: "卫生健康委员会", en: "Health Commission" },
  { type: "emergency", zh: "应急管理局", en: "Emergency Management Bureau" },
  { type: "medical-insurance", zh: "医疗保障局", en: "Healthcare Security Bureau" },
  { type: "public-security", zh: "公安局", en: "Public Security Bureau" },
  { type: "agriculture", zh: "农业农村局", en: "Agriculture and Rural Affairs Bureau" },
  { type: "culture-tourism", zh: "文化和旅游局", en: "Culture and Tourism Bureau" },
  { type: "natural-resources", zh: "自然资源局", en: "Natural Resources Bureau" },
  { type: "finance-regulation", zh: "金融工作局", en: "Financial Affairs Bureau" },
  { type: "supervision-office", zh: "综合监管办公室", en: "Comprehensive Supervision Office" },
  { type: "education", zh: "教育局", en: "Education Bureau" },
  // 消防救援: a county's 大队 (a city's 支队, the province's 总队; see departmentName).
  { type: "fire-rescue", zh: "消防救援大队", en: "Fire and Rescue Brigade" },
  { type: "urban-management", zh: "城市管理和综合执法局", en: "Urban Management and Law Enforcement Bureau" },
  { type: "drug", zh: "药品监督管理局", en: "Medical Products Administration", provinceOnly: true },
  // 机构编制委员会办公室 (编办): every level has one; it arbitrates lead-department disputes (监管职责争议) of its tenant.
  { type: "establishment", zh: "机构编制委员会办公室", en: "Establishment Office" },
  { type: "function-transformation", zh: "省职能转变协调办公室", en: "Function Transformation Office", provinceOnly: true },
] as const satisfies readonly { type: string; zh: string; en: string; provinceOnly?: boolean }[];

/** Organs with powers of their own (criminal referrals, arbitration of
 * disputes, enforcement supervision): set up only by the province's
 * configuration (the standard departments and the seed), never created at
 * will by a tenant, or a new department would carry those powers (DESIGN §3). */
export const OrganTypes = ["public-security", "procuratorate", "establishment", "enforcement-supervision"] as const;

export function isOrganType(type: string): boolean {
  return (OrganTypes as readonly string[]).includes(type);
}

export type DepartmentType = (typeof DepartmentTypes)[number]["type"];

/** Names of the organ types that are not standard departments (set up by the province's configuration). */
const OrganNames: Record<string, { zh: string; en: string }> = {
  procuratorate: { zh: "人民检察院", en: "People's Procuratorate" },
  "enforcement-supervision": { zh: "司法行政机关（行政执法监督）", en: "Justice Bureau (enforcement supervision)" },
  other: { zh: "其他", en: "Other" },
};

/** A department type's name in the user's language; unknown types as given. */
export function departmentTypeName(type: string, lang: "zh" | "en"): string {
  const known = DepartmentTypes.find((d) => d.type === type) ?? OrganNames[type];
  return known ? known[lang] : type;
}

/** Province bureaus are "省…厅/局"; local ones carry the region's name. */
export function departmentName(tenantName: string, level: "province" | "city" | "county", t: (typeof DepartmentTypes)[number]) {
  if (level === "province") {
    const provincial: Record<string, string> = {
      market: "福建省市场监督管理局",
      housing: "福建省住房和城乡建设厅",
      ecology: "福建省生态环境厅",
      transport: "福建省交通运输厅",
      commerce: "福建省商务厅",
      health: "福建省卫生健康委员会",
      emergency: "福建省应急管理厅",
      "medical-insurance": "福建省医疗保障局",
      "public-security": "福建省公安厅",
      agriculture: "福建省农业农村厅",
      "culture-tourism": "福建省文化和旅游厅",
      "natural-resources": "福建省自然资源厅",
      "finance-regulation": "福建省地方金融管理局",
      "supervision-office": "福建省综合监管办公室",
      education: "福建省教育厅",
      "fire-rescue": "福建省消防救援总队",
      "urban-management": "福建省住房和城乡建设厅城市管理监督局",
      drug: "福建省药品监督管理局",
      establishment: "中共福建省委机构编制委员会办公室",
      "function-transformation": "福建省推进政府职能转变协调小组办公室",
    };
    return provincial[t.type] ?? `福建省${t.zh}`;
  }
  if (t.type === "fire-rescue" && level === "city") return `${tenantName}消防救援支队`;
  // A party committee office: 中共鼓楼区委机构编制委员会办公室.
  if (t.type === "establishment" && /[市县区]$/.test(tenantName) && !tenantName.endsWith("实验区")) return `中共${tenantName}委${t.zh}`;
  return `${tenantName}${t.zh}`;
}
