import { createHash } from "node:crypto";

/** Pure rules of yearly inspection plans (RULES.md "Spot checks" and
 * "Inspections of businesses"): default ratios per credit grade, the yearly
 * cap per body per business, the filing date. Each number carries its source
 * and is a default a plan may change within the allowed range. No I/O. */

export const Grades = ["A", "B", "C", "D"] as const;
export type Grade = (typeof Grades)[number];

/** Ratios in basis points (1/100 of a percent): exact integer arithmetic in the draw. */
export type Ratios = Record<Grade, number>;

export const SpotCheckDefaults = {
  ratios: {
    value: { A: 500, B: 1000, C: 3000, D: 7000 } satisfies Ratios,
    /** Allowed range per grade, basis points, both ends inclusive; never 0 (不免抽: nobody is exempt). */
    ranges: { A: [1, 500], B: [500, 2000], C: [2100, 6000], D: [6100, 10000] } as Record<Grade, [number, number]>,
    source:
      "RULES.md spot-check ratio by credit risk grade (local example: Daqing credit classification rules, 2024): A up to 5%, B 5–20%, C 21–60%, D 61–100%; Shandong principle 不免抽",
  },
  yearlyCap: {
    value: 2,
    source: "RULES.md yearly cap per business: one body inspects one business at most twice a year (local example: 咸宁), special and case-driven checks ordered from above excepted (国办发〔2024〕54号)",
  },
  filingDate: {
    /** Month-day by which each body files its plan for the year. */
    value: "03-31",
    source: "RULES.md annual plan: each body files its yearly inspection plan by 31 March (local example: 聊城)",
  },
} as const;

/** The last Beijing date to file the plan of `year`. */
export function filingDeadline(year: number): string {
  return `${year}-${SpotCheckDefaults.filingDate.value}`;
}

export function ratioProblem(ratios: Ratios): { grade: Grade; min: number; max: number } | undefined {
  for (const g of Grades) {
    const [min, max] = SpotCheckDefaults.ratios.ranges[g];
    const r = ratios[g];
    if (!Number.isInteger(r) || r < min || r > max) return { grade: g, min, max };
  }
  return undefined;
}

/** Two periods (inclusive Beijing dates) overlap. */
export function overlaps(a: { from: string; to: string }, b: { from: string; to: string }): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** Counters live in 256 buckets per tenant and year, chosen by the credit code's hash: one read finds a business's counts. */
export const CAP_BUCKETS = 256;
export function bucketOf(creditCode: string): number {
  return createHash("sha256").update(creditCode).digest()[0]!;
}

/** What a bucket holds per business: proactive tasks per body this year, and the tasks themselves (for merging). */
export interface CounterEntry {
  /** body ID → proactive tasks this year. */
  n: Record<string, number>;
  /** The business's tasks this year: ID, period, bodies, and the exceptions recorded. */
  t: { id: string; from: string; to: string; b: string[]; x?: string }[];
}

export type CapState = "clear" | "approaching" | "at-cap";

/** At the cap, one short of it (flagged before anyone schedules), or clear. */
export function capState(count: number, cap: number): CapState {
  if (count >= cap) return "at-cap";
  if (count === cap - 1) return "approaching";
  return "clear";
}
