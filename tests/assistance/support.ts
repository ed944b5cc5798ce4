import { DeleteMessageCommand, PurgeQueueCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { Message } from "../../packages/core/src/message/index";
import { dlqUrl, queueUrl, useSqs } from "../../packages/core/src/queue/sqs";
import { withContext } from "../../packages/core/src/context";
import type { Role } from "../../packages/core/src/auth/roles";
import type { Locale } from "../../packages/core/src/i18n/index";
import { Department } from "../../packages/core/src/department/index";
import { registries } from "../../packages/functions/src/consumers/registries";
import { Queue } from "../../packages/core/src/queue/index";

/** Deliver every message waiting on the assistance queue (and what handling them sends), as the consumer would. */
export async function deliver(options: { rounds?: number } = {}) {
  const sqs = await useSqs();
  const outcomes: string[] = [];
  for (let round = 0; round < (options.rounds ?? 50); round++) {
    const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl("assistance"), MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30 }));
    const messages = res.Messages ?? [];
    if (messages.length === 0) break;
    for (const m of messages) {
      try {
        outcomes.push(await Message.consume(registries["assistance"], m.Body!));
      } catch (err) {
        if (err instanceof Message.PoisonMessage) {
          await Queue.deadLetter("assistance", m.Body!, err.reason);
          outcomes.push(`poison: ${err.reason}`);
        } else {
          outcomes.push(`error: ${err}`);
          continue; // left for a later round, like a retry
        }
      }
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl("assistance"), ReceiptHandle: m.ReceiptHandle! }));
    }
  }
  return outcomes;
}

export async function purge() {
  const sqs = await useSqs();
  for (const q of [queueUrl("assistance"), dlqUrl("assistance")]) await sqs.send(new PurgeQueueCommand({ QueueUrl: q }));
}

/** Take every message off the queue without consuming it (to replay or tamper with). */
export async function takeAll() {
  const sqs = await useSqs();
  const out: string[] = [];
  for (;;) {
    const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl("assistance"), MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    const messages = res.Messages ?? [];
    if (!messages.length) return out;
    for (const m of messages) {
      out.push(m.Body!);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl("assistance"), ReceiptHandle: m.ReceiptHandle! }));
    }
  }
}

export async function deadLetters() {
  return Queue.listDeadLetters(["assistance"]);
}

/** Run core as a user of a tenant's department (officers act for the department a request was routed to). */
export function as<T>(tenantId: string, fn: () => Promise<T>, role: Role = "officer", departmentType = "market", now?: () => Date, locale: Locale = "zh-CN"): Promise<T> {
  return withContext(
    {
      actor: { type: "user", userId: `usr_${tenantId}_${role}`, name: `测试 ${tenantId} ${role}`, tenantId, role, departmentId: Department.standardId(tenantId, departmentType) },
      tenantId,
      requestId: "test",
      locale,
      now,
    },
    fn,
  );
}

/** The same, reading in another language (the API's Accept-Language). */
export function asIn<T>(locale: Locale, tenantId: string, fn: () => Promise<T>, role: Role = "officer"): Promise<T> {
  return as(tenantId, fn, role, "market", undefined, locale);
}

export const GULOU = "350102";
export const TAIJIANG = "350103";
export const SIMING = "350203";
export const FUZHOU = "350100";
export const XIAMEN = "350200";
export const PROVINCE = "350000";
export const CODE = "91350100M000100Y43";
