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
export type CommitObserver = (info: { tenantId: string; action: string; items: TxItem[]; consumedCapacity?: number }) => void;
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

/** Commit a state change, its audit event and its outgoing messages in one
 * DynamoDB transaction. The audit append is one conditional write on the
 * chain head; a concurrent append makes the head check fail and we retry.
 *
 * `mirror`: the change only stores a copy of another tenant's figures whose
 * change is already audited in that tenant's chain (reports to a superior).
 * It writes no audit event of its own, so 94 tenants reporting to the
 * province do not queue on the province's chain head. */
export async function commit(
  change: Change,
  options: { returnConsumedCapacity?: boolean; extraItems?: () => TxItem[]; mirror?: boolean } = {},
): Promise<Committed> {
  const tenantId = useTenant();
  const actor = actorRef(useActor());
  const db = useDynamo();
  const table = useConfig().TABLE_NAME;
  const headKey = AuditHeadEntity.get({ tenantId }).params() as { Key: Record<string, string> };
  const stateHash = hashState(change.state);

  for (let attempt = 1; ; attempt++) {
    const cached = attempt === 1 ? knownHeads.get(tenantId) : undefined;
    const headItem: Record<string, unknown> | undefined = options.mirror
      ? undefined
      : (cached ?? (await db.send(new GetCommand({ TableName: table, Key: headKey.Key, ConsistentRead: true }))).Item);
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
      stateHash,
      prevHash,
    };
    const hash = eventHash(event);

    const items = change.items();
    const extra = options.extraItems?.() ?? [];
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
        attempts: 0,
        nextAttemptAt: Clock.nowMs(),
        createdAt: at,
      };
    });
    const headWrite: TxItem =
      prevSeq === 0
        ? Tx.put({
            ...(AuditHeadEntity.create({ tenantId, seq: event.seq, hash }).params() as object),
          })
        : Tx.update(
            AuditHeadEntity.patch({ tenantId })
              .set({ seq: event.seq, hash })
              .where((a, op) => op.eq(a.seq, prevSeq))
              .params() as Record<string, unknown>,
          );
    const all: TxItem[] = [
      ...items,
      ...extra,
      ...outboxRecords.map((r) => Tx.put(OutboxEntity.create(r).params() as Record<string, unknown>)),
      ...(options.mirror
        ? []
        : [Tx.put(AuditEventEntity.create({ ...event, hash, summary: change.summary }).params() as Record<string, unknown>), headWrite]),
    ];
    if (all.length > MAX_ITEMS) throw new VisibleError("audit.bulk_too_large", { count: all.length }, 413);

    try {
      const result = await db.send(
        new TransactWriteCommand({
          TransactItems: all,
          ...(options.returnConsumedCapacity || observer ? { ReturnConsumedCapacity: "TOTAL" as const } : {}),
        }),
      );
      const committed: Committed = {
        ...(options.mirror ? {} : { auditId: event.id, seq: event.seq, hash }),
        outbox: outboxRecords.map((r) => ({ fromTenant: r.fromTenant, id: r.id })),
        consumedCapacity: result.ConsumedCapacity?.reduce((s, c) => s + (c.CapacityUnits ?? 0), 0),
      };
      if (!options.mirror) knownHeads.set(tenantId, { seq: event.seq, hash });
      observer?.({ tenantId, action: change.action, items: all, consumedCapacity: committed.consumedCapacity });
      if (outboxRecords.length && afterCommit) {
        // Best effort: what fails here stays pending and the sweeper sends it.
        await afterCommit(outboxRecords).catch(() => undefined);
      }
      return committed;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      const headIndex = all.length - 1;
      const headLost = !options.mirror && reasons[headIndex]?.Code === "ConditionalCheckFailed";
      const busy = reasons.some((r) => r.Code === "TransactionConflict");
      if (headLost || busy) knownHeads.delete(tenantId);
      // The caller's extra items (e.g. "this message is not yet consumed") are
      // checked first: a duplicate delivery is not a conflict.
      const failedExtra = reasons.findIndex((r, i) => i >= items.length && i < items.length + extra.length && r.Code === "ConditionalCheckFailed");
      if (failedExtra >= 0) throw new ExtraConditionFailed(failedExtra - items.length);
      const failedOwn = reasons.findIndex((r, i) => i < items.length && r.Code === "ConditionalCheckFailed");
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
