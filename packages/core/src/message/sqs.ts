import { SQSClient } from "@aws-sdk/client-sqs";
import { useConfig } from "../config";
import { dlqName, type QueueName } from "./queues";

let client: SQSClient | undefined;

export function useSqs(): SQSClient {
  if (!client) {
    const config = useConfig();
    client = new SQSClient({
      region: config.AWS_REGION,
      ...(config.SQS_ENDPOINT
        ? { endpoint: config.SQS_ENDPOINT, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
        : {}),
    });
  }
  return client;
}

export function resetSqs() {
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
