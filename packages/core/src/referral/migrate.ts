import { useTenant } from "../context";
import { Tx } from "../dynamo/tx";
import type { MigrationPage } from "../department/migration";
import { clockOwners } from "./clock-owners";
import { ClockEntity, JudicialRequestEntity, ReferralEntity, type JudicialRequestItem, type ReferralItem } from "./referral.entity";

/** Department scoping for records written before it (see department/migration.ts):
 * one page of this module's records, and the writes that give each what its
 * department's list needs. A record that has its keys is left alone.
 *
 * Each is written back whole through ElectroDB (`put`, which computes every
 * index's keys from the attributes) on the condition that it has not changed
 * since it was read: an update expression (`patch`) would recompute only the
 * index keys whose own attributes it sets — a department list's partition key
 * but never its sort key, which is built from the record's primary key — and
 * DynamoDB indexes an item only when both are there. */

type Keyed = Record<string, unknown>;
const KEY_FIELDS = /^(pk|sk|gsi\d+pk|gsi\d+sk|__edb_e__|__edb_v__)$/;
const go = (cursor: string | null, limit: number) => ({ cursor, limit, data: "includeKeys" as const });
const attributesOf = <T>(r: Keyed) => Object.fromEntries(Object.entries(r).filter(([k]) => !KEY_FIELDS.test(k))) as T;
const indexed = (r: Keyed, ...n: number[]) => n.every((i) => r[`gsi${i}pk`] !== undefined && r[`gsi${i}sk`] !== undefined);

/** Referrals: the department list (gsi1). */
export async function referrals(cursor: string | null, limit: number): Promise<MigrationPage> {
  const tenantId = useTenant();
  const res = await ReferralEntity.query.byTenant({ tenantId }).go(go(cursor, limit));
  const rows = (res.data as unknown as Keyed[])
    // A referral of no department is the overseers' only: nothing to add.
    .filter((r) => r.departmentId && !indexed(r, 1))
    .map((raw) => {
      const r = attributesOf<ReferralItem>(raw);
      return { key: `referral#${r.id}`, items: [Tx.put(ReferralEntity.put(r).where((a, op) => op.eq(a.version, r.version)))] };
    });
  return { scanned: res.data.length, rows, cursor: res.cursor ?? null };
}

/** Judicial requests: the addressed department's list (gsi1) and the asking organ's (gsi2). */
export async function judicialRequests(cursor: string | null, limit: number): Promise<MigrationPage> {
  const tenantId = useTenant();
  const res = await JudicialRequestEntity.query.byTenant({ tenantId }).go(go(cursor, limit));
  const rows = (res.data as unknown as Keyed[])
    .filter((r) => !indexed(r, 1, 2))
    .map((raw) => {
      const r = attributesOf<JudicialRequestItem>(raw);
      return { key: `judicial-request#${r.id}`, items: [Tx.put(JudicialRequestEntity.put(r).where((a, op) => op.eq(a.version, r.version)))] };
    });
  return { scanned: res.data.length, rows, cursor: res.cursor ?? null };
}

/** Running clocks: whose officers see them (the referral's department, or the
 * addressed department of a judicial request) and which department owes them. */
export async function clocks(cursor: string | null, limit: number): Promise<MigrationPage> {
  const tenantId = useTenant();
  const res = await ClockEntity.query.byDue({ tenantId }).go(go(cursor, limit));
  type Clock = { tenantId: string; dueAt: string; targetId: string; step: string; kind: "referral" | "judicial-request"; referralId?: string; title: string; by: string; startedAt: string; departmentId?: string };
  const missing = (res.data as unknown as Keyed[]).filter((c) => !c.ownerDepartmentId || !c.owingDepartmentId || !indexed(c, 1, 2)).map((c) => attributesOf<Clock>(c));
  const referralIds = [...new Set(missing.filter((c) => c.kind === "referral").map((c) => c.referralId ?? c.targetId))];
  const found = referralIds.length ? await ReferralEntity.get(referralIds.map((id) => ({ tenantId, id }))).go() : { data: [] };
  const departmentOf = new Map(found.data.map((r) => [r.id, r.departmentId ?? undefined]));
  const rows = missing.map((c) => {
    const owner = c.kind === "referral" ? departmentOf.get(c.referralId ?? c.targetId) : c.departmentId;
    const next = { ...c, ...clockOwners(owner, c.departmentId) };
    return {
      key: `clock#${c.dueAt}#${c.targetId}#${c.step}`,
      // Still running (a step taken meanwhile deleted it: never bring it back).
      items: [Tx.put(ClockEntity.put(next).where((a, op) => op.exists(a.startedAt)))],
    };
  });
  return { scanned: res.data.length, rows, cursor: res.cursor ?? null };
}
