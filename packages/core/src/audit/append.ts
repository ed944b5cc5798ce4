import { AsyncLocalStorage } from "node:async_hooks";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Clock } from "../clock";
import { useConfig } from "../config";
import { actorRef, useActor } from "../context";
import { useDynamo } from "../dynamo/client";
import { keyOf, Tx, type TxItem } from "../dynamo/tx";
import { hashState } from "../util/hash";
import { createId } from "../util/id";
import { AuditEventEntity, AuditHeadEntity } from "./audit.entity";
import { eventHash, GENESIS_HASH, HASH_VERSION, type StateKey, type Summary } from "./chain";

/** Appending to a tenant's hash chain: one event item and one conditional
 * write on the chain head, both inside the change's own transaction (the
 * outbox's `commit` puts them last). A concurrent append makes the head's
 * condition fail and the caller retries with a fresh head. */

export interface EventInput {
  action: string;
  target: { type: string; id: string };
  state: unknown;
  summary?: Summary;
}

export interface PreparedEvent {
  tenantId: string;
  id: string;
  seq: number;
  hash: string;
  /** The event and the head write, in that order (the head is the last item of a commit). */
  items: [TxItem, TxItem];
}

/** The last chain head this process wrote or read, per tenant: a warm
 * process skips the head read. A stale entry only makes the head's condition
 * fail, and the retry reads the head afresh. */
const knownHeads = new Map<string, { seq: number; hash: string }>();

/** Every record a change writes is stamped with the sequence number of its
 * event (`auditSeq`), so verify knows which event last wrote a record: the
 * state hash of that event is re-checked against the record as stored; an
 * older event's record has moved on (and is skipped), and a record changed
 * behind the chain's back no longer matches. */
export const STAMP = "auditSeq";

/** Stamp the change's own puts and updates with the event's seq (in place; a repeat only updates the value). */
function stamp(items: TxItem[], seq: number) {
  for (const item of items) {
    if (item.Put) {
      (item.Put.Item as Record<string, unknown>)[STAMP] = seq;
    } else if (item.Update) {
      const u = item.Update as { UpdateExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Record<string, unknown> };
      const already = u.ExpressionAttributeNames?.["#auditSeq"] === STAMP;
      u.ExpressionAttributeNames = { ...(u.ExpressionAttributeNames ?? {}), "#auditSeq": STAMP };
      u.ExpressionAttributeValues = { ...(u.ExpressionAttributeValues ?? {}), ":auditSeq": seq };
      if (already) continue;
      const expr = u.UpdateExpression ?? "";
      const set = /(^|\s)SET\s+/i.exec(expr);
      u.UpdateExpression = set
        ? expr.slice(0, set.index + set[1]!.length) + "SET #auditSeq = :auditSeq, " + expr.slice(set.index + set[0].length)
        : `SET #auditSeq = :auditSeq ${expr}`.trim();
    }
  }
}

/** The record a change's state is: the first put of an item whose `id` is the target's. */
function stateRecord(items: TxItem[], targetId: string): Record<string, unknown> | undefined {
  for (const item of items) {
    const record = item.Put?.Item as Record<string, unknown> | undefined;
    if (record && record.id === targetId && typeof record.pk === "string" && typeof record.sk === "string") return record;
  }
  return undefined;
}

/** Build the event of a change for `tenantId`, chained to its head (read
 * unless this process knows it; `fresh` forces a read, after a lost race).
 * `own`: the change's own writes, stamped here; when one of them puts the
 * target's record, the state hash is that record's as stored (re-checkable
 * by verify), otherwise the hash of the change's `state`. */
export async function prepareEvent(tenantId: string, input: EventInput, fresh = false, own: TxItem[] = []): Promise<PreparedEvent> {
  const head =
    (fresh ? undefined : knownHeads.get(tenantId)) ??
    (
      await useDynamo().send(new GetCommand({ TableName: useConfig().TABLE_NAME, Key: keyOf(AuditHeadEntity.get({ tenantId })), ConsistentRead: true }))
    ).Item;
  const prevSeq = (head?.seq as number | undefined) ?? 0;
  const prevHash = (head?.hash as string | undefined) ?? GENESIS_HASH;
  const seq = prevSeq + 1;
  stamp(own, seq);
  const record = stateRecord(own, input.target.id);
  const stateKey: StateKey | undefined = record ? { pk: record.pk as string, sk: record.sk as string } : undefined;
  const event = {
    v: HASH_VERSION,
    tenantId,
    seq,
    id: createId("aud"),
    action: input.action,
    targetType: input.target.type,
    targetId: input.target.id,
    actor: actorRef(useActor()),
    at: Clock.iso(),
    stateHash: hashState(record ?? input.state),
    prevHash,
    summary: input.summary,
    stateKey,
  };
  const hash = eventHash(event);
  const headWrite =
    prevSeq === 0
      ? Tx.put(AuditHeadEntity.create({ tenantId, seq: event.seq, hash }))
      : Tx.update(
          AuditHeadEntity.patch({ tenantId })
            .set({ seq: event.seq, hash })
            .where((a, op) => op.eq(a.seq, prevSeq)),
        );
  return { tenantId, id: event.id, seq: event.seq, hash, items: [Tx.put(AuditEventEntity.create({ ...event, hash })), headWrite] };
}

/** The event committed: its hash is now the tenant's head. */
export function appended(event: PreparedEvent) {
  knownHeads.set(event.tenantId, { seq: event.seq, hash: event.hash });
}

/** The head this process knew may be stale (a lost race, or any failed transaction). */
export function forgetHead(tenantId: string) {
  knownHeads.delete(tenantId);
}

/** Tenants whose audit chain this process is appending to, and the end of
 * that append. Commits of one tenant in one process take turns (an API
 * request, a queue batch and a job never race each other for the chain head;
 * other processes still can, and the head's condition settles that). Held
 * from a change's reads to its commit by `withChain`, re-entrantly. */
const chainsInFlight = new Map<string, Promise<void>>();
const chainsHeld = new AsyncLocalStorage<ReadonlySet<string>>();

/** Another unit of work of this process is appending to the tenant's chain. */
export function chainBusy(tenantId: string) {
  return chainsInFlight.has(tenantId) && !chainsHeld.getStore()?.has(tenantId);
}

/** Run `fn` as this process's only appender to the tenant's chain (none for `undefined`). */
export async function withChain<T>(tenantId: string | undefined, fn: () => Promise<T>): Promise<T> {
  const held = chainsHeld.getStore();
  if (tenantId === undefined || held?.has(tenantId)) return fn();
  for (let busy = chainsInFlight.get(tenantId); busy; busy = chainsInFlight.get(tenantId)) await busy;
  let end!: () => void;
  chainsInFlight.set(tenantId, new Promise<void>((r) => (end = r)));
  try {
    return await chainsHeld.run(new Set([...(held ?? []), tenantId]), fn);
  } finally {
    chainsInFlight.delete(tenantId);
    end();
  }
}
