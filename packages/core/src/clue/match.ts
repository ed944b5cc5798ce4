/** Matching a clue that names a business only by name and address against the
 * directory's candidates: normalisation and scoring, pure (no I/O), used by
 * core and shown as is to the officer who confirms or corrects. */

/** Legal-form spellings that mean the same thing, longest first: 有限责任公司 and 有限公司 are one form. */
const FORM_VARIANTS: [RegExp, string][] = [
  [/股份有限公司$/u, "股份公司"],
  [/有限责任公司$/u, "有限公司"],
  [/有限公司$/u, "有限公司"],
];
/** Endings nearly every name carries: left out of the comparison of the distinctive part. */
const FORMS = ["股份公司", "有限公司", "分公司", "公司", "农民专业合作社", "专业合作社", "合作社", "个体工商户", "普通合伙", "有限合伙", "个人独资"];

/** Characters by code point: 𠮷 (beyond U+FFFF) is one character, never two halves. */
export function chars(s: string): string[] {
  return Array.from(s);
}

/** Comparison form: full-width folded to half-width (NFKC), lower case, no
 * spaces or punctuation, legal-form variants unified. Rare characters kept. */
export function normaliseName(s: string): string {
  let out = s.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]/gu, "");
  for (const [re, to] of FORM_VARIANTS) {
    if (re.test(out)) {
      out = out.replace(re, to);
      break;
    }
  }
  return out;
}

/** Addresses: the same folding, and 号/号楼 numbers kept as written. */
export function normaliseAddress(s: string): string {
  return s.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]/gu, "");
}

/** Leading place words (福建省 福州市 鼓楼区 …, given by the caller) and the legal form off: the distinctive part of a name. */
export function distinctive(name: string, places: readonly string[] = []): string {
  let s = normaliseName(name);
  for (let changed = true; changed; ) {
    changed = false;
    for (const p of places) {
      const w = normaliseAddress(p);
      if (w && s.startsWith(w) && chars(s).length > chars(w).length + 1) {
        s = s.slice(w.length);
        changed = true;
      }
    }
  }
  for (const f of FORMS) {
    if (s.endsWith(f) && chars(s).length > chars(f).length + 1) return s.slice(0, s.length - f.length);
  }
  return s;
}

function bigrams(s: string): string[] {
  const c = chars(s);
  if (c.length < 2) return c;
  const out: string[] = [];
  for (let i = 0; i + 1 < c.length; i++) out.push(c[i]! + c[i + 1]!);
  return out;
}

/** Dice coefficient over code-point bigrams, 0–1 (1: equal). */
export function similarity(a: string, b: string): number {
  if (a === b) return a.length ? 1 : 0;
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.length === 0 || y.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const g of x) counts.set(g, (counts.get(g) ?? 0) + 1);
  let common = 0;
  for (const g of y) {
    const n = counts.get(g) ?? 0;
    if (n > 0) {
      common++;
      counts.set(g, n - 1);
    }
  }
  return (2 * common) / (x.length + y.length);
}

export interface Named {
  name: string;
  address?: string;
}

export interface Scored {
  confidence: number;
  /** Codes shown with the score: why it is a candidate. */
  reasons: ("name.exact" | "name.similar" | "address.exact" | "address.similar" | "address.absent")[];
}

/** Weights of the name and the address in a confidence. */
export const WEIGHTS = { name: 0.7, address: 0.3 } as const;
/** Without an address a name alone never reaches this (an officer must confirm). */
export const NAME_ONLY_CAP = 0.85;
/** Matched without an officer: the name and the address equal after normalisation, and no rival close to it. */
export const AUTO_MATCH = 0.999;
export const RIVAL_GAP = 0.1;

/** How well a candidate fits what the clue says, 0–1, rounded to 3 places. */
export function score(clue: Named, candidate: Required<Named>, places: readonly string[] = []): Scored {
  const reasons: Scored["reasons"] = [];
  const fullA = normaliseName(clue.name);
  const fullB = normaliseName(candidate.name);
  const nameSim = fullA === fullB ? 1 : Math.max(similarity(distinctive(clue.name, places), distinctive(candidate.name, places)), similarity(fullA, fullB));
  reasons.push(nameSim === 1 ? "name.exact" : "name.similar");
  let confidence: number;
  if (!clue.address?.trim()) {
    reasons.push("address.absent");
    confidence = nameSim * NAME_ONLY_CAP;
  } else {
    const a = normaliseAddress(clue.address);
    const b = normaliseAddress(candidate.address);
    const addrSim = a === b ? 1 : Math.max(similarity(a, b), b.includes(a) || a.includes(b) ? 0.9 : 0);
    reasons.push(addrSim === 1 ? "address.exact" : "address.similar");
    confidence = WEIGHTS.name * nameSim + WEIGHTS.address * addrSim;
  }
  return { confidence: Math.round(confidence * 1000) / 1000, reasons };
}

/** Candidates best first (ties by code), with their scores. */
export function rank<T extends Required<Named> & { creditCode: string }>(clue: Named, candidates: readonly T[], places: readonly string[] = []): (T & Scored)[] {
  const seen = new Set<string>();
  return candidates
    .filter((c) => (seen.has(c.creditCode) ? false : (seen.add(c.creditCode), true)))
    .map((c) => ({ ...c, ...score(clue, c, places) }))
    .sort((a, b) => b.confidence - a.confidence || a.creditCode.localeCompare(b.creditCode));
}

/** The one candidate matched without an officer, if any: exact on both name and address, no rival within RIVAL_GAP. */
export function autoMatch<T extends Scored>(ranked: readonly T[]): T | undefined {
  const [top, second] = ranked;
  if (!top || top.confidence < AUTO_MATCH) return undefined;
  if (second && top.confidence - second.confidence < RIVAL_GAP) return undefined;
  return top;
}

/** What to look the name up by in the directory's name index: the distinctive part, and a shorter
 * prefix of it for a second look when the whole finds nothing (a typo further on). */
export function lookupKeys(name: string, places: readonly string[] = []): string[] {
  const d = distinctive(name, places);
  const c = chars(d);
  const keys = [d];
  if (c.length > 4) keys.push(c.slice(0, 4).join(""));
  return keys.filter((k) => chars(k).length >= 2);
}
