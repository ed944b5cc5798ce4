import type { History } from "./model";

/** The demo's history for the back-test (pure, seeded, reproducible): the
 * demo directory's businesses (Business.generate, seed 2026) given two years
 * of clues, spot checks and penalties before T, and ONE inspection each in the
 * horizon after T (the period's round of visits, as in Chicago's evaluation)
 * whose outcome is the "later finding". Each business has a hidden propensity
 * to break rules, loosely tied to its credit grade; clues and findings are
 * drawn from it with noise. The back-test's figures are in these terms —
 * what ranking the demo's own data gains — not a claim about real data. */

export interface SimBusiness {
  creditCode: string;
  grade: string;
  registeredOn?: string;
}

export interface SimOptions {
  seed: number;
  /** Rank at this instant. */
  at: Date;
  /** History before T. */
  pastDays: number;
  /** The round of inspections after T. */
  horizonDays: number;
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GRADE_BASE: Record<string, number> = { A: 0.04, B: 0.08, C: 0.16, D: 0.28 };
const DAY = 86_400_000;

export function simulate(businesses: readonly SimBusiness[], o: SimOptions): History[] {
  const random = rng(o.seed);
  const t0 = o.at.getTime();
  const day = (from: number, span: number) => new Date(from + Math.floor(random() * span) * DAY).toISOString();
  const poisson = (lambda: number) => {
    let k = 0;
    let p = Math.exp(-lambda);
    let s = p;
    const u = random();
    while (u > s && k < 50) {
      k++;
      p *= lambda / k;
      s += p;
    }
    return k;
  };
  return businesses.map((b) => {
    // Hidden propensity: the grade's base times a heavy-tailed factor (most businesses fine, a few much worse).
    const factor = Math.exp((random() - 0.5) * 2.4);
    const p = Math.min(0.9, (GRADE_BASE[b.grade] ?? 0.08) * factor);
    const clues: string[] = [];
    // Complaints and monitoring hits follow the propensity, with background noise; mostly recent ones matter.
    const n = poisson(p * 6 + 0.05);
    for (let i = 0; i < n; i++) clues.push(day(t0 - o.pastDays * DAY, o.pastDays));
    const inspections: { at: string; found: boolean }[] = [];
    const penalties: string[] = [];
    // Past spot checks: about one a year.
    const checks = poisson((o.pastDays / 365) * 0.8);
    for (let i = 0; i < checks; i++) {
      const at = day(t0 - o.pastDays * DAY, o.pastDays);
      const found = random() < p;
      inspections.push({ at, found });
      if (found && random() < 0.3) penalties.push(at);
    }
    // The round after T: one visit each, somewhere in the horizon.
    inspections.push({ at: day(t0 + DAY, o.horizonDays - 1), found: random() < p });
    return { creditCode: b.creditCode, grade: b.grade, ...(b.registeredOn ? { registeredOn: b.registeredOn } : {}), clues: clues.sort(), inspections: inspections.sort((x, y) => (x.at < y.at ? -1 : 1)), penalties };
  });
}
