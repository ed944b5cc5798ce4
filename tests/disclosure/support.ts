import { DeleteMessageCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import type { Role } from "../../packages/core/src/auth/roles";
import { withContext } from "../../packages/core/src/context";
import { Department } from "../../packages/core/src/department/index";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";
import { Message } from "../../packages/core/src/message/index";
import { commit } from "../../packages/core/src/outbox/commit";
import { queueUrl, useSqs } from "../../packages/core/src/queue/sqs";
import { Disclosure } from "../../packages/core/src/disclosure/index";
import { messages as assistance } from "../../packages/functions/src/consumers/assistance";

export const GULOU = "350102"; // 鼓楼区, 福州市
export const TAIJIANG = "350103"; // 台江区, 福州市
export const FUZHOU = "350100";
export const SIMING = "350203"; // 思明区, 厦门市
export const PROVINCE = "350000";

/** Run core as a user of a tenant and department at a given moment (the context's clock). */
export function as<T>(tenantId: string, fn: () => Promise<T>, opts: { role?: Role; dept?: string | null; at?: string } = {}): Promise<T> {
  const role = opts.role ?? "officer";
  const departmentId = opts.dept === null ? undefined : Department.standardId(tenantId, opts.dept ?? "market");
  const at = opts.at;
  return withContext(
    {
      actor: { type: "user", userId: `usr_dsc_${tenantId}_${role}_${opts.dept ?? "market"}`, name: `公示测试 ${role}`, tenantId, role, departmentId },
      tenantId,
      requestId: "test",
      locale: "zh-CN",
      ...(at ? { now: () => new Date(at) } : {}),
    },
    async () => fn(),
  );
}

/** The public (no sign-in) reading as the tenant a page names. */
export function asPublic<T>(tenantId: string, fn: () => Promise<T>, at?: string): Promise<T> {
  return withContext({ actor: { type: "system", reason: "anonymous" }, tenantId, requestId: "test", locale: "zh-CN", ...(at ? { now: () => new Date(at) } : {}) }, async () => fn());
}

let serial = 0;
/** A fresh valid credit code per case. */
export function code(prefix = "91350102MA8D") {
  serial++;
  return withCheckChar(`${prefix}${String(serial).padStart(4, "0")}X`.slice(0, 17));
}

/** A visit closing (what visit13's close does): its change with the pending record in the same commit. */
export async function closeVisit(input: Partial<Disclosure.PendingInput> & { creditCode: string }, dept = "market") {
  const sourceId = input.sourceId ?? `vst_TEST${serial}`;
  await commit({
    action: "test.visit.close",
    target: { type: "visit", id: sourceId },
    state: { sourceId },
    items: () =>
      Disclosure.pendingFor({
        kind: "inspection",
        sourceId,
        entityName: "福州𠮷祥食品销售有限公司",
        bodies: ["鼓楼区市场监督管理局", "鼓楼区卫生健康委员会"],
        occurredOn: "2026-11-02",
        results: [
          { itemCode: "FJ-SP-001", itemName: "食品经营许可", outcome: "pass" },
          { itemCode: "FJ-SP-002", itemName: "从业人员健康证明", outcome: "rectify" },
        ],
        departmentId: input.departmentId === undefined ? Department.standardId(GULOU, dept) : input.departmentId,
        ...input,
      }),
  });
  return sourceId;
}

/** Deliver everything on the assistance queue with its consumer's registry. */
export async function deliver() {
  const sqs = await useSqs();
  const out: string[] = [];
  for (let round = 0; round < 50; round++) {
    const res = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl("assistance"), MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30 }));
    const ms = res.Messages ?? [];
    if (ms.length === 0) break;
    for (const m of ms) {
      out.push(await Message.consume(assistance, m.Body!));
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl("assistance"), ReceiptHandle: m.ReceiptHandle! }));
    }
  }
  return out;
}
