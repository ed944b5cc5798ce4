export * as Dashboard from "./index";

import * as z from "zod";
import { Outbox } from "../outbox/index";
import { AssistanceRequest } from "../assistance/index";
import { Assignment } from "../assignment/index";
import { VisibleError } from "../error";
import { shanghaiDate } from "../policy/deadline";
import { PageInput, pageList, type Page } from "../util/page";
import { fieldError } from "../util/field-error";
import { Referral } from "../referral/index";
import { Indicator } from "../indicator/index";
import { Warning } from "../warning/index";
import { Clock } from "../clock";
import { useTenant } from "../context";
import { commit } from "../outbox/commit";
import { Tx } from "../dynamo/tx";
import { Message } from "../message/index";
import { Tenant, PROVINCE_ID } from "../tenant/index";
import { hashState } from "../util/hash";
import { ReportedEntity, ReportEntity } from "./dashboard.entity";
import {
  addMonths,
  EmptyCounters,
  figures,
  MAX_RANGE_MONTHS,
  MONTH_RE,
  monthsBetween,
  REPORTED_MONTHS,
  sumCounters,
  sumCoverage,
  sumMonths,
  validRange,
  type Counters,
  type CoverageCounts,
  type OpenOverdue,
} from "./stats";

/** 工作看板: a tenant's own assistance figures against the targets, and for a
 * superior the latest figures each tenant below it reported by message
 * (`stats.reported`). A superior never reads another tenant's partition. */

const CountersSchema = z.object({
  sent: z.number(),
  received: z.number(),
  acknowledged: z.number(),
  acknowledgedOnTime: z.number(),
  accepted: z.number(),
  acceptedOnTime: z.number(),
  answered: z.number(),
  answeredOnTime: z.number(),
  answerDaysTotal: z.number(),
});
const OverdueSchema = z.object({ owedAcknowledge: z.number().int(), owedAnswer: z.number().int(), awaited: z.number().int(), referralSteps: z.number().int(), warnings: z.number().int().optional() });

const FigureSchema = z.object({
  key: z.enum(["acceptedWithin7Days", "meanDaysToAnswer", "answeredByDeadline"]),
  value: z.number().nullable(),
  target: z.number(),
  kind: z.enum(["share-at-least", "days-at-most"]),
  met: z.boolean().nullable(),
  zh: z.string(),
  en: z.string(),
  source: z.string(),
});

export const Figures = z
  .object({ sent: z.number(), received: z.number(), answered: z.number(), figures: z.array(FigureSchema), overdue: OverdueSchema })
  .meta({ id: "DashboardFigures" });

/** One open request past the due time of its running stage (acknowledge while received, answer while accepted). */
const OverdueRequest = z.object({
  id: z.string(),
  box: z.enum(["inbox", "sent"]),
  stage: z.enum(["acknowledge", "answer"]),
  type: z.string(),
  otherTenant: z.string(),
  otherTenantName: z.string(),
  departmentId: z.string().optional(),
  dueAt: z.string(),
});

const Month = z.string().regex(MONTH_RE, { message: "dashboard.range" });

/** A time range in whole months (Asia/Shanghai); none = everything so far. */
export const RangeInput = z.object({
  from: Month.optional().meta({ description: "起始月份 YYYY-MM（北京时间） / first month" }),
  to: Month.optional().meta({ description: "截止月份 YYYY-MM（含） / last month, inclusive" }),
});

const Range = z.object({ from: z.string(), to: z.string() });

/** One month of the range: counts and the two shares, null while there is nothing to measure. */
const MonthFigures = z.object({
  month: z.string(),
  sent: z.number(),
  received: z.number(),
  answered: z.number(),
  acceptedWithin7Days: z.number().nullable(),
  answeredByDeadline: z.number().nullable(),
});

const Coverage = z.object({ items: z.number(), assigned: z.number(), unassigned: z.number(), needsReview: z.number() });

export const Mine = Figures.extend({
  /** The range the figures cover; null: everything so far. Overdue counts are always as of now. */
  range: Range.nullable(),
  /** Each month of the range (empty without one). */
  months: z.array(MonthFigures),
  /** Coverage of this tenant's assignments (属地责任) in its catalogue version; null before its first sync. */
  coverage: Coverage.nullable(),
  tenantId: z.string(),
  tenantName: z.string(),
  asOf: z.string(),
  /** The overdue items themselves, most overdue first: requests (both boxes) and criminal-transfer steps. */
  overdueItems: z.object({ assistance: z.array(OverdueRequest), referralSteps: z.array(Referral.OverdueItem), warnings: z.array(Warning.OverdueItem).optional() }),
  /** Messages of this tenant the platform gave up sending (outbox `stalled`); listed at /api/outbox/stalled. */
  stalledMessages: z.number().int(),
}).meta({ id: "Dashboard" });

export const Below = z
  .object({
    total: Figures,
    tenants: z.array(Figures.extend({ tenantId: z.string(), tenantName: z.string(), level: z.string(), asOf: z.string().nullable() })),
  })
  .meta({ id: "DashboardBelow" });

/** Open overdue items: assistance's (two small index ranges holding only what is overdue) and the overdue criminal-transfer steps (行刑衔接). */
async function overdue(): Promise<{ counts: OpenOverdue; items: z.infer<typeof Mine>["overdueItems"] }> {
  const [assistance, referral, warnings] = await Promise.all([AssistanceRequest.overdue(Clock.iso()), Referral.overdueSteps(), Warning.overdue()]);
  return {
    counts: { ...assistance.counts, referralSteps: referral.count, warnings: warnings.count },
    items: {
      assistance: assistance.items.map((r) => ({ ...r, otherTenantName: Tenant.nameOf(r.otherTenant) })),
      referralSteps: referral.items,
      warnings: warnings.items,
    },
  };
}

async function own() {
  const [counters, od] = await Promise.all([AssistanceRequest.counters(), overdue()]);
  return { counters, overdue: od.counts, items: od.items };
}

/** The range asked for, checked: both ends or neither, from ≤ to, at most MAX_RANGE_MONTHS. */
function rangeOf(input: z.input<typeof RangeInput>): { from: string; to: string } | null {
  const { from, to } = RangeInput.parse(input);
  if (!from && !to) return null;
  if (!from || !to || !validRange(from, to)) throw fieldError("dashboard.range", from && to ? "to" : from ? "to" : "from", { months: MAX_RANGE_MONTHS });
  return { from, to };
}

function monthFigures(months: (Counters & { month: string })[], range: { from: string; to: string }): z.infer<typeof MonthFigures>[] {
  const byMonth = new Map(months.map((m) => [m.month, m]));
  return monthsBetween(range.from, range.to).map((month) => {
    const c = byMonth.get(month) ?? EmptyCounters;
    const f = figures(c, { owedAcknowledge: 0, owedAnswer: 0, awaited: 0, referralSteps: 0 });
    return { month, sent: c.sent, received: c.received, answered: c.answered, acceptedWithin7Days: f.figures[0]!.value, answeredByDeadline: f.figures[2]!.value };
  });
}

/** This tenant's coverage counts, or null before it has a catalogue version with items. */
async function ownCoverage(): Promise<CoverageCounts | null> {
  const c = await Assignment.coverage();
  if (!c.items) return null;
  return { items: c.items, assigned: c.assigned, unassigned: c.unassigned.length, needsReview: c.needsReview.length };
}

export async function mine(input: z.input<typeof RangeInput> = {}): Promise<z.infer<typeof Mine>> {
  const range = rangeOf(input);
  const t = Tenant.current();
  const [{ counters, overdue: od, items }, stalledMessages, months, coverage] = await Promise.all([
    own(),
    Outbox.stalledCount(),
    range ? AssistanceRequest.monthlyCounters(range.from, range.to) : Promise.resolve([]),
    ownCoverage(),
  ]);
  const base = range ? sumMonths(months, range.from, range.to) : counters;
  return Mine.parse({
    ...figures(base, od),
    range,
    months: range ? monthFigures(months, range) : [],
    coverage,
    tenantId: t.id,
    tenantName: t.name,
    asOf: Clock.iso(),
    overdueItems: items,
    stalledMessages,
  });
}

// ---------------------------------------------------------------- drill-down

export const AreasInput = PageInput.extend(RangeInput.shape).extend({
  parent: z.string().regex(/^\d{6}$/).optional().meta({ description: "下钻到的行政区划（本级或下级设区市），默认本级 / the tenant to drill into (this one or a city below it)" }),
});

const AreaRow = Figures.extend({
  tenantId: z.string(),
  tenantName: z.string(),
  level: z.string(),
  /** This row is the parent's own figures (市本级), not a rollup of tenants below. */
  own: z.boolean(),
  /** The row has tenants below it to drill into. */
  drillable: z.boolean(),
  /** Tenants in the rollup, and how many of them have reported. */
  tenants: z.number().int(),
  reported: z.number().int(),
  coverage: Coverage.extend({ reported: z.number().int() }).nullable(),
  asOf: z.string().nullable(),
});

export const Areas = z
  .object({
    parent: z.object({ tenantId: z.string(), tenantName: z.string(), level: z.string() }),
    /** The way back up, from this tenant to the parent. */
    path: z.array(z.object({ tenantId: z.string(), tenantName: z.string() })),
    range: Range.nullable(),
    items: z.array(AreaRow),
    cursor: z.string().nullable(),
  })
  .meta({ id: "DashboardAreas" });

type Stored = NonNullable<Awaited<ReturnType<ReturnType<typeof ReportEntity.get>["go"]>>["data"]>;

/** Rows for the tenants directly below `parent` (a page of them), each the
 * rollup of that tenant and everything below it, from the reports this
 * tenant received (stats.reported): the province drills to a city's counties
 * with the counties' reports to the province; a city sees only its own
 * counties. Reads one batch of at most (page × tenants under a row) report
 * items, never another tenant's partition. */
export async function areas(input: z.input<typeof AreasInput> = {}): Promise<z.infer<typeof Areas>> {
  const { parent: parentId, from, to, ...pageInput } = AreasInput.parse(input);
  const range = rangeOf({ from, to });
  const me = useTenant();
  const parent = Tenant.mustGet(parentId ?? me);
  if (parent.id !== me && !Tenant.isBelow(parent.id, me)) throw new VisibleError("dashboard.scope", { tenantId: parent.id }, 403);
  const children = [...Tenant.children(parent.id)].sort((a, b) => (a.id < b.id ? -1 : 1));
  const pageOfChildren: Page<Tenant.Info> = pageList(children, (t) => t.id, pageInput);
  // The parent's own report (市本级) heads the first page when drilling below this tenant.
  const ownRow = parent.id !== me && !pageInput.cursor;
  const groups = pageOfChildren.items.map((t) => ({ row: t, members: [t, ...Tenant.descendants(t.id)], own: false }));
  if (ownRow) groups.unshift({ row: parent, members: [parent], own: true });
  const keys = [...new Set(groups.flatMap((g) => g.members.map((m) => m.id)))].map((reporter) => ({ tenantId: me, reporter }));
  const got = keys.length ? (await ReportEntity.get(keys).go()).data : [];
  const reports = new Map<string, Stored>(got.map((r) => [r.reporter, r as Stored]));
  const none: OpenOverdue = { owedAcknowledge: 0, owedAnswer: 0, awaited: 0, referralSteps: 0 };
  const items = groups.map(({ row, members, own: isOwn }) => {
    const rs = members.map((m) => reports.get(m.id)).filter((r): r is Stored => !!r);
    const counters = sumCounters(
      rs.map((r) => (range ? sumMonths((r.months ?? []).map((m: Counters & { month: string }) => ({ ...EmptyCounters, ...m })), range.from, range.to) : { ...EmptyCounters, ...r.counters })),
    );
    const od = rs.reduce(
      (s, r) => ({
        owedAcknowledge: s.owedAcknowledge + r.overdue.owedAcknowledge,
        owedAnswer: s.owedAnswer + r.overdue.owedAnswer,
        awaited: s.awaited + r.overdue.awaited,
        referralSteps: s.referralSteps + r.overdue.referralSteps,
        warnings: (s.warnings ?? 0) + (r.overdue.warnings ?? 0),
      }),
      none,
    );
    const asOf = rs.map((r) => r.asOf).sort().at(-1) ?? null;
    return {
      ...figures(counters, od),
      tenantId: row.id,
      tenantName: row.name,
      level: row.level,
      own: isOwn,
      drillable: !isOwn && Tenant.children(row.id).length > 0,
      tenants: members.length,
      reported: rs.length,
      coverage: sumCoverage(rs.map((r) => r.coverage)),
      asOf,
    };
  });
  // Top down: this tenant first, the parent last.
  const path = [...Tenant.ancestry(parent.id)]
    .sort((a, b) => Tenant.ancestry(a.id).length - Tenant.ancestry(b.id).length)
    .filter((t) => t.id === me || Tenant.isBelow(t.id, me))
    .map((t) => ({ tenantId: t.id, tenantName: t.name }));
  return Areas.parse({ parent: { tenantId: parent.id, tenantName: parent.name, level: parent.level }, path, range, items, cursor: pageOfChildren.cursor });
}

/** The superior's view: every tenant below it (directly, and for the province the counties too), with the latest report of each. */
export async function below(): Promise<z.infer<typeof Below>> {
  const me = useTenant();
  const res = await ReportEntity.query.byTenant({ tenantId: me }).go({ pages: "all" });
  const byTenant = new Map(res.data.map((r) => [r.reporter, r]));
  const none: OpenOverdue = { owedAcknowledge: 0, owedAnswer: 0, awaited: 0, referralSteps: 0 };
  const tenants = Tenant.descendants(me).map((t) => {
    const r = byTenant.get(t.id);
    const c = r ? { ...EmptyCounters, ...r.counters } : EmptyCounters;
    const od: OpenOverdue = r?.overdue ?? none;
    return { ...figures(c, od), tenantId: t.id, tenantName: t.name, level: t.level, asOf: r?.asOf ?? null, counters: c, od };
  });
  // Totals over the counties and cities that report (a city's own figures are its own requests, not its counties').
  const total = figures(
    sumCounters(tenants.map((t) => t.counters)),
    tenants.reduce(
      (s, t) => ({
        owedAcknowledge: s.owedAcknowledge + t.od.owedAcknowledge,
        owedAnswer: s.owedAnswer + t.od.owedAnswer,
        awaited: s.awaited + t.od.awaited,
        referralSteps: s.referralSteps + t.od.referralSteps,
        warnings: (s.warnings ?? 0) + (t.od.warnings ?? 0),
      }),
      none,
    ),
  );
  return Below.parse({ total, tenants: tenants.map(({ counters: _c, od: _o, ...rest }) => rest) });
}

const ReportedPayload = z.object({
  counters: CountersSchema,
  overdue: OverdueSchema,
  asOf: z.iso.datetime(),
  // Optional: reports sent before time ranges and coverage carry neither.
  months: z.array(CountersSchema.extend({ month: z.string().regex(MONTH_RE) })).max(REPORTED_MONTHS).optional(),
  coverage: Coverage.optional(),
});

export const Reported = Message.define<z.infer<typeof ReportedPayload>>({
  type: "stats.reported",
  queue: "assistance",
  version: 1,
  versions: { 1: ReportedPayload },
  // The report itself is audited in the reporting tenant's chain ("stats.report").
  mirror: true,
  async handle(p, envelope) {
    const me = envelope.toTenant;
    const from = envelope.fromTenant;
    if (!Tenant.isBelow(from, me)) throw new Message.PoisonMessage(`forged: ${from} is not below ${me} and may not report to it`);
    const prev = (await ReportEntity.get({ tenantId: me, reporter: from }).go({ consistent: true })).data;
    const report = {
      tenantId: me,
      reporter: from,
      counters: p.counters,
      overdue: p.overdue,
      asOf: p.asOf,
      receivedAt: Clock.iso(),
      ...(p.months ? { months: p.months } : {}),
      ...(p.coverage ? { coverage: p.coverage } : {}),
    };
    // An older report never replaces a newer one (messages may arrive out of order).
    if (prev && prev.asOf >= p.asOf) return { skip: `a report of ${from} as of ${prev.asOf} is already stored; this one is as of ${p.asOf}` };
    return {
      action: "stats.report.receive",
      target: { type: "tenant", id: from },
      state: report,
      summary: { from, asOf: p.asOf },
      // The read above can be stale by the commit (two reports consumed at
      // once, in either order): the write itself refuses to go backwards.
      items: () => [Tx.put(ReportEntity.put(report).where((a, op) => `${op.notExists(a.asOf)} OR ${op.lt(a.asOf, p.asOf)}`))],
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

/** The scheduled roll-up (with the escalator, every 15 minutes): the current
 * tenant reports its figures upward only if they changed since its last report. */
export async function reportUpward(): Promise<{ reported: boolean }> {
  const tenantId = useTenant();
  // The indicators (联合检查实施率 and others) go up with the same run, as a message of their own (indicator.reported).
  await Indicator.reportUpward();
  const targets = reportsTo(tenantId);
  if (targets.length === 0) return { reported: false };
  const thisMonth = shanghaiDate(Clock.now()).slice(0, 7);
  const [{ counters, overdue: od }, last, monthly, coverage] = await Promise.all([
    own(),
    ReportedEntity.get({ tenantId }).go({ consistent: true }),
    AssistanceRequest.monthlyCounters(addMonths(thisMonth, -(REPORTED_MONTHS - 1)), thisMonth),
    ownCoverage(),
  ]);
  const months = monthly.slice(-REPORTED_MONTHS);
  const hash = hashState({ counters, overdue: od, months, coverage });
  if (last.data?.hash === hash) return { reported: false };
  // Nothing to report yet: no request sent or received and no overdue step.
  if (!last.data && counters.sent === 0 && counters.received === 0 && od.referralSteps === 0 && !od.warnings) return { reported: false };
  const asOf = Clock.iso();
  await commit({
    action: "stats.report",
    target: { type: "tenant", id: tenantId },
    state: { counters, overdue: od, months, coverage },
    summary: { to: targets },
    items: () => [Tx.put(ReportedEntity.put({ tenantId, hash, at: asOf }))],
    messages: targets.map((to) => Reported.create(to, { counters, overdue: od, asOf, months, ...(coverage ? { coverage } : {}) })),
  });
  return { reported: true };
}
