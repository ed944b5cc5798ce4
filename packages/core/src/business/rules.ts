import { canonicalJson, merkleRoot, sha256 } from "../util/hash";

/** Pure rules of the business directory: search normalisation and index keys,
 * the packed per-grade roster, the import's Merkle tree. No I/O. */

export { BusinessTypeNames, BusinessTypes, GradeNames, Grades, type BusinessType, type Grade } from "./names";

/** Characters of a string by code point: a rare character beyond U+FFFF (𠮷) is one character, not two halves. */
export function chars(s: string): string[] {
  return Array.from(s);
}

/** Search form: full-width folded (NFKC), lower case, no spaces or punctuation. Rare characters pass unchanged. */
export function normalise(s: string): string {
  return s.normalize("NFKC").toLowerCase().replace(/[\s\p{P}\p{S}]/gu, "");
}

/** Legal-form endings that nearly every name carries: not worth an index entry each. */
const FORMS = ["股份有限公司", "有限责任公司", "有限公司", "分公司", "公司", "农民专业合作社", "专业合作社", "合作社", "个体工商户", "普通合伙", "有限合伙", "个人独资"].map(normalise);

/** Leading region words (福建省、福州市、鼓楼区、鼓东街道, and their short forms 福州、鼓楼):
 * the same for most businesses of a tenant, so not worth an index entry. */
export function regionWords(names: string[]): string[] {
  const out = new Set<string>();
  for (const n of names) {
    const full = normalise(n);
    if (chars(full).length < 2) continue;
    out.add(full);
    const short = full.replace(/(省|市|区|县|街道|镇|乡)$/u, "");
    if (chars(short).length >= 2) out.add(short);
  }
  // Longest first, so 福州市 goes before 福州.
  return [...out].sort((a, b) => b.length - a.length);
}

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const leadCache = new Map<readonly string[], RegExp>();
/** Leading words off, as many as there are, but never the whole string. */
function stripLeading(s: string, words: readonly string[]): string {
  let re = leadCache.get(words);
  if (!re) leadCache.set(words, (re = words.length ? new RegExp(`^(?:${words.map(escape).join("|")})+`, "u") : /^(?!)/));
  const m = re.exec(s);
  if (!m) return s;
  if (m[0].length < s.length) return s.slice(m[0].length);
  // Everything matched: give back the last word so something remains.
  return stripLeadingShort(s, words);
}

function stripLeadingShort(s: string, words: readonly string[]): string {
  for (let changed = true; changed; ) {
    changed = false;
    for (const w of words) {
      if (s.startsWith(w) && s.length > w.length) {
        s = s.slice(w.length);
        changed = true;
        break;
      }
    }
  }
  return s;
}

const FORMS_RE = new RegExp(`(?:${FORMS.map(escape).join("|")})+$`, "u");
function stripForms(s: string): string {
  const m = FORMS_RE.exec(s);
  return m && m.index > 0 ? s.slice(0, m.index) : s;
}

export type SearchField = "name" | "address";

/** The part of a normalised name or address that is indexed: without leading region words, and for names without the legal form. */
export function core(field: SearchField, normalised: string, regions: readonly string[]): string {
  const lead = stripLeading(normalised, regions);
  return field === "name" ? stripForms(lead) : lead;
}

/** Longest part of a suffix kept in an index key; longer queries are checked against the stored text. */
export const KEY_CHARS = 8;

/** The index keys of one name or address: each suffix of its core that is at least two characters
 * long and does not start inside a run of digits (nobody searches 8号 for 88号), cut to KEY_CHARS. */
export function suffixKeys(field: SearchField, text: string, regions: readonly string[]): string[] {
  const c = chars(core(field, normalise(text), regions));
  const keys = new Set<string>();
  for (let i = 0; i + 2 <= c.length; i++) {
    if (i > 0 && /\d/.test(c[i]!) && /\d/.test(c[i - 1]!)) continue;
    keys.add(c.slice(i, i + KEY_CHARS).join(""));
  }
  return [...keys];
}

/** What a query looks up: its first KEY_CHARS characters of core, and the whole normalised query to check the hits against. */
export function queryKey(field: SearchField, q: string, regions: readonly string[]): { key: string; full: string } | undefined {
  const full = normalise(q);
  // Only place names and legal forms ("有限公司"): nothing to look up.
  if (new RegExp(`^(?:${[...regions, ...FORMS].map(escape).join("|")})+$`, "u").test(full)) return undefined;
  const c = chars(core(field, full, regions));
  if (c.length === 0) return undefined;
  return { key: c.slice(0, KEY_CHARS).join(""), full: core(field, full, regions) };
}

/** A query made only of place names and legal forms ("福州市", "鼓东街道", "有限公司"): what a county official means by it.
 * `township`: one of the tenant's townships by name, so its businesses; `contains`: the legal form the names must hold;
 * neither: the whole directory (the county itself or a place above it). Undefined when the query has other words. */
export function placeQuery(q: string, regions: readonly string[], townships: readonly { id: string; name: string }[]): { township?: string; contains?: string } | undefined {
  const full = normalise(q);
  if (full.length === 0 || !new RegExp(`^(?:${[...regions, ...FORMS].map(escape).join("|")})+$`, "u").test(full)) return undefined;
  const town = townships.find((t) => {
    const name = normalise(t.name);
    return full === name || full === name.replace(/(街道|镇|乡)$/u, "");
  });
  if (town) return { township: town.id };
  const rest = regions.length ? full.replace(new RegExp(`^(?:${regions.map(escape).join("|")})+`, "u"), "") : full;
  return rest ? { contains: rest } : {};
}

// ---------------------------------------------------------------- roster

export const CODE_LENGTH = 18;
/** A roster item holds at most this many codes (18 bytes each: 144 KB, well under DynamoDB's 400 KB) … */
export const ROSTER_MAX = 8000;
/** … and a full one splits into items of about this many. */
export const ROSTER_TARGET = 4000;

export function unpack(codes: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < codes.length; i += CODE_LENGTH) out.push(codes.slice(i, i + CODE_LENGTH));
  return out;
}

export function pack(codes: readonly string[]): string {
  return codes.join("");
}

/** One roster item: the codes from `lower` (inclusive) up to the next item's lower bound. The first item's bound is "". */
export interface Bucket {
  lower: string;
  codes: string[];
}

/** Apply additions and removals to sorted buckets (sorted by lower bound). Returns the buckets
 * that changed (written), the lower bounds that are gone (deleted), nothing else: untouched
 * buckets are not rewritten. A bucket over ROSTER_MAX splits into pieces of about ROSTER_TARGET. */
export function applyToBuckets(buckets: readonly Bucket[], add: ReadonlySet<string>, remove: ReadonlySet<string>) {
  const list = buckets.length ? [...buckets] : [{ lower: "", codes: [] }];
  const bounds = list.map((b) => b.lower);
  const touched = new Map<number, Set<string>>();
  const bucketOf = (code: string) => {
    // Last bucket whose lower bound is <= code (binary search).
    let lo = 0;
    let hi = bounds.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bounds[mid]! <= code) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const set = (i: number) => {
    let s = touched.get(i);
    if (!s) touched.set(i, (s = new Set(list[i]!.codes)));
    return s;
  };
  for (const code of remove) if (!add.has(code)) set(bucketOf(code)).delete(code);
  for (const code of add) set(bucketOf(code)).add(code);
  const written: Bucket[] = [];
  const deleted: string[] = [];
  for (const [i, s] of touched) {
    const before = list[i]!;
    const sorted = [...s].sort();
    if (sorted.length === before.codes.length && sorted.every((c, j) => c === before.codes[j])) continue;
    if (sorted.length === 0 && before.lower !== "") {
      deleted.push(before.lower);
      continue;
    }
    if (sorted.length <= ROSTER_MAX) {
      written.push({ lower: before.lower, codes: sorted });
      continue;
    }
    const pieces = Math.ceil(sorted.length / ROSTER_TARGET);
    const size = Math.ceil(sorted.length / pieces);
    for (let p = 0; p < pieces; p++) {
      const codes = sorted.slice(p * size, (p + 1) * size);
      written.push({ lower: p === 0 ? before.lower : codes[0]!, codes });
    }
  }
  return { written, deleted };
}

// ---------------------------------------------------------------- import hash

/** Rows per chunk of an import: the unit of one write batch, one API call and one Merkle subtree. */
export const IMPORT_CHUNK = 500;

/** The leaf of one row: the row exactly as read (valid or not), so the event pins the file's content. */
export function rowLeaf(row: unknown): string {
  return sha256(canonicalJson(row));
}

/** The import's root: a Merkle root over each chunk's Merkle root, chunks of IMPORT_CHUNK rows in file order. */
export function importRoot(rows: readonly unknown[], chunk = IMPORT_CHUNK): string {
  const roots: string[] = [];
  for (let i = 0; i < rows.length; i += chunk) roots.push(merkleRoot(rows.slice(i, i + chunk).map(rowLeaf)));
  return merkleRoot(roots);
}

/** The hash that tells whether a re-imported row changes anything. */
export function contentHash(value: unknown): string {
  return sha256(canonicalJson(value));
}
