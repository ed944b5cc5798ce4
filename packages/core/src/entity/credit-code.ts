import * as z from "zod";

/** 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-letter alphabet
 * (digits and capitals without I, O, S, V, Z).
 *   1     登记管理部门代码 (registration authority)
 *   2     机构类别代码 (organisation type)
 *   3–8   登记管理机关行政区划码 (6 digits)
 *   9–17  主体标识码 (organisation code, GB 11714)
 *   18    校验码: weights 3^(i) mod 31, check = 31 − (Σ mod 31), 31 → 0.
 * Pure: no I/O. */
export const CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character (18th) for the first 17 characters, or undefined if they use a character outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]!);
    if (value < 0) return undefined;
    sum += value * WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET[check];
}

/** True when `code` is an 18-character unified social credit code whose 18th character checks. Upper case only. */
export function isValidCreditCode(code: string): boolean {
  if (typeof code !== "string" || !SHAPE.test(code)) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/** Complete 17 characters with their check character (for test and demo data). */
export function withCheckChar(first17: string): string {
  const check = creditCodeCheckChar(first17);
  if (!check) throw new Error(`not a credit code prefix: ${first17}`);
  return first17 + check;
}

/** The zod schema: trims, upper-cases, then checks the shape and the check character.
 * The error message is the code `assistance.credit_code` (translated like any other). */
export const CreditCode = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().refine(isValidCreditCode, { message: "assistance.credit_code" }))
  .meta({ id: "CreditCode", description: "统一社会信用代码 (GB 32100-2015, 18 chars with check character)", example: "91350100M000100Y43" });
