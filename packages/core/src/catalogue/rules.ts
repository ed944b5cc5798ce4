import { gunzipSync, gzipSync } from "node:zlib";
import { changeCode, type Change, type ChangeBasis, type SupervisionItem } from "./item";

/** Pure rules of the catalogue: no I/O. */

/** A change as the version record keeps it (no item body). */
export interface ChangeEntry {
  code: string;
  name?: string;
  basis: ChangeBasis;
  law: string;
  effectiveDate: string;
}

/** An item in force, with the change that last touched it. */
export type ItemInForce = SupervisionItem & { version: number; basis: ChangeBasis; law: string; effectiveDate: string };

export function entryOf(c: Change): ChangeEntry {
  return { code: changeCode(c), name: c.basis === "repeal" ? undefined : c.item.name, basis: c.basis, law: c.law, effectiveDate: c.effectiveDate };
}

/** Stateful checks of a version against the items in force before it: an
 * enact of a code already in force, or an amend/interpret/repeal of a code
 * not in force. Returns one issue per offending change, naming its index. */
export function validateChanges(inForce: ReadonlySet<string>, changes: Change[]) {
  const issues: { index: number; code: string; rule: "catalogue.already_in_force" | "catalogue.not_in_force"; basis: ChangeBasis }[] = [];
  changes.forEach((c, index) => {
    const code = changeCode(c);
    if (c.basis === "enact" && inForce.has(code)) issues.push({ index, code, rule: "catalogue.already_in_force", basis: c.basis });
    if (c.basis !== "enact" && !inForce.has(code)) issues.push({ index, code, rule: "catalogue.not_in_force", basis: c.basis });
  });
  return issues;
}

/** Items in force after a version's changes. */
export function applyChanges(before: ReadonlyMap<string, ItemInForce>, version: number, changes: Change[]): Map<string, ItemInForce> {
  const next = new Map(before);
  for (const c of changes) {
    if (c.basis === "repeal") next.delete(c.code);
    else next.set(c.item.code, { ...c.item, version, basis: c.basis, law: c.law, effectiveDate: c.effectiveDate });
  }
  return next;
}

export interface DiffEntry extends ChangeEntry {
  version: number;
}
export interface Diff {
  added: DiffEntry[];
  amended: DiffEntry[];
  interpreted: DiffEntry[];
  repealed: DiffEntry[];
}

/** The difference between a tenant's previous version and a newer one, from
 * the change lists of every version in between (oldest first). A code enacted
 * and repealed in between does not appear; one repealed and enacted again is
 * amended; amended and interpreted is amended. */
export function diffOf(versions: { version: number; changes: ChangeEntry[] }[]): Diff {
  const byCode = new Map<string, { first: ChangeEntry; last: DiffEntry; amended: boolean }>();
  for (const v of versions) {
    for (const c of v.changes) {
      const entry = { ...c, version: v.version };
      const seen = byCode.get(c.code);
      if (!seen) byCode.set(c.code, { first: c, last: entry, amended: c.basis === "amend" });
      else byCode.set(c.code, { first: seen.first, last: entry, amended: seen.amended || c.basis === "amend" });
    }
  }
  const diff: Diff = { added: [], amended: [], interpreted: [], repealed: [] };
  for (const { first, last, amended } of byCode.values()) {
    const wasInForce = first.basis !== "enact";
    const isInForce = last.basis !== "repeal";
    if (!wasInForce && !isInForce) continue;
    if (!wasInForce) diff.added.push(last);
    else if (!isInForce) diff.repealed.push(last);
    else if (amended || last.basis === "enact") diff.amended.push(last);
    else diff.interpreted.push(last);
  }
  for (const list of Object.values(diff)) list.sort((a: DiffEntry, b: DiffEntry) => a.code.localeCompare(b.code));
  return diff;
}

export function diffCounts(d: Diff) {
  return { added: d.added.length, amended: d.amended.length, interpreted: d.interpreted.length, repealed: d.repealed.length };
}

export function countChanges(changes: { basis: ChangeBasis }[]) {
  const counts = { enact: 0, amend: 0, interpret: 0, repeal: 0 };
  for (const c of changes) counts[c.basis]++;
  return counts;
}

/** Large lists (a 2,000-change version, its diff) are stored gzipped, so one
 * record stays far below DynamoDB's 400 KB item limit. */
export function pack(value: unknown): string {
  return gzipSync(Buffer.from(JSON.stringify(value))).toString("base64");
}
export function unpack<T>(packed: string): T {
  return JSON.parse(gunzipSync(Buffer.from(packed, "base64")).toString("utf8")) as T;
}

/** Split a fan-out into what fits in the publishing transaction and the rest,
 * deterministically (tenants in code order). */
export function planFanout(tenants: string[], room: number, batch: number) {
  const sorted = [...tenants].sort();
  if (sorted.length <= room) return { direct: sorted, batches: [] as string[][] };
  let d = room - 1;
  while (d > 0 && d + Math.ceil((sorted.length - d) / batch) > room) d--;
  const direct = sorted.slice(0, d);
  const rest = sorted.slice(direct.length);
  const batches: string[][] = [];
  for (let i = 0; i < rest.length; i += batch) batches.push(rest.slice(i, i + batch));
  return { direct, batches };
}
