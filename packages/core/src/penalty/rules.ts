/** Pure rules of "same act, one fine" (行政处罚法 Art. 29, RULES.md): how text
 * is normalised before comparison, what identifies an act, and which earlier
 * fines are near enough to need an officer's recorded decision. No I/O and no
 * Node built-ins, so the portal may use the same functions. */

/** Measures that are fines; only a second fine on one act is barred. Every
 * other kind of penalty (warning, confiscation, licence measures…) is never
 * blocked by a fine, nor does it block one. */
export function isFine(measure: string): boolean {
  return measure === "fine";
}

/** The longest act period recorded as one continuing act (5 years: the
 * longest limitation period, 行政处罚法 Art. 36). Bounds the registry read. */
export const MAX_PERIOD_DAYS = 1827;

/** An earlier fine on the same party and item whose act lies this close is a
 * near match (2 years: the ordinary limitation period, Art. 36). */
export const ITEM_NEAR_DAYS = 730;

/** A recorded decision on near matches: at least this many characters. */
export const MIN_DECISION_REASON = 10;

// ---------------------------------------------------------------- text

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 三: 3, 叁: 3, 四: 4, 肆: 4, 五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG: Record<string, number> = { 万: 10_000, 萬: 10_000, 亿: 100_000_000 };
const NUMERAL_RUN = /[零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿]+/gu;

/** A run of Chinese numerals as digits: 一百二十四 → 124, 十二 → 12, 一〇二 → 102 (read digit by digit when it has no units). */
export function chineseNumeral(run: string): string {
  const chars = [...run];
  if (chars.every((c) => c in DIGITS)) return chars.map((c) => String(DIGITS[c])).join("");
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const c of chars) {
    if (c in DIGITS) digit = DIGITS[c]!;
    else if (c in UNITS) {
      // 十二 has no leading digit: one ten.
      section += (digit || 1) * UNITS[c]!;
      digit = 0;
    } else if (c in BIG) {
      total += (section + digit || 1) * BIG[c]!;
      section = 0;
      digit = 0;
    }
  }
  return String(total + section + digit);
}

/** Prefixes dropped before comparison: the same law named with and without them is one law. */
const PREFIXES = ["中华人民共和国"];

/** Text written two ways is one text: NFKC (full-width forms, circled digits),
 * Unicode format and other default-ignorable characters removed (U+200B, U+2060,
 * U+00AD, U+FEFF…), common prefixes (中华人民共和国) and every bracket, quote,
 * punctuation mark, symbol and space dropped, Chinese numerals written as digits
 * (第一百二十四条 = 第124条), Latin letters upper-cased. */
export function normaliseText(text: string): string {
  let s = text.normalize("NFKC").replace(/[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu, "");
  for (const p of PREFIXES) s = s.split(p).join("");
  s = s.replace(/[\p{P}\p{S}\p{Z}\p{Cc}\s]/gu, "");
  s = s.replace(NUMERAL_RUN, (run) => chineseNumeral(run));
  return s.toUpperCase();
}

// ---------------------------------------------------------------- dates

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2026-13-45 is not one): the one date rule, util/date. */
export { isCalendarDate } from "../util/date";

/** A calendar date moved by whole days (the dates are Beijing dates; no time zone enters). */
export function addDays(date: string, days: number): string {
  const m = ISO.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days)).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface Period {
  /** First day of the act (the only day of a one-day act). */
  from: string;
  /** Last day of the act, inclusive. */
  to: string;
}

export function overlaps(a: Period, b: Period, slackDays = 0): boolean {
  return a.from <= addDays(b.to, slackDays) && addDays(a.to, slackDays) >= b.from;
}

// ---------------------------------------------------------------- acts

/** What a fine is on, as recorded. */
export interface ActInput {
  creditCode: string;
  /** First (or only) day of the act. */
  actDate: string;
  /** Last day of a continuing act. */
  actUntil?: string;
  /** The conduct (违法行为), in a few words. */
  conduct: string;
  /** Context only: the item and the clause cited. */
  itemCode: string;
  clause: string;
}

/** The identity of an act (Art. 29): the party, the act's date or period and
 * the conduct, normalised. The law and the item are context only: another
 * department citing its own law or item for the same act is the case the
 * article exists for. Hash it for a key. */
export function actIdentity(a: Pick<ActInput, "creditCode" | "actDate" | "actUntil" | "conduct">) {
  return {
    party: a.creditCode.trim().toUpperCase(),
    from: a.actDate,
    to: a.actUntil ?? a.actDate,
    conduct: normaliseText(a.conduct),
  };
}

/** An earlier fine as the province registry holds it (only what the flow shares). */
export interface Claim {
  key: string;
  actFrom: string;
  actTo: string;
  conductKey: string;
  itemCode: string;
  clauseKey: string;
}

export type MatchReason = "same-act" | "dates" | "items" | "conduct" | "clause";

export interface Comparison {
  sameAct: boolean;
  reasons: MatchReason[];
}

/** How an earlier fine on the same party compares with a new one: the same act
 * (refused whatever the wording), near (overlapping dates, or the same item
 * within ITEM_NEAR_DAYS — shown, needs a recorded decision), or unrelated
 * (no reasons). The conduct or clause written alike is shown as a reason but
 * never makes a match alone: wording never decides. */
export function compare(fine: ActInput, claim: Claim, itemNearDays = ITEM_NEAR_DAYS): Comparison {
  const id = actIdentity(fine);
  const period = { from: id.from, to: id.to };
  const theirs = { from: claim.actFrom, to: claim.actTo };
  const sameAct = id.from === claim.actFrom && id.to === claim.actTo && id.conduct === claim.conductKey;
  const reasons: MatchReason[] = [];
  if (sameAct) reasons.push("same-act");
  const dates = overlaps(period, theirs);
  const items = fine.itemCode.trim().toUpperCase() === claim.itemCode.toUpperCase() && overlaps(period, theirs, itemNearDays);
  if (!sameAct && !dates && !items) return { sameAct, reasons };
  if (dates) reasons.push("dates");
  if (items) reasons.push("items");
  if (id.conduct === claim.conductKey) reasons.push("conduct");
  if (normaliseText(fine.clause) === claim.clauseKey) reasons.push("clause");
  return { sameAct, reasons };
}

/** The registry window a new fine must be compared with: every claim whose act
 * starts in [from, to] can overlap it by date or be near it by item. */
export function registryWindow(fine: Pick<ActInput, "actDate" | "actUntil">, itemNearDays = ITEM_NEAR_DAYS): Period {
  return { from: addDays(fine.actDate, -(MAX_PERIOD_DAYS + itemNearDays)), to: addDays(fine.actUntil ?? fine.actDate, itemNearDays) };
}

/** Whether a recorded decision covers every near match shown: a near match that
 * appeared after the officer looked needs a decision of its own. */
export function decisionCovers(acknowledged: readonly string[], nearKeys: readonly string[]): boolean {
  const set = new Set(acknowledged);
  return nearKeys.every((k) => set.has(k));
}
