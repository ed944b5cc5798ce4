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
  /** The event and the head write, in that order (the head is the last item of a commit).
   * After `chainEvents`, only the last event of the chain carries the head write. */
  items: TxItem[];
  /** What `chainEvents` needs to move the event further down the chain. */
  body: EventBody;
  /** The head this event was prepared on (kept by `chainEvents`). */
  prevSeq: number;
  basePrevHash: string;
  own: TxItem[];
  record: Record<string, unknown> | undefined;
}

type EventBody = {
  v: number;
  tenantId: string;
  seq: number;
  id: string;
  action: string;
  targetType: string;
  targetId: string;
  actor: ReturnType<typeof actorRef>;
  at: string;
  stateHash: string;
  prevHash: string;
  summary: Summary | undefined;
  stateKey: StateKey | undefined;
};

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
  const event: EventBody = {
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
  return { tenantId, id: event.id, seq: event.seq, hash, items: [Tx.put(AuditEventEntity.create({ ...event, hash })), headWrite(tenantId, prevSeq, event.seq, hash)], body: event, prevSeq, basePrevHash: prevHash, own, record };
}

/** The one conditional write that moves a tenant's head from `prevSeq` to `seq`. */
function headWrite(tenantId: string, prevSeq: number, seq: number, hash: string): TxItem {
  return prevSeq === 0
    ? Tx.put(AuditHeadEntity.create({ tenantId, seq, hash }))
    : Tx.update(
        AuditHeadEntity.patch({ tenantId })
          .set({ seq, hash })
          .where((a, op) => op.eq(a.seq, prevSeq)),
      );
}

/** Several prepared events of ONE tenant, appended one after another in one
 * transaction: each event follows the previous one (seq + 1, its hash as
 * `prevHash`), the changes' own writes are stamped with their new seq (and a
 * state hash taken from a stamped record recomputed), and only the last
 * event carries the head write: one conditional write on the head, from the
 * first event's head to the last event, covers all N. A queue batch's
 * messages for one tenant thus commit together instead of one by one. The
 * events keep their ids, actors, times and summaries. */
export function chainEvents(events: PreparedEvent[]): PreparedEvent[] {
  const first = events[0];
  if (!first) return [];
  if (events.some((e) => e.tenantId !== first.tenantId)) throw new Error("chainEvents: one tenant's events only");
  let seq = first.prevSeq;
  let prevHash = first.basePrevHash;
  return events.map((e, i) => {
    seq += 1;
    stamp(e.own, seq);
    const body: EventBody = { ...e.body, seq, prevHash, stateHash: e.record ? hashState(e.record) : e.body.stateHash };
    const hash = eventHash(body);
    prevHash = hash;
    const put = Tx.put(AuditEventEntity.create({ ...body, hash }));
    const last = i === events.length - 1;
    return { ...e, seq, hash, body, items: last ? [put, headWrite(e.tenantId, first.prevSeq, seq, hash)] : [put] };
  });
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

/** The tenant's chain, taken for several units of work at once (the messages
 * of one queue batch for one tenant, committed in one transaction by
 * `chainEvents`): `run` executes each as a holder; the hold ends when the
 * last running one ends. Undefined when another unit of this process holds it. */
export interface ChainHold {
  run<T>(fn: () => Promise<T>): Promise<T>;
  readonly released: boolean;
}

export function tryHoldChain(tenantId: string): ChainHold | undefined {
  if (chainsInFlight.has(tenantId) && !chainsHeld.getStore()?.has(tenantId)) return undefined;
  // Already this unit's (re-entrant): nothing to take, nothing for others to share.
  if (chainsInFlight.has(tenantId)) return { run: (fn) => fn(), released: true };
  let end!: () => void;
  chainsInFlight.set(tenantId, new Promise<void>((r) => (end = r)));
  let users = 0;
  let released = false;
  return {
    async run(fn) {
      if (released) throw new Error(`the hold on ${tenantId}'s chain has ended`);
      users++;
      try {
        return await chainsHeld.run(new Set([...(chainsHeld.getStore() ?? []), tenantId]), fn);
      } finally {
        if (--users === 0) {
          released = true;
          chainsInFlight.delete(tenantId);
          end();
        }
      }
    },
    get released() {
      return released;
    },
  };
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
