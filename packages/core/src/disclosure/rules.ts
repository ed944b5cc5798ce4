import { chars, normalise } from "../business/rules";
import { deadline, type Duration } from "../policy";

/** Pure rules of publication (一公开): windows, search tokens, lateness. No I/O, no "now". */

export const Categories = ["general", "special-equipment", "work-safety", "fire"] as const;
export type Category = (typeof Categories)[number];

/** Penalties of these sectors stay published at least a year (RULES.md). */
export function minimumMonths(category: Category, rules: { penaltyWindowMin: { value: number }; penaltyWindowMinSafety: { value: number } }): number {
  return category === "general" ? rules.penaltyWindowMin.value : Math.max(rules.penaltyWindowMin.value, rules.penaltyWindowMinSafety.value);
}

/** The months a duration amounts to (a window is configured in months; days and working days are rounded up to whole months). */
export function monthsOf(d: Duration): number {
  switch (d.unit) {
    case "months":
      return d.amount;
    case "days":
    case "working-days":
      return Math.ceil(d.amount / 30);
    case "hours":
      return Math.ceil(d.amount / (24 * 30));
  }
}

/** Is a penalty's window (whole months) inside the law's bounds for its category? */
export function windowIssue(months: number, category: Category, min: number, max: number): { min: number; max: number } | undefined {
  if (!Number.isInteger(months) || months < min || months > max) return { min, max };
  void category;
  return undefined;
}

/** When a published record leaves the public pages. */
export function visibleUntil(publishedAt: string, months: number): string {
  return deadline(publishedAt, { amount: months, unit: "months" }).dueAt;
}

/** Is a record published after its due date? */
export function isLate(dueAt: string, publishedAt: string): boolean {
  return Date.parse(publishedAt) > Date.parse(dueAt);
}

/** The search form of a query or name (business/rules.ts: NFKC, lower case, no spaces or punctuation; rare characters unchanged). */
export const searchForm = normalise;

/** A credit code as searched: 18 characters of its alphabet, upper case. */
export function asCreditCode(q: string): string | undefined {
  // Full-width characters (ＡＢ１２) folded first: a code typed on a phone's Chinese keyboard still finds.
  const s = q.normalize("NFKC").replace(/\s/g, "").toUpperCase();
  return /^[0-9A-HJ-NP-RTUW-Y]{18}$/.test(s) ? s : undefined;
}

export const ALL_TOKEN = "*";
/** At most this many name pieces are indexed per record (names longer than this are found by their first part). */
export const MAX_NAME_TOKENS = 60;

/** The index tokens of a published record: every two-character piece of the
 * normalised public name (by code point: 𠮷 is one character), the credit
 * code, and "*" (every record, newest first). */
export function tokensOf(publicName: string, creditCode: string): string[] {
  const cs = chars(searchForm(publicName));
  const out = new Set<string>([ALL_TOKEN, "cc:" + creditCode.toUpperCase()]);
  if (cs.length === 1) out.add("n:" + cs[0]);
  for (let i = 0; i + 1 < cs.length && out.size < MAX_NAME_TOKENS + 2; i++) out.add("n:" + cs[i]! + cs[i + 1]!);
  return [...out];
}

/** The one token a query reads, and the text each row must contain; undefined when the query is too short to search. */
export function queryToken(q: string | undefined): { token: string; contains?: string } | undefined {
  if (!q || !q.trim()) return { token: ALL_TOKEN };
  const code = asCreditCode(q);
  if (code) return { token: "cc:" + code };
  const form = searchForm(q);
  const cs = chars(form);
  if (cs.length < 2) return undefined;
  return { token: "n:" + cs[0]! + cs[1]!, contains: form };
}

/** The text a search row is checked against. */
export function haystackOf(publicName: string, creditCode: string): string {
  return searchForm(publicName) + "|" + creditCode.toUpperCase();
}
