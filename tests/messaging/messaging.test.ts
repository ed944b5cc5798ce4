import { GetQueueAttributesCommand, PurgeQueueCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { Audit } from "../../packages/core/src/audit/index";
import { commit } from "../../packages/core/src/outbox/commit";
import { Tx } from "../../packages/core/src/dynamo/tx";
import { Message } from "../../packages/core/src/message/index";
import { dlqUrl, queueUrl, useSqs } from "../../packages/core/src/queue/sqs";
import { Notice } from "../../packages/core/src/notice/index";
import { handler as assistanceHandler } from "../../packages/functions/src/consumers/assistance";
import { createConsumer } from "../../packages/functions/src/consumers/consumer";
import { registries } from "../../packages/functions/src/consumers/registries";
import { startPoller } from "../../packages/functions/src/local/poller";
import { asSystem, asUser } from "../support/context";
import { lambdaContext, receiveAll, toEvent, waitFor } from "../support/sqs";
import { Queue } from "../../packages/core/src/queue/index";
import { Outbox } from "../../packages/core/src/outbox/index";

const FUZHOU = "350100";
const GULOU = "350102";
const TAIJIANG = "350103";

let pollers: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(pollers.map((p) => p.stop()));
  pollers = [];
  for (const q of [queueUrl("assistance"), dlqUrl("assistance")]) await (await useSqs()).send(new PurgeQueueCommand({ QueueUrl: q }));
});

async function inbox(tenant: string) {
  return (await asUser(tenant, () => Notice.list({ box: "inbox", limit: 200 }))).items;
}
async function trail(tenant: string) {
  return asUser(tenant, async () => (await Audit.list({ limit: 200 })).items);
}
async function sendNotice(title: string, to = [GULOU]) {
  return asUser(FUZHOU, () => Notice.send({ title, body: "正文", toTenants: to }));
}

describe("transactional outbox", () => {
  test("the change, its audit event and its outbox record commit together; the relay sends at once", async () => {
    const notice = await sendNotice("关于核查的通知 A");
    const messages = await receiveAll(queueUrl("assistance"));
    expect(messages).toHaveLength(1);
    const envelope = Message.Envelope.parse(JSON.parse(messages[0]!.Body!));
    expect(envelope).toMatchObject({ type: "notice.sent", fromTenant: FUZHOU, toTenant: GULOU, schemaVersion: 1 });
    expect((envelope.payload as any).noticeId).toBe(notice.id);
    const sent = await trail(FUZHOU);
    expect(sent.find((e) => e.target.id === notice.id)?.action).toBe("notice.send");
  });

  test("a failed change writes neither its outbox record nor its audit event", async () => {
    const before = (await trail(FUZHOU)).length;
    const failing = asUser(FUZHOU, () =>
      commit({
        action: "test.fail",
        target: { type: "test", id: "x" },
        state: {},
        items: () => [Tx.check({ TableName: process.env.TABLE_NAME, Key: { pk: `${FUZHOU}#nope`, sk: "nope" }, ConditionExpression: "attribute_exists(pk)" })],
        messages: [Notice.Delivered.create(GULOU, { noticeId: "ntc_01ARZ3NDEKTSV4RRFFQ69G5FAV", title: "t", body: "b", toTenants: [GULOU], sentAt: new Date().toISOString() })],
      }),
    );
    await expect(failing).rejects.toMatchObject({ code: "request.conflict" });
    expect((await trail(FUZHOU)).length).toBe(before);
    expect(await receiveAll(queueUrl("assistance"))).toHaveLength(0);
  });

  test("an unsent message is sent by the sweeper; one lost by the emulator is resent", async () => {
    const notice = await sendNotice("关于核查的通知 B", [TAIJIANG]);
    // The queue loses it (an emulator restart).
    await (await useSqs()).send(new PurgeQueueCommand({ QueueUrl: queueUrl("assistance") }));
    expect(await receiveAll(queueUrl("assistance"))).toHaveLength(0);
    const swept = await asSystem(() => Outbox.sweep({ all: true }));
    expect(swept.sent).toBeGreaterThanOrEqual(1);
    pollers.push(startPoller("assistance", assistanceHandler, { waitSeconds: 1, retryDelaySeconds: 0 }));
    const got = await waitFor(() => inbox(TAIJIANG), (l) => l.some((n) => n.id === notice.id));
    expect(got.find((n) => n.id === notice.id)?.title).toBe("关于核查的通知 B");
    // Consumed: nothing left for the sweeper.
    const again = await asSystem(() => Outbox.sweep({ all: true }));
    expect(again.due).toBe(0);
  });
});

describe("idempotent consumer", () => {
  test("a message delivered three times acts once", async () => {
    const notice = await sendNotice("三次投递的通知");
    const [first] = await receiveAll(queueUrl("assistance"));
    // Two more copies of the same message, as SQS's at-least-once delivery may give.
    for (let i = 0; i < 2; i++) await (await useSqs()).send(new SendMessageCommand({ QueueUrl: queueUrl("assistance"), MessageBody: first!.Body! }));
    const before = (await trail(GULOU)).filter((e) => e.action === "notice.receive").length;
    const copies = [first!, ...(await waitFor(() => receiveAll(queueUrl("assistance")), (m) => m.length >= 2))];
    expect(copies).toHaveLength(3);
    // All three in one batch, processed concurrently.
    const result = await assistanceHandler(toEvent(copies) as any, lambdaContext);
    expect(result.batchItemFailures).toEqual([]);
    const received = (await inbox(GULOU)).filter((n) => n.id === notice.id);
    expect(received).toHaveLength(1);
    const events = (await trail(GULOU)).filter((e) => e.action === "notice.receive");
    expect(events.length - before).toBe(1);
    expect(await asUser(GULOU, () => Audit.verify())).toMatchObject({ ok: true });
  });

  test("a consumer that dies between its write and its delete causes no second effect", async () => {
    const notice = await sendNotice("写入后未删除的通知", [TAIJIANG]);
    const [message] = await receiveAll(queueUrl("assistance"));
    // The consumer writes, then dies before SQS deletes the message.
    await assistanceHandler(toEvent([message!]) as any, lambdaContext);
    const afterFirst = (await trail(TAIJIANG)).length;
    // The message comes back after its visibility timeout; a live consumer takes it.
    pollers.push(startPoller("assistance", assistanceHandler, { waitSeconds: 1, retryDelaySeconds: 0 }));
    await waitFor(
      async () => (await (await useSqs()).send(new GetQueueAttributesCommand({ QueueUrl: queueUrl("assistance"), AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }))).Attributes!,
      (a) => a.ApproximateNumberOfMessages === "0" && a.ApproximateNumberOfMessagesNotVisible === "0",
    );
    expect((await inbox(TAIJIANG)).filter((n) => n.id === notice.id)).toHaveLength(1);
    expect((await trail(TAIJIANG)).length).toBe(afterFirst);
  });
});

// A message type whose handler always fails, as a bug or a broken dependency would.
const Exploding = Message.define<{ n: number }>({
  type: "test.exploding",
  queue: "assistance",
  version: 1,
  versions: { 1: z.object({ n: z.number() }) },
  async handle() {
    throw new Error("handler failed");
  },
});
/** The assistance consumer as deployed, plus the exploding type. */
const withExploding = createConsumer(Message.registry("assistance", [...registries.assistance.types.values(), Exploding]));

describe("dead letters", () => {
  test("a poison message lands in the dead-letter queue after 5 receives without holding up the others", async () => {
    await asUser(FUZHOU, () =>
      commit({ action: "test.explode", target: { type: "test", id: "1" }, state: {}, items: () => [], messages: [Exploding.create(GULOU, { n: 1 })] }),
    );
    const good = await Promise.all([sendNotice("正常通知 1"), sendNotice("正常通知 2"), sendNotice("正常通知 3", [TAIJIANG])]);
    pollers.push(startPoller("assistance", withExploding, { waitSeconds: 1, retryDelaySeconds: 0 }));
    await waitFor(async () => [...(await inbox(GULOU)), ...(await inbox(TAIJIANG))], (l) => good.every((g) => l.some((n) => n.id === g.id)));
    const dead = await waitFor(
      () => asSystem(() => Queue.listDeadLetters(["assistance"])),
      (l) => l.some((d) => d.type === "test.exploding"),
      30_000,
    );
    const letter = dead.find((d) => d.type === "test.exploding")!;
    expect(letter.receiveCount).toBeGreaterThanOrEqual(1);
    // Redrive puts it back on its queue.
    await pollers.pop()!.stop();
    const moved = await asSystem(() => Queue.redrive("assistance", [letter.envelopeId!]));
    expect(moved.moved).toBe(1);
    const back = await waitFor(() => receiveAll(queueUrl("assistance")), (m) => m.length > 0);
    expect(JSON.parse(back[0]!.Body!).type).toBe("test.exploding");
  });

  async function deliverForged(body: string) {
    await (await useSqs()).send(new SendMessageCommand({ QueueUrl: queueUrl("assistance"), MessageBody: body }));
    const messages = await waitFor(() => receiveAll(queueUrl("assistance")), (m) => m.length > 0);
    const result = await assistanceHandler(toEvent(messages) as any, lambdaContext);
    // Acknowledged (not retried): it went straight to the dead-letter queue.
    expect(result.batchItemFailures).toEqual([]);
    const dead = await asSystem(() => Queue.listDeadLetters(["assistance"]));
    await (await useSqs()).send(new PurgeQueueCommand({ QueueUrl: dlqUrl("assistance") }));
    return dead;
  }

  test.each([
    ["not JSON", () => "{not json", "body is not JSON"],
    ["wrong envelope schema", (b: any) => JSON.stringify({ ...b, schemaVersion: "one" }), "envelope: schemaVersion"],
    ["wrong payload schema", (b: any) => JSON.stringify({ ...b, payload: { ...b.payload, title: 42 } }), "payload: title"],
    ["unknown message type", (b: any) => JSON.stringify({ ...b, type: "notice.unknown" }), "unknown message type"],
    ["unsupported schema version", (b: any) => JSON.stringify({ ...b, schemaVersion: 7 }), "schema version 7 not accepted"],
    ["unknown receiving tenant", (b: any) => JSON.stringify({ ...b, toTenant: "999999" }), "unknown tenant 999999"],
    ["fromTenant that does not match the sender", (b: any) => JSON.stringify({ ...b, fromTenant: "350203" }), "forged: no message"],
    ["content altered after commit", (b: any) => JSON.stringify({ ...b, payload: { ...b.payload, title: "篡改后的标题" } }), "forged: message"],
    ["never committed by anyone", (b: any) => JSON.stringify({ ...b, id: "msg_01ARZ3NDEKTSV4RRFFQ69G5FAV" }), "forged: no message"],
  ])("a malformed or forged message (%s) is dead-lettered with its reason and nothing is written", async (_name, forge, reason) => {
    await sendNotice("用于伪造的原始通知", [TAIJIANG]);
    const [original] = await receiveAll(queueUrl("assistance"));
    const body = JSON.parse(original!.Body!);
    const beforeInbox = await inbox(TAIJIANG);
    const beforeTrail = await trail(TAIJIANG);
    const dead = await deliverForged((forge as (b: any) => string)(body));
    expect(dead).toHaveLength(1);
    expect(dead[0]!.reason).toContain(reason);
    expect(await inbox(TAIJIANG)).toEqual(beforeInbox);
    expect(await trail(TAIJIANG)).toEqual(beforeTrail);
  });
});
