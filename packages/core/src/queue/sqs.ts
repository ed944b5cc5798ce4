import type { SQSClient } from "@aws-sdk/client-sqs";
import { useConfig } from "../config";
import { instrument } from "../dynamo/observe";
import { dlqName, type QueueName } from "./definitions";

type SqsModule = typeof import("@aws-sdk/client-sqs");
let sqsModule: Promise<SqsModule> | undefined;
let client: SQSClient | undefined;

/** The SQS SDK, loaded on first use: most API requests send no message, so
 * a cold start does not pay for it. */
export function loadSqs(): Promise<SqsModule> {
  return (sqsModule ??= import("@aws-sdk/client-sqs"));
}

export async function useSqs(): Promise<SQSClient> {
  const { SQSClient } = await loadSqs();
  if (!client) {
    const config = useConfig();
    client = new SQSClient({
      region: config.AWS_REGION,
      ...(config.SQS_ENDPOINT
        ? { endpoint: config.SQS_ENDPOINT, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
        : {}),
    });
    instrument(client, "sqs");
  }
  return client;
}

export function resetSqs() {
  client?.destroy();
  client = undefined;
}

export function queueUrl(queue: QueueName): string {
  const url = useConfig().QUEUE_URLS[queue];
  if (!url) throw new Error(`No URL configured for queue ${queue} (QUEUE_URLS)`);
  return url;
}

export function dlqUrl(queue: QueueName): string {
  const url = useConfig().QUEUE_URLS[dlqName(queue)];
  if (!url) throw new Error(`No URL configured for queue ${dlqName(queue)} (QUEUE_URLS)`);
  return url;
}
