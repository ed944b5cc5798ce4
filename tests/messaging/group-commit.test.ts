import { PurgeQueueCommand, SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { afterEach, describe, expect, test, vi } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { Clock } from "../../packages/core/src/clock";
import { useConfig } from "../../packages/core/src/config";
import { observeCommits } from "../../packages/core/src/outbox/commit";
import { Message } from "../../packages/core/src/message/index";
import { OutboxEntity } from "../../packages/core/src/outbox/outbox.entity";
import { dlqUrl, queueUrl, useSqs } from "../../packages/core/src/queue/sqs";
import { Notice } from "../../packages/core/src/notice/index";
import { handler as assistanceHandler } from "../../packages/functions/src/consumers/assistance";
import { asSystem, asUser } from "../support/context";
import { lambdaContext, receiveAll, toEvent, waitFor } from "../support/sqs";
import { registries } from "../../packages/functions/src/consumers/registries";
import { Queue } from "../../packages/core/src/queue/index";
import { Outbox } from "../../packages/core/src/outbox/index";

/** The records of one delivered batch (Message.ConsumeGroup): each message
 * commits with its own change, audit event and consumed marker, and no
 * transaction ever spans two tenants (in the cloud each tenant's writes are
 * signed with credentials limited to its own partitions). */

const FUZHOU = "350100";
// Ten counties of 福州市: one notice to each is a batch of ten messages for ten tenants.
const COUNTIES = ["350102", "350103", "350104", "350105", "350111", "350112", "350121", "350122", "350123", "350124"];
const [GULOU, TAIJIANG, CANGSHAN] = COUNTIES as [string, string, string];

type Seen = { tenantId: string; action: string; transaction: number; changesInTransaction: number };
let seen: Seen[] = [];
afterEach(async () => {
  observeCommits(undefined);
  vi.restoreAllMocks();
  for (const q of [queueUrl("assistance"), dlqUrl("assistance")]) await (await useSqs()).send(new PurgeQueueCommand({ QueueUrl: q }));
});
function watchCommits() {
  seen = [];
  observeCommits((c) => seen.push({ tenantId: c.tenantId, action: c.action, transaction: c.transaction, changesInTransaction: c.changesInTransaction }));
}
const receives = () => seen.filter((c) => c.action === "notice.receive");

async function sendNotice(title: string, to: string[]) {
  return asUser(FUZHOU, () => Notice.send({ title, body: "正文", toTenants: to }));
}
/** Every message now on the assistance queue (up to `count`), taken off it. */
async function take(count: number) {
  const out: Awaited<ReturnType<typeof receiveAll>> = [];
  await waitFor(
    async () => {
      out.push(...(await receiveAll(queueUrl("assistance"))));
      return out.length;
    },
    (n) => n >= count,
  );
  return out;
}
async function inboxIds(tenant: string) {
  return (await asUser(tenant, () => Notice.list({ box: "inbox", limit: 200 }))).items.map((n) => n.id);
}
async function receiveEvents(tenant: string, noticeId: string) {
  return (await asUser(tenant, async () => (await Audit.list({ limit: 200 })).items)).filter((e) => e.action === "notice.receive" && e.target.id === noticeId);
}
async function chainOk(tenant: string) {
  return asUser(tenant, () => Audit.verify());
}

describe("a batch commits together", () => {
  test("ten messages for ten tenants: one transaction per tenant, never one across tenants, each with its own audit event, all chains intact", async () => {
    const notice = await sendNotice("批量提交：十个区县", COUNTIES);
    const messages = await take(10);
    watchCommits();
    const result = await assistanceHandler(toEvent(messages) as any, lambdaContext);
    expect(result.batchItemFailures).toEqual([]);
    expect(receives()).toHaveLength(10);
    // Ten tenants, ten transactions: a transaction holding two tenants' items would be refused by IAM in the cloud.
    expect(new Set(receives().map((c) => c.transaction)).size).toBe(10);
    expect(receives().map((c) => c.changesInTransaction)).toEqual(Array(10).fill(1));
    expect(new Set(receives().map((c) => c.tenantId))).toEqual(new Set(COUNTIES));
    for (const t of COUNTIES) {
      expect(await inboxIds(t)).toContain(notice.id);
      expect(await receiveEvents(t, notice.id)).toHaveLength(1);
      expect(await chainOk(t)).toMatchObject({ ok: true });
    }
    // Every message is marked consumed: nothing is left for the sweeper.
    const records = await Promise.all(messages.map((m) => OutboxEntity.get({ fromTenant: FUZHOU, id: JSON.parse(m.Body!).id }).go({ consistent: true })));
    expect(records.map((r) => r.data?.status)).toEqual(Array(10).fill("consumed"));
  });

  test("two messages for one tenant in a batch: both applied in ONE transaction, their events consecutive on one intact chain (one head write)", async () => {
    const first = await sendNotice("同一租户第一条", [GULOU, TAIJIANG]);
    const second = await sendNotice("同一租户第二条", [GULOU, CANGSHAN]);
    const messages = await take(4);
    watchCommits();
    const result = await assistanceHandler(toEvent(messages) as any, lambdaContext);
    expect(result.batchItemFailures).toEqual([]);
    expect(await inboxIds(GULOU)).toEqual(expect.arrayContaining([first.id, second.id]));
    expect(await inboxIds(TAIJIANG)).toContain(first.id);
    expect(await inboxIds(CANGSHAN)).toContain(second.id);
    const gulou = receives().filter((c) => c.tenantId === GULOU);
    expect(gulou).toHaveLength(2);
    // One transaction: the second event follows the first on the chain, one head write for both.
    expect(gulou[0]!.transaction).toBe(gulou[1]!.transaction);
    expect(gulou.map((c) => c.changesInTransaction)).toEqual([2, 2]);
    const [a, b] = [await receiveEvents(GULOU, first.id), await receiveEvents(GULOU, second.id)];
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(Math.abs(a[0]!.seq - b[0]!.seq)).toBe(1);
    const later = a[0]!.seq > b[0]!.seq ? a[0]! : b[0]!;
    const earlier = later === a[0] ? b[0]! : a[0]!;
    expect(later.prevHash).toBe(earlier.hash);
    expect(await chainOk(GULOU)).toMatchObject({ ok: true, count: expect.any(Number) });
  });

  test("a duplicate and a forged message in the batch: the others still commit, each in its own tenant's transaction, the duplicate acts once, the forged one is dead-lettered", async () => {
    const once = await sendNotice("已消费过的通知", [GULOU]);
    const [already] = await take(1);
    expect(await asSystem(() => Message.consume(registries["assistance"], already!.Body!))).toBe("processed");
    const fresh = await sendNotice("与重复消息同批的通知", [TAIJIANG, CANGSHAN]);
    const others = await take(2);
    const forged = JSON.stringify({ ...JSON.parse(others[0]!.Body!), id: "msg_01ARZ3NDEKTSV4RRFFQ69G5FAV" });
    await (await useSqs()).send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl("assistance"),
        Entries: [
          { Id: "dup", MessageBody: already!.Body! },
          { Id: "forged", MessageBody: forged },
        ],
      }),
    );
    const batch = [...others, ...(await take(2))];
    watchCommits();
    const result = await assistanceHandler(toEvent(batch) as any, lambdaContext);
    expect(result.batchItemFailures).toEqual([]);
    // The duplicate's marker failed; the two fresh messages each committed in their own tenant's transaction.
    const freshCommits = receives().filter((c) => c.tenantId !== GULOU);
    expect(freshCommits).toHaveLength(2);
    expect(freshCommits[0]!.transaction).not.toBe(freshCommits[1]!.transaction);
    expect(receives().filter((c) => c.tenantId === GULOU)).toHaveLength(0);
    expect(await receiveEvents(GULOU, once.id)).toHaveLength(1);
    expect(await inboxIds(TAIJIANG)).toContain(fresh.id);
    expect(await inboxIds(CANGSHAN)).toContain(fresh.id);
    const dead = await asSystem(() => Queue.listDeadLetters(["assistance"]));
    expect(dead.map((d) => d.reason)).toEqual([expect.stringContaining("forged: no message")]);
    expect(await chainOk(GULOU)).toMatchObject({ ok: true });
  });

  test("two batches at once for the same tenants: every message once, every chain intact", async () => {
    const a = await sendNotice("并发批次 A", COUNTIES.slice(0, 5));
    const b = await sendNotice("并发批次 B", COUNTIES.slice(0, 5));
    const messages = await take(10);
    const byNotice = (id: string) => messages.filter((m) => JSON.parse(m.Body!).payload.noticeId === id);
    // Each batch holds one message for each of five tenants, as two Lambdas would get them.
    const results = await Promise.all([
      assistanceHandler(toEvent(byNotice(a.id)) as any, lambdaContext),
      assistanceHandler(toEvent(byNotice(b.id)) as any, lambdaContext),
    ]);
    expect(results.map((r) => r.batchItemFailures)).toEqual([[], []]);
    for (const t of COUNTIES.slice(0, 5)) {
      expect(await inboxIds(t)).toEqual(expect.arrayContaining([a.id, b.id]));
      expect(await receiveEvents(t, a.id)).toHaveLength(1);
      expect(await receiveEvents(t, b.id)).toHaveLength(1);
      expect(await chainOk(t)).toMatchObject({ ok: true });
    }
  });

  test("the same message three times at once (twice in one batch, once alone) acts once", async () => {
    const notice = await sendNotice("三路同时投递", [GULOU]);
    const [message] = await take(1);
    const copies = [message!, message!].map((m, i) => ({ ...m, MessageId: `${m.MessageId}-${i}` }));
    const results = await Promise.all([
      assistanceHandler(toEvent(copies) as any, lambdaContext),
      asSystem(() => Message.consume(registries["assistance"], message!.Body!)),
    ]);
    expect(results[0]).toEqual({ batchItemFailures: [] });
    expect(await receiveEvents(GULOU, notice.id)).toHaveLength(1);
    expect(await chainOk(GULOU)).toMatchObject({ ok: true });
  });
});

describe("the relay after a commit", () => {
  const outboxRecord = async (id: string) => (await OutboxEntity.get({ fromTenant: FUZHOU, id }).go({ consistent: true })).data!;

  test("a sent message counts its first attempt at commit and is not due again until the resend delay", async () => {
    const before = Clock.nowMs();
    await sendNotice("按时发送的通知", [GULOU]);
    const [message] = await take(1);
    const record = await outboxRecord(JSON.parse(message!.Body!).id);
    expect(record.attempts).toBe(1);
    expect(record.status).toBe("pending");
    // Due only after the resend delay (2 s in tests): the relay wrote nothing after sending.
    expect(record.nextAttemptAt).toBeGreaterThanOrEqual(before + useConfig().OUTBOX_RESEND_AFTER_SECONDS * 1000);
  });

  test("a send that fails after the commit leaves the message due at once, and the sweeper sends it", async () => {
    const sqs = await useSqs();
    const send = sqs.send.bind(sqs);
    vi.spyOn(sqs, "send").mockImplementation((async (command: unknown) => {
      if (command instanceof SendMessageBatchCommand) throw new Error("queue unavailable");
      return send(command as never);
    }) as never);
    const notice = await sendNotice("发送失败后补发的通知", [TAIJIANG]);
    vi.restoreAllMocks();
    expect(await receiveAll(queueUrl("assistance"))).toHaveLength(0);
    const outbox = (await asUser(FUZHOU, () => Notice.list({ box: "sent", limit: 200 }))).items;
    expect(outbox.map((n) => n.id)).toContain(notice.id);
    const swept = await asSystem(() => Outbox.sweep());
    expect(swept.sent).toBeGreaterThanOrEqual(1);
    const [message] = await take(1);
    expect(JSON.parse(message!.Body!).payload.noticeId).toBe(notice.id);
    expect(await asSystem(() => Message.consume(registries["assistance"], message!.Body!))).toBe("processed");
    expect(await inboxIds(TAIJIANG)).toContain(notice.id);
  });
});
