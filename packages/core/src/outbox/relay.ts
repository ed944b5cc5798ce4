import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Clock } from "../clock";
import { useConfig } from "../config";
import { useDynamo } from "../dynamo/client";
import { keyOf } from "../dynamo/tx";
import type { QueueName } from "../queue/definitions";
import { loadSqs, queueUrl, useSqs } from "../queue/sqs";
import { OutboxEntity } from "./outbox.entity";

/** What the relay needs of an outbox record to send it. */
export interface Relayable {
  fromTenant: string;
  id: string;
  queue: string;
  type: string;
  body: string;
  attempts: number;
  status: "pending" | "sent" | "consumed" | "stalled";
}

/** Send outbox records to their queues. Records just committed (with their
 * body) already count this send as their first attempt, so a successful send
 * writes nothing; one that fails is made due at once for the sweeper. Records
 * the sweeper names by key are loaded, and each attempt is noted with when to
 * resend if still unconsumed. */
export async function relay(records: ({ fromTenant: string; id: string } | Relayable)[]) {
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

async function removeFromPending(fromTenant: string, id: string) {
  await useDynamo().send(
    new UpdateCommand({ TableName: useConfig().TABLE_NAME, Key: keyOf(OutboxEntity.get({ fromTenant, id })), UpdateExpression: "REMOVE gsi1pk, gsi1sk" }),
  );
}
