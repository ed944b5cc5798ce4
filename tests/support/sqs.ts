import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { useSqs } from "../../packages/core/src/queue/sqs";

/** Retry `fn` until `ok` holds (waiting, not timing). */
export async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met in ${timeoutMs} ms: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One receive of up to `max` messages (long poll of 1 s). */
export async function receiveAll(url: string, max = 10) {
  const res = await (await useSqs()).send(
    new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: max, WaitTimeSeconds: 1, MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["All"] }),
  );
  return res.Messages ?? [];
}

/** Received messages as the SQS event a consumer Lambda gets. */
export function toEvent(messages: { MessageId?: string; ReceiptHandle?: string; Body?: string; Attributes?: unknown }[], queue = "assistance") {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body!,
      attributes: (m.Attributes ?? {}) as any,
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: `arn:aws:sqs:local:0:${queue}`,
      awsRegion: "local",
    })),
  };
}

export const lambdaContext = { getRemainingTimeInMillis: () => 60_000 } as any;
