import * as z from "zod";
import { DepartmentTypes } from "../department/types";

/** The shape of a supervision item and of a catalogue version: the one
 * contract for the API push, the spreadsheet import, the seed data and the
 * sync. Pure schemas, no I/O. */

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
export const KeyArea = z.enum(KeyAreas.map((a) => a.code) as [string, ...string[]]);

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
export const Industry = z.enum(Industries.map((i) => i.code) as [string, ...string[]]);

export const DepartmentType = z.enum(DepartmentTypes.map((d) => d.type) as [string, ...string[]]);

/** A stable code the province assigns, e.g. FJ-SP-001. */
export const ItemCode = z
  .string()
  .trim()
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,8}){1,3}$/, { message: "catalogue.item_code" })
  .max(32);

const text = (max: number) => z.string().trim().min(1).max(max);

export const LegalBasis = z.object({
  law: text(100),
  article: text(50),
});

/** 工作指引: 监管主体、监管对象、检查程序、检查内容、检查方法 as fields, not one text. */
export const WorkGuide = z.object({
  subject: text(300),
  objects: text(300),
  procedure: z.array(text(300)).min(1).max(20),
  content: z.array(text(300)).min(1).max(40),
  methods: z.array(text(100)).min(1).max(10),
});

export const SupervisionItem = z
  .object({
    code: ItemCode,
    name: text(100),
    keyArea: KeyArea,
    leadDepartmentType: DepartmentType,
    cooperatingDepartmentTypes: z.array(DepartmentType).max(12).default([]),
    legalBasis: z.array(LegalBasis).min(1).max(20),
    /** Industries of the supervised objects; decides which compliance guides list the item. */
    objectTypes: z.array(Industry).min(1).max(10),
    workGuide: WorkGuide,
  })
  .refine((i) => !i.cooperatingDepartmentTypes.includes(i.leadDepartmentType), {
    message: "catalogue.lead_also_cooperating",
    path: ["cooperatingDepartmentTypes"],
  })
  .meta({ id: "SupervisionItem" });
export type SupervisionItem = z.infer<typeof SupervisionItem>;

/** 立、改、废、释 */
export const ChangeBasis = z.enum(["enact", "amend", "repeal", "interpret"]);
export type ChangeBasis = z.infer<typeof ChangeBasis>;
export const ChangeBasisNames: Record<ChangeBasis, { zh: string; en: string }> = {
  enact: { zh: "立", en: "Enacted" },
  amend: { zh: "改", en: "Amended" },
  repeal: { zh: "废", en: "Repealed" },
  interpret: { zh: "释", en: "Interpreted" },
};

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "catalogue.date_format" });

const ChangeCommon = { law: text(100), effectiveDate: IsoDate };

/** One change in a version: a new or revised item, or a repeal by code. */
export const Change = z.discriminatedUnion("basis", [
  z.object({ basis: z.literal("enact"), ...ChangeCommon, item: SupervisionItem }),
  z.object({ basis: z.literal("amend"), ...ChangeCommon, item: SupervisionItem }),
  z.object({ basis: z.literal("interpret"), ...ChangeCommon, item: SupervisionItem }),
  z.object({ basis: z.literal("repeal"), ...ChangeCommon, code: ItemCode }),
]);
export type Change = z.infer<typeof Change>;

export function changeCode(c: Change): string {
  return c.basis === "repeal" ? c.code : c.item.code;
}

/** What the province publishes: numbered, monotonic, immutable once stored. */
export const VersionInput = z
  .object({
    version: z.number().int().min(1),
    title: text(100),
    changes: z.array(Change).min(1).max(5000),
  })
  .superRefine((v, ctx) => {
    const seen = new Map<string, number>();
    v.changes.forEach((c, i) => {
      const code = changeCode(c);
      if (seen.has(code)) ctx.addIssue({ code: "custom", message: "catalogue.duplicate_code", path: ["changes", i], params: { code, first: seen.get(code) } });
      else seen.set(code, i);
    });
  });
export type VersionInput = z.infer<typeof VersionInput>;
