/** Key areas and industries of the catalogue: plain data with no imports, so
 * the portal can show their names without pulling in core. */

/** 重点领域 (DESIGN.md §4): the plan's areas, its pilots and the cross-region areas. */
export const KeyAreas = [
  { code: "food", zh: "食品", en: "Food" },
  { code: "drug", zh: "药品", en: "Drugs" },
  { code: "medical-device", zh: "医疗器械", en: "Medical devices" },
  { code: "hazardous-chemicals", zh: "危险化学品", en: "Hazardous chemicals" },
  { code: "gas", zh: "燃气", en: "Gas" },
  { code: "special-equipment", zh: "特种设备", en: "Special equipment" },
  { code: "construction-quality", zh: "建筑工程质量", en: "Construction quality" },
  { code: "illegal-finance", zh: "非法金融活动", en: "Illegal financial activities" },
  { code: "refined-oil", zh: "成品油流通", en: "Refined oil distribution" },
  { code: "self-built-housing", zh: "自建房安全", en: "Self-built housing safety" },
  { code: "prepaid-cards", zh: "单用途预付卡", en: "Single-purpose prepaid cards" },
  { code: "road-transport", zh: "道路运输安全", en: "Road transport safety" },
  { code: "ip-protection", zh: "知识产权保护", en: "Intellectual property protection" },
  { code: "qualification", zh: "资质资格认定", en: "Qualification accreditation" },
  { code: "franchise", zh: "商业特许经营", en: "Commercial franchising" },
  { code: "air-pollution", zh: "大气污染", en: "Air pollution" },
  { code: "water-pollution", zh: "水污染", en: "Water pollution" },
  { code: "solid-waste", zh: "固体废物转移", en: "Solid waste transfer" },
] as const;
/** Industries (行业) that supervised objects belong to: one compliance guide (一业一册) each. */
export const Industries = [
  { code: "catering", zh: "餐饮服务", en: "Catering" },
  { code: "food-retail", zh: "食品销售", en: "Food retail" },
  { code: "food-production", zh: "食品生产", en: "Food production" },
  { code: "pharmacy", zh: "药品零售", en: "Pharmacies" },
  { code: "drug-wholesale", zh: "药品批发", en: "Drug wholesale" },
  { code: "medical-device-trade", zh: "医疗器械经营", en: "Medical device trade" },
  { code: "medical-institution", zh: "医疗机构", en: "Medical institutions" },
  { code: "chemicals", zh: "危险化学品经营", en: "Hazardous chemicals trade" },
  { code: "gas-supply", zh: "燃气经营", en: "Gas supply" },
  { code: "special-equipment-user", zh: "特种设备使用单位", en: "Special equipment users" },
  { code: "construction", zh: "建筑施工", en: "Construction" },
  { code: "finance-services", zh: "类金融服务", en: "Quasi-financial services" },
  { code: "fuel-station", zh: "加油站", en: "Fuel stations" },
  { code: "rental-housing", zh: "经营性自建房", en: "Self-built premises in business use" },
  { code: "prepaid-business", zh: "预付式消费经营者", en: "Prepaid-card businesses" },
  { code: "road-freight", zh: "道路货物运输", en: "Road freight" },
  { code: "passenger-transport", zh: "道路旅客运输", en: "Road passenger transport" },
  { code: "manufacturing", zh: "工业制造", en: "Manufacturing" },
  { code: "franchisor", zh: "特许经营企业", en: "Franchisors" },
  { code: "waste-handling", zh: "固体废物产生与处置", en: "Waste producers and handlers" },
  { code: "testing-agency", zh: "检验检测机构", en: "Testing agencies" },
] as const;
export function areaName(code: string, lang: "zh" | "en"): string {
  return KeyAreas.find((a) => a.code === code)?.[lang] ?? code;
}

export function industryName(code: string, lang: "zh" | "en"): string {
  return Industries.find((i) => i.code === code)?.[lang] ?? code;
}
