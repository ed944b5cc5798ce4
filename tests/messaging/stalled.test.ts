import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, test } from "vitest";
import { z } from "zod";
import { resetConfig } from "../../packages/core/src/config";
import { withContext } from "../../packages/core/src/context";
import { useDynamo } from "../../packages/core/src/dynamo/client";
import { Message } from "../../packages/core/src/message/index";
import { commit } from "../../packages/core/src/outbox/commit";
import { keyOf } from "../../packages/core/src/dynamo/tx";
import { OutboxEntity } from "../../packages/core/src/outbox/outbox.entity";
import { Outbox } from "../../packages/core/src/outbox/index";
import { queueUrl } from "../../packages/core/src/queue/sqs";
import { countStalled, runSweeper } from "../../packages/functions/src/jobs/outbox-sweeper";
import { asSystem, asUser } from "../support/context";
import { AssistanceRequest } from "../../packages/core/src/assistance/index";
import { Dashboard } from "../../packages/core/src/dashboard/index";
import { Department } from "../../packages/core/src/department/index";
import { receiveAll } from "../support/sqs";

const GULOU = "350102";
const TAIJIANG = "350103";
const MAWEI = "350105";
const urls = process.env.QUEUE_URLS!;

afterEach(() => {
  process.env.QUEUE_URLS = urls;
  resetConfig();
});

const Note = Message.define<{ text: string }>({
  type: "test.note",
  queue: "recognition",
  version: 1,
  versions: { 1: z.object({ text: z.string() }) },
  async handle() {
    return { skip: "test" };
  },
});

async function record(fromTenant: string, id: string) {
  return (await useDynamo().send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: keyOf(OutboxEntity.get({ fromTenant, id })), ConsistentRead: true }))).Item!;
}

/** The sweeper as the scheduled job runs it, at a given time. */
function sweepAt(ms: number) {
  return withContext({ actor: { type: "system", reason: "test" }, requestId: "test", locale: "zh-CN", now: () => new Date(ms) }, () => Outbox.sweep());
}

describe("a message that cannot be sent is never retried silently forever", () => {
  test("every failed send counts as an attempt; at the limit the record is stalled with its error, shown to the sender and counted", { timeout: 240_000 }, async () => {
    // The queue is unreachable (a wrong URL, a deleted queue, a network outage).
    process.env.QUEUE_URLS = JSON.stringify({ ...JSON.parse(urls), recognition: "http://127.0.0.1:1/000000000000/nowhere" });
    resetConfig();
    const committed = await asUser(GULOU, () =>
      commit({ action: "test.note", target: { type: "test-case", id: "case-1" }, state: {}, items: () => [], messages: [Note.create(TAIJIANG, { text: "无法送达" })] }),
    );
    const id = committed.outbox[0]!.id;
    let r = await record(GULOU, id);
    expect(r).toMatchObject({ status: "pending", attempts: 1 });
    expect(r.lastError).toMatch(/./);
    // Each sweep's failed send counts; the record is due again after a short, growing wait.
    let now = Date.now();
    const seen: number[] = [];
    for (let i = 0; i < 10 && r.status !== "stalled"; i++) {
      now += 10 * 60_000;
      await sweepAt(now);
      r = await record(GULOU, id);
      seen.push(r.attempts);
    }
    expect(seen).toEqual([2, 3, 4, 5]);
    expect(r).toMatchObject({ status: "stalled", attempts: 5, gsi1pk: `${GULOU}#outbox-stalled` });
    expect(r.lastError).toMatch(/./);
    expect(r.expiresAt).toBeUndefined();
    // Nothing more is tried: the sweeper no longer sees it.
    expect((await sweepAt(now + 3600_000)).due).toBe(0);
    const stalled = await asUser(GULOU, () => Outbox.stalled());
    expect(stalled.items).toEqual([expect.objectContaining({ id, type: "test.note", toTenant: TAIJIANG, attempts: 5, target: { type: "test-case", id: "case-1" } })]);
    expect(await asUser(GULOU, () => Outbox.deliveryOf({ type: "test-case", id: "case-1" }))).toHaveLength(1);
    expect(await asUser(GULOU, () => Outbox.stalledCount())).toBe(1);
    expect(await asUser(TAIJIANG, () => Outbox.stalledCount())).toBe(0);
    expect(await countStalled()).toBeGreaterThanOrEqual(1);

    // Fixed: a retry puts it back, the sweeper sends it, and it is no longer stalled.
    process.env.QUEUE_URLS = urls;
    resetConfig();
    await asUser(GULOU, () => Outbox.retry(id));
    expect(await asUser(GULOU, () => Outbox.stalledCount())).toBe(0);
    const swept = await runSweeper();
    expect(swept.sent).toBeGreaterThanOrEqual(1);
    const [m] = await receiveAll(queueUrl("recognition"));
    expect(JSON.parse(m!.Body!).id).toBe(id);
  });

  test("a body over the queue's 256 KB limit is stalled at once, with the reason", async () => {
    const committed = await asUser(MAWEI, () =>
      commit({ action: "test.note", target: { type: "test-case", id: "big" }, state: {}, items: () => [], messages: [Note.create(TAIJIANG, { text: "大".repeat(100_000) })] }),
    );
    const r = await record(MAWEI, committed.outbox[0]!.id);
    expect(r).toMatchObject({ status: "stalled", attempts: 1 });
    expect(r.lastError).toMatch(/permanent: body is \d+ bytes, over the queue limit of 262144/);
    const [shown] = await asUser(MAWEI, () => Outbox.deliveryOf({ type: "test-case", id: "big" }));
    expect(shown!.error).toContain("permanent");
  });

  test("a malformed cursor of the stalled list is a 400 naming cursor", async () => {
    await expect(asUser(GULOU, () => Outbox.stalled({ cursor: "not-a-cursor" }))).rejects.toMatchObject({ status: 400, details: [{ field: "cursor" }] });
  });
});

describe("the sender sees it", () => {
  test("an assistance request whose message stalled shows its delivery state, and the tenant admin's dashboard counts it", async () => {
    const FUZHOU_COUNTY = "350111"; // 晋安区
    await asSystem(() => Department.seedStandard(), FUZHOU_COUNTY);
    process.env.QUEUE_URLS = JSON.stringify({ ...JSON.parse(urls), assistance: "http://127.0.0.1:1/000000000000/nowhere" });
    process.env.OUTBOX_MAX_ATTEMPTS = "2";
    resetConfig();
    try {
      const sent = await asUser(FUZHOU_COUNTY, () =>
        AssistanceRequest.send({ toTenant: "350203", type: "information", creditCode: "91350100M000100Y43", entityName: "福州𠮷祥餐饮管理有限公司", facts: "请提供该主体的登记与许可信息。" }),
      );
      expect((await asUser(FUZHOU_COUNTY, () => AssistanceRequest.fromID(sent.id))).delivery).toBeUndefined();
      await sweepAt(Date.now() + 10 * 60_000);
      const detail = await asUser(FUZHOU_COUNTY, () => AssistanceRequest.fromID(sent.id));
      expect(detail.delivery).toMatchObject({ state: "stalled", type: "assistance.requested", attempts: 2 });
      expect((await asUser(FUZHOU_COUNTY, () => Dashboard.mine())).stalledMessages).toBe(1);
    } finally {
      delete process.env.OUTBOX_MAX_ATTEMPTS;
    }
  });
});

describe("outbox records expire", () => {
  test("a record carries a TTL from its commit, past the longest time SQS keeps its message", async () => {
    const committed = await asUser(GULOU, () =>
      commit({ action: "test.note", target: { type: "test-case", id: "ttl" }, state: {}, items: () => [], messages: [Note.create(TAIJIANG, { text: "有期限" })] }),
    );
    const r = await record(GULOU, committed.outbox[0]!.id);
    const now = Date.now() / 1000;
    expect(r.expiresAt).toBeGreaterThan(now + 28 * 86400);
    expect(r.expiresAt).toBeLessThan(now + 60 * 86400);
    expect(Outbox.OUTBOX_RETENTION_SECONDS).toBeGreaterThan(28 * 86400);
  });
});
