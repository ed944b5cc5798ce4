import { DeleteMessageCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { Message } from "../../packages/core/src/message/index";
import { queueUrl, useSqs } from "../../packages/core/src/queue/sqs";
import type { Envelope } from "../../packages/core/src/queue/envelope";
import { registries } from "../../packages/functions/src/consumers/registries";

/** Take every message waiting on the catalogue-sync queue (deleted from the
 * queue; the caller decides what to consume and in which order). */
export async function drainSync(): Promise<{ body: string; envelope: Envelope }[]> {
  const sqs = await useSqs();
  const out: { body: string; envelope: Envelope }[] = [];
  for (let empty = 0; empty < 2; ) {
    const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl("catalogue-sync"), MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    const messages = res.Messages ?? [];
    if (messages.length === 0) {
      empty++;
      continue;
    }
    empty = 0;
    for (const m of messages) {
      out.push({ body: m.Body!, envelope: JSON.parse(m.Body!) });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl("catalogue-sync"), ReceiptHandle: m.ReceiptHandle! }));
    }
  }
  return out;
}

/** Consume messages as the consumer Lambdas would: several at a time, a
 * failed one (e.g. a conflict on a busy audit chain) delivered again later,
 * as SQS redelivers it. Returns each message's final outcome. */
export async function consumeAll(messages: { body: string }[], concurrency = 6) {
  const outcomes: string[] = new Array(messages.length);
  let queue = messages.map((m, i) => ({ body: m.body, i, attempts: 0 }));
  for (let round = 0; queue.length && round < 8; round++) {
    const failed: typeof queue = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let k = next++; k < queue.length; k = next++) {
          const m = queue[k]!;
          try {
            outcomes[m.i] = await Message.consume(registries["catalogue-sync"], m.body);
          } catch (err) {
            if (err instanceof Message.PoisonMessage) throw err;
            failed.push({ ...m, attempts: m.attempts + 1 });
          }
        }
      }),
    );
    queue = failed;
    if (queue.length) await new Promise((r) => setTimeout(r, 50));
  }
  if (queue.length) throw new Error(`${queue.length} messages still failing after 8 deliveries`);
  return outcomes;
}

/** Deliver everything on the queue, then what that caused, until it is quiet. */
export async function deliverSync(filter: (e: Envelope) => boolean = () => true) {
  const outcomes: { envelope: Envelope; outcome: string }[] = [];
  for (let round = 0; round < 10; round++) {
    const messages = (await drainSync()).filter((m) => filter(m.envelope));
    if (messages.length === 0) break;
    const results = await consumeAll(messages);
    messages.forEach((m, i) => outcomes.push({ envelope: m.envelope, outcome: results[i]! }));
  }
  return outcomes;
}
