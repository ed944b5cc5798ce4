import { MAX_RECEIVE_COUNT, QueueNames, type QueueName } from "./definitions";
import { dlqUrl, loadSqs, queueUrl, useSqs } from "./sqs";
import { encodeBody, safeAttribute } from "./transport";

/** Dead letters: messages that can never succeed (sent here at once, with
 * their reason) or that failed MAX_RECEIVE_COUNT times (moved by SQS). They
 * are kept 14 days, listed by `npm run dlq` and redriven from there. */

/** Send a message that can never succeed straight to its dead-letter queue, with the reason. */
export async function deadLetter(queue: QueueName, body: string, reason: string) {
  const { SendMessageCommand } = await loadSqs();
  await (await useSqs()).send(
    new SendMessageCommand({
      QueueUrl: dlqUrl(queue),
      MessageBody: encodeBody(body),
      MessageAttributes: {
        reason: { DataType: "String", StringValue: safeAttribute(reason) },
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
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl(queue), MessageBody: encodeBody(m.Body!) }));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl(queue), ReceiptHandle: m.ReceiptHandle! }));
      moved++;
    }
    if (ids && matched === 0) break;
  }
  return { moved };
}
