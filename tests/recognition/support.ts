import { PurgeQueueCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import type { Role } from "../../packages/core/src/auth/roles";
import { withContext } from "../../packages/core/src/context";
import { Department } from "../../packages/core/src/department/index";
import { Message } from "../../packages/core/src/message/index";
import { dlqUrl, queueUrl, useSqs } from "../../packages/core/src/queue/sqs";
import type { QueueName } from "../../packages/core/src/queue/definitions";
import { toEvent as toSqsEvent } from "../support/sqs";
import { registries } from "../../packages/functions/src/consumers/registries";

/** Run core as a user of a tenant with a department (the token's department_id). */
export function as<T>(tenantId: string, role: Role, fn: () => Promise<T>, departmentId: string = Department.standardId(tenantId, "market")): Promise<T> {
  return withContext(
    {
      actor: { type: "user", userId: `usr_test_${tenantId}_${role}_${departmentId.slice(-4)}`, name: `测试 ${tenantId} ${role}`, tenantId, role, departmentId },
      tenantId,
      requestId: "test",
      locale: "zh-CN",
    },
    // Always a promise, even when core's input validation throws at once.
    async () => fn(),
  );
}

export async function receive(queue: QueueName, dlq = false) {
  const res = await (await useSqs()).send(
    new ReceiveMessageCommand({ QueueUrl: dlq ? dlqUrl(queue) : queueUrl(queue), MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ["All"] }),
  );
  return res.Messages ?? [];
}

/** Deliver everything waiting on a queue, as the consumer would, until it is empty. */
export async function deliverAll(queue: QueueName = "recognition") {
  let n = 0;
  for (;;) {
    const messages = await receive(queue);
    if (messages.length === 0) return n;
    for (const m of messages) {
      await Message.consume(registries[queue], m.Body!);
      n++;
    }
  }
}

export async function purge(queue: QueueName) {
  for (const url of [queueUrl(queue), dlqUrl(queue)]) await (await useSqs()).send(new PurgeQueueCommand({ QueueUrl: url }));
}

/** Received messages as the recognition consumer's SQS event. */
export const toEvent = (messages: Parameters<typeof toSqsEvent>[0]) => toSqsEvent(messages, "recognition");
export { lambdaContext } from "../support/sqs";
