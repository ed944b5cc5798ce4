import * as z from "zod";
import { DepartmentTypes } from "../department/types";
import { Industries, Industry, KeyAreas, type SupervisionItem } from "./item";

/** 一业一册: for each industry, the supervision items in force that apply to
 * it, in plain words — what is checked and how, who supervises, on what legal
 * basis — generated from the catalogue version in force. Pure: the catalogue
 * in, the guide out. */

const Named = z.object({ code: z.string(), zh: z.string(), en: z.string() });

export const GuideItem = z
  .object({
    code: z.string(),
    name: z.string(),
    keyArea: Named,
    lead: Named,
    cooperating: z.array(Named),
    legalBasis: z.array(z.object({ law: z.string(), article: z.string(), text: z.string() })),
    subject: z.string(),
    objects: z.string(),
    procedure: z.array(z.string()),
    content: z.array(z.string()),
    methods: z.array(z.string()),
  })
  .meta({ id: "ComplianceGuideItem" });
export type GuideItem = z.infer<typeof GuideItem>;

export const ComplianceGuide = z
  .object({
    industry: Named,
    title: z.string(),
    /** The catalogue version the guide is generated from, and when it was published; null before any. */
    version: z.number().int().nullable(),
    versionTitle: z.string().nullable(),
    publishedAt: z.string().nullable(),
    /** Every department that takes part, lead first. */
    departments: z.array(Named),
    items: z.array(GuideItem),
  })
  .meta({ id: "ComplianceGuide" });
export type ComplianceGuide = z.infer<typeof ComplianceGuide>;

export const GuideIndex = z
  .object({
    version: z.number().int().nullable(),
    versionTitle: z.string().nullable(),
    publishedAt: z.string().nullable(),
    industries: z.array(Named.extend({ itemCount: z.number().int() })),
  })
  .meta({ id: "ComplianceGuideIndex" });
export type GuideIndex = z.infer<typeof GuideIndex>;

export const GuideParams = z.object({ industry: z.string().min(1).max(40) });

/** The catalogue in force, as core's catalogue module hands it out. */
export interface CatalogueInForce {
  version: number;
  title?: string;
  publishedAt: string;
  items: readonly SupervisionItem[];
}

function department(type: string) {
  const d = DepartmentTypes.find((x) => x.type === type);
  return { code: type, zh: d?.zh ?? type, en: d?.en ?? type };
}

export function isIndustry(code: string): code is z.infer<typeof Industry> {
  return Industries.some((i) => i.code === code);
}

export function guideIndex(catalogue: CatalogueInForce | undefined): GuideIndex {
  const items = catalogue?.items ?? [];
  return {
    version: catalogue?.version ?? null,
    versionTitle: catalogue?.title ?? null,
    publishedAt: catalogue?.publishedAt ?? null,
    industries: Industries.map((i) => ({ code: i.code, zh: i.zh, en: i.en, itemCount: items.filter((it) => it.objectTypes.includes(i.code)).length })),
  };
}

/** The guide of one industry; undefined for an industry that does not exist. */
export function buildGuide(catalogue: CatalogueInForce | undefined, industryCode: string): ComplianceGuide | undefined {
  const industry = Industries.find((i) => i.code === industryCode);
  if (!industry) return undefined;
  const items = (catalogue?.items ?? [])
    .filter((it) => it.objectTypes.includes(industry.code))
    .slice()
    .sort((a, b) => a.code.localeCompare(b.code));
  const departments = new Map<string, ReturnType<typeof department>>();
  for (const it of items) {
    departments.set(it.leadDepartmentType, department(it.leadDepartmentType));
  }
  for (const it of items) for (const c of it.cooperatingDepartmentTypes) if (!departments.has(c)) departments.set(c, department(c));
  return {
    industry: { code: industry.code, zh: industry.zh, en: industry.en },
    title: `${industry.zh}经营者合规指南（一业一册）`,
    version: catalogue?.version ?? null,
    versionTitle: catalogue?.title ?? null,
    publishedAt: catalogue?.publishedAt ?? null,
    departments: [...departments.values()],
    items: items.map((it) => {
      const area = KeyAreas.find((a) => a.code === it.keyArea);
      return {
        code: it.code,
        name: it.name,
        keyArea: { code: it.keyArea, zh: area?.zh ?? it.keyArea, en: area?.en ?? it.keyArea },
        lead: department(it.leadDepartmentType),
        cooperating: it.cooperatingDepartmentTypes.map(department),
        legalBasis: it.legalBasis.map((b) => ({ law: b.law, article: b.article, text: `《${b.law}》${b.article}` })),
        subject: it.workGuide.subject,
        objects: it.workGuide.objects,
        procedure: [...it.workGuide.procedure],
        content: [...it.workGuide.content],
        methods: [...it.workGuide.methods],
      };
    }),
  };
}
