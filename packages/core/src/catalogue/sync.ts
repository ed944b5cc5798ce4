import * as z from "zod";
import { useTenant } from "../context";
import { Tx, type TxItem } from "../dynamo/tx";
import type { Skip } from "../message";
import type { Change } from "../outbox/commit";
import { hashState, merkleRoot } from "../util/hash";
import { CatalogueStateEntity } from "./catalogue.entity";
import { diffCounts, diffOf, pack, type Diff } from "./rules";
import { statusMessage, type CoverageCounts } from "./status";
import { tenantState, versionRecord, type TenantState, type VersionRecord } from "./store";

/** The catalogue's part of a tenant's sync to a published version: what the
 * tenant's state becomes, and the change that commits it. The message that
 * carries a version to a tenant (CatalogueSync.VersionPublished) is defined
 * above this module, because the same transaction also marks the tenant's
 * assignments, which depend on the catalogue and not the other way round. */

export const SyncPayload = z.object({ version: z.number().int().min(1), title: z.string(), publishedAt: z.string() });
export type SyncPayload = z.infer<typeof SyncPayload>;

/** A sync the current tenant has still to apply: from its version in force to `latest`. */
export interface PendingSync {
  tenantId: string;
  /** The tenant's state before the sync (none before its first). */
  state: TenantState | undefined;
  current: number;
  latest: VersionRecord;
  diff: Diff;
}

/** The sync the current tenant needs to reach `version`, or why it needs none. */
export async function pendingSync(version: number): Promise<PendingSync | Skip> {
  const tenantId = useTenant();
  const state = await tenantState(tenantId);
  const current = state?.version ?? 0;
  if (version <= current) {
    return { skip: `version ${version} is not newer than version ${current}, in force here since ${state?.syncedAt}` };
  }
  // The diff spans every version in between, so a missing intermediate
  // message is covered and, when it comes, skipped.
  const records: VersionRecord[] = [];
  for (let v = current + 1; v <= version; v++) {
    const r = await versionRecord(v);
    if (!r) throw new Error(`catalogue version ${v} is not published yet`);
    records.push(r);
  }
  const diff = diffOf(records.map((r) => ({ version: r.version, changes: r.changes })));
  return { tenantId, state, current, latest: records.at(-1)!, diff };
}

/** What the tenant's assignments do in the sync's own transaction (handed in
 * by the caller: the catalogue knows nothing of assignments). */
export interface SyncFollowUp {
  /** How many assignments the diff touched (for the audit summary). */
  affected: number;
  /** Their writes, in the sync's transaction. */
  items: () => TxItem[];
  /** The tenant's coverage after the sync, for its status report to the province. */
  coverage: CoverageCounts;
}

/** One change: the tenant's new catalogue state, one audit event whose hash
 * covers the whole diff (a Merkle root), the follow-up's writes and the
 * status report to the province. */
export function syncChange(p: PendingSync, syncedAt: string, followUp: SyncFollowUp): Change {
  const { latest, current, diff, state } = p;
  const counts = diffCounts(diff);
  const next = {
    tenantId: p.tenantId,
    version: latest.version,
    previousVersion: current,
    title: latest.title,
    publishedAt: latest.publishedAt,
    syncedAt,
    itemCount: latest.itemCount,
    counts,
    diff: pack(diff),
  };
  const root = merkleRoot([...diff.added, ...diff.amended, ...diff.interpreted, ...diff.repealed].map((e) => hashState(e)));
  return {
    action: "catalogue.sync",
    target: { type: "catalogueVersion", id: String(latest.version) },
    state: { ...next, diff: root },
    summary: { version: latest.version, from: current, ...counts, affectedAssignments: followUp.affected, merkleRoot: root },
    items: () => [
      Tx.put(CatalogueStateEntity.put(next).where((a, op) => (state ? op.eq(a.version, current) : op.notExists(a.version)))),
      ...followUp.items(),
    ],
    messages: [statusMessage({ version: latest.version, syncedAt, coverage: followUp.coverage })],
  };
}
