export * as Dashboard from "./index";

import * as z from "zod";
import { Outbox } from "../outbox/index";
import { AssistanceRequest } from "../assistance/index";
import { Referral } from "../referral/index";
import { Clock } from "../clock";
import { useTenant } from "../context";
import { commit } from "../outbox/commit";
import { Tx } from "../dynamo/tx";
import { Message } from "../message/index";
import { Tenant, PROVINCE_ID } from "../tenant/index";
import { hashState } from "../util/hash";
import { ReportedEntity, ReportEntity } from "./dashboard.entity";
import { EmptyCounters, figures, sumCounters, type OpenOverdue } from "./stats";

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
const OverdueSchema = z.object({ owedAcknowledge: z.number().int(), owedAnswer: z.number().int(), awaited: z.number().int(), referralSteps: z.number().int() });

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

export const Mine = Figures.extend({
  tenantId: z.string(),
  tenantName: z.string(),
  asOf: z.string(),
  /** The overdue items themselves, most overdue first: requests (both boxes) and criminal-transfer steps. */
  overdueItems: z.object({ assistance: z.array(OverdueRequest), referralSteps: z.array(Referral.OverdueItem) }),
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
  const [assistance, referral] = await Promise.all([AssistanceRequest.overdue(Clock.iso()), Referral.overdueSteps()]);
  return {
    counts: { ...assistance.counts, referralSteps: referral.count },
    items: {
      assistance: assistance.items.map((r) => ({ ...r, otherTenantName: Tenant.nameOf(r.otherTenant) })),
      referralSteps: referral.items,
    },
  };
}

async function own() {
  const [counters, od] = await Promise.all([AssistanceRequest.counters(), overdue()]);
  return { counters, overdue: od.counts, items: od.items };
}

export async function mine(): Promise<z.infer<typeof Mine>> {
  const t = Tenant.current();
  const [{ counters, overdue: od, items }, stalledMessages] = await Promise.all([own(), Outbox.stalledCount()]);
  return Mine.parse({ ...figures(counters, od), tenantId: t.id, tenantName: t.name, asOf: Clock.iso(), overdueItems: items, stalledMessages });
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
      }),
      none,
    ),
  );
  return Below.parse({ total, tenants: tenants.map(({ counters: _c, od: _o, ...rest }) => rest) });
}

const ReportedPayload = z.object({ counters: CountersSchema, overdue: OverdueSchema, asOf: z.iso.datetime() });

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
    const report = { tenantId: me, reporter: from, counters: p.counters, overdue: p.overdue, asOf: p.asOf, receivedAt: Clock.iso() };
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
  const targets = reportsTo(tenantId);
  if (targets.length === 0) return { reported: false };
  const [{ counters, overdue: od }, last] = await Promise.all([own(), ReportedEntity.get({ tenantId }).go({ consistent: true })]);
  const hash = hashState({ counters, overdue: od });
  if (last.data?.hash === hash) return { reported: false };
  // Nothing to report yet: no request sent or received and no overdue step.
  if (!last.data && counters.sent === 0 && counters.received === 0 && od.referralSteps === 0) return { reported: false };
  const asOf = Clock.iso();
  await commit({
    action: "stats.report",
    target: { type: "tenant", id: tenantId },
    state: { counters, overdue: od },
    summary: { to: targets },
    items: () => [Tx.put(ReportedEntity.put({ tenantId, hash, at: asOf }))],
    messages: targets.map((to) => Reported.create(to, { counters, overdue: od, asOf })),
  });
  return { reported: true };
}
