import { PurgeQueueCommand } from "@aws-sdk/client-sqs";
import { beforeAll, describe, expect, test } from "vitest";
import { z } from "zod";
import { AssistanceRequest } from "../../packages/core/src/assistance/index";
import { Audit } from "../../packages/core/src/audit/index";
import { Department } from "../../packages/core/src/department/index";
import { Message } from "../../packages/core/src/message/index";
import { commit } from "../../packages/core/src/outbox/commit";
import { Outbox } from "../../packages/core/src/outbox/index";
import { QueueNames, type QueueName } from "../../packages/core/src/queue/definitions";
import { queueUrl, useSqs } from "../../packages/core/src/queue/sqs";
import { createConsumer } from "../../packages/functions/src/consumers/consumer";
import { registries } from "../../packages/functions/src/consumers/registries";
import { asSystem, asUser } from "../support/context";
import { lambdaContext, receiveAll, toEvent } from "../support/sqs";

const GULOU = "350102";
const SIMING = "350203";

/** Names a queue body must carry unchanged: CJK Extension B (U+20BB7 𠮷 and
 * friends beyond U+FFFF), emoji with joiners and variation selectors, and the
 * odd characters at the edge of what a queue accepts. */
const NAMES = [
  "福州𠮷祥餐饮管理有限公司",
  "𠀀𪚥𫝀𬺰𰻞 厦门𡒄记小吃店",
  "👩‍🍳🍜 餐饮 ❤️‍🔥 🇨🇳",
  "控制\u0001\u001f字符\u007f\u0085 与 \uFFFE\uFFFF 及 \u2028\u2029",
];

/** A message type per queue that stores the name it carries in the receiver's trail. */
const echo = (queue: QueueName) =>
  Message.define<{ name: string }>({
    type: `test.echo_${queue.replace(/-/g, "_")}`,
    queue,
    version: 1,
    versions: { 1: z.object({ name: z.string() }) },
    async handle(p, envelope) {
      return { action: "test.echo", target: { type: "test", id: envelope.id }, state: p, summary: { name: p.name }, items: () => [] };
    },
  });

describe("every queue carries every Unicode character", () => {
  test.each(QueueNames)("%s: Extension B, emoji and edge characters arrive byte for byte", async (queue) => {
    const Echo = echo(queue);
    // The queue's consumer as deployed, plus the echo type.
    const consumer = createConsumer(Message.registry(queue, [...registries[queue].types.values(), Echo]));
    await (await useSqs()).send(new PurgeQueueCommand({ QueueUrl: queueUrl(queue) }));
    const committed = await asUser(GULOU, () =>
      commit({ action: "test.echo", target: { type: "test", id: queue }, state: {}, items: () => [], messages: NAMES.map((name) => Echo.create(SIMING, { name })) }),
    );
    // Sent at once by the relay: nothing failed, nothing left for the sweeper.
    const received = await receiveAll(queueUrl(queue));
    expect(received).toHaveLength(NAMES.length);
    const result = await consumer(toEvent(received, queue) as never, lambdaContext);
    expect(result.batchItemFailures).toEqual([]);
    const trail = await asUser(SIMING, async () => (await Audit.list({ limit: 50 })).items.filter((e) => e.action === "test.echo"));
    const got = committed.outbox.map((o) => trail.find((e) => (e.summary as { messageId?: string }).messageId === o.id)?.summary?.name as string);
    expect(got).toEqual(NAMES);
    got.forEach((name, i) => expect(Buffer.compare(Buffer.from(name, "utf8"), Buffer.from(NAMES[i]!, "utf8"))).toBe(0));
    // Consumed, so the sender's outbox has nothing due or stalled; both chains verify with the names in their hashes.
    expect(await asUser(GULOU, () => Outbox.stalledCount())).toBe(0);
    expect(await asUser(SIMING, () => Audit.verify())).toMatchObject({ ok: true });
  });

  test("the body on the wire is what any SQS accepts, and parses back to exactly the committed envelope", async () => {
    const Echo = echo("recognition");
    await asUser(GULOU, () => commit({ action: "test.echo", target: { type: "test", id: "wire" }, state: {}, items: () => [], messages: [Echo.create(SIMING, { name: NAMES[0]! })] }));
    const [m] = await receiveAll(queueUrl("recognition"));
    // Only the XML characters both SQS and the emulator take: 𠮷 travels as a JSON escape.
    expect(m!.Body).toMatch(/^[\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD]*$/);
    expect(m!.Body).toContain("\\ud842\\udfb7");
    expect(JSON.parse(m!.Body!).payload.name).toBe(NAMES[0]);
  });
});

describe("the reported case: an assistance request about 福州𠮷祥餐饮管理有限公司", () => {
  beforeAll(async () => {
    for (const t of [GULOU, SIMING]) await asSystem(() => Department.seedStandard(), t);
  });

  test("reaches the receiver's inbox with the name unchanged, and the sender sees it delivered", async () => {
    const consumer = createConsumer(registries.assistance);
    await (await useSqs()).send(new PurgeQueueCommand({ QueueUrl: queueUrl("assistance") }));
    const name = "福州𠮷祥餐饮管理有限公司😀";
    const sent = await asUser(GULOU, () =>
      AssistanceRequest.send({ toTenant: SIMING, type: "investigation", creditCode: "91350100M000100Y43", entityName: name, facts: "涉嫌销售无检疫证明冷冻肉品，请协助调查取证 𠮷。" }),
    );
    for (let round = 0; round < 3; round++) {
      const messages = await receiveAll(queueUrl("assistance"));
      if (!messages.length) break;
      expect((await consumer(toEvent(messages) as never, lambdaContext)).batchItemFailures).toEqual([]);
    }
    const inbox = await asUser(SIMING, () => AssistanceRequest.fromID(sent.id));
    expect(inbox.entityName).toBe(name);
    expect(Buffer.from(inbox.entityName!).equals(Buffer.from(name))).toBe(true);
    expect(inbox.facts).toContain("𠮷");
    expect(await asUser(GULOU, () => Outbox.deliveryOf({ type: "assistance", id: sent.id }))).toEqual([]);
  });
});
