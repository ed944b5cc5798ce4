import { Clock } from "../clock";
import { useTenant } from "../context";
import { Tx, type TxItem } from "../dynamo/tx";
import { commit } from "../outbox/commit";
import { merkleRoot, sha256 } from "../util/hash";
import { MigrationCheckpointEntity } from "./migration.entity";

/** 部门归属迁移: records written before department scoping lack the keys of
 * their department's list (a referral's, a judicial request's, a clock's, an
 * inspection's department rows), so officers do not see them. Each owning
 * module reads one page of its own records and returns the writes that add
 * what is missing (ElectroDB patches, so its indexes are recomputed); this
 * file commits them: one transaction and ONE audit event per batch, whose
 * state is the Merkle root of the records it changed, with the checkpoint
 * that lets an interrupted run resume. A batch that changes nothing writes no
 * event: running the migration again changes nothing. */

export const DEPARTMENT_SCOPE = "department-scope";

/** Records per page: each may need a few writes, and a batch is one transaction (≤ 100 items). */
export const MIGRATION_PAGE = 20;

/** One record the migration completes: its key (for the Merkle leaf) and the writes that complete it. */
export interface MigrationRow {
  key: string;
  items: TxItem[];
}

/** What a module found on one page of its records. */
export interface MigrationPage {
  scanned: number;
  rows: MigrationRow[];
  /** The next page's cursor; null when this was the last. */
  cursor: string | null;
}

export interface MigrationBatch {
  entity: string;
  scanned: number;
  changed: number;
  /** Null when the entity is done. */
  cursor: string | null;
  auditSeq?: number;
}

/** The cursor where this tenant's run of `migration` stopped for `entity` (null: from the start). */
export async function checkpoint(entity: string, migration = DEPARTMENT_SCOPE): Promise<string | null> {
  const res = await MigrationCheckpointEntity.get({ tenantId: useTenant(), migration, entity }).go({ consistent: true });
  return res.data?.cursor ?? null;
}

function checkpointItem(entity: string, migration: string, cursor: string | null, scanned: number, changed: number): TxItem {
  const tenantId = useTenant();
  return cursor
    ? Tx.put(MigrationCheckpointEntity.put({ tenantId, migration, entity, cursor, scanned, changed, updatedAt: Clock.iso() }))
    : Tx.delete(MigrationCheckpointEntity.delete({ tenantId, migration, entity }));
}

/** Commit one page's completions with the checkpoint: one audit event when
 * anything changed, only the checkpoint otherwise. */
export async function commitBatch(entity: string, page: MigrationPage, migration = DEPARTMENT_SCOPE): Promise<MigrationBatch> {
  const { rows, cursor, scanned } = page;
  if (rows.length === 0) {
    const item = checkpointItem(entity, migration, cursor, scanned, 0);
    // Bookkeeping only (no record changed): a plain write, no event.
    if (item.Put) await MigrationCheckpointEntity.put(item.Put.Item as never).go();
    else await MigrationCheckpointEntity.delete({ tenantId: useTenant(), migration, entity }).go();
    return { entity, scanned, changed: 0, cursor };
  }
  const keys = rows.map((r) => r.key).sort();
  const root = merkleRoot(keys.map((k) => sha256(k)));
  const done = await commit({
    action: "department.migrate",
    target: { type: "migration", id: `${migration}:${entity}` },
    state: { migration, entity, count: rows.length, root, keys },
    summary: { migration, entity, count: rows.length, root },
    items: () => [...rows.flatMap((r) => r.items), checkpointItem(entity, migration, cursor, scanned, rows.length)],
  });
  return { entity, scanned, changed: rows.length, cursor, auditSeq: done.seq };
}
