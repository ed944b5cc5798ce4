import { isValidCreditCode } from "../entity/credit-code";

/** Masking personal data before publication (一公开): a sole trader's
 * (个体工商户) name and any resident ID number in published text. Pure, no
 * I/O; counts characters by code point, so a rare character beyond U+FFFF
 * (𠮷) is one character, masked or kept whole, never split. */

const MASK = "*";
const SOLE_TRADER_SUFFIX = /[（(]\s*个体工商户\s*[）)]\s*$/u;

/** A personal name or a sole trader's trade name: a name of up to four
 * characters (a person's) keeps only its first character (the surname); a
 * longer trade name keeps its first and last. 张三 → 张*, 王小明 → 王**,
 * 𠮷祥小吃店 → 𠮷***店. */
export function maskName(name: string): string {
  const cs = Array.from(name.trim());
  if (cs.length <= 1) return cs.join("");
  if (cs.length <= 4) return cs[0] + MASK.repeat(cs.length - 1);
  return cs[0] + MASK.repeat(cs.length - 2) + cs[cs.length - 1];
}

/** The name a record is published under: a sole trader's is masked (its
 * "（个体工商户）" ending kept, so the reader knows why); others unchanged
 * apart from ID numbers. */
export function publicName(name: string, entityType?: string): string {
  const trimmed = name.trim();
  const soleTrader = entityType === "sole-trader" || SOLE_TRADER_SUFFIX.test(trimmed);
  if (!soleTrader) return maskIdNumbers(trimmed);
  const suffix = trimmed.match(SOLE_TRADER_SUFFIX)?.[0] ?? "";
  const core = trimmed.slice(0, trimmed.length - suffix.length);
  return maskName(core) + suffix;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** GB 11643 check character of an 18-character ID number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

function realDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate() && y >= 1900 && y <= 2199;
}

/** Does this 18- or 15-character run look like a resident ID number? A birth
 * date that exists is required; an 18-character run that is a valid credit
 * code (also 18 characters, another check) is left alone, and one with a
 * wrong ID check character is still masked when it is no credit code (a typo
 * in an ID number is still personal data). */
export function looksLikeIdNumber(s: string): boolean {
  if (/^\d{17}[\dXx]$/.test(s)) {
    if (!realDate(Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14)))) return false;
    return idCheckChar(s.slice(0, 17)) === s[17]!.toUpperCase() || !isValidCreditCode(s.toUpperCase());
  }
  if (/^\d{15}$/.test(s)) return realDate(1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12)));
  return false;
}

/** Every ID number in a text masked: the first six digits (the issuing
 * region, public) kept, the rest replaced. */
export function maskIdNumbers(text: string): string {
  return text.replace(/(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g, (m) => (looksLikeIdNumber(m) ? m.slice(0, 6) + MASK.repeat(m.length - 6) : m));
}
