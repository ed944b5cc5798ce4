import { assignInspectors, GRADES, listHash, resultHash, seedCommitment, selectTasks, taskLine, type Grade, type PlanSpec, type PoolSpec, type Task } from "./algorithm";

/** Re-run a published draw from what was published and compare. Pure: the
 * `draw:verify` command fetches the files, tests pass them in. */

export interface Published {
  seed?: string;
  seedCommitment: string;
  listHash: string;
  counts: Record<Grade, number>;
  plans: PlanSpec[];
  pools: Record<string, PoolSpec>;
  resultHash?: string;
  lists: Record<Grade, string[]>;
  /** The published result lines (extra fields such as task IDs are ignored). */
  tasks: Task[];
  skipped: { plan: string; c: string; reason: string }[];
}

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

export async function verifyDraw(p: Published): Promise<{ ok: boolean; checks: Check[] }> {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail?: string) => checks.push({ name, ok, ...(detail ? { detail } : {}) });
  if (!p.seed) {
    add("seed published", false, "the draw has not run yet: only the commitment is published");
    return { ok: false, checks };
  }
  add("seed matches its commitment", seedCommitment(p.seed) === p.seedCommitment, `sha256(seed) = ${seedCommitment(p.seed)}, committed ${p.seedCommitment}`);
  let computedList = "";
  try {
    computedList = listHash(p.lists);
  } catch (err) {
    add("candidate list well-formed", false, (err as Error).message);
  }
  add("candidate list matches its commitment", computedList === p.listHash, `computed ${computedList}, committed ${p.listHash}`);
  const countsOk = GRADES.every((g) => p.lists[g].length === p.counts[g]);
  add("candidate counts", countsOk, GRADES.map((g) => `${g} ${p.lists[g].length}/${p.counts[g]}`).join(", "));
  const badReason = p.skipped.find((s) => s.reason !== "cap" && s.reason !== "recognised");
  add("skip reasons are the allowed ones (cap, recognised)", !badReason, badReason ? `${badReason.c}: ${badReason.reason}` : undefined);

  const skips = new Map<string, Map<string, string>>();
  for (const s of p.skipped) {
    const m = skips.get(s.plan) ?? new Map<string, string>();
    m.set(s.c, s.reason);
    skips.set(s.plan, m);
  }
  const selection = await selectTasks({
    seed: p.seed,
    plans: p.plans,
    lists: p.lists,
    decide: (planId) => (codes) => codes.map((c) => skips.get(planId)?.get(c)),
  });
  const published = new Map(p.tasks.map((t) => [t.c, t]));
  const conflicts = (t: { c: string }, b: string) => published.get(t.c)?.conflicts?.[b] ?? [];
  const rerun = assignInspectors(p.seed, selection.tasks, p.pools, conflicts);
  const usedSkips = selection.skipped.length === p.skipped.length;
  add("every published skip was reached by the draw", usedSkips, `${selection.skipped.length} reached, ${p.skipped.length} published`);
  const mismatches: string[] = [];
  if (rerun.length !== p.tasks.length) mismatches.push(`${rerun.length} tasks re-drawn, ${p.tasks.length} published`);
  const sortedPublished = [...p.tasks].sort((a, b) => (a.c < b.c ? -1 : a.c > b.c ? 1 : 0));
  for (let i = 0; i < Math.max(rerun.length, sortedPublished.length) && mismatches.length < 5; i++) {
    const a = rerun[i];
    const b = sortedPublished[i];
    if (!a || !b || taskLine(a) !== taskLine(normalise(b))) mismatches.push(`task ${i}: re-drawn ${a ? a.c : "-"}, published ${b ? b.c : "-"}`);
  }
  add("re-run gives the published businesses and inspectors", mismatches.length === 0, mismatches.join("; ") || `${rerun.length} tasks`);
  if (p.resultHash) {
    const h = resultHash({ tasks: rerun, skipped: selection.skipped });
    add("result matches its published hash", h === p.resultHash, `computed ${h}, published ${p.resultHash}`);
  }
  return { ok: checks.every((c) => c.ok), checks };
}

function normalise(t: Task): Task {
  return { c: t.c, plans: t.plans, bodies: t.bodies, items: t.items, inspectors: t.inspectors, conflicts: t.conflicts ?? {}, ...(t.understaffed ? { understaffed: true } : {}) };
}
