/** Pure rules of the indicators: shares, the joint-inspection target of a
 * year, sums for a roll-up. No I/O. */

/** A tenant's counts for one year: from the visits (Visit.yearFigures) and its own publication and objection counters. */
export interface Counts {
  visits: number;
  joint: number;
  /** Businesses inspected at least once. */
  businesses: number;
  published: number;
  publishedOnTime: number;
  objections: number;
  answered: number;
  answeredOnTime: number;
}

export const EmptyCounts: Counts = { visits: 0, joint: 0, businesses: 0, published: 0, publishedOnTime: 0, objections: 0, answered: 0, answeredOnTime: 0 };

/** A share, or null when there is nothing to measure. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** The joint-inspection target of a year (RULES.md): the 2025 figure until
 * 2026, the 2027 figure from 2027 on; 2026 is on the way, halfway between. */
export function jointTarget(year: number, t: { jointShare2025: { value: number }; jointShare2027: { value: number } }): number {
  if (year <= 2025) return t.jointShare2025.value;
  if (year >= 2027) return t.jointShare2027.value;
  return Math.round(((t.jointShare2025.value + t.jointShare2027.value) / 2) * 1000) / 1000;
}

export interface Figures {
  counts: Counts;
  jointShare: number | null;
  jointTarget: number;
  /** null while there is nothing to measure. */
  jointMet: boolean | null;
  inspectionsPerBusiness: number | null;
  publishedOnTime: number | null;
  objectionsAnsweredOnTime: number | null;
}

export function figures(c: Counts, target: number): Figures {
  const jointShare = share(c.joint, c.visits);
  return {
    counts: c,
    jointShare,
    jointTarget: target,
    jointMet: jointShare === null ? null : jointShare >= target,
    inspectionsPerBusiness: c.businesses > 0 ? Math.round((c.visits / c.businesses) * 100) / 100 : null,
    publishedOnTime: share(c.publishedOnTime, c.published),
    objectionsAnsweredOnTime: share(c.answeredOnTime, c.answered),
  };
}

export function sum(list: Counts[]): Counts {
  const out = { ...EmptyCounts };
  for (const c of list) for (const k of Object.keys(out) as (keyof Counts)[]) out[k] += c[k];
  return out;
}
