export * as Plan from "./index";

import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { ItemCode } from "../catalogue/item";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { useDynamo } from "../dynamo/client";
import { Limits, Tx, type TxItem } from "../dynamo/tx";
import { Enforcement } from "../enforcement";
import { CreditCode } from "../entity/credit-code";
import { NotFoundError, VisibleError } from "../error";
import { commit } from "../outbox/commit";
import { shanghaiDate } from "../policy/deadline";
import { IsoDate } from "../util/date";
import { fn } from "../util/fn";
import { createId, idSchema } from "../util/id";
import { CounterEntity, PlanEntity, type PlanItem } from "./plan.entity";
import { bucketOf, CAP_BUCKETS, capState, filingDeadline, Grades, overlaps, ratioProblem, SpotCheckDefaults, type CounterEntry, type Ratios } from "./rules";

export { bucketOf, CAP_BUCKETS, capState, filingDeadline, Grades, overlaps, SpotCheckDefaults, type CapState, type CounterEntry, type Grade, type Ratios } from "./rules";

/** 年度检查计划: each enforcement body files its yearly plan (items, period,
 * ratio per credit grade, yearly cap per business) by the filing date; a
 * joint plan names several bodies. Yearly caps are counted per body per
 * business in counters keyed by business and year (no scan of tasks), and a
 * task that would pass the cap is refused unless it is an exception RULES.md
 * allows (special or case-driven checks ordered from above), recorded. */

export const Id = idSchema("pln");
const RatiosSchema = z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), D: z.number().int() });

export const Info = z
  .object({
    id: Id,
    year: z.number().int(),
    title: z.string(),
    bodyIds: z.array(z.string()),
    joint: z.boolean(),
    itemCodes: z.array(z.string()),
    periodFrom: z.string(),
    periodTo: z.string(),
    /** Basis points per grade (500 = 5%). */
    ratios: RatiosSchema,
    cap: z.number().int(),
    late: z.boolean(),
    filedAt: z.string(),
  })
  .meta({ id: "InspectionPlan" });
export type Info = z.infer<typeof Info>;

function toInfo(r: PlanItem): Info {
  return Info.parse({
    id: r.id,
    year: r.year,
    title: r.title,
    bodyIds: r.bodyIds,
    joint: r.bodyIds.length > 1,
    itemCodes: r.itemCodes,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    ratios: r.ratios,
    cap: r.cap,
    late: r.late,
    filedAt: r.filedAt,
  } satisfies z.input<typeof Info>);
}

export const FileInput = z
  .object({
    title: z.string().trim().min(4).max(100),
    year: z.number().int().min(2020).max(2100),
    /** One body, or several for a joint plan. */
    bodyIds: z.array(Enforcement.Id).min(1).max(20),
    itemCodes: z.array(ItemCode).min(1).max(200),
    periodFrom: IsoDate,
    periodTo: IsoDate,
    ratios: RatiosSchema.optional(),
    cap: z.number().int().min(1).max(12).optional(),
  })
  .meta({
    id: "InspectionPlanFile",
    example: { title: "2026年度食品安全双随机抽查计划", year: 2026, bodyIds: ["enb_01HZX3Q6Y1B2C3D4E5F6G7H8J9"], itemCodes: ["FJ-SP-001"], periodFrom: "2026-04-01", periodTo: "2026-06-30" },
  });

export const file = fn(FileInput, async (input) => {
  const tenantId = useTenant();
  const actor = useActor();
  const bodyIds = [...new Set(input.bodyIds)].sort();
  const bodies = await Enforcement.getMany(bodyIds);
  // An officer files for their own department's body (a joint plan: one of them).
  if (actor.type === "user" && actor.role === "officer" && !bodies.some((b) => b.departmentId === actor.departmentId)) {
    throw new VisibleError("plan.not_your_body", {}, 403);
  }
  if (input.periodTo < input.periodFrom) throw new VisibleError("plan.period_order", {}, 400);
  if (!input.periodFrom.startsWith(`${input.year}-`) || !input.periodTo.startsWith(`${input.year}-`)) throw new VisibleError("plan.period_year", { year: input.year }, 400);
  const ratios: Ratios = input.ratios ?? { ...SpotCheckDefaults.ratios.value };
  const bad = ratioProblem(ratios);
  if (bad) throw new VisibleError("plan.ratio_range", { grade: bad.grade, min: bad.min / 100, max: bad.max / 100 }, 400);
  if (bodyIds.length === 1) {
    const existing = (await plansOfYear(input.year)).find((p) => p.bodyIds.length === 1 && p.bodyIds[0] === bodyIds[0]);
    if (existing) throw new VisibleError("plan.duplicate", { name: bodies[0]!.name, year: input.year }, 409);
  }
  const now = Clock.now();
  const plan: PlanItem = {
    tenantId,
    id: createId("pln"),
    year: input.year,
    title: input.title,
    bodyIds,
    itemCodes: [...new Set(input.itemCodes)].sort(),
    periodFrom: input.periodFrom,
    periodTo: input.periodTo,
    ratios,
    cap: input.cap ?? SpotCheckDefaults.yearlyCap.value,
    late: shanghaiDate(now) > filingDeadline(input.year),
    filedBy: actorRef(actor),
    filedAt: now.toISOString(),
  };
  await commit({
    action: "plan.file",
    target: { type: "plan", id: plan.id },
    state: plan,
    summary: { year: plan.year, title: plan.title },
    items: () => [Tx.put(PlanEntity.create(plan))],
  });
  return toInfo(plan);
});

export const fromID = fn(Id, async (id) => {
  const r = (await PlanEntity.get({ tenantId: useTenant(), id }).go()).data;
  if (!r) throw new NotFoundError("plan.not_found");
  return toInfo(r);
});

export const ListInput = z.object({
  year: z.coerce.number().int().min(2020).max(2100),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const list = fn(ListInput, async ({ year, cursor, limit }) => {
  const res = await PlanEntity.query.byYear({ tenantId: useTenant(), year }).go({ cursor, limit });
  return { items: res.data.map(toInfo), cursor: res.cursor ?? undefined };
});

/** A year's plans: a tenant has one per body plus a few joint ones (bounded). */
async function plansOfYear(year: number): Promise<Info[]> {
  const res = await PlanEntity.query.byYear({ tenantId: useTenant(), year }).go({ pages: "all" });
  return res.data.map(toInfo);
}

export const FilingInput = z.object({ year: z.coerce.number().int().min(2020).max(2100) });

/** Who has filed the year's plan and who has not, against the filing date. */
export const filing = fn(FilingInput, async ({ year }) => {
  const [bodies, plans] = await Promise.all([Enforcement.allActive(), plansOfYear(year)]);
  const deadline = filingDeadline(year);
  const today = shanghaiDate(Clock.now());
  const rows = bodies.map((b) => {
    const own = plans.filter((p) => p.bodyIds.includes(b.id));
    return { bodyId: b.id, name: b.name, filed: own.length > 0, late: own.length > 0 && own.every((p) => p.late), planIds: own.map((p) => p.id) };
  });
  return { year, deadline, pastDeadline: today > deadline, bodies: rows, unfiled: rows.filter((r) => !r.filed).map((r) => ({ bodyId: r.bodyId, name: r.name })) };
});

// ---------------------------------------------------------------- caps

export interface Bucket {
  bucket: number;
  entries: Record<string, CounterEntry>;
  /** 0 when the bucket does not exist yet. */
  version: number;
}

/** Read counter buckets of a year (BatchGets of 100 keys, in parallel). */
export async function readBuckets(year: number, buckets: number[]): Promise<Map<number, Bucket>> {
  const tenantId = useTenant();
  const out = new Map<number, Bucket>();
  const wanted = [...new Set(buckets)];
  const groups: number[][] = [];
  for (let i = 0; i < wanted.length; i += Limits.batchGet) groups.push(wanted.slice(i, i + Limits.batchGet));
  await Promise.all(
    groups.map(async (group) => {
      const res = await CounterEntity.get(group.map((bucket) => ({ tenantId, year, bucket }))).go({ consistent: true });
      for (const r of res.data) out.set(r.bucket, { bucket: r.bucket, entries: JSON.parse(r.data) as Record<string, CounterEntry>, version: r.version });
    }),
  );
  for (const b of wanted) if (!out.has(b)) out.set(b, { bucket: b, entries: {}, version: 0 });
  return out;
}

/** Every bucket of a year, for a draw that must know who is at the cap. */
export function allBuckets(year: number) {
  return readBuckets(year, Array.from({ length: CAP_BUCKETS }, (_, i) => i));
}

/** The write of a changed bucket, conditional on the version read (optimistic). */
export function bucketWrite(year: number, b: Bucket): TxItem {
  const tenantId = useTenant();
  const row = { tenantId, year, bucket: b.bucket, data: JSON.stringify(b.entries), version: b.version + 1 };
  return b.version === 0
    ? Tx.put(CounterEntity.create(row))
    : Tx.put(CounterEntity.put(row).where((a, op) => op.eq(a.version, b.version)));
}

/** Many changed buckets at once (a draw's, up to all 256), each conditional on
 * the version read: in transactions of up to 100 items and the byte limit —
 * on DynamoDB Local, three transactions cost a fraction of 256 single writes.
 * A transaction fails whole when any of its buckets changed meanwhile; the
 * buckets of failed transactions are returned (lost), the others are written. */
export async function writeBuckets(year: number, buckets: readonly Bucket[]): Promise<number[]> {
  const groups: { items: TxItem[]; buckets: number[] }[] = [];
  let bytes = 0;
  for (const b of buckets) {
    const item = bucketWrite(year, b);
    const size = JSON.stringify(item.Put!.Item).length + 200;
    const last = groups.at(-1);
    if (!last || last.items.length >= Limits.transactItems || bytes + size > Limits.transactBytes) {
      groups.push({ items: [item], buckets: [b.bucket] });
      bytes = size;
    } else {
      last.items.push(item);
      last.buckets.push(b.bucket);
      bytes += size;
    }
  }
  const lost = await Promise.all(
    groups.map(async (g) => {
      try {
        await useDynamo().send(new TransactWriteCommand({ TransactItems: g.items }));
        return [];
      } catch (err) {
        // A changed bucket (ConditionalCheckFailed) or a concurrent transaction on one (TransactionConflict): re-read and retry.
        if (err instanceof TransactionCanceledException && (err.CancellationReasons ?? []).some((r) => r.Code === "ConditionalCheckFailed" || r.Code === "TransactionConflict")) return g.buckets;
        throw err;
      }
    }),
  );
  return lost.flat();
}

/** The yearly cap of each body: its own plan's cap for the year, else the default. */
export async function capsOf(year: number, bodyIds: string[]): Promise<Record<string, number>> {
  const plans = await plansOfYear(year);
  return Object.fromEntries(
    bodyIds.map((b) => {
      const own = plans.find((p) => p.bodyIds.length === 1 && p.bodyIds[0] === b) ?? plans.find((p) => p.bodyIds.includes(b));
      return [b, own?.cap ?? SpotCheckDefaults.yearlyCap.value];
    }),
  );
}

export const CapStatusInput = z.object({ creditCode: CreditCode, year: z.coerce.number().int().min(2020).max(2100), bodyIds: z.array(Enforcement.Id).min(1).max(20) });

/** How many proactive tasks each body has this year for the business, against its cap; "approaching" is one short. Shown before anyone schedules. */
export const capStatus = fn(CapStatusInput, async ({ creditCode, year, bodyIds }) => {
  const bucket = (await readBuckets(year, [bucketOf(creditCode)])).values().next().value!;
  const entry = bucket.entries[creditCode];
  const caps = await capsOf(year, bodyIds);
  return {
    creditCode,
    year,
    bodies: bodyIds.map((b) => {
      const count = entry?.n[b] ?? 0;
      return { bodyId: b, count, cap: caps[b]!, state: capState(count, caps[b]!) };
    }),
    tasks: entry?.t ?? [],
  };
});

export const Exception = z.object({
  kind: z.enum(["special", "case-driven"]),
  /** Who ordered it from above (上级交办). */
  orderedBy: z.string().trim().min(2).max(100),
  reason: z.string().trim().min(4).max(500),
});

export const TaskInput = z
  .object({
    creditCode: CreditCode,
    bodyIds: z.array(Enforcement.Id).min(1).max(10),
    itemCodes: z.array(ItemCode).min(1).max(50),
    periodFrom: IsoDate,
    periodTo: IsoDate,
    exception: Exception.optional(),
  })
  .meta({
    id: "PlanTaskCreate",
    example: { creditCode: "91350102MA2Y0X0T31", bodyIds: ["enb_01HZX3Q6Y1B2C3D4E5F6G7H8J9"], itemCodes: ["FJ-SP-001"], periodFrom: "2026-12-01", periodTo: "2026-12-31" },
  });

/** Create a task outside a draw (e.g. on a clue): counted against each body's
 * yearly cap, merged into an overlapping task of the same business, refused
 * at the cap unless it is a recorded exception. */
export const createTask = fn(TaskInput, async (input) => {
  const year = Number(input.periodFrom.slice(0, 4));
  const bodyIds = [...new Set(input.bodyIds)].sort();
  const bodies = await Enforcement.getMany(bodyIds);
  await Enforcement.assertMayAct(bodyIds, input.itemCodes, { purpose: "inspection", on: input.periodFrom });
  const caps = await capsOf(year, bodyIds);
  const bucket = (await readBuckets(year, [bucketOf(input.creditCode)])).values().next().value!;
  const entry: CounterEntry = bucket.entries[input.creditCode] ?? { n: {}, t: [] };
  const period = { from: input.periodFrom, to: input.periodTo };
  const merged = entry.t.find((t) => overlaps(t, period));
  const newBodies = merged ? bodyIds.filter((b) => !merged.b.includes(b)) : bodyIds;
  if (!input.exception) {
    for (const b of newBodies) {
      const count = entry.n[b] ?? 0;
      if (count >= caps[b]!) throw new VisibleError("plan.cap_reached", { name: bodies.find((x) => x.id === b)!.name, count, cap: caps[b] }, 409, { bodyId: b, count, cap: caps[b] });
    }
  }
  for (const b of newBodies) entry.n[b] = (entry.n[b] ?? 0) + 1;
  const exception = input.exception ? `${input.exception.kind}: ${input.exception.orderedBy} — ${input.exception.reason}` : undefined;
  let task;
  if (merged) {
    merged.b = [...new Set([...merged.b, ...bodyIds])].sort();
    if (exception) merged.x = exception;
    task = merged;
  } else {
    task = { id: createId("tsk"), ...period, b: bodyIds, ...(exception ? { x: exception } : {}) };
    entry.t.push(task);
  }
  bucket.entries[input.creditCode] = entry;
  await commit({
    action: "plan.task",
    target: { type: "task", id: task.id },
    state: { creditCode: input.creditCode, task, counts: entry.n },
    summary: { creditCode: input.creditCode, exception: input.exception?.kind },
    items: () => [bucketWrite(year, bucket)],
  });
  return { creditCode: input.creditCode, task, merged: !!merged, counts: entry.n, exception: input.exception };
});

