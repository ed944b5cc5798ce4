import * as z from "zod";
import { Industries } from "../catalogue/areas";
import { ItemCode } from "../catalogue/item";
import { CreditCode } from "../entity/credit-code";
import { IsoDate } from "../util/date";
import { BusinessTypeNames, BusinessTypes, Grades } from "./names";

/** One business as an import row, an API body or the generator give it. Cells
 * of a spreadsheet arrive as text ("餐饮服务、食品销售"), the generator and the
 * API send arrays: one schema reads both, so every path validates the same way. */

const SPLIT = /[、，,;；\n]+/;
const parts = (v: unknown) => (typeof v === "string" ? v.split(SPLIT).map((s) => s.trim()).filter(Boolean) : v);
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);


/** A date cell as 2026-03-01, 2026/3/1 or 2026年3月1日. */
function dateText(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(v.trim());
  return m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : v.trim() || undefined;
}

export const Licence = z.object({
  kind: z.string().trim().min(1).max(40),
  number: z.string().trim().min(1).max(60),
  validUntil: z.preprocess(dateText, IsoDate.optional()),
});
export type Licence = z.infer<typeof Licence>;

/** 食品经营许可证:JY1350102000123:2027-05-01；… */
function licencesText(v: unknown): unknown {
  if (typeof v !== "string") return v;
  return v
    .split(/[;；\n]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [kind, number, validUntil] = s.split(/[:：]/).map((p) => p.trim());
      return number ? { kind, number, ...(validUntil ? { validUntil } : {}) } : { kind: "", number: "" };
    });
}

function typeText(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const t = v.trim();
  return BusinessTypes.find((k) => k === t || BusinessTypeNames[k].zh === t || BusinessTypeNames[k].en.toLowerCase() === t.toLowerCase()) ?? t;
}

const industryCodes = Industries.map((i) => i.code) as string[];
const Industry = z.preprocess(
  (v) => (typeof v === "string" ? (Industries.find((i) => i.code === v || i.zh === v)?.code ?? v) : v),
  z.string().refine((v) => industryCodes.includes(v), { message: "business.industry_unknown" }),
);

export const Input = z.object({
  creditCode: CreditCode,
  name: z.string().trim().min(2).max(100),
  type: z.preprocess(typeText, z.enum(BusinessTypes, { message: "business.type_unknown" })),
  address: z.string().trim().min(2).max(200),
  /** A township code (350102001) or its name (鼓东街道), of the importing county. */
  township: z.string().trim().min(1).max(40),
  industries: z.preprocess(parts, z.array(Industry).max(10)).default([]),
  licences: z.preprocess(licencesText, z.array(Licence, { message: "business.licence_format" }).max(20)).default([]),
  itemCodes: z.preprocess((v) => (typeof v === "string" ? (parts(v) as string[]).map((s) => s.toUpperCase()) : v), z.array(ItemCode).max(100)).default([]),
  grade: z.preprocess((v) => (typeof v === "string" ? blankToUndefined(v.trim().toUpperCase()) : v), z.enum(Grades, { message: "business.grade_format" }).optional()),
  registeredOn: z.preprocess(dateText, IsoDate.optional()),
});
export type Input = z.infer<typeof Input>;
/** What the generator yields and the import accepts (the contract's `BusinessInput`). */
export type BusinessInput = z.input<typeof Input>;
