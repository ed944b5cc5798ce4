import * as z from "zod";

/** 风险排名 (issue 14): the model that ranks a tenant's businesses, as data
 * (weights, versioned by the province), the score with the reasons that
 * raised it, and the back-test. Pure, no I/O. */

const Points = z.number().min(0).max(1000);

export const Weights = z
  .object({
    version: z.number().int().min(1),
    /** Points per clue within `clueDays`, at most `clueCap` in all. */
    clueDays: z.number().int().min(1).max(730),
    perClue: Points,
    clueCap: Points,
    /** Points per undecided warning, by level (the highest counts fully, the others half). */
    warning: z.object({ yellow: Points, orange: Points, red: Points }),
    /** Points for the credit grade. */
    grade: z.object({ A: Points, B: Points, C: Points, D: Points }),
    /** Points per inspection that found problems within `findingDays`. */
    findingDays: z.number().int().min(1).max(3650),
    perFinding: Points,
    /** Points per penalty within `penaltyDays`. */
    penaltyDays: z.number().int().min(1).max(3650),
    perPenalty: Points,
    /** Points per full year since the last inspection (or registration), at most `staleCap`. */
    perStaleYear: Points,
    staleCap: Points,
  })
  // Checks across fields (the page shows each beside its field): a cap below one step, or levels out of order, are typos.
  .superRefine((w, ctx) => {
    if (w.clueCap < w.perClue) ctx.addIssue({ code: "custom", path: ["clueCap"], message: "risk.cap_below_step", params: { step: w.perClue } });
    if (w.staleCap < w.perStaleYear) ctx.addIssue({ code: "custom", path: ["staleCap"], message: "risk.cap_below_step", params: { step: w.perStaleYear } });
    if (w.warning.orange < w.warning.yellow) ctx.addIssue({ code: "custom", path: ["warning", "orange"], message: "risk.levels_order", params: { lower: "黄色 / yellow", value: w.warning.yellow } });
    if (w.warning.red < w.warning.orange) ctx.addIssue({ code: "custom", path: ["warning", "red"], message: "risk.levels_order", params: { lower: "橙色 / orange", value: w.warning.orange } });
    const g = ["A", "B", "C", "D"] as const;
    for (let i = 1; i < g.length; i++)
      if (w.grade[g[i]!] < w.grade[g[i - 1]!]) ctx.addIssue({ code: "custom", path: ["grade", g[i]!], message: "risk.grades_order", params: { lower: g[i - 1]!, value: w.grade[g[i - 1]!] } });
  })
  .meta({
    id: "RiskWeights",
    example: {
      version: 2,
      clueDays: 90,
      perClue: 8,
      clueCap: 40,
      warning: { yellow: 10, orange: 20, red: 35 },
      grade: { A: 0, B: 5, C: 20, D: 35 },
      findingDays: 730,
      perFinding: 15,
      penaltyDays: 730,
      perPenalty: 10,
      perStaleYear: 3,
      staleCap: 9,
    },
  });
export type Weights = z.infer<typeof Weights>;

/** The platform's default; example values, to be set by the province from its own back-tests. */
export const DEFAULT_WEIGHTS: Weights = {
  version: 1,
  clueDays: 90,
  perClue: 8,
  clueCap: 40,
  warning: { yellow: 10, orange: 20, red: 35 },
  grade: { A: 0, B: 5, C: 20, D: 35 },
  findingDays: 730,
  perFinding: 15,
  penaltyDays: 730,
  perPenalty: 10,
  perStaleYear: 3,
  staleCap: 9,
};

export interface Signals {
  /** Dates (or instants) clues arrived. */
  clues: readonly string[];
  /** Undecided warnings' levels. */
  warnings: readonly ("yellow" | "orange" | "red")[];
  grade?: string;
  /** Inspections: when, and whether they found problems. */
  inspections: readonly { at: string; found: boolean }[];
  penalties: readonly string[];
  registeredOn?: string;
}

export interface Reason {
  code: string;
  params: Record<string, string | number>;
  points: number;
}

export interface Scored {
  score: number;
  reasons: Reason[];
}

const DAY = 86_400_000;
const within = (dates: readonly string[], now: Date, days: number) => dates.filter((d) => now.getTime() - Date.parse(d) <= days * DAY && Date.parse(d) <= now.getTime()).length;
const LEVEL_ORDER = ["red", "orange", "yellow"] as const;
const LEVEL_ZH: Record<string, string> = { red: "红色", orange: "橙色", yellow: "黄色" };

/** A business's risk score at `now` and the reasons, largest first (only what is known by `now` counts). */
export function score(w: Weights, s: Signals, now: Date): Scored {
  const reasons: Reason[] = [];
  const clues = within(s.clues, now, w.clueDays);
  if (clues) reasons.push({ code: "risk.reason.clues", params: { count: clues, days: w.clueDays }, points: Math.min(w.clueCap, clues * w.perClue) });
  if (s.warnings.length) {
    const sorted = [...s.warnings].sort((a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b));
    const points = sorted.reduce((sum, l, i) => sum + (i === 0 ? w.warning[l] : w.warning[l] / 2), 0);
    reasons.push({ code: "risk.reason.warnings", params: { count: sorted.length, level: LEVEL_ZH[sorted[0]!]! }, points });
  }
  if (s.grade && s.grade in w.grade) {
    const points = w.grade[s.grade as keyof Weights["grade"]];
    if (points) reasons.push({ code: "risk.reason.grade", params: { grade: s.grade }, points });
  }
  const findings = within(s.inspections.filter((i) => i.found).map((i) => i.at), now, w.findingDays);
  if (findings) reasons.push({ code: "risk.reason.findings", params: { count: findings, days: w.findingDays }, points: findings * w.perFinding });
  const penalties = within(s.penalties, now, w.penaltyDays);
  if (penalties) reasons.push({ code: "risk.reason.penalties", params: { count: penalties, days: w.penaltyDays }, points: penalties * w.perPenalty });
  const last = [...s.inspections.map((i) => i.at), ...(s.registeredOn ? [s.registeredOn] : [])].filter((d) => Date.parse(d) <= now.getTime()).sort().pop();
  if (last && w.perStaleYear) {
    const days = Math.floor((now.getTime() - Date.parse(last)) / DAY);
    // In whole years, so the reason (and the stored row) changes once a year, not every night.
    const years = Math.floor(days / 365);
    const points = Math.min(w.staleCap, years * w.perStaleYear);
    if (points) reasons.push({ code: "risk.reason.stale", params: { years }, points });
  }
  reasons.sort((a, b) => b.points - a.points);
  return { score: Math.round(reasons.reduce((sum, r) => sum + r.points, 0) * 100) / 100, reasons };
}

/** The sort key of the ranking index: highest score first, then credit code (a page of the ranking is one ascending Query). */
export function rankKey(score: number, creditCode: string): string {
  const inverted = Math.max(0, 9_999_999 - Math.round(score * 100));
  return `${String(inverted).padStart(7, "0")}#${creditCode}`;
}

// ---------------------------------------------------------------- back-test

export interface History {
  creditCode: string;
  grade?: string;
  registeredOn?: string;
  clues: readonly string[];
  inspections: readonly { at: string; found: boolean }[];
  penalties: readonly string[];
}

export interface BacktestOptions {
  /** Rank at this instant with what was known then. */
  at: Date;
  /** Count findings in (at, at + horizonDays]. */
  horizonDays: number;
  /** The top K of the ranking (the inspections the office can make). */
  topK: readonly number[];
  /** Inspections a day, to turn ranks into days. */
  perDay: number;
}

export interface BacktestRow {
  k: number;
  /** Later findings at businesses in the model's top K. */
  caught: number;
  /** Expected in a random K (exact: K/N of all later findings). */
  random: number;
  lift: number;
}

export interface BacktestResult {
  businesses: number;
  /** Businesses with a finding in the horizon, and the findings. */
  withFindings: number;
  findings: number;
  rows: BacktestRow[];
  /** Visiting `perDay` a day: mean day a business with a later finding is reached, in ranked and random order, and the difference. */
  meanDayRanked: number;
  meanDayRandom: number;
  daysEarlier: number;
}

/** Rank at T (ties by credit code), count later findings caught by the top K against a random order, and how much earlier they are reached. */
export function backtest(w: Weights, histories: readonly History[], o: BacktestOptions): BacktestResult {
  const iso = o.at.toISOString();
  const end = o.at.getTime() + o.horizonDays * DAY;
  const ranked = histories
    .map((h) => {
      const past = { clues: h.clues.filter((d) => d <= iso), inspections: h.inspections.filter((i) => i.at <= iso), penalties: h.penalties.filter((d) => d <= iso) };
      const later = h.inspections.filter((i) => i.found && Date.parse(i.at) > o.at.getTime() && Date.parse(i.at) <= end).length;
      return { code: h.creditCode, s: score(w, { ...past, warnings: [], grade: h.grade, registeredOn: h.registeredOn }, o.at).score, later };
    })
    .sort((a, b) => b.s - a.s || (a.code < b.code ? -1 : 1));
  const n = ranked.length;
  const findings = ranked.reduce((sum, r) => sum + r.later, 0);
  const rows = o.topK.map((k) => {
    const kk = Math.min(k, n);
    const caught = ranked.slice(0, kk).reduce((sum, r) => sum + r.later, 0);
    const random = n ? (findings * kk) / n : 0;
    return { k: kk, caught, random: Math.round(random * 10) / 10, lift: random ? Math.round((caught / random) * 100) / 100 : 0 };
  });
  const hits = ranked.map((r, i) => ({ i, r })).filter((x) => x.r.later > 0);
  const meanDayRanked = hits.length ? hits.reduce((sum, x) => sum + Math.floor(x.i / o.perDay), 0) / hits.length : 0;
  // In a random order each business is equally likely at every position: the mean day over all positions.
  const meanDayRandom = n ? Array.from({ length: n }, (_, i) => Math.floor(i / o.perDay)).reduce((a, b) => a + b, 0) / n : 0;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return { businesses: n, withFindings: hits.length, findings, rows, meanDayRanked: r1(meanDayRanked), meanDayRandom: r1(meanDayRandom), daysEarlier: r1(meanDayRandom - meanDayRanked) };
}
