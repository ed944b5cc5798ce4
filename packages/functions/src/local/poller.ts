import { ChangeMessageVisibilityCommand, DeleteMessageBatchCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { useSqs, queueUrl } from "@supervision/core/queue/sqs";
import type { QueueName } from "@supervision/core/queue/definitions";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Local stand-in for Lambda's SQS event source: long-poll the queue, hand
 * the batch to the very handler the Lambda exports, delete what succeeded.
 * Failed records stay and come back after the visibility timeout (or after
 * `retryDelaySeconds`, which tests shorten). */
export function startPoller(queue: QueueName, handler: Handler, options: { waitSeconds?: number; retryDelaySeconds?: number; batchSize?: number } = {}) {
  let running = true;
  const url = queueUrl(queue);
  let processed = 0;
  const loop = (async () => {
    const sqs = await useSqs();
    while (running) {
      try {
        const res = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: options.batchSize ?? 10,
            WaitTimeSeconds: options.waitSeconds ?? 1,
            MessageSystemAttributeNames: ["All"],
            MessageAttributeNames: ["All"],
          }),
        );
        const messages = res.Messages ?? [];
        if (messages.length === 0) continue;
        const records: SQSRecord[] = messages.map((m) => ({
          messageId: m.MessageId!,
          receiptHandle: m.ReceiptHandle!,
          body: m.Body ?? "",
          attributes: m.Attributes as unknown as SQSRecord["attributes"],
          messageAttributes: Object.fromEntries(
            Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, { stringValue: v.StringValue, dataType: v.DataType ?? "String", stringListValues: [], binaryListValues: [] }]),
          ),
          md5OfBody: m.MD5OfBody ?? "",
          eventSource: "aws:sqs",
          eventSourceARN: `arn:aws:sqs:local:000000000000:${queue}`,
          awsRegion: "local",
        }));
        const result = await handler({ Records: records }, localContext(queue)).catch((err) => {
          console.error(`[${queue}] consumer threw`, err);
          return { batchItemFailures: records.map((r) => ({ itemIdentifier: r.messageId })) };
        });
        const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        const done = messages.filter((m) => !failed.has(m.MessageId!));
        processed += done.length;
        if (done.length) {
          await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
        }
        if (options.retryDelaySeconds !== undefined) {
          for (const m of messages.filter((m) => failed.has(m.MessageId!))) {
            await sqs
              .send(new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: options.retryDelaySeconds }))
              .catch(() => undefined);
          }
        }
      } catch (err) {
        if (running) {
          console.error(`[${queue}] poll failed`, err instanceof Error ? err.message : err);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    }
  })();
  return {
    get processed() {
      return processed;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

function localContext(queue: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${queue}-consumer`,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${queue}`,
    memoryLimitInMB: "512",
    awsRequestId: crypto.randomUUID(),
    logGroupName: "local",
    logStreamName: "local",
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
