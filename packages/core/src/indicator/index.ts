export * as Indicator from "./index";

import * as z from "zod";
import { Clock } from "../clock";
import { useTenant } from "../context";
import { Tx } from "../dynamo/tx";
import { Disclosure } from "../disclosure/index";
import { Message } from "../message/index";
import { commit } from "../outbox/commit";
import { Policy } from "../policy";
import { PROVINCE_ID, Tenant } from "../tenant/index";
import { fieldError } from "../util/field-error";
import { hashState } from "../util/hash";
import { PageInput, pageList } from "../util/page";
import { BelowEntity, SentEntity } from "./indicator.entity";
import { EmptyCounts, figures, jointTarget, sum, type Counts } from "./rules";
import { visitCounts } from "./visits";

export { EmptyCounts, figures, jointTarget, share, sum, type Counts } from "./rules";

/** 指标: the joint-inspection share (联合检查实施率) against its target,
 * inspections per business, the share published on time and the share of
 * objections answered on time — per tenant from counters kept in the same
 * transaction as each change (the visits' from Visit.yearFigures, the
 * publications' and objections' here), and for a city or the province the
 * figures each tenant below reported BY MESSAGE (`indicator.reported`):
 * a superior never reads another tenant's partition. */

export const MIN_YEAR = 2024;
export const MAX_YEAR = 2100;

const CountsSchema = z.object({
  visits: z.number().int().min(0),
  joint: z.number().int().min(0),
  businesses: z.number().int().min(0),
  published: z.number().int().min(0),
  publishedOnTime: z.number().int().min(0),
  objections: z.number().int().min(0),
  answered: z.number().int().min(0),
  answeredOnTime: z.number().int().min(0),
});

export const Figures = z
  .object({
    counts: CountsSchema,
    jointShare: z.number().nullable(),
    jointTarget: z.number(),
    jointMet: z.boolean().nullable(),
    inspectionsPerBusiness: z.number().nullable(),
    publishedOnTime: z.number().nullable(),
    objectionsAnsweredOnTime: z.number().nullable(),
  })
  .meta({ id: "IndicatorFigures" });
export type Figures = z.infer<typeof Figures>;

export const YearInput = z.object({
  year: z.coerce.number().int().optional().meta({ description: "年份（北京时间），默认今年 / year, default this year" }),
});

function yearOf(input: { year?: number }): number {
  const year = input.year ?? Number(Policy.shanghaiDate(Clock.now()).slice(0, 4));
  if (year < MIN_YEAR || year > MAX_YEAR) throw fieldError("indicator.year_range", "year", { min: MIN_YEAR, max: MAX_YEAR });
  return year;
}

function targetOf(year: number): number {
  return jointTarget(year, Policy.current().indicatorTargets);
}

/** This tenant's own counts for a year. */
export async function ownCounts(year: number): Promise<Counts> {
  const [mine, visits] = await Promise.all([Disclosure.yearCounts(year), visitCounts(year)]);
  return { ...EmptyCounts, ...visits, ...mine };
}

export const Mine = z
  .object({ tenantId: z.string(), tenantName: z.string(), year: z.number(), figures: Figures, source: z.string() })
  .meta({ id: "IndicatorsMine" });

/** This tenant's indicators for a year. */
export async function mine(input: z.input<typeof YearInput> = {}): Promise<z.infer<typeof Mine>> {
  const year = yearOf(YearInput.parse(input));
  const tenantId = useTenant();
  const target = Policy.current().indicatorTargets;
  return {
    tenantId,
    tenantName: Tenant.nameOf(tenantId),
    year,
    figures: figures(await ownCounts(year), targetOf(year)),
    source: year >= 2027 ? target.jointShare2027.source : target.jointShare2025.source,
  };
}

export const BelowInput = PageInput.extend(YearInput.shape);

const BelowRow = z.object({
  tenantId: z.string(),
  tenantName: z.string(),
  level: z.string(),
  /** When its latest report was made; null: it has not reported this year. */
  asOf: z.string().nullable(),
  figures: Figures,
});

export const Below = z
  .object({ year: z.number(), items: z.array(BelowRow), cursor: z.string().nullable(), total: Figures.nullable() })
  .meta({ id: "IndicatorsBelow" });

/** The tenants below (its counties for a city; every city and county for the
 * province), a page at a time, each with the latest figures it reported by
 * message; `total` (first page only) sums every report received. */
export async function below(input: z.input<typeof BelowInput> = {}): Promise<z.infer<typeof Below>> {
  const parsed = BelowInput.parse(input);
  const year = yearOf(parsed);
  const me = useTenant();
  const target = targetOf(year);
  const pageRows = pageList(Tenant.descendants(me), (t) => t.id, { limit: parsed.limit, cursor: parsed.cursor });
  const keys = pageRows.items.map((t) => ({ tenantId: me, year: String(year), reporter: t.id }));
  const got = keys.length ? (await BelowEntity.get(keys).go()).data : [];
  const byReporter = new Map(got.map((r) => [r.reporter, r]));
  const items = pageRows.items.map((t) => {
    const r = byReporter.get(t.id);
    return { tenantId: t.id, tenantName: t.name, level: t.level, asOf: r?.asOf ?? null, figures: figures(r ? { ...EmptyCounts, ...r.counts } : EmptyCounts, target) };
  });
  let total: Figures | null = null;
  if (!parsed.cursor) {
    // One partition of this tenant's own (the reports it received), a page of reports at a time.
    const all: Counts[] = [];
    let cursor: string | null = null;
    do {
      const res: { data: { counts: Counts }[]; cursor: string | null } = await BelowEntity.query.byReporter({ tenantId: me, year: String(year) }).go({ cursor, limit: 200 });
      all.push(...res.data.map((r) => r.counts));
      cursor = res.cursor;
    } while (cursor);
    total = figures(sum(all), target);
  }
  return { year, items, cursor: pageRows.cursor, total };
}

const ReportedPayload = z.object({ year: z.number().int(), counts: CountsSchema, asOf: z.iso.datetime() });

/** A tenant's counts for a year, sent to its city and the province. */
export const Reported = Message.define<z.infer<typeof ReportedPayload>>({
  type: "indicator.reported",
  queue: "assistance",
  version: 1,
  versions: { 1: ReportedPayload },
  // The report is audited in the reporting tenant's chain ("indicator.report").
  mirror: true,
  async handle(p, envelope) {
    const me = envelope.toTenant;
    const from = envelope.fromTenant;
    if (!Tenant.isBelow(from, me)) throw new Message.PoisonMessage(`forged: ${from} is not below ${me} and may not report to it`);
    const year = String(p.year);
    const prev = (await BelowEntity.get({ tenantId: me, year, reporter: from }).go({ consistent: true })).data;
    if (prev && prev.asOf >= p.asOf) return { skip: `a report of ${from} as of ${prev.asOf} is already stored; this one is as of ${p.asOf}` };
    const row = { tenantId: me, year, reporter: from, counts: p.counts, asOf: p.asOf, receivedAt: Clock.iso() };
    return {
      action: "indicator.report.receive",
      target: { type: "tenant", id: from },
      state: row,
      summary: { from, year: p.year },
      // Never backwards, whatever order the reports are consumed in.
      items: () => [Tx.put(BelowEntity.put(row).where((a, op) => `${op.notExists(a.asOf)} OR ${op.lt(a.asOf, p.asOf)}`))],
    };
  },
});

/** Where a tenant reports: its parent city (for a county) and the province. */
export function reportsTo(tenantId: string): string[] {
  const t = Tenant.get(tenantId);
  if (!t || t.level === "province") return [];
  const out = new Set<string>();
  if (t.parentId) out.add(t.parentId);
  out.add(PROVINCE_ID);
  return [...out];
}

/** The scheduled roll-up (run with the dashboard's): this tenant sends its
 * counts of the year upward if they changed since its last report. */
export async function reportUpward(input: z.input<typeof YearInput> = {}): Promise<{ reported: boolean }> {
  const tenantId = useTenant();
  const targets = reportsTo(tenantId);
  if (targets.length === 0) return { reported: false };
  const year = yearOf(YearInput.parse(input));
  const [counts, last] = await Promise.all([ownCounts(year), SentEntity.get({ tenantId, year: String(year) }).go({ consistent: true })]);
  const hash = hashState(counts);
  if (last.data?.hash === hash) return { reported: false };
  if (!last.data && Object.values(counts).every((v) => v === 0)) return { reported: false };
  const asOf = Clock.iso();
  await commit({
    action: "indicator.report",
    target: { type: "tenant", id: tenantId },
    state: { year, counts },
    summary: { year, tenants: targets.length },
    items: () => [Tx.put(SentEntity.put({ tenantId, year: String(year), hash, at: asOf }))],
    messages: targets.map((to) => Reported.create(to, { year, counts, asOf })),
  });
  return { reported: true };
}
