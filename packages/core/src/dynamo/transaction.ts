import { AsyncLocalStorage } from "node:async_hooks";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { AuditEventEntity, AuditHeadEntity } from "../audit/audit.entity";
import { eventHash, GENESIS_HASH } from "../audit/chain";
import { Clock } from "../clock";
import { useConfig } from "../config";
import { actorRef, useActor, useTenant } from "../context";
import { ConflictError, VisibleError } from "../error";
import type { Envelope } from "../message/envelope";
import { OutboxEntity } from "../message/outbox.entity";
import type { QueueName } from "../message/queues";
import { canonicalJson, hashState, sha256 } from "../util/hash";
import { createId } from "../util/id";
import { useDynamo } from "./client";

export type TxItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** Turn ElectroDB `.params()` output into transaction items. */
export const Tx = {
  put: (params: Record<string, unknown>): TxItem => ({ Put: params as never }),
  update: (params: Record<string, unknown>): TxItem => ({ Update: params as never }),
  delete: (params: Record<string, unknown>): TxItem => ({ Delete: params as never }),
  check: (params: Record<string, unknown>): TxItem => ({ ConditionCheck: params as never }),
};

export interface OutgoingMessage {
  queue: QueueName;
  envelope: Envelope;
}

export interface Change {
  /** Dotted verb for the trail, e.g. `department.create`. */
  action: string;
  target: { type: string; id: string };
  /** The new state; its hash goes in the audit event. */
  state: unknown;
  /** A short readable summary for the trail page. */
  summary?: Record<string, unknown>;
  /** The change's own writes, built afresh on each attempt. */
  items: () => TxItem[];
  messages?: OutgoingMessage[];
  /** Maps a failed condition on one of `items` (by index) to the error to show. */
  onConditionFailed?: (index: number) => Error;
}

export interface Committed {
  /** Absent for a mirror (see `commit`'s `mirror` option). */
  auditId?: string;
  seq?: number;
  hash?: string;
  outbox: { fromTenant: string; id: string }[];
  consumedCapacity?: number;
}

/** Measurement hook (the bench): sees every committed transaction's items
 * and the capacity DynamoDB reports for it. Unset in production. */
export type CommitObserver = (info: {
  tenantId: string;
  action: string;
  items: TxItem[];
  /** Capacity DynamoDB reported for the whole transaction (only when the change had it alone). */
  consumedCapacity?: number;
  /** Which transaction of this process committed it, and how many changes that transaction held. */
  transaction: number;
  changesInTransaction: number;
}) => void;
let transactions = 0;
let observer: CommitObserver | undefined;
export function observeCommits(fn: CommitObserver | undefined) {
  observer = fn;
}

const MAX_ATTEMPTS = 12;

/** The last chain head this process wrote or read, per tenant: a warm
 * process skips the head read. A stale entry only makes the head's condition
 * fail, and the retry reads the head afresh. */
const knownHeads = new Map<string, { seq: number; hash: string }>();
const MAX_ITEMS = 100;

/** Tenants whose audit chain this process is appending to, and the end of
 * that append. Commits of one tenant in one process take turns (an API
 * request, a queue batch and a job never race each other for the chain head;
 * other processes still can, and the head's condition settles that). Held
 * from a change's reads to its commit by `withChain`, re-entrantly. */
const chainsInFlight = new Map<string, Promise<void>>();
const chainsHeld = new AsyncLocalStorage<ReadonlySet<string>>();

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

/** Hooks run after a commit with messages: the relay sends them at once.
 * (Registered by the message module, so this file does not import SQS.) */
export interface CommittedRecord {
  fromTenant: string;
  id: string;
  queue: string;
  type: string;
  body: string;
  attempts: number;
  status: "pending";
}
let afterCommit: ((records: CommittedRecord[]) => Promise<void>) | undefined;
export function onCommittedMessages(hook: typeof afterCommit) {
  afterCommit = hook;
}

export interface CommitOptions {
  returnConsumedCapacity?: boolean;
  extraItems?: () => TxItem[];
  mirror?: boolean;
}

/** A change ready to send: its transaction items (own, extra, outbox, audit
 * event, chain head, in that order) and what to record once it commits. */
export interface PreparedCommit {
  tenantId: string;
  change: Change;
  mirror: boolean;
  items: TxItem[];
  ownCount: number;
  extraCount: number;
  event: { id: string; seq: number };
  hash: string;
  outboxRecords: (CommittedRecord & { toTenant: string; bodyHash: string; nextAttemptAt: number; createdAt: string })[];
}

/** Build the items of one commit in the current context: reads the chain
 * head unless this process knows it (`fresh` forces a read, after a lost race). */
export async function prepareCommit(change: Change, options: CommitOptions = {}, fresh = false): Promise<PreparedCommit> {
  const tenantId = useTenant();
  const actor = actorRef(useActor());
  const mirror = !!options.mirror;
  const cached = fresh ? undefined : knownHeads.get(tenantId);
  const headItem: Record<string, unknown> | undefined = mirror
    ? undefined
    : (cached ??
      (
        await useDynamo().send(
          new GetCommand({ TableName: useConfig().TABLE_NAME, Key: (AuditHeadEntity.get({ tenantId }).params() as { Key: Record<string, string> }).Key, ConsistentRead: true }),
        )
      ).Item);
  const prevSeq = (headItem?.seq as number | undefined) ?? 0;
  const prevHash = (headItem?.hash as string | undefined) ?? GENESIS_HASH;
  const at = Clock.iso();
  const event = {
    tenantId,
    seq: prevSeq + 1,
    id: createId("aud"),
    action: change.action,
    targetType: change.target.type,
    targetId: change.target.id,
    actor,
    at,
    stateHash: hashState(change.state),
    prevHash,
  };
  const hash = eventHash(event);

  const own = change.items();
  const extra = options.extraItems?.() ?? [];
  const now = Clock.nowMs();
  const outboxRecords = (change.messages ?? []).map((m) => {
    const body = canonicalJson(m.envelope);
    return {
      fromTenant: m.envelope.fromTenant,
      id: m.envelope.id,
      toTenant: m.envelope.toTenant,
      queue: m.queue,
      type: m.envelope.type,
      body,
      bodyHash: sha256(body),
      status: "pending" as const,
      // The relay right after the commit is the first attempt, recorded here
      // so it costs no write of its own; if it fails, the relay makes the
      // record due at once, and the sweeper resends it.
      attempts: 1,
      nextAttemptAt: now + useConfig().OUTBOX_RESEND_AFTER_SECONDS * 1000,
      createdAt: at,
    };
  });
  const headWrite: TxItem =
    prevSeq === 0
      ? Tx.put({ ...(AuditHeadEntity.create({ tenantId, seq: event.seq, hash }).params() as object) })
      : Tx.update(
          AuditHeadEntity.patch({ tenantId })
            .set({ seq: event.seq, hash })
            .where((a, op) => op.eq(a.seq, prevSeq))
            .params() as Record<string, unknown>,
        );
  const items: TxItem[] = [
    ...own,
    ...extra,
    ...outboxRecords.map((r) => Tx.put(OutboxEntity.create(r).params() as Record<string, unknown>)),
    ...(mirror ? [] : [Tx.put(AuditEventEntity.create({ ...event, hash, summary: change.summary }).params() as Record<string, unknown>), headWrite]),
  ];
  if (items.length > MAX_ITEMS) throw new VisibleError("audit.bulk_too_large", { count: items.length }, 413);
  return { tenantId, change, mirror, items, ownCount: own.length, extraCount: extra.length, event, hash, outboxRecords };
}

/** Send prepared commits as ONE transaction (the caller keeps them within
 * DynamoDB's limits and free of shared items). On success, remembers the new
 * chain heads, tells the observer and hands every outgoing message to the relay. */
export async function sendPrepared(prepared: PreparedCommit[], options: { returnConsumedCapacity?: boolean } = {}): Promise<Committed[]> {
  const items = prepared.flatMap((p) => p.items);
  let result;
  try {
    result = await useDynamo().send(
      new TransactWriteCommand({
        TransactItems: items,
        ...(options.returnConsumedCapacity || observer ? { ReturnConsumedCapacity: "TOTAL" as const } : {}),
      }),
    );
  } catch (err) {
    // Whatever failed, a head this process cached may be stale now.
    if (err instanceof TransactionCanceledException) {
      let offset = 0;
      for (const p of prepared) {
        const reasons = (err.CancellationReasons ?? []).slice(offset, offset + p.items.length);
        if (!p.mirror && (reasons.at(-1)?.Code === "ConditionalCheckFailed" || reasons.some((r) => r.Code === "TransactionConflict"))) knownHeads.delete(p.tenantId);
        offset += p.items.length;
      }
    }
    throw err;
  }
  const transaction = ++transactions;
  const total = result.ConsumedCapacity?.reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
  const committed = prepared.map((p): Committed => {
    if (!p.mirror) knownHeads.set(p.tenantId, { seq: p.event.seq, hash: p.hash });
    observer?.({
      tenantId: p.tenantId,
      action: p.change.action,
      items: p.items,
      consumedCapacity: prepared.length === 1 ? total : undefined,
      transaction,
      changesInTransaction: prepared.length,
    });
    return {
      ...(p.mirror ? {} : { auditId: p.event.id, seq: p.event.seq, hash: p.hash }),
      outbox: p.outboxRecords.map((r) => ({ fromTenant: r.fromTenant, id: r.id })),
      consumedCapacity: prepared.length === 1 ? total : undefined,
    };
  });
  const records = prepared.flatMap((p) => p.outboxRecords);
  if (records.length && afterCommit) {
    // Best effort: what fails here is made due, and the sweeper sends it.
    await afterCommit(records).catch(() => undefined);
  }
  return committed;
}

/** Commit a state change, its audit event and its outgoing messages in one
 * DynamoDB transaction. The audit append is one conditional write on the
 * chain head; a concurrent append makes the head check fail and we retry.
 *
 * `mirror`: the change only stores a copy of another tenant's figures whose
 * change is already audited in that tenant's chain (reports to a superior).
 * It writes no audit event of its own, so 94 tenants reporting to the
 * province do not queue on the province's chain head. */
export async function commit(change: Change, options: CommitOptions = {}): Promise<Committed> {
  return withChain(options.mirror ? undefined : useTenant(), () => commitNow(change, options));
}

async function commitNow(change: Change, options: CommitOptions): Promise<Committed> {
  for (let attempt = 1; ; attempt++) {
    const p = await prepareCommit(change, options, attempt > 1);
    try {
      return (await sendPrepared([p], options))[0]!;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      const headLost = !p.mirror && reasons[p.items.length - 1]?.Code === "ConditionalCheckFailed";
      const busy = reasons.some((r) => r.Code === "TransactionConflict");
      // The caller's extra items (e.g. "this message is not yet consumed") are
      // checked first: a duplicate delivery is not a conflict.
      const failedExtra = reasons.findIndex((r, i) => i >= p.ownCount && i < p.ownCount + p.extraCount && r.Code === "ConditionalCheckFailed");
      if (failedExtra >= 0) throw new ExtraConditionFailed(failedExtra - p.ownCount);
      const failedOwn = reasons.findIndex((r, i) => i < p.ownCount && r.Code === "ConditionalCheckFailed");
      if (failedOwn >= 0) throw change.onConditionFailed?.(failedOwn) ?? new ConflictError();
      if ((headLost || busy) && attempt < MAX_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
        continue;
      }
      if (headLost || busy) throw new ConflictError();
      throw err;
    }
  }
}

/** A condition on one of the caller's extra items failed (e.g. a message already consumed). */
export class ExtraConditionFailed extends Error {
  constructor(public readonly index: number) {
    super(`extra transaction item ${index} failed its condition`);
  }
}
