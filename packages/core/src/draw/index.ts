export * as Draw from "./index";

import { randomBytes } from "node:crypto";
import * as z from "zod";
import { Business } from "../business";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { Tx } from "../dynamo/tx";
import { Enforcement } from "../enforcement";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { Inspector } from "../inspector";
import { commit } from "../outbox/commit";
import { Plan } from "../plan";
import { shanghaiDate } from "../policy/deadline";
import { Recognition } from "../recognition";
import { coveredItems } from "../recognition/rules";
import { Tenant } from "../tenant";
import { IsoDate } from "../util/date";
import { fn } from "../util/fn";
import { createId, idSchema } from "../util/id";
import { assignInspectors, GRADES, ListHasher, resultHash, seedCommitment, selectTasks, type Grade, type PlanSpec, type PoolSpec, type Task } from "./algorithm";
import { DrawChunkEntity, DrawEntity, type DrawItem } from "./draw.entity";

export * as Algorithm from "./algorithm";

/** 双随机 draws, verifiable: committing publishes SHA-256 of a fresh seed and
 * of the candidate list (the per-grade roster, snapshotted), with the plans and
 * the inspector pools; running draws businesses per grade at each plan's
 * ratio (skipping those at their yearly cap or covered by a recognised result,
 * published with the reason), groups them into one task per business (joint
 * when several plans or bodies select it), draws at least two certified,
 * qualified, unconflicted inspectors per task, and publishes the seed. The
 * algorithm is algorithm.ts; /work/notes/draws-readme.md documents it and the
 * `draw:verify` command re-runs it from the public files. */

export const Id = idSchema("drw");
const RESULT_CHUNK = 200;

const Counts = z.object({ A: z.number(), B: z.number(), C: z.number(), D: z.number() });
export const Info = z
  .object({
    id: Id,
    tenantId: z.string(),
    title: z.string(),
    year: z.number(),
    drawDate: z.string(),
    periodFrom: z.string(),
    periodTo: z.string(),
    plans: z.array(z.object({ id: z.string(), bodyIds: z.array(z.string()), itemCodes: z.array(z.string()), ratios: Counts })),
    pools: z.record(z.string(), z.object({ items: z.array(z.string()), members: z.array(z.object({ id: z.string(), certified: z.boolean(), qualifications: z.array(z.string()) })) })),
    status: z.enum(["committed", "drawn"]),
    seedCommitment: z.string(),
    listHash: z.string(),
    counts: Counts,
    rosterChunks: Counts,
    committedAt: z.string(),
    /** Published only after the draw has run. */
    seed: z.string().optional(),
    drawnAt: z.string().optional(),
    resultHash: z.string().optional(),
    sizes: z.record(z.string(), Counts).optional(),
    taskCount: z.number().optional(),
    jointCount: z.number().optional(),
    skippedCount: z.number().optional(),
    resultChunks: z.number().optional(),
  })
  .meta({ id: "Draw" });
export type Info = z.infer<typeof Info>;

function toInfo(r: DrawItem): Info {
  const drawn = r.status === "drawn";
  return Info.parse({
    id: r.id,
    tenantId: r.tenantId,
    title: r.title,
    year: r.year,
    drawDate: r.drawDate,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    plans: r.plans,
    pools: r.pools,
    status: r.status,
    seedCommitment: r.seedCommitment,
    listHash: r.listHash,
    counts: r.counts,
    rosterChunks: r.rosterChunks,
    committedAt: r.committedAt,
    ...(drawn
      ? {
          seed: r.seed,
          drawnAt: r.drawnAt ?? undefined,
          resultHash: r.resultHash ?? undefined,
          sizes: r.sizes ?? undefined,
          taskCount: r.taskCount ?? undefined,
          jointCount: r.jointCount ?? undefined,
          skippedCount: r.skippedCount ?? undefined,
          resultChunks: r.resultChunks ?? undefined,
        }
      : {}),
  } satisfies z.input<typeof Info>);
}

async function mapLimit<T, R>(items: readonly T[], limit: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await f(items[i]!);
      }
    }),
  );
  return out;
}

const rosterPart = (g: Grade, n: number) => `roster#${g}#${String(n).padStart(5, "0")}`;
const resultPart = (n: number) => `result#${String(n).padStart(5, "0")}`;

async function writeChunks(tenantId: string, drawId: string, parts: { part: string; data: string }[]) {
  if (parts.length === 0) return;
  const res = await DrawChunkEntity.put(parts.map((p) => ({ tenantId, drawId, ...p }))).go();
  if (res.unprocessed.length) throw new Error(`draw ${drawId}: ${res.unprocessed.length} chunks not written`);
}

// ---------------------------------------------------------------- commit

export const CommitInput = z
  .object({
    planIds: z.array(Plan.Id).min(1).max(20),
    title: z.string().trim().min(4).max(100).optional(),
    /** The Beijing date the draw is for (today when omitted). */
    drawDate: IsoDate.optional(),
  })
  .meta({ id: "DrawCommit", example: { planIds: ["pln_01HZX3Q6Y1B2C3D4E5F6G7H8J9"], title: "2026年第二季度双随机抽查" } });

/** Publish the commitment: seed hash, candidate-list hash (the per-grade roster, snapshotted now), plans and pools. */
export const commitDraw = fn(CommitInput, async (input) => {
  const tenantId = useTenant();
  const plans = await Promise.all([...new Set(input.planIds)].map((id) => Plan.fromID(id)));
  const year = plans[0]!.year;
  if (plans.some((p) => p.year !== year)) throw new VisibleError("draw.plans_year", {}, 400);
  const drawDate = input.drawDate ?? shanghaiDate(Clock.now());
  const bodyIds = [...new Set(plans.flatMap((p) => p.bodyIds))].sort();
  const bodies = await Enforcement.getMany(bodyIds);
  const pools: Record<string, PoolSpec> = {};
  for (const b of bodies) {
    const members = await Inspector.pool(b.id);
    pools[b.id] = { items: b.inspectionItems, members: members.map((m) => ({ id: m.id, certified: Inspector.isCertified(m, drawDate), qualifications: m.qualifications })) };
  }
  const id = createId("drw");
  const hasher = new ListHasher();
  const rosterChunks: Record<Grade, number> = { A: 0, B: 0, C: 0, D: 0 };
  // The snapshot is written while the roster is still being read (a few writes in flight).
  const writing = new Set<Promise<void>>();
  const write = async (parts: { part: string; data: string }[]) => {
    const p = writeChunks(tenantId, id, parts).finally(() => writing.delete(p));
    writing.add(p);
    p.catch(() => undefined); // awaited below (race, then all)
    if (writing.size >= 4) await Promise.race(writing);
  };
  let pending: { part: string; data: string }[] = [];
  try {
    for (const g of GRADES) {
      for await (const codes of Business.roster(g)) {
        if (codes.length === 0) continue;
        hasher.add(g, codes);
        pending.push({ part: rosterPart(g, rosterChunks[g]++), data: codes.join("\n") });
        if (pending.length >= 5) {
          await write(pending);
          pending = [];
        }
      }
    }
    await write(pending);
  } finally {
    await Promise.all(writing);
  }
  const counts = { ...hasher.counts };
  if (GRADES.every((g) => counts[g] === 0)) throw new VisibleError("draw.empty_roster", {}, 409);
  const seed = randomBytes(32).toString("hex");
  const listHash = hasher.digest();
  const row: DrawItem = {
    tenantId,
    id,
    title: input.title ?? plans.map((p) => p.title).join(" + "),
    year,
    drawDate,
    periodFrom: plans.map((p) => p.periodFrom).sort()[0]!,
    periodTo: plans.map((p) => p.periodTo).sort().at(-1)!,
    plans: plans.map((p): PlanSpec => ({ id: p.id, bodyIds: p.bodyIds, itemCodes: p.itemCodes, ratios: p.ratios })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    pools,
    status: "committed",
    seed,
    seedCommitment: seedCommitment(seed),
    listHash,
    counts,
    rosterChunks,
    committedBy: actorRef(useActor()),
    committedAt: Clock.iso(),
  };
  await commit({
    action: "draw.commit",
    target: { type: "draw", id },
    // The audit state carries the commitment, never the seed.
    state: { ...row, seed: undefined },
    summary: { seedCommitment: row.seedCommitment, listHash },
    items: () => [Tx.put(DrawEntity.create(row))],
  });
  return toInfo(row);
});

// ---------------------------------------------------------------- run

async function loadRoster(tenantId: string, drawId: string): Promise<Record<Grade, string[]>> {
  const lists: Record<Grade, string[]> = { A: [], B: [], C: [], D: [] };
  // Big chunks (8,000 codes each), a few 1 MB query pages for 200,000 businesses.
  const res = await DrawChunkEntity.query.byDraw({ tenantId, drawId }).begins({ part: "roster#" }).go({ pages: "all" });
  for (const r of res.data.sort((a, b) => (a.part < b.part ? -1 : 1))) {
    const g = r.part.split("#")[1] as Grade;
    for (const c of r.data.split("\n")) lists[g].push(c);
  }
  return lists;
}

/** A stored result line: the task as drawn, plus what is not part of the draw's hash (task ID, merge, cap flags). */
export interface ResultLine extends Task {
  id: string;
  /** Merged into a task of the same business and an overlapping period from an earlier draw or task. */
  mergedInto?: string;
  /** Bodies for which this task brings the business to its yearly cap (flagged before scheduling). */
  capReached?: string[];
}

/** How often a run re-reads the cap buckets after losing a race on one (an ad-hoc task of the same bucket). */
const BUCKET_ATTEMPTS = 5;

export const run = fn(Id, async (drawId) => {
  const tenantId = useTenant();
  const row = (await DrawEntity.get({ tenantId, id: drawId }).go({ consistent: true })).data;
  if (!row) throw new NotFoundError("draw.not_found");
  if (row.status !== "committed") throw new VisibleError("draw.already_drawn", {}, 409);
  const bodyIds = Object.keys(row.pools).sort();
  // The bodies' people: whether anyone declared a township decides whether the drawn businesses' townships are read (回避).
  const people = Promise.all(bodyIds.map((b) => Inspector.pool(b))).then((pools) => new Map(pools.flat().map((p) => [p.id, p])));
  const [lists, caps, initialBuckets, listed, pool] = await Promise.all([
    loadRoster(tenantId, drawId),
    Plan.capsOf(row.year, bodyIds),
    Plan.allBuckets(row.year),
    // Who has anything in the recognition registry: only those candidates' index is read (nearly none).
    Recognition.directory(),
    people,
  ]);
  const on = new Date(`${row.drawDate}T12:00:00+08:00`);
  const byTownship = [...pool.values()].some((p) => p.conflictTownships.length > 0 || !!p.homeTownship);
  // Recognised results, asked once per business for all plans, a whole batch of candidates at a time.
  const recognised = new Map<string, Recognition.ValidWindow[]>();
  // The selected businesses' townships (for 回避) are read while the draw goes on, and awaited before inspectors are drawn.
  const towns = new Map<string, string>();
  const reading: Promise<void>[] = [];
  let readFailed: unknown;
  const decide = (planId: string) => {
    const plan = row.plans.find((p) => p.id === planId)!;
    return async (codes: string[]) => {
      const atCap = codes.map((c) => {
        const entry = initialBuckets.get(Plan.bucketOf(c))!.entries[c];
        return !!entry && plan.bodyIds.some((b) => (entry.n[b] ?? 0) >= caps[b]!);
      });
      const unknown = codes.filter((c, i) => !atCap[i] && !recognised.has(c));
      if (unknown.length) {
        const found = await Recognition.validOnMany(unknown, on, 8, listed);
        for (const c of unknown) recognised.set(c, found.get(c) ?? []);
      }
      const reasons = codes.map((c, i) => {
        if (atCap[i]) return "cap";
        const covered = new Set(recognised.get(c)!.flatMap((r) => coveredItems(r.itemCodes, plan.itemCodes)));
        return covered.size > 0 && plan.itemCodes.every((item) => covered.has(item)) ? "recognised" : undefined;
      });
      const missing = byTownship ? codes.filter((c, i) => !reasons[i] && !towns.has(c)) : [];
      if (missing.length) {
        for (const c of missing) towns.set(c, "");
        reading.push(
          Business.townships(missing).then(
            (found) => void found.forEach((t, c) => towns.set(c, t)),
            (err) => void (readFailed ??= err),
          ),
        );
      }
      return reasons;
    };
  };
  const selection = await selectTasks({ seed: row.seed, plans: row.plans, lists, decide });
  await Promise.all(reading);
  if (readFailed) throw readFailed;
  const conflictsOf = (t: { c: string }, bodyId: string) => {
    const business = { creditCode: t.c, township: towns.get(t.c) || undefined };
    return row.pools[bodyId]!.members.filter((m) => {
      const p = pool.get(m.id);
      return !p || Inspector.hasConflict(p, business);
    }).map((m) => m.id);
  };
  const tasks = assignInspectors(row.seed, selection.tasks, row.pools, conflictsOf);
  const hash = resultHash({ tasks, skipped: selection.skipped });

  const skippedParts: { part: string; data: string }[] = [];
  for (let i = 0; i < selection.skipped.length; i += RESULT_CHUNK * 2) {
    skippedParts.push({ part: `skipped#${String(i / (RESULT_CHUNK * 2)).padStart(5, "0")}`, data: selection.skipped.slice(i, i + RESULT_CHUNK * 2).map((s) => JSON.stringify(s)).join("\n") });
  }
  await writeAll(tenantId, drawId, skippedParts);
  // Count the tasks against the yearly caps and merge into overlapping tasks of earlier draws. A
  // bucket changed meanwhile (an ad-hoc task of a business in it) fails that bucket's write; the
  // run then reads every bucket again and applies what is not applied yet (bounded).
  let buckets = initialBuckets;
  let prior = new Map<string, ResultLine>();
  let lines: ResultLine[] = [];
  for (let attempt = 1; ; attempt++) {
    const counted = countTasks(tasks, buckets, prior, caps, { from: row.periodFrom, to: row.periodTo });
    lines = counted.lines;
    const parts: { part: string; data: string }[] = [];
    for (let i = 0; i < lines.length; i += RESULT_CHUNK) {
      parts.push({ part: resultPart(parts.length), data: lines.slice(i, i + RESULT_CHUNK).map((l) => JSON.stringify(l)).join("\n") });
    }
    // The result parts and the optimistic bucket writes (every changed bucket, at most 256 a year, in
    // transactions of up to 100) go out together: a lost bucket recounts and rewrites the parts under
    // the same keys, and the draw's chunk count (set last, below) says how many parts are its result.
    const [, lost] = await Promise.all([
      writeAll(tenantId, drawId, parts),
      Plan.writeBuckets(row.year, [...counted.changed].map((n) => buckets.get(n)!)),
    ]);
    if (lost.length === 0) break;
    if (attempt >= BUCKET_ATTEMPTS) throw new ConflictError();
    prior = new Map(lines.map((l) => [l.c, l]));
    await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    buckets = await Plan.allBuckets(row.year);
  }
  const patch = {
    status: "drawn" as const,
    drawnAt: Clock.iso(),
    resultHash: hash,
    sizes: selection.sizes,
    taskCount: tasks.length,
    jointCount: tasks.filter((t) => t.bodies.length > 1).length,
    skippedCount: selection.skipped.length,
    resultChunks: Math.ceil(lines.length / RESULT_CHUNK),
  };
  await commit({
    action: "draw.run",
    target: { type: "draw", id: drawId },
    state: { id: drawId, seed: row.seed, seedCommitment: row.seedCommitment, listHash: row.listHash, ...patch },
    summary: { tasks: tasks.length, resultHash: hash },
    items: () => [Tx.update(DrawEntity.patch({ tenantId, id: drawId }).set(patch).where((a, op) => op.eq(a.status, "committed")))],
    onConditionFailed: () => new VisibleError("draw.already_drawn", {}, 409),
  });
  return toInfo({ ...row, ...patch });
});

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** Task IDs for a whole draw (`tsk_` + a ULID: 48-bit time, 80 random bits) from
 * one randomBytes call per 400 IDs: util/id's ulid() asks the CSPRNG once per
 * character, which took most of a draw's own CPU time (issue 12 profile). */
export function taskIds(): () => string {
  let pool = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + 10 > pool.length) {
      pool = randomBytes(4000);
      at = 0;
    }
    let time = "";
    for (let t = Date.now(), i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
    // 80 bits as 16 characters of 5 bits: two 40-bit halves.
    let random = "";
    for (let half = 0; half < 2; half++) {
      let v = 0;
      for (let k = 0; k < 5; k++) v = v * 256 + pool[at++]!;
      let chars = "";
      for (let i = 0; i < 8; i++, v = Math.floor(v / 32)) chars = CROCKFORD[v % 32] + chars;
      random += chars;
    }
    return `tsk_${time}${random}`;
  };
}

/** The drawn tasks counted into the buckets as read (mutated in place): each
 * task merges into an overlapping task of its business or becomes a new one.
 * A task `prior` (an earlier attempt) already applied — its task is in the
 * bucket with all its bodies — is left as it is, so a retry never counts twice. */
export function countTasks(tasks: readonly Task[], buckets: Map<number, Plan.Bucket>, prior: ReadonlyMap<string, ResultLine>, caps: Record<string, number>, period: { from: string; to: string }) {
  const lines: ResultLine[] = [];
  const changed = new Set<number>();
  const nextId = taskIds();
  for (const t of tasks) {
    const bucketNo = Plan.bucketOf(t.c);
    const entry = (buckets.get(bucketNo)!.entries[t.c] ??= { n: {}, t: [] });
    const before = prior.get(t.c);
    if (before && entry.t.some((x) => x.id === before.id && t.bodies.every((b) => x.b.includes(b)))) {
      lines.push(before);
      continue;
    }
    const earlier = entry.t.find((x) => Plan.overlaps(x, period));
    const newBodies = earlier ? t.bodies.filter((b) => !earlier.b.includes(b)) : t.bodies;
    for (const b of newBodies) entry.n[b] = (entry.n[b] ?? 0) + 1;
    let id: string;
    if (earlier) {
      earlier.b = [...new Set([...earlier.b, ...t.bodies])].sort();
      id = earlier.id;
    } else {
      id = nextId();
      entry.t.push({ id, from: period.from, to: period.to, b: t.bodies });
    }
    changed.add(bucketNo);
    const capReached = t.bodies.filter((b) => (entry.n[b] ?? 0) >= caps[b]!);
    lines.push({ ...t, id, ...(earlier ? { mergedInto: earlier.id } : {}), ...(capReached.length ? { capReached } : {}) });
  }
  return { lines, changed };
}

/** Chunks written 25 to a BatchWriteItem, several in flight. */
async function writeAll(tenantId: string, drawId: string, parts: { part: string; data: string }[]) {
  const groups: { part: string; data: string }[][] = [];
  for (let i = 0; i < parts.length; i += 25) groups.push(parts.slice(i, i + 25));
  await mapLimit(groups, 4, (g) => writeChunks(tenantId, drawId, g));
}

// ---------------------------------------------------------------- reads

export const fromID = fn(Id, async (id) => {
  const r = (await DrawEntity.get({ tenantId: useTenant(), id }).go()).data;
  if (!r) throw new NotFoundError("draw.not_found");
  return toInfo(r);
});

export const ListInput = z.object({ cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(100).default(20) });

export const list = fn(ListInput, async ({ cursor, limit }) => {
  const res = await DrawEntity.query.byTenant({ tenantId: useTenant() }).go({ cursor, limit, order: "desc" });
  return { items: res.data.map(toInfo), cursor: res.cursor ?? undefined };
});

async function chunk(tenantId: string, drawId: string, part: string) {
  return (await DrawChunkEntity.get({ tenantId, drawId, part }).go()).data?.data;
}

/** One published chunk of the candidate list of a grade; `next` is the following chunk's number. */
export async function rosterPage(tenantId: string, drawId: string, grade: Grade, n: number) {
  const row = await drawOf(tenantId, drawId);
  const data = n < row.rosterChunks[grade] ? await chunk(tenantId, drawId, rosterPart(grade, n)) : undefined;
  return { grade, chunk: n, codes: data ? data.split("\n") : [], next: n + 1 < row.rosterChunks[grade] ? n + 1 : null };
}

/** One chunk of the published result (tasks), once drawn. */
export async function resultPage(tenantId: string, drawId: string, n: number) {
  const row = await drawOf(tenantId, drawId);
  if (row.status !== "drawn") return { chunk: n, tasks: [] as ResultLine[], next: null };
  const data = await chunk(tenantId, drawId, resultPart(n));
  const tasks = data ? data.split("\n").map((l) => JSON.parse(l) as ResultLine) : [];
  return { chunk: n, tasks, next: n + 1 < (row.resultChunks ?? 0) ? n + 1 : null };
}

/** Every skip of the result, with its reason (cap, recognised). */
export async function skippedOf(tenantId: string, drawId: string) {
  const res = await DrawChunkEntity.query.byDraw({ tenantId, drawId }).begins({ part: "skipped#" }).go({ pages: "all" });
  return res.data.sort((a, b) => (a.part < b.part ? -1 : 1)).flatMap((r) => r.data.split("\n").map((l) => JSON.parse(l) as { plan: string; c: string; reason: string }));
}

async function drawOf(tenantId: string, drawId: string) {
  if (!Tenant.exists(tenantId)) throw new VisibleError("tenant.not_found", { tenantId }, 404);
  const r = (await DrawEntity.get({ tenantId, id: drawId }).go()).data;
  if (!r) throw new NotFoundError("draw.not_found");
  return r;
}

/** The public record of a draw (anyone, no sign-in): the commitment, and the seed once drawn. */
export async function publicInfo(tenantId: string, drawId: string) {
  return toInfo(await drawOf(tenantId, drawId));
}

/** The tenant's draws, newest first, for the public page. */
export async function publicList(tenantId: string, page: z.input<typeof ListInput>) {
  if (!Tenant.exists(tenantId)) throw new VisibleError("tenant.not_found", { tenantId }, 404);
  const { cursor, limit } = ListInput.parse(page);
  const res = await DrawEntity.query.byTenant({ tenantId }).go({ cursor, limit, order: "desc" });
  return { items: res.data.map(toInfo), cursor: res.cursor ?? undefined };
}

/** A result page for the portal, with the businesses' names. */
export const TasksInput = z.object({ id: Id, chunk: z.coerce.number().int().min(0).default(0) });
export const tasks = fn(TasksInput, async ({ id, chunk: n }) => {
  const page = await resultPage(useTenant(), id, n);
  const names = new Map((await Business.getMany(page.tasks.map((t) => t.c))).map((b) => [b.creditCode, { name: b.name, grade: b.grade, townshipName: b.townshipName }]));
  return { ...page, tasks: page.tasks.map((t) => ({ ...t, business: names.get(t.c) })) };
});
