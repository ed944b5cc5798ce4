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
import { eventHash, GENESIS_HASH, type Summary } from "./chain";

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

/** Build the event of a change for `tenantId`, chained to its head (read
 * unless this process knows it; `fresh` forces a read, after a lost race). */
export async function prepareEvent(tenantId: string, input: EventInput, fresh = false): Promise<PreparedEvent> {
  const head =
    (fresh ? undefined : knownHeads.get(tenantId)) ??
    (
      await useDynamo().send(new GetCommand({ TableName: useConfig().TABLE_NAME, Key: keyOf(AuditHeadEntity.get({ tenantId })), ConsistentRead: true }))
    ).Item;
  const prevSeq = (head?.seq as number | undefined) ?? 0;
  const prevHash = (head?.hash as string | undefined) ?? GENESIS_HASH;
  const event = {
    tenantId,
    seq: prevSeq + 1,
    id: createId("aud"),
    action: input.action,
    targetType: input.target.type,
    targetId: input.target.id,
    actor: actorRef(useActor()),
    at: Clock.iso(),
    stateHash: hashState(input.state),
    prevHash,
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
  return { tenantId, id: event.id, seq: event.seq, hash, items: [Tx.put(AuditEventEntity.create({ ...event, hash, summary: input.summary })), headWrite] };
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
