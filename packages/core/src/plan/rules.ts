import { createHash } from "node:crypto";

/** Pure rules of yearly inspection plans (RULES.md "Spot checks" and
 * "Inspections of businesses"): default ratios per credit grade, the yearly
 * cap per body per business, the filing date. Each number carries its source
 * and is a default a plan may change within the allowed range. No I/O. */

import { Grades, SpotCheckDefaults, type Grade, type Ratios } from "./defaults";

// The defaults are plain data in ./defaults (the portal imports them without this file's node:crypto).
export { Grades, SpotCheckDefaults, type Grade, type Ratios } from "./defaults";

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
