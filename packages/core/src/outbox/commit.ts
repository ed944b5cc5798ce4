import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { appended, forgetHead, prepareEvent, withChain, type PreparedEvent } from "../audit/append";
import type { Summary } from "../audit/chain";
import { Clock } from "../clock";
import { useConfig } from "../config";
import { useTenant } from "../context";
import { useDynamo } from "../dynamo/client";
import { keyOf, Limits, Tx, type TxItem } from "../dynamo/tx";
import { ConflictError, VisibleError } from "../error";
import type { Envelope } from "../queue/envelope";
import type { QueueName } from "../queue/definitions";
import { loadSqs, queueUrl, useSqs } from "../queue/sqs";
import { bodyBytes, encodeBody, MAX_BODY_BYTES } from "../queue/transport";
import { canonicalJson, sha256 } from "../util/hash";
import { OutboxEntity } from "./outbox.entity";

/** Committing a change: its own writes, its audit event and the outbox
 * records of the messages it causes, in ONE DynamoDB transaction; then the
 * relay sends those messages to their queues at once (the sweeper, sweep.ts,
 * resends what the relay could not). The receiving side is message/consume.ts. */

/** A message a change sends, built by its definition's `create` (message/). */
export interface OutgoingMessage {
  queue: QueueName;
  envelope: Envelope;
}

/** One state change, as a module hands it to `commit`. */
export interface Change {
  /** Dotted verb for the trail, e.g. `department.create` (also the message code it is shown with). */
  action: string;
  target: { type: string; id: string };
  /** The new state; its hash goes in the audit event. */
  state: unknown;
  /** Parameters for the trail's text of `action`, rendered in the reader's language. */
  summary?: Summary;
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

export interface CommitOptions {
  returnConsumedCapacity?: boolean;
  /** Items of the caller's that are not the change's (a consumer's "consumed" marker). */
  extraItems?: () => TxItem[];
  /** The change only stores a copy of figures another tenant's chain already audits: no event of its own. */
  mirror?: boolean;
}

/** An outbox record as committed, with its body: the relay sends it at once. */
export type OutboxRecord = Relayable & { toTenant: string; bodyHash: string; nextAttemptAt: number; createdAt: string; expiresAt: number };

/** How long an outbox record is kept once it can no longer be needed: longer
 * than a message can live in SQS (14 days in its queue, then up to 14 in its
 * dead-letter queue, counted from the first send), so a late redelivery or a
 * redrive still finds it consumed and acts once. A stalled record has no TTL. */
export const OUTBOX_RETENTION_SECONDS = 35 * 24 * 3600;

/** A change ready to send: its transaction items (own, extra, outbox, audit
 * event, chain head, in that order) and what to record once it commits. */
export interface PreparedCommit {
  tenantId: string;
  change: Change;
  mirror: boolean;
  items: TxItem[];
  ownCount: number;
  extraCount: number;
  event?: PreparedEvent;
  outboxRecords: OutboxRecord[];
}

/** Build the items of one commit in the current context: the change's own,
 * the caller's extra items, one outbox record per message, and the audit
 * event with the chain-head write (`fresh` re-reads the head after a lost race). */
export async function prepareCommit(change: Change, options: CommitOptions = {}, fresh = false): Promise<PreparedCommit> {
  const tenantId = useTenant();
  const mirror = !!options.mirror;
  const own = change.items();
  // The event stamps the change's own writes with its seq (verify's re-check of the state hash).
  const event = mirror ? undefined : await prepareEvent(tenantId, change, fresh, own);
  const extra = options.extraItems?.() ?? [];
  const at = Clock.iso();
  const resendAt = Clock.nowMs() + useConfig().OUTBOX_RESEND_AFTER_SECONDS * 1000;
  const outboxRecords = (change.messages ?? []).map((m): OutboxRecord => {
    const body = canonicalJson(m.envelope);
    return {
      fromTenant: m.envelope.fromTenant,
      id: m.envelope.id,
      toTenant: m.envelope.toTenant,
      queue: m.queue,
      type: m.envelope.type,
      body,
      bodyHash: sha256(body),
      status: "pending",
      // The relay right after the commit is the first attempt, recorded here
      // so it costs no write of its own; if it fails, the relay makes the
      // record due at once, and the sweeper resends it.
      attempts: 1,
      nextAttemptAt: resendAt,
      createdAt: at,
      ref: `${change.target.type}#${change.target.id}`,
      expiresAt: Math.floor(Clock.nowMs() / 1000) + OUTBOX_RETENTION_SECONDS,
    };
  });
  const items: TxItem[] = [...own, ...extra, ...outboxRecords.map((r) => Tx.put(OutboxEntity.create(r))), ...(event?.items ?? [])];
  if (items.length > Limits.transactItems) throw new VisibleError("audit.bulk_too_large", { count: items.length }, 413);
  return { tenantId, change, mirror, items, ownCount: own.length, extraCount: extra.length, event, outboxRecords };
}

/** Send prepared commits as ONE transaction (the caller keeps them within
 * DynamoDB's limits and free of shared items). On success, remembers the new
 * chain heads, tells the observer and relays every outgoing message at once. */
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
        if (p.event && (reasons.at(-1)?.Code === "ConditionalCheckFailed" || reasons.some((r) => r.Code === "TransactionConflict"))) forgetHead(p.tenantId);
        offset += p.items.length;
      }
    }
    throw err;
  }
  const transaction = ++transactions;
  const total = result.ConsumedCapacity?.reduce((s, c) => s + (c.CapacityUnits ?? 0), 0);
  const committed = prepared.map((p): Committed => {
    if (p.event) appended(p.event);
    observer?.({
      tenantId: p.tenantId,
      action: p.change.action,
      items: p.items,
      consumedCapacity: prepared.length === 1 ? total : undefined,
      transaction,
      changesInTransaction: prepared.length,
    });
    return {
      ...(p.event ? { auditId: p.event.id, seq: p.event.seq, hash: p.event.hash } : {}),
      outbox: p.outboxRecords.map((r) => ({ fromTenant: r.fromTenant, id: r.id })),
      consumedCapacity: prepared.length === 1 ? total : undefined,
    };
  });
  const records = prepared.flatMap((p) => p.outboxRecords);
  // Best effort: what fails here is made due, and the sweeper sends it.
  if (records.length) await relay(records).catch(() => undefined);
  return committed;
}

/** Commit a state change, its audit event and its outgoing messages in one
 * DynamoDB transaction, then relay the messages. The audit append is one
 * conditional write on the chain head; a concurrent append makes the head
 * check fail and we retry.
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
      const headLost = !!p.event && reasons[p.items.length - 1]?.Code === "ConditionalCheckFailed";
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

// ---------------------------------------------------------------- relay

/** What the relay needs of an outbox record to send it. */
export interface Relayable {
  fromTenant: string;
  id: string;
  queue: string;
  type: string;
  body: string;
  attempts: number;
  status: "pending" | "sent" | "consumed" | "stalled";
  ref?: string;
  lastError?: string;
}

type Loaded = Relayable & { justCommitted: boolean };

/** Send outbox records to their queues. Records just committed (with their
 * body) already count this send as their first attempt, so a successful send
 * writes nothing. Every other send, failed or not, counts as an attempt: the
 * record is resent after a growing delay while unconsumed, and once it has
 * had OUTBOX_MAX_ATTEMPTS it is `stalled` with the last error, shown to the
 * sender and counted for the alarm, never retried silently forever. A send
 * that can never succeed (a body over the queue's limit, a body SQS calls
 * the sender's fault) stalls at once. */
export async function relay(records: ({ fromTenant: string; id: string } | Relayable)[]) {
  if (records.length === 0) return { sent: 0, stalled: 0 };
  const config = useConfig();
  const { SendMessageBatchCommand } = await loadSqs();
  const sqs = await useSqs();
  const loaded = (
    await Promise.all(
      records.map(async (r): Promise<Loaded | undefined> => {
        if ("body" in r) return { ...r, justCommitted: true };
        const stored = (await OutboxEntity.get({ fromTenant: r.fromTenant, id: r.id }).go({ consistent: true })).data;
        return stored ? { ...stored, ref: stored.ref ?? undefined, lastError: stored.lastError ?? undefined, justCommitted: false } : undefined;
      }),
    )
  ).filter((r): r is Loaded => !!r && r.status !== "consumed" && r.status !== "stalled");
  let sent = 0;
  let stalled = 0;
  const toSend: (Loaded & { wire: string })[] = [];
  for (const r of loaded) {
    // Sent as often as allowed and still unconsumed after the last wait.
    if (!r.justCommitted && r.attempts >= config.OUTBOX_MAX_ATTEMPTS) {
      if (await stall(r, r.attempts, r.lastError ?? `not consumed after ${r.attempts} sends`)) stalled++;
      continue;
    }
    const wire = encodeBody(r.body);
    const bytes = bodyBytes(wire);
    if (bytes > MAX_BODY_BYTES) {
      if (await stall(r, r.justCommitted ? r.attempts : r.attempts + 1, `permanent: body is ${bytes} bytes, over the queue limit of ${MAX_BODY_BYTES}`)) stalled++;
      continue;
    }
    toSend.push({ ...r, wire });
  }
  const byQueue = new Map<string, typeof toSend>();
  for (const r of toSend) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r]);
  for (const [queue, list] of byQueue) {
    for (let i = 0; i < list.length; i += 10) {
      const chunk = list.slice(i, i + 10);
      // Per entry: undefined = sent; otherwise why not, and whether it can ever succeed.
      const failure = new Map<number, { error: string; permanent: boolean }>();
      try {
        const res = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl(queue as QueueName),
            Entries: chunk.map((r, j) => ({
              Id: String(j),
              MessageBody: r.wire,
              MessageAttributes: { type: { DataType: "String", StringValue: r.type } },
            })),
          }),
        );
        const ok = new Set((res.Successful ?? []).map((s) => Number(s.Id)));
        for (const f of res.Failed ?? []) failure.set(Number(f.Id), { error: `${f.Code ?? "Failed"}: ${f.Message ?? ""}`.trim(), permanent: !!f.SenderFault });
        chunk.forEach((_, j) => {
          if (!ok.has(j) && !failure.has(j)) failure.set(j, { error: "not acknowledged by the queue", permanent: false });
        });
      } catch (err) {
        const e = err as { name?: string; message?: string };
        chunk.forEach((_, j) => failure.set(j, { error: `${e.name ?? "Error"}: ${e.message ?? String(err)}`, permanent: false }));
      }
      await Promise.all(
        chunk.map(async (r, j) => {
          const failed = failure.get(j);
          if (!failed) sent++;
          // The commit counted its relay as attempt 1; every later send counts here.
          const attempts = r.justCommitted ? r.attempts : r.attempts + 1;
          if (failed && (failed.permanent || attempts >= config.OUTBOX_MAX_ATTEMPTS)) {
            if (await stall(r, attempts, (failed.permanent ? "permanent: " : "") + failed.error)) stalled++;
            return;
          }
          if (failed) {
            // Due again soon: at once after the commit's own send, then backing off.
            const delay = r.justCommitted ? 0 : Math.min(config.OUTBOX_RESEND_AFTER_SECONDS, 5 * 2 ** attempts) * 1000;
            await markOutbox(r, { attempts, nextAttemptAt: Clock.nowMs() + delay, lastError: failed.error });
            return;
          }
          if (r.justCommitted) return;
          await markOutbox(r, { status: "sent", attempts, nextAttemptAt: Clock.nowMs() + config.OUTBOX_RESEND_AFTER_SECONDS * 1000 * attempts });
        }),
      );
    }
  }
  return { sent, stalled };
}

const pendingKey = (fromTenant: string, nextAttemptAt: number) => ({ gsi1pk: `${fromTenant}#outbox-pending`, gsi1sk: "t#" + String(nextAttemptAt).padStart(15, "0") });
export const stalledPartition = (fromTenant: string) => `${fromTenant}#outbox-stalled`;

/** Only if still unconsumed: a fast consumer may have finished already. */
async function markOutbox(r: { fromTenant: string; id: string }, set: { status?: "sent"; attempts?: number; nextAttemptAt: number; lastError?: string }) {
  const values: Record<string, unknown> = { ...set, ...pendingKey(r.fromTenant, set.nextAttemptAt) };
  const names = Object.keys(values).filter((k) => values[k] !== undefined);
  await useDynamo()
    .send(
      new UpdateCommand({
        TableName: useConfig().TABLE_NAME,
        Key: keyOf(OutboxEntity.get({ fromTenant: r.fromTenant, id: r.id })),
        UpdateExpression: "SET " + names.map((k) => `#${k} = :${k}`).join(", "),
        ConditionExpression: "attribute_exists(pk) AND #status <> :consumed",
        ExpressionAttributeNames: { ...Object.fromEntries(names.map((k) => [`#${k}`, k])), "#status": "status" },
        ExpressionAttributeValues: { ...Object.fromEntries(names.map((k) => [`:${k}`, values[k]])), ":consumed": "consumed" },
      }),
    )
    .catch(() => undefined);
}

/** Give up on a record: out of the pending index, into the sender's stalled
 * one, with the error; kept (no TTL) until someone retries it. False when a
 * consumer got there first. */
async function stall(r: { fromTenant: string; id: string; ref?: string }, attempts: number, error: string): Promise<boolean> {
  return useDynamo()
    .send(
      new UpdateCommand({
        TableName: useConfig().TABLE_NAME,
        Key: keyOf(OutboxEntity.get({ fromTenant: r.fromTenant, id: r.id })),
        UpdateExpression: "SET #status = :stalled, attempts = :attempts, lastError = :error, stalledAt = :at, gsi1pk = :pk, gsi1sk = :sk REMOVE expiresAt",
        ConditionExpression: "attribute_exists(pk) AND #status <> :consumed",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":stalled": "stalled",
          ":consumed": "consumed",
          ":attempts": attempts,
          ":error": error.slice(0, 1000),
          ":at": Clock.iso(),
          ":pk": stalledPartition(r.fromTenant),
          ":sk": `${r.ref ?? "unknown#unknown"}#${r.id}`,
        },
      }),
    )
    .then(
      () => true,
      () => false,
    );
}
