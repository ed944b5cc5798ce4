import { ChangeMessageVisibilityCommand, PurgeQueueCommand } from "@aws-sdk/client-sqs";
import type { Role } from "../../packages/core/src/auth/roles";
import { Business } from "../../packages/core/src/business/index";
import { withContext } from "../../packages/core/src/context";
import { Dishonesty } from "../../packages/core/src/dishonesty/index";
import { Penalty } from "../../packages/core/src/penalty/index";
import { dlqUrl, queueUrl, useSqs } from "../../packages/core/src/queue/sqs";
import { createConsumer } from "../../packages/functions/src/consumers/consumer";
import { registries } from "../../packages/functions/src/consumers/registries";
import { startCreditPlatformStandin } from "../../packages/functions/src/local/credit-platform-standin";
import { lambdaContext, receiveAll, toEvent } from "../support/sqs";

export const A = "350102"; // 鼓楼区
export const B = "350203"; // 思明区
export const RARE_NAME = "福州𠮷祥食品有限公司";
export const SECRET = "test-credit-platform-secret";
export const DAY = 86_400_000;

/** As a user of a tenant at a given instant (the context's clock). */
export function asAt<T>(tenantId: string, at: number | undefined, fn: () => Promise<T>, role: Role = "tenant-admin"): Promise<T> {
  return withContext(
    {
      actor: { type: "user", userId: `usr_test_${tenantId}`, name: `测试 ${tenantId}`, tenantId, role },
      tenantId,
      requestId: "test",
      locale: "zh-CN",
      ...(at === undefined ? {} : { now: () => new Date(at) }),
    },
    fn,
  );
}

/** The stand-in receiver on its own port, configured as the platform's endpoint. */
export async function startStandin() {
  const standin = await startCreditPlatformStandin({ secret: SECRET });
  process.env.CREDIT_PLATFORM_URL = standin.endpoint;
  process.env.CREDIT_PLATFORM_SECRET = SECRET;
  Dishonesty.resetPlatformConfig();
  return standin;
}

/** Businesses in A's directory (the first with a name beyond U+FFFF), all established in 2015: grade B (85). */
export async function seedBusinesses(tenantId: string, seed: number, count = 5) {
  const rows = [...Business.generate({ count, seed, tenantId })].map((r, i) => ({ ...r, name: i === 0 ? RARE_NAME : r.name, grade: undefined, registeredOn: "2015-01-01", licences: [] }));
  await asAt(tenantId, undefined, () => Business.importRows(rows));
  return rows.map((r) => r.creditCode);
}

let decision = 0;
/** A fine (a heavier penalty): a credit record that may found a listing. */
export function fine(creditCode: string, measure: "fine" | "warning" = "fine") {
  return Penalty.record({
    creditCode,
    entityName: RARE_NAME,
    fact: { itemCode: "FJ-SP-001", clause: `食品安全法第一百二十三条第${++decision}项`, actDate: "2026-10-01", description: `生产经营添加非食用物质的食品（第 ${decision} 起）` },
    decisionNo: `鼓市监罚〔2026〕${decision}号`,
    measure,
    ...(measure === "fine" ? { amount: 50_000 } : {}),
  });
}

/** Propose, notify, and list once the notice window has ended (at `listAt`). */
export async function listBusiness(tenantId: string, creditCode: string, penaltyId: string, listAt: number, category = "samr-food-safety") {
  const proposed = await asAt(tenantId, undefined, () => Dishonesty.propose({ creditCode, category, facts: "生产经营添加非食用物质的食品，情节严重", basis: [penaltyId] }));
  const notified = await asAt(tenantId, undefined, () => Dishonesty.notify(proposed.id, { version: 1, text: "拟列入严重违法失信名单的告知书" }));
  return asAt(tenantId, listAt, () => Dishonesty.enter(proposed.id, { version: notified.version }));
}

export const consumer = () => createConsumer(registries["credit-platform"]);

/** What is on the credit-platform queue now (received, and made visible again at once unless kept). */
export async function platformMessages(keep = false) {
  const messages = await receiveAll(queueUrl("credit-platform"));
  if (!keep) {
    for (const m of messages) await (await useSqs()).send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl("credit-platform"), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 }));
  }
  return messages;
}

/** Deliver the given queue messages to the consumer Lambda handler. */
export function deliverTo(messages: Awaited<ReturnType<typeof receiveAll>>) {
  return consumer()(toEvent(messages, "credit-platform") as never, lambdaContext);
}

export async function purge() {
  for (const url of [queueUrl("credit-platform"), dlqUrl("credit-platform")]) await (await useSqs()).send(new PurgeQueueCommand({ QueueUrl: url }));
}
