import { createHash } from "node:crypto";

/** Pure formatting of printable documents (公文): dates in Chinese numerals,
 * the platform's numbering, and the verification code. No I/O. */

const DIGITS = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

function small(n: number): string {
  if (n < 10) return DIGITS[n]!;
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ""}`;
  return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ""}`;
}

/** 2026-12-02 → 二〇二六年十二月二日 (the form rulings and letters carry). */
export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split("-");
  return `${[...y!].map((c) => DIGITS[Number(c)]).join("")}年${small(Number(m))}月${small(Number(d))}日`;
}

/** The document's number: region, kind word, year in 〔〕, and a six-digit
 * serial derived from the record's ID (stable: the same record always prints
 * the same number), e.g. 鼓楼协〔2026〕048213号. */
export function documentNumber(regionShort: string, word: string, year: string, recordId: string): string {
  const serial = String(parseInt(createHash("sha256").update(recordId).digest("hex").slice(0, 8), 16) % 1_000_000).padStart(6, "0");
  return `${regionShort}${word}〔${year}〕${serial}号`;
}

/** A region's short name for numbering: 福州市鼓楼区 → 鼓楼, 福建省 → 闽. */
export function regionShort(name: string, level: string): string {
  if (level === "province") return "闽";
  const last = name.replace(/^.+?市(?=.+[区县市]$)/, "");
  return last.replace(/(综合实验区|自治县|特别行政区|新区|市|区|县)$/, "") || last;
}

/** The verification code: SHA-256 of the document's content, first 16 hex
 * digits in groups of four. Anyone with access recomputes it from the API. */
export function verificationCode(content: unknown): string {
  const hex = createHash("sha256").update(JSON.stringify(content)).digest("hex").slice(0, 16).toUpperCase();
  return hex.match(/.{4}/g)!.join("-");
}
