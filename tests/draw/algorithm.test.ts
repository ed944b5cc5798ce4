import { describe, expect, test } from "vitest";
import {
  assignInspectors,
  drawFromPool,
  fisherYates,
  GRADES,
  listHash,
  resultHash,
  seedCommitment,
  selectTasks,
  sha256hex,
  Stream,
  stratumSize,
  type Grade,
  type PlanSpec,
  type PoolSpec,
} from "../../packages/core/src/draw/algorithm";
import { verifyDraw, type Published } from "../../packages/core/src/draw/verify";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";

/** A small directory: 20 businesses per grade, sorted. */
function directory(perGrade = 20): Record<Grade, string[]> {
  const lists = {} as Record<Grade, string[]>;
  GRADES.forEach((g, gi) => {
    lists[g] = Array.from({ length: perGrade }, (_, i) => withCheckChar(`91350102MA${gi}${String(i).padStart(6, "0")}`)).sort();
  });
  return lists;
}

const PLAN: PlanSpec = { id: "pln_A", bodyIds: ["enb_1"], itemCodes: ["FJ-SP-001"], ratios: { A: 500, B: 1000, C: 3000, D: 7000 } };
const none = () => () => [] as (string | undefined)[];
const noSkips = () => (codes: string[]) => codes.map(() => undefined);

describe("the PRNG and the shuffle", () => {
  test("SHA-256 counter mode is fixed by seed and label: block 0 is sha256('<seed>|<label>|0')", () => {
    const seed = "ab".repeat(32);
    const s = new Stream(seed, "x");
    const first = Buffer.from(sha256hex(`${seed}|x|0`), "hex").readUInt32BE(0);
    expect(s.next32()).toBe(first);
    const a = Array.from({ length: 50 }, ((st) => () => st.uniform(7))(new Stream(seed, "y")));
    const b = Array.from({ length: 50 }, ((st) => () => st.uniform(7))(new Stream(seed, "y")));
    expect(a).toEqual(b);
    expect(Array.from({ length: 50 }, ((st) => () => st.uniform(7))(new Stream(seed, "z")))).not.toEqual(a);
  });

  test("partial Fisher–Yates yields a permutation", () => {
    const order = [...fisherYates(new Stream("00".repeat(32), "p"), 100)];
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  test("the stratum size is ⌊N·r⌋ or one more, exactly r·N on average", () => {
    const sizes = Array.from({ length: 2000 }, (_, t) => stratumSize(new Stream(sha256hex(`s${t}`), "k"), 30, 500));
    expect(new Set(sizes)).toEqual(new Set([1, 2]));
    const mean = sizes.reduce((s, x) => s + x, 0) / sizes.length;
    expect(mean).toBeGreaterThan(1.4);
    expect(mean).toBeLessThan(1.6);
  });
});

describe("statistically sound: every business is drawn at its stratum's ratio (chi-square, fixed seed)", () => {
  const lists = directory(20);
  const TRIALS = 3000;

  async function frequencies(select: (seed: string) => Promise<string[]>) {
    const counts = new Map<string, number>();
    for (let t = 0; t < TRIALS; t++) for (const c of await select(sha256hex(`fixed-seed|${t}`))) counts.set(c, (counts.get(c) ?? 0) + 1);
    return counts;
  }

  /** Σ over businesses of the two-cell chi-square (drawn / not drawn) against TRIALS·ratio. */
  function chiSquare(counts: Map<string, number>) {
    let chi = 0;
    let df = 0;
    for (const g of GRADES) {
      const p = PLAN.ratios[g] / 10000;
      const e = TRIALS * p;
      for (const c of lists[g]) {
        const o = counts.get(c) ?? 0;
        chi += (o - e) ** 2 / e + (o - e) ** 2 / (TRIALS - e);
        df++;
      }
    }
    return { chi, df };
  }

  test("the draw passes: χ² below the 0.1% critical value for 80 degrees of freedom (124.8); no business is never drawn (不免抽)", async () => {
    const counts = await frequencies(async (seed) => (await selectTasks({ seed, plans: [PLAN], lists, decide: noSkips })).tasks.map((t) => t.c));
    const { chi, df } = chiSquare(counts);
    expect(df).toBe(80);
    expect(chi).toBeLessThan(124.8);
    for (const g of GRADES) for (const c of lists[g]) expect(counts.get(c) ?? 0).toBeGreaterThan(0);
  });

  test("the test has power: a biased draw (always the first codes) fails it", async () => {
    const counts = await frequencies(async (seed) => {
      const s = new Stream(seed, "bias");
      return GRADES.flatMap((g) => lists[g].slice(0, stratumSize(s, lists[g].length, PLAN.ratios[g])));
    });
    expect(chiSquare(counts).chi).toBeGreaterThan(1000);
  });
});

describe("verifiable: anyone re-runs the draw from the published seed and list", () => {
  const lists = directory(40);
  const seed = sha256hex("a published seed");
  const pools: Record<string, PoolSpec> = {
    enb_1: {
      items: ["FJ-SP-001"],
      members: [
        { id: "isp_1", certified: true, qualifications: ["FJ-SP-001"] },
        { id: "isp_2", certified: true, qualifications: ["FJ-SP-001"] },
        { id: "isp_3", certified: false, qualifications: ["FJ-SP-001"] },
        { id: "isp_4", certified: true, qualifications: ["FJ-SP-001"] },
      ],
    },
    enb_2: { items: ["FJ-TZ-001"], members: [{ id: "isp_5", certified: true, qualifications: ["FJ-TZ-001"] }, { id: "isp_6", certified: true, qualifications: ["FJ-TZ-001"] }] },
  };
  const plans: PlanSpec[] = [PLAN, { id: "pln_B", bodyIds: ["enb_2"], itemCodes: ["FJ-TZ-001"], ratios: { A: 500, B: 2000, C: 6000, D: 10000 } }];

  async function publish(): Promise<Published> {
    const skipCode = lists.D[3]!;
    const decide = (planId: string) => (codes: string[]) => codes.map((c) => (planId === "pln_A" && c === skipCode ? "recognised" : undefined));
    const selection = await selectTasks({ seed, plans, lists, decide });
    const conflicts = (t: { c: string }, b: string) => (b === "enb_1" && t.c === lists.D[0] ? ["isp_1"] : []);
    const tasks = assignInspectors(seed, selection.tasks, pools, conflicts);
    return {
      seed,
      seedCommitment: seedCommitment(seed),
      listHash: listHash(lists),
      counts: { A: 40, B: 40, C: 40, D: 40 },
      plans,
      pools,
      resultHash: resultHash({ tasks, skipped: selection.skipped }),
      lists,
      tasks,
      skipped: selection.skipped,
    };
  }

  test("the re-run matches; joint tasks mix both bodies; nobody uncertified or conflicted is drawn", async () => {
    const p = await publish();
    const report = await verifyDraw(p);
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    const joint = p.tasks.filter((t) => t.bodies.length === 2);
    expect(joint.length).toBeGreaterThan(0);
    for (const t of joint) {
      expect(t.inspectors.enb_1).toHaveLength(1);
      expect(t.inspectors.enb_2).toHaveLength(1);
    }
    for (const t of p.tasks.filter((t) => t.bodies.length === 1)) expect(Object.values(t.inspectors).flat()).toHaveLength(2);
    expect(p.tasks.flatMap((t) => Object.values(t.inspectors).flat())).not.toContain("isp_3");
    const conflicted = p.tasks.find((t) => t.c === lists.D[0]);
    if (conflicted?.inspectors.enb_1) expect(conflicted.inspectors.enb_1).not.toContain("isp_1");
    expect(p.skipped).toEqual([{ plan: "pln_A", c: lists.D[3], reason: "recognised" }].filter((s) => p.skipped.some((x) => x.c === s.c)));
  });

  test("a tampered candidate list is detected", async () => {
    const p = await publish();
    const lists2 = { ...p.lists, B: [...p.lists.B] };
    lists2.B[5] = withCheckChar("91350102MA1999999");
    lists2.B.sort();
    const report = await verifyDraw({ ...p, lists: lists2 });
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === "candidate list matches its commitment")?.ok).toBe(false);
  });

  test("a wrong seed, a changed result or a hidden skip is detected", async () => {
    const p = await publish();
    expect((await verifyDraw({ ...p, seed: sha256hex("another seed") })).checks.find((c) => c.name === "seed matches its commitment")?.ok).toBe(false);
    const tasks = p.tasks.map((t, i) => (i === 0 ? { ...t, inspectors: { ...t.inspectors, [t.bodies[0]!]: ["isp_3", "isp_1"] } } : t));
    expect((await verifyDraw({ ...p, tasks })).ok).toBe(false);
    const swapped = p.tasks.map((t, i) => (i === 1 ? { ...t, c: p.lists.A[0]! } : t));
    expect((await verifyDraw({ ...p, tasks: swapped })).ok).toBe(false);
    expect((await verifyDraw({ ...p, skipped: [...p.skipped, { plan: "pln_A", c: p.tasks[0]!.c, reason: "recognised" }] })).ok).toBe(false);
  });

  test("without the seed (before the draw) nothing verifies", async () => {
    const p = await publish();
    expect((await verifyDraw({ ...p, seed: undefined })).ok).toBe(false);
    expect(drawFromPool(seed, "x", ["a", "b", "c"], 2)).toEqual(drawFromPool(seed, "x", ["a", "b", "c"], 2));
    void none;
  });
});
