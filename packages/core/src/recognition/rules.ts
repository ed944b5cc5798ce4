import * as z from "zod";
import { deadline, shanghaiDate } from "../policy/deadline";
import { canonicalJson, sha256 } from "../util/hash";

/** Pure rules of 执法互认 and 一事不二罚: validity windows, overlap with the
 * items being scheduled, and the identity of a violation fact. No I/O. */

export const Outcome = z.enum(["compliant", "non-compliant", "penalised"]);
export type Outcome = z.infer<typeof Outcome>;

export const OutcomeNames: Record<Outcome, { zh: string; en: string }> = {
  compliant: { zh: "合格", en: "Compliant" },
  "non-compliant": { zh: "不合格", en: "Non-compliant" },
  penalised: { zh: "已处罚", en: "Penalised" },
};

export interface Window {
  validFrom: string;
  validUntil: string;
}

/** A result closed at `from` stands for `days` calendar days, to 24:00 Beijing time of the last day. */
export function validityWindow(from: Date | string, days: number): Window {
  return { validFrom: new Date(from).toISOString(), validUntil: deadline(from, { amount: days, unit: "days" }).dueAt };
}

/** Valid on `on`: from its start (inclusive) to its end (exclusive). */
export function isValidOn(w: Window, on: Date): boolean {
  const t = on.getTime();
  return Date.parse(w.validFrom) <= t && t < Date.parse(w.validUntil);
}

/** The last Beijing date a result stands on: `validUntil` is the instant its
 * last day ends (24:00, i.e. the next day's 00:00), so that day is the one
 * before. Every text that shows "valid until" uses this, and it agrees with
 * `isValidOn` and `checkInstant`: a visit planned on this date is blocked, one
 * planned the day after is not. */
export function lastValidDate(validUntil: string): string {
  return shanghaiDate(new Date(Date.parse(validUntil) - 1));
}

/** The item codes of `wanted` that a result covers; every item when `wanted` is empty. */
export function coveredItems(resultItems: string[], wanted: string[]): string[] {
  if (wanted.length === 0) return [...resultItems];
  const set = new Set(wanted.map((c) => c.toUpperCase()));
  return resultItems.filter((c) => set.has(c.toUpperCase()));
}

/** The instant an inspection planned for a Beijing date is checked against:
 * that day's start in Beijing, or now when the date is today or past. */
export function checkInstant(plannedDate: string | undefined, now: Date): Date {
  if (!plannedDate || plannedDate <= shanghaiDate(now)) return now;
  return new Date(Date.parse(`${plannedDate}T00:00:00+08:00`));
}

export interface Fact {
  itemCode: string;
  clause: string;
  actDate: string;
}

/** A clause written two ways is one clause: full-width forms folded (NFKC),
 * whitespace, quotation marks and book-title marks dropped, letters upper-cased. */
export function normaliseClause(clause: string): string {
  return clause
    .normalize("NFKC")
    .replace(/[\s《》〈〉<>"'“”‘’「」『』]/g, "")
    .toUpperCase();
}

/** The identity of a violation fact (一事不二罚): who, which item, which
 * clause, when. The free-text description is kept but does not make a new fact. */
export function normaliseFact(creditCode: string, fact: Fact) {
  return {
    creditCode: creditCode.trim().toUpperCase(),
    itemCode: fact.itemCode.trim().toUpperCase(),
    clause: normaliseClause(fact.clause),
    actDate: fact.actDate.trim(),
  };
}

export function factHash(creditCode: string, fact: Fact): string {
  return sha256(canonicalJson(normaliseFact(creditCode, fact)));
}
