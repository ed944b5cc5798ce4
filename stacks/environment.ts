import type { Stack } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IRole } from "aws-cdk-lib/aws-iam";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { dlqName, type QueueName } from "../packages/core/src/queue/definitions";

export interface QueuePair {
  queue: IQueue;
  dlq: IQueue;
}

/** The environment core reads in every function (packages/core/src/config.ts):
 * the table's name and QUEUE_URLS, a JSON object from each queue's name and
 * `<name>-dlq` to its URL. Tokens resolve at deploy time (across stacks
 * through CloudFormation exports). */
export function coreEnvironment(stack: Stack, table: ITable, queues: Record<QueueName, QueuePair>, tenantRole?: IRole): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [name, pair] of Object.entries(queues) as [QueueName, QueuePair][]) {
    urls[name] = pair.queue.queueUrl;
    urls[dlqName(name)] = pair.dlq.queueUrl;
  }
  return {
    TABLE_NAME: table.tableName,
    QUEUE_URLS: stack.toJsonString(urls),
    // The API and the consumers act for a tenant with its scoped credentials (core/dynamo/tenant-credentials.ts).
    ...(tenantRole ? { TENANT_ROLE_ARN: tenantRole.roleArn } : {}),
  };
}
