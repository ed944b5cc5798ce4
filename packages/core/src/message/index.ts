export * as Message from "./index";

import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Clock } from "../clock";
import { useConfig } from "../config";
import { actorRef, useActor, useTenant, withContext, type Actor } from "../context";
import { useDynamo } from "../dynamo/client";
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { chainBusy, commit, onCommittedMessages, prepareCommit, sendPrepared, withChain, Tx, type Change, type CommittedRecord, type OutgoingMessage, type PreparedCommit, type TxItem } from "../dynamo/transaction";
import { Tenant } from "../tenant";
import { canonicalJson, sha256 } from "../util/hash";
import { createId } from "../util/id";
import { Envelope } from "./envelope";
import { OutboxEntity } from "./outbox.entity";
import { dlqUrl, loadSqs, queueUrl, useSqs } from "./sqs";
import { MAX_RECEIVE_COUNT, QueueNames, type QueueName } from "./queues";

export { Envelope } from "./envelope";
export * from "./queues";

/** A kind of message: its queue, the payload schema of each version it
 * accepts (the current and the previous, so a deployment never strands
 * messages already queued) and what the receiving tenant does with it. */
export interface Definition<P> {
  type: string;
  queue: QueueName;
  version: number;
  versions: Record<number, z.ZodType>;
  /** Upgrade an accepted older payload to the current shape. */
  upgrade?: (version: number, payload: unknown) => P;
  /** Runs in the receiving tenant's context; returns the change to commit,
   * or `{ skip: reason }` when the message changes nothing (e.g. it repeats
   * or is older than what the tenant has): then only the message is marked
   * consumed, with no audit event, and the outcome says why. */
  handle: (payload: P, envelope: Envelope) => Promise<Change | Skip>;
  /** The receiver only mirrors figures of the sender that the sender's own
   * chain already audits (reports to a superior): committed without an audit
   * event of the receiver's, so many reporters never queue on one chain head. */
  mirror?: boolean;
  /** The handler writes before returning its change (e.g. marks hundreds of
   * assignments in chunks): verify the sender's outbox before running it.
   * Otherwise origin is verified by the condition of the consumed-marker in
   * the change's own transaction, which saves a read per message. */
  verifyBeforeHandle?: boolean;
}

export interface Skip {
  skip: string;
}

const registry = new Map<string, Definition<any>>();

export function define<P>(def: Definition<P>): Definition<P> & { create: (toTenant: string, payload: P) => OutgoingMessage } {
  registry.set(def.type, def);
  return {
    ...def,
    create(toTenant: string, payload: P): OutgoingMessage {
      const schema = def.versions[def.version]!;
      const envelope = Envelope.parse({
        id: createId("msg"),
        type: def.type,
        schemaVersion: def.version,
        fromTenant: useTenant(),
        toTenant,
        actor: actorRef(useActor()),
        occurredAt: Clock.iso(),
        payload: schema.parse(payload),
      });
      return { queue: def.queue, envelope };
    },
  };
}

export function definitions() {
  return [...registry.values()];
}

// ---------------------------------------------------------------- relay

type Relayable = { fromTenant: string; id: string; queue: string; type: string; body: string; attempts: number; status: string };

/** Send outbox records to their queues. Records just committed (with their
 * body) already count this send as their first attempt, so a successful send
 * writes nothing; one that fails is made due at once for the sweeper. Records
 * the sweeper loads note each attempt and when to resend if still unconsumed. */
export async function relay(records: ({ fromTenant: string; id: string } | CommittedRecord)[]) {
  if (records.length === 0) return { sent: 0 };
  const config = useConfig();
  const { SendMessageBatchCommand } = await loadSqs();
  const sqs = await useSqs();
  const loaded = (
    await Promise.all(
      records.map(async (r): Promise<(Relayable & { justCommitted: boolean }) | undefined> => {
        if ("body" in r) return { ...r, justCommitted: true };
        const stored = (await OutboxEntity.get({ fromTenant: r.fromTenant, id: r.id }).go({ consistent: true })).data;
        return stored ? { ...stored, justCommitted: false } : undefined;
      }),
    )
  ).filter((r): r is Relayable & { justCommitted: boolean } => !!r && r.status !== "consumed" && r.status !== "stalled");
  const byQueue = new Map<string, typeof loaded>();
  for (const r of loaded) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r]);
  let sent = 0;
  for (const [queue, list] of byQueue) {
    for (let i = 0; i < list.length; i += 10) {
      const chunk = list.slice(i, i + 10);
      const res = await sqs
        .send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl(queue as QueueName),
            Entries: chunk.map((r, j) => ({
              Id: String(j),
              MessageBody: r.body,
              MessageAttributes: { type: { DataType: "String", StringValue: r.type } },
            })),
          }),
        )
        .catch(() => ({ Successful: [] as { Id?: string }[] }));
      const ok = new Set((res.Successful ?? []).map((s) => Number(s.Id)));
      await Promise.all(
        chunk.map(async (r, j) => {
          if (ok.has(j)) sent++;
          if (r.justCommitted) {
            // Sent as the commit recorded; if not, due now (only if still unconsumed).
            if (!ok.has(j)) await markOutbox(r, { nextAttemptAt: Clock.nowMs() });
            return;
          }
          if (!ok.has(j)) return;
          const attempts = r.attempts + 1;
          const stalled = attempts >= config.OUTBOX_MAX_ATTEMPTS;
          await markOutbox(r, {
            status: stalled ? "stalled" : "sent",
            attempts,
            nextAttemptAt: Clock.nowMs() + config.OUTBOX_RESEND_AFTER_SECONDS * 1000 * attempts,
          });
          if (stalled) await removeFromPending(r.fromTenant, r.id).catch(() => undefined);
        }),
      );
    }
  }
  return { sent };
}

/** Only if still unconsumed: a fast consumer may have finished already. */
async function markOutbox(r: { fromTenant: string; id: string }, set: { status?: "sent" | "stalled"; attempts?: number; nextAttemptAt: number }) {
  await OutboxEntity.patch({ fromTenant: r.fromTenant, id: r.id })
    .set(set)
    .where((a, op) => op.ne(a.status, "consumed"))
    .go()
    .catch(() => undefined);
}

onCommittedMessages(async (records) => {
  await relay(records);
});

function outboxKey(fromTenant: string, id: string) {
  return (OutboxEntity.get({ fromTenant, id }).params() as { Key: Record<string, string> }).Key;
}

async function removeFromPending(fromTenant: string, id: string) {
  await useDynamo().send(
    new UpdateCommand({ TableName: useConfig().TABLE_NAME, Key: outboxKey(fromTenant, id), UpdateExpression: "REMOVE gsi1pk, gsi1sk" }),
  );
}

/** Resend what is due: never sent, or sent and still unconsumed after the
 * resend delay. `all` resends every unconsumed message (after an emulator restart). */
export async function sweep(options: { all?: boolean } = {}) {
  const now = Clock.nowMs();
  let due = 0;
  let sent = 0;
  for (const tenant of Tenant.all()) {
    let cursor: Record<string, unknown> | undefined;
    do {
      const res = await useDynamo().send(
        new QueryCommand({
          TableName: useConfig().TABLE_NAME,
          IndexName: "gsi1",
          KeyConditionExpression: options.all ? "gsi1pk = :pk" : "gsi1pk = :pk AND gsi1sk <= :now",
          ExpressionAttributeValues: {
            ":pk": `${tenant.id}#outbox-pending`,
            ...(options.all ? {} : { ":now": "t#" + String(now).padStart(15, "0") }),
          },
          ExclusiveStartKey: cursor,
        }),
      );
      const records = (res.Items ?? []).map((i) => ({ fromTenant: i.fromTenant as string, id: i.id as string }));
      due += records.length;
      if (records.length) sent += (await relay(records)).sent;
      cursor = res.LastEvaluatedKey;
    } while (cursor);
  }
  return { due, sent };
}

// ---------------------------------------------------------------- consumer

/** Rejected for good: wrong shape, unknown tenant, or not what the sender
 * committed. Goes straight to the dead-letter queue with its reason. */
export class PoisonMessage extends Error {
  constructor(public readonly reason: string) {
    super(reason);
  }
}

export type Outcome = "processed" | "duplicate" | `skipped: ${string}`;

/** Parse, verify and apply one message body. Throws PoisonMessage for what
 * can never succeed; any other error means "try again later". */
export async function consume(queue: QueueName, body: string, group?: ConsumeGroup): Promise<Outcome> {
  // Until the message reaches its handler, any exit leaves the group.
  let entered = false;
  try {
    return await consumeIn(queue, body, group, () => (entered = true));
  } finally {
    if (!entered) group?.release();
  }
}

async function consumeIn(queue: QueueName, body: string, group: ConsumeGroup | undefined, enter: () => void): Promise<Outcome> {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new PoisonMessage("body is not JSON");
  }
  const parsedEnvelope = Envelope.safeParse(raw);
  if (!parsedEnvelope.success) {
    throw new PoisonMessage("envelope: " + parsedEnvelope.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; "));
  }
  const envelope = parsedEnvelope.data;
  const def = registry.get(envelope.type);
  if (!def) throw new PoisonMessage(`unknown message type ${envelope.type}`);
  if (def.queue !== queue) throw new PoisonMessage(`type ${envelope.type} does not travel on queue ${queue}`);
  if (envelope.schemaVersion !== def.version && envelope.schemaVersion !== def.version - 1) {
    throw new PoisonMessage(`schema version ${envelope.schemaVersion} not accepted (current ${def.version})`);
  }
  const schema = def.versions[envelope.schemaVersion];
  if (!schema) throw new PoisonMessage(`schema version ${envelope.schemaVersion} unknown`);
  const payload = schema.safeParse(envelope.payload);
  if (!payload.success) {
    throw new PoisonMessage("payload: " + payload.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; "));
  }
  if (!Tenant.exists(envelope.toTenant)) throw new PoisonMessage(`unknown tenant ${envelope.toTenant}`);
  if (!Tenant.exists(envelope.fromTenant)) throw new PoisonMessage(`unknown tenant ${envelope.fromTenant}`);

  // The sending side's outbox is the proof of origin: a message it never
  // committed, one altered since, or one addressed elsewhere is forged.
  const bodyHash = sha256(canonicalJson(envelope));
  const origin = async (): Promise<PoisonMessage | "duplicate" | undefined> => {
    const record = (await OutboxEntity.get({ fromTenant: envelope.fromTenant, id: envelope.id }).go({ consistent: true })).data;
    if (!record) return new PoisonMessage(`forged: no message ${envelope.id} in the outbox of ${envelope.fromTenant}`);
    if (record.bodyHash !== bodyHash) return new PoisonMessage(`forged: message ${envelope.id} differs from what ${envelope.fromTenant} committed`);
    if (record.toTenant !== envelope.toTenant) return new PoisonMessage(`forged: message ${envelope.id} was addressed elsewhere`);
    if (record.status === "consumed") return "duplicate";
    return undefined;
  };
  const actor: Actor = { type: "system", reason: `message ${envelope.type} from ${envelope.fromTenant}` };
  const upgraded = def.upgrade && envelope.schemaVersion !== def.version ? def.upgrade(envelope.schemaVersion, payload.data) : payload.data;
  const marker = consumedMarker(envelope, bodyHash);
  // From here the group's slot is this function's to give back. A handler
  // that writes before committing cannot wait for the group.
  enter();
  const grouped = def.verifyBeforeHandle ? undefined : group;
  if (!grouped) group?.release();
  if (def.verifyBeforeHandle) {
    const found = await origin();
    if (found === "duplicate") return "duplicate";
    if (found) throw found;
  }
  const tenant = envelope.toTenant;
  return withContext({ actor, tenantId: tenant, requestId: envelope.id, locale: "zh-CN" }, async () => {
    let inGroup = !!grouped;
    // Another message of this process is appending to this tenant's chain:
    // leave the group and wait for it (a lost race for the chain head would
    // cost the whole group's transaction).
    if (inGroup && !def.mirror && chainBusy(tenant)) {
      inGroup = false;
      grouped!.release();
    }
    try {
      // From the handler's reads to the commit, this process appends to the
      // tenant's chain for this message only (a mirror has no chain).
      return await withChain(def.mirror ? undefined : tenant, async () => {
        const change = await def.handle(upgraded, envelope);
        if ("skip" in change) {
          if (inGroup) grouped!.release();
          inGroup = false;
          await useDynamo().send(new UpdateCommand(marker));
          return `skipped: ${change.skip}` as const;
        }
        // The trail names the person who sent it, from the envelope.
        const trail = { messageId: envelope.id, from: envelope.fromTenant, sentBy: envelope.actor };
        const options = { extraItems: () => [Tx.update(marker)], mirror: def.mirror };
        if (inGroup) {
          inGroup = false;
          const prepared = await prepareCommit({ ...change, summary: { ...change.summary, ...trail } }, options).catch((err) => {
            grouped!.release();
            throw err;
          });
          if ((await grouped!.submit(prepared)) === "committed") return "processed" as const;
          // Not committed with the group (it shared an item with another
          // message, or the group's transaction failed on one of its items):
          // run the handler again on fresh reads and commit alone.
          const again = await def.handle(upgraded, envelope);
          if ("skip" in again) {
            await useDynamo().send(new UpdateCommand(marker));
            return `skipped: ${again.skip}` as const;
          }
          await commit({ ...again, summary: { ...again.summary, ...trail } }, options);
          return "processed" as const;
        }
        await commit({ ...change, summary: { ...change.summary, ...trail } }, options);
        return "processed" as const;
      });
    } catch (err) {
      if (inGroup) grouped!.release();
      // Whatever failed (the marker's condition, or the handler on a message
      // already acted on), the sender's outbox explains it first: a forged
      // message is poison and a consumed one a duplicate that acts once.
      const found = await origin();
      if (found === "duplicate") return "duplicate" as const;
      if (found) throw found;
      throw err;
    }
  });
}

/** The messages of one delivered batch, committed together: each message's
 * change is prepared as usual (handler, items, audit event, consumed marker),
 * and once no message of the batch is still running its handler, all that
 * share no item commit in ONE transaction, and their outgoing messages leave
 * in one send. On DynamoDB a transaction costs far more than an item, so a
 * batch of ten pays for one instead of ten. Each message still commits with
 * its own change, audit event and marker, and a message that shares an item
 * with another of the batch (two for one tenant: the same chain head), or
 * whose item fails a condition, commits alone through the normal path. */
export class ConsumeGroup {
  private open: number;
  private waiting: { prepared: PreparedCommit; resolve: (r: "committed" | "alone") => void }[] = [];
  constructor(size: number) {
    this.open = size;
  }
  /** The message will not join the group's commit (done, failed, or alone). */
  release() {
    this.open--;
    this.flushIfReady();
  }
  submit(prepared: PreparedCommit): Promise<"committed" | "alone"> {
    return new Promise((resolve) => {
      this.waiting.push({ prepared, resolve });
      this.open--;
      this.flushIfReady();
    });
  }
  private flushIfReady() {
    if (this.open > 0 || this.waiting.length === 0) return;
    const entries = this.waiting;
    this.waiting = [];
    void this.flush(entries);
  }
  private async flush(entries: { prepared: PreparedCommit; resolve: (r: "committed" | "alone") => void }[]) {
    let pending = entries;
    for (let round = 0; pending.length > 0; round++) {
      const { together, alone } = partition(pending);
      for (const e of alone) e.resolve("alone");
      if (together.length === 0 || round === 3) {
        for (const e of together) e.resolve("alone");
        return;
      }
      try {
        await sendPrepared(together.map((e) => e.prepared));
        for (const e of together) e.resolve("committed");
        return;
      } catch (err) {
        // The entries whose items all passed can go again as they are; the
        // others commit alone (fresh head, or a duplicate recognised there).
        const reasons = err instanceof TransactionCanceledException ? (err.CancellationReasons ?? []) : undefined;
        if (!reasons) {
          for (const e of together) e.resolve("alone");
          return;
        }
        let offset = 0;
        pending = [];
        for (const e of together) {
          const mine = reasons.slice(offset, offset + e.prepared.items.length);
          offset += e.prepared.items.length;
          if (mine.every((r) => !r.Code || r.Code === "None")) pending.push(e);
          else e.resolve("alone");
        }
      }
    }
  }
}

/** Limits of one DynamoDB transaction (100 items, 4 MB), with room to spare. */
const GROUP_MAX_ITEMS = 100;
const GROUP_MAX_BYTES = 3_000_000;

/** In order, the entries that fit one transaction with no item written twice; the rest go alone. */
function partition<T extends { prepared: PreparedCommit }>(entries: T[]) {
  const keys = new Set<string>();
  const together: T[] = [];
  const alone: T[] = [];
  let count = 0;
  let bytes = 0;
  for (const e of entries) {
    const mine = e.prepared.items.map(itemKey);
    const size = JSON.stringify(e.prepared.items).length;
    const clash = mine.some((k) => keys.has(k)) || new Set(mine).size !== mine.length;
    if (clash || count + mine.length > GROUP_MAX_ITEMS || bytes + size > GROUP_MAX_BYTES) {
      alone.push(e);
      continue;
    }
    for (const k of mine) keys.add(k);
    count += mine.length;
    bytes += size;
    together.push(e);
  }
  return { together, alone };
}

function itemKey(item: TxItem): string {
  const op = (item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck) as { TableName?: string; Key?: Record<string, unknown>; Item?: Record<string, unknown> };
  const key = op.Key ?? { pk: op.Item?.pk, sk: op.Item?.sk };
  return `${op.TableName}|${String(key.pk)}|${String(key.sk)}`;
}

export function group(size: number) {
  return new ConsumeGroup(size);
}

/** Mark a message consumed, once: the processed-message marker. */
/** The condition also proves origin: the sender committed exactly this
 * message, to this tenant. */
function consumedMarker(envelope: Envelope, bodyHash: string) {
  return {
    TableName: useConfig().TABLE_NAME,
    Key: outboxKey(envelope.fromTenant, envelope.id),
    UpdateExpression: "SET #status = :consumed, consumedAt = :at REMOVE gsi1pk, gsi1sk",
    ConditionExpression: "attribute_exists(pk) AND #status <> :consumed AND bodyHash = :hash AND toTenant = :to",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":consumed": "consumed", ":at": Clock.iso(), ":hash": bodyHash, ":to": envelope.toTenant },
  };
}

export async function deadLetter(queue: QueueName, body: string, reason: string) {
  const { SendMessageCommand } = await loadSqs();
  await (await useSqs()).send(
    new SendMessageCommand({
      QueueUrl: dlqUrl(queue),
      MessageBody: body,
      MessageAttributes: {
        reason: { DataType: "String", StringValue: reason.slice(0, 1000) },
        sourceQueue: { DataType: "String", StringValue: queue },
      },
    }),
  );
}

// ---------------------------------------------------------------- dead letters

export interface DeadLetter {
  queue: QueueName;
  messageId: string;
  receiptHandle: string;
  type?: string;
  envelopeId?: string;
  reason: string;
  receiveCount: number;
  body: string;
}

/** Look at dead letters without consuming them (they become visible again at once). */
export async function listDeadLetters(queues: QueueName[] = QueueNames): Promise<DeadLetter[]> {
  const out: DeadLetter[] = [];
  const { ReceiveMessageCommand, ChangeMessageVisibilityCommand } = await loadSqs();
  const sqs = await useSqs();
  for (const queue of queues) {
    const seen = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const res = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl(queue),
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: 5,
          MessageAttributeNames: ["All"],
          MessageSystemAttributeNames: ["ApproximateReceiveCount"],
        }),
      );
      const messages = res.Messages ?? [];
      if (messages.length === 0) break;
      for (const m of messages) {
        if (!m.MessageId || seen.has(m.MessageId)) continue;
        seen.add(m.MessageId);
        let type: string | undefined;
        let envelopeId: string | undefined;
        try {
          const b = JSON.parse(m.Body ?? "");
          type = typeof b?.type === "string" ? b.type : undefined;
          envelopeId = typeof b?.id === "string" ? b.id : undefined;
        } catch {
          /* shown as is */
        }
        out.push({
          queue,
          messageId: m.MessageId,
          receiptHandle: m.ReceiptHandle!,
          type,
          envelopeId,
          reason: m.MessageAttributes?.reason?.StringValue ?? `failed ${MAX_RECEIVE_COUNT} times`,
          receiveCount: Number(m.Attributes?.ApproximateReceiveCount ?? 0),
          body: m.Body ?? "",
        });
      }
      await Promise.all(
        messages.map((m) =>
          sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: dlqUrl(queue), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })),
        ),
      );
      if (seen.size >= 1000) break;
    }
  }
  return out;
}

/** Move dead letters back to their source queue (all, or those whose SQS
 * message id or envelope id is given). */
export async function redrive(queue: QueueName, ids?: string[]) {
  const { ReceiveMessageCommand, ChangeMessageVisibilityCommand, SendMessageCommand, DeleteMessageCommand } = await loadSqs();
  const sqs = await useSqs();
  let moved = 0;
  for (let round = 0; round < 100; round++) {
    const res = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlqUrl(queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30 }),
    );
    const messages = res.Messages ?? [];
    if (messages.length === 0) break;
    let matched = 0;
    for (const m of messages) {
      let envelopeId: string | undefined;
      try {
        envelopeId = JSON.parse(m.Body ?? "")?.id;
      } catch {
        /* not an envelope */
      }
      const wanted = !ids || ids.includes(m.MessageId!) || (envelopeId !== undefined && ids.includes(envelopeId));
      if (!wanted) {
        await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: dlqUrl(queue), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 }));
        continue;
      }
      matched++;
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(queue), MessageBody: m.Body! }));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl(queue), ReceiptHandle: m.ReceiptHandle! }));
      moved++;
    }
    if (ids && matched === 0) break;
  }
  return { moved };
}
