import * as z from "zod";
import { DepartmentTypes } from "../department/types";
import { IsoDate } from "../util/date";
import { Industries, KeyAreas } from "./areas";

export { Industries, KeyAreas, areaName, industryName } from "./areas";

/** The shape of a supervision item and of a catalogue version: the one
 * contract for the API push, the spreadsheet import, the seed data and the
 * sync. Pure schemas, no I/O. */

export const KeyArea = z.enum(KeyAreas.map((a) => a.code) as [string, ...string[]]);

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
