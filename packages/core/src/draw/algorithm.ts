import { createHash } from "node:crypto";

/** The 双随机 draw, exactly as published (see /work/notes/draws-readme.md):
 * anyone holding the published seed, candidate list, plans, inspector pools
 * and skip lists re-runs it with this file (or their own implementation of
 * the same steps) and gets the same result. Pure: no I/O, no clock, no
 * Math.random. */

export const GRADES = ["A", "B", "C", "D"] as const;
export type Grade = (typeof GRADES)[number];

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest();
export const sha256hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** The commitment to a seed: SHA-256 of its lowercase hex text. */
export function seedCommitment(seedHex: string): string {
  return sha256hex(seedHex.toLowerCase());
}

/** The candidate list's hash: SHA-256 over the lines `<grade>:<credit code>\n`,
 * grades A, B, C, D in turn, codes in ascending order within a grade. Fed in
 * chunks so 200,000 codes never form one string. */
export class ListHasher {
  private readonly h = createHash("sha256");
  private last: { grade: string; code: string } | undefined;
  readonly counts: Record<Grade, number> = { A: 0, B: 0, C: 0, D: 0 };
  add(grade: Grade, codes: readonly string[]) {
    if (this.last && GRADES.indexOf(grade) < GRADES.indexOf(this.last.grade as Grade)) throw new Error(`grade ${grade} after ${this.last.grade}`);
    let text = "";
    for (const code of codes) {
      if (this.last && this.last.grade === grade && !(this.last.code < code)) throw new Error(`list of grade ${grade} is not strictly ascending at ${code}`);
      this.last = { grade, code };
      text += `${grade}:${code}\n`;
    }
    this.counts[grade] += codes.length;
    this.h.update(text, "utf8");
  }
  digest(): string {
    return this.h.digest("hex");
  }
}

export function listHash(lists: Record<Grade, readonly string[]>): string {
  const h = new ListHasher();
  for (const g of GRADES) h.add(g, lists[g]);
  return h.digest();
}

/** SHA-256 in counter mode: block i = SHA-256("<seed>|<label>|<i>"), i = 0, 1, …;
 * each block gives eight unsigned 32-bit integers, big-endian, in order. */
export class Stream {
  private block = Buffer.alloc(0);
  private offset = 32;
  private counter = 0;
  constructor(
    private readonly seedHex: string,
    private readonly label: string,
  ) {}
  next32(): number {
    if (this.offset >= 32) {
      this.block = sha256(`${this.seedHex}|${this.label}|${this.counter++}`);
      this.offset = 0;
    }
    const v = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  /** Uniform in [0, n) by rejection: draw until below the largest multiple of n that fits in 2^32. */
  uniform(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 2 ** 32) throw new Error(`uniform(${n})`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const u = this.next32();
      if (u < limit) return u % n;
    }
  }
}

/** How many of N to draw at a ratio in basis points: ⌊N·bp/10000⌋, plus one
 * with probability (N·bp mod 10000)/10000 — the first value of the stratum's
 * stream, uniform(10000), decides — so every business's chance is exactly bp/10000. */
export function stratumSize(stream: Stream, n: number, bp: number): number {
  const u = stream.uniform(10000);
  const product = n * bp;
  return Math.floor(product / 10000) + (u < product % 10000 ? 1 : 0);
}

/** Partial Fisher–Yates over positions 0…n−1: step i swaps position i with
 * i + uniform(n − i) and yields the index now at i. Only swapped positions
 * are kept (a map), so memory grows with the steps taken, not with n. */
export function* fisherYates(stream: Stream, n: number): Generator<number> {
  const moved = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const j = i + stream.uniform(n - i);
    const atI = moved.get(i) ?? i;
    const atJ = moved.get(j) ?? j;
    moved.set(j, atI);
    moved.delete(i);
    yield atJ;
  }
}

/** Decides, for candidates in draw order, whether each is skipped and why
 * (at its cap, covered by a recognised result): the platform asks its
 * records, a verifier reads the published skip list. */
export type Decide = (codes: string[]) => Promise<(string | undefined)[]> | (string | undefined)[];

export interface StratumResult {
  size: number;
  selected: string[];
  skipped: { c: string; reason: string }[];
}

/** Draw one stratum for one plan: the stream labelled `<planId>|<grade>`,
 * its size, then candidates in Fisher–Yates order, skipping those `decide`
 * names, until `size` are selected or the list runs out. */
export async function drawStratum(seedHex: string, planId: string, grade: Grade, list: readonly string[], bp: number, decide: Decide): Promise<StratumResult> {
  const stream = new Stream(seedHex, `${planId}|${grade}`);
  const size = stratumSize(stream, list.length, bp);
  const order = fisherYates(stream, list.length);
  const selected: string[] = [];
  const skipped: { c: string; reason: string }[] = [];
  let done = false;
  while (!done && selected.length < size) {
    const batch: string[] = [];
    for (let want = size - selected.length; batch.length < want; ) {
      const next = order.next();
      if (next.done) {
        done = true;
        break;
      }
      batch.push(list[next.value]!);
    }
    if (batch.length === 0) break;
    const reasons = await decide(batch);
    batch.forEach((c, i) => {
      const reason = reasons[i];
      if (reason) skipped.push({ c, reason });
      else selected.push(c);
    });
  }
  return { size, selected, skipped };
}

/** Draw `count` from a pool (sorted IDs) with the stream labelled `label`, in draw order. */
export function drawFromPool(seedHex: string, label: string, pool: readonly string[], count: number): string[] {
  const stream = new Stream(seedHex, label);
  const out: string[] = [];
  for (const i of fisherYates(stream, pool.length)) {
    if (out.length >= count) break;
    out.push(pool[i]!);
  }
  return out;
}

// ---------------------------------------------------------------- the whole draw

export interface PlanSpec {
  id: string;
  bodyIds: string[];
  itemCodes: string[];
  /** Basis points per grade. */
  ratios: Record<Grade, number>;
}

export interface Task {
  /** Credit code. */
  c: string;
  /** Plans that selected it (ascending), and their bodies and items, united: one joint task per business. */
  plans: string[];
  bodies: string[];
  items: string[];
  /** Drawn inspectors per body, in draw order. */
  inspectors: Record<string, string[]>;
  /** Per body, pool members with a declared conflict with this business (回避), ascending; the reason stays private. */
  conflicts: Record<string, string[]>;
  /** Fewer eligible inspectors than needed. */
  understaffed?: boolean;
}

/** A member of a body's published pool: whether they hold a valid certificate
 * on the draw's date (officers only; never grid workers or auxiliaries), and
 * the items they are qualified for. */
export interface PoolMember {
  id: string;
  certified: boolean;
  qualifications: string[];
}

export interface PoolSpec {
  /** The items the body may inspect (its published list); a body inspects its share of a joint task's items. */
  items: string[];
  /** Ascending by ID. */
  members: PoolMember[];
}

/** How many to draw from each body: at least `minimum` (2) in all, one per body on a joint task. */
export function inspectorsNeeded(bodyCount: number, minimum = 2): number {
  return bodyCount >= minimum ? 1 : Math.ceil(minimum / bodyCount);
}

/** The items of a task a body inspects: those on its list (all the task's items if none are). */
export function bodyShare(taskItems: readonly string[], bodyItems: readonly string[]): string[] {
  const listed = new Set(bodyItems);
  const share = taskItems.filter((i) => listed.has(i));
  return share.length ? share : [...taskItems];
}

/** Members a task may draw from a body: certified, qualified for the body's share, no conflict. */
export function eligibleMembers(pool: PoolSpec, taskItems: readonly string[], conflicts: readonly string[] = []): string[] {
  const share = bodyShare(taskItems, pool.items);
  const out = new Set(conflicts);
  return pool.members.filter((m) => m.certified && !out.has(m.id) && share.every((i) => m.qualifications.includes(i))).map((m) => m.id);
}

export interface SelectInput {
  seed: string;
  plans: PlanSpec[];
  lists: Record<Grade, readonly string[]>;
  /** Skip decisions per plan. */
  decide: (planId: string) => Decide;
}

export interface Selection {
  /** Tasks without inspectors yet, ascending by credit code. */
  tasks: Omit<Task, "inspectors" | "conflicts" | "understaffed">[];
  skipped: { plan: string; c: string; reason: string }[];
  sizes: Record<string, Record<Grade, number>>;
}

/** Step 1: plans in ascending ID order, each grade's stratum per plan; the
 * selected businesses grouped into one task each (a business two plans select is one joint task). */
export async function selectTasks(input: SelectInput): Promise<Selection> {
  const plans = [...input.plans].sort((a, b) => (a.id < b.id ? -1 : 1));
  const byCode = new Map<string, { plans: Set<string>; bodies: Set<string>; items: Set<string> }>();
  const skipped: Selection["skipped"] = [];
  const sizes: Selection["sizes"] = {};
  for (const plan of plans) {
    sizes[plan.id] = { A: 0, B: 0, C: 0, D: 0 };
    for (const g of GRADES) {
      const r = await drawStratum(input.seed, plan.id, g, input.lists[g], plan.ratios[g], input.decide(plan.id));
      sizes[plan.id]![g] = r.size;
      for (const s of r.skipped) skipped.push({ plan: plan.id, c: s.c, reason: s.reason });
      for (const c of r.selected) {
        const t = byCode.get(c) ?? { plans: new Set(), bodies: new Set(), items: new Set() };
        t.plans.add(plan.id);
        for (const b of plan.bodyIds) t.bodies.add(b);
        for (const i of plan.itemCodes) t.items.add(i);
        byCode.set(c, t);
      }
    }
  }
  const tasks = [...byCode.keys()].sort().map((c) => {
    const t = byCode.get(c)!;
    return { c, plans: [...t.plans].sort(), bodies: [...t.bodies].sort(), items: [...t.items].sort() };
  });
  skipped.sort((a, b) => (a.plan < b.plan ? -1 : a.plan > b.plan ? 1 : a.c < b.c ? -1 : a.c > b.c ? 1 : 0));
  return { tasks, skipped, sizes };
}

/** Step 2: per task and body (ascending), `inspectorsNeeded` members drawn
 * from the eligible ones with the stream labelled `<credit code>|<body>|inspectors`. */
export function assignInspectors(
  seed: string,
  tasks: Selection["tasks"],
  pools: Record<string, PoolSpec>,
  conflictsOf: (task: Selection["tasks"][number], bodyId: string) => string[],
  minimum = 2,
): Task[] {
  return tasks.map((t) => {
    const task: Task = { ...t, inspectors: {}, conflicts: {} };
    const need = inspectorsNeeded(t.bodies.length, minimum);
    for (const b of t.bodies) {
      const pool = pools[b] ?? { items: [], members: [] };
      const conflicts = conflictsOf(t, b);
      if (conflicts.length) task.conflicts[b] = [...conflicts].sort();
      task.inspectors[b] = drawFromPool(seed, `${t.c}|${b}|inspectors`, eligibleMembers(pool, t.items, conflicts), need);
      if (task.inspectors[b]!.length < need) task.understaffed = true;
    }
    return task;
  });
}

export interface DrawResult {
  tasks: Task[];
  skipped: Selection["skipped"];
  sizes: Selection["sizes"];
}

/** The result's hash: SHA-256 over one line per task then one per skip, each the JSON of its fields in a fixed order. */
export function resultHash(r: Pick<DrawResult, "tasks" | "skipped">): string {
  const h = createHash("sha256");
  for (const t of r.tasks) h.update(taskLine(t) + "\n", "utf8");
  for (const s of r.skipped) h.update(JSON.stringify([s.plan, s.c, s.reason]) + "\n", "utf8");
  return h.digest("hex");
}

export function taskLine(t: Task): string {
  const per = (rec: Record<string, unknown>) => t.bodies.map((b) => rec[b] ?? []);
  return JSON.stringify([t.c, t.plans, t.bodies, t.items, per(t.inspectors), per(t.conflicts), !!t.understaffed]);
}
