/** Pure rules of who may be drawn or recorded on an inspection (RULES.md:
 * only officers with a valid 执法证, never grid workers, auxiliaries or third
 * parties; 回避 for declared conflicts). No I/O. */

export interface Kinship {
  /** The business the relative works for or owns. */
  creditCode: string;
  relation: string;
}

export interface InspectorLike {
  kind: "officer" | "grid-worker" | "auxiliary" | "third-party";
  certificateNo?: string;
  certificateFrom?: string;
  certificateUntil?: string;
  qualifications: string[];
  conflictBusinesses: string[];
  conflictTownships: string[];
  kinship: Kinship[];
  homeTownship?: string;
  status: "active" | "inactive";
}

export type Ineligible = "inactive" | "not-officer" | "no-certificate" | "certificate-not-valid" | "not-qualified" | "conflict";

/** Holds a certificate valid on `on` (a Beijing date, both ends inclusive). */
export function isCertified(i: InspectorLike, on: string): boolean {
  return certificateProblem(i, on) === undefined;
}

function certificateProblem(i: InspectorLike, on: string): Ineligible | undefined {
  if (i.status !== "active") return "inactive";
  if (i.kind !== "officer") return "not-officer";
  if (!i.certificateNo || !i.certificateFrom || !i.certificateUntil) return "no-certificate";
  if (on < i.certificateFrom || on > i.certificateUntil) return "certificate-not-valid";
  return undefined;
}

/** Declared conflict with the business: named business, kinship with it, or the business lies in a township the inspector declared (or lives in). */
export function hasConflict(i: InspectorLike, business: { creditCode: string; township?: string }): boolean {
  if (i.conflictBusinesses.includes(business.creditCode)) return true;
  if (i.kinship.some((k) => k.creditCode === business.creditCode)) return true;
  if (business.township && (i.conflictTownships.includes(business.township) || i.homeTownship === business.township)) return true;
  return false;
}

/** Why this person may not be drawn for (or recorded on) an inspection of
 * `itemCodes` at `business` on `on`; undefined when they may. */
export function ineligibility(i: InspectorLike, on: string, itemCodes: string[], business?: { creditCode: string; township?: string }): Ineligible | undefined {
  const cert = certificateProblem(i, on);
  if (cert) return cert;
  const q = new Set(i.qualifications);
  if (!itemCodes.every((c) => q.has(c))) return "not-qualified";
  if (business && hasConflict(i, business)) return "conflict";
  return undefined;
}
