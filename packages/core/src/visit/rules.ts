import { randomBytes } from "node:crypto";

/** Pure rules of the joint visit (综合查一次、一表通查、扫码入企, RULES.md
 * "Inspections of businesses"): which step may follow which, the visit code,
 * the combined checklist's lines, who may answer a line, and the figures kept
 * per year. No I/O. */

export const Statuses = ["draft", "approved", "in-progress", "signed", "closed", "cancelled"] as const;
export type Status = (typeof Statuses)[number];

export const OriginKinds = ["draw", "plan", "case", "clue", "special"] as const;
export type OriginKind = (typeof OriginKinds)[number];

export const Outcomes = ["pass", "rectify", "case", "transfer"] as const;
export type Outcome = (typeof Outcomes)[number];

/** Case-driven and special checks ordered from above are outside the yearly cap (国办发〔2024〕54号). */
export function exemptFromCap(kind: OriginKind): boolean {
  return kind === "case" || kind === "special";
}

/** Visits still open for another body to join (综合查一次): nobody is on site yet. */
export function joinable(status: Status): boolean {
  return status === "draft" || status === "approved";
}

/** Two windows (inclusive Beijing dates) overlap. */
export function overlaps(a: { from: string; to: string }, b: { from: string; to: string }): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** Answers are taken once the visit is approved; an emergency visit answers first and is approved after the fact. */
export function takesAnswers(status: Status, emergency: boolean): boolean {
  return status === "approved" || status === "in-progress" || (emergency && status === "draft");
}

/** Results are recorded only on an approved visit not yet signed off. */
export function takesResults(status: Status, approved: boolean): boolean {
  return approved && (status === "approved" || status === "in-progress");
}

/** Signatures needed before a visit counts as signed: both inspectors (at least two officers, 54号). */
export const SIGNATURES_NEEDED = 2;

/** What result outcome a recognised (执法互认) result carries. */
export function recognitionOutcome(o: Outcome): "compliant" | "non-compliant" {
  return o === "pass" ? "compliant" : "non-compliant";
}

/** The visit code (扫码入企): the tenant's division code, then 16 random base-32
 * characters (80 bits) — unguessable, URL-safe, and it names the tenant whose
 * partition the public page reads, so no shared index is needed. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export function newCode(tenantId: string): string {
  const bytes = randomBytes(16);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `${tenantId}${out}`;
}
export const CODE_PATTERN = /^\d{6}[a-z2-9]{16}$/;
export function tenantOfCode(code: string): string | undefined {
  return CODE_PATTERN.test(code) ? code.slice(0, 6) : undefined;
}

/** A work guide's lines for one body's item (检查内容 each with the item's 检查方法). */
export interface GuideLike {
  name: string;
  content: string[];
  methods: string[];
}
export interface Line {
  lineId: string;
  bodyId: string;
  bodyName: string;
  itemCode: string;
  itemName: string;
  content: string;
  method: string;
}

/** The combined checklist (一表通查): every body's items, one line per 检查内容, in the bodies' order. */
export function checklistLines(bodies: { bodyId: string; bodyName: string; itemCodes: string[] }[], guideOf: (code: string) => GuideLike): Line[] {
  const lines: Line[] = [];
  for (const b of bodies) {
    for (const code of b.itemCodes) {
      const g = guideOf(code);
      const method = g.methods.join("、");
      g.content.forEach((content, i) => lines.push({ lineId: `${b.bodyId}.${code}.${i + 1}`, bodyId: b.bodyId, bodyName: b.bodyName, itemCode: code, itemName: g.name, content, method }));
    }
  }
  return lines;
}

/** The newest answer of a line wins by capture time (a late batch from an offline phone never overwrites a newer answer). */
export function newest<T extends { capturedAt: string; at: string }>(a: T | undefined, b: T): T {
  if (!a) return b;
  if (b.capturedAt !== a.capturedAt) return b.capturedAt > a.capturedAt ? b : a;
  return b.at > a.at ? b : a;
}

export interface YearCounters {
  visits: number;
  joint: number;
  noCodeReports: number;
  ratingCount: number;
  ratingSum: number;
}

/** The figures shown and sent upward: mean rating to one decimal place. */
export function figures(c: Partial<YearCounters>) {
  const count = c.ratingCount ?? 0;
  return {
    visits: c.visits ?? 0,
    joint: c.joint ?? 0,
    noCodeReports: c.noCodeReports ?? 0,
    ratings: { count, mean: count ? Math.round(((c.ratingSum ?? 0) / count) * 10) / 10 : 0 },
  };
}
