import { QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { PurgeQueueCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Anchor } from "../../packages/core/src/anchor/index";
import { Audit } from "../../packages/core/src/audit/index";
import { eventHash, GENESIS_HASH, HASH_VERSION, verifyChain, type ChainEvent } from "../../packages/core/src/audit/chain";
import { Department } from "../../packages/core/src/department/index";
import { useDynamo } from "../../packages/core/src/dynamo/client";
import { queueUrl, useSqs } from "../../packages/core/src/queue/sqs";
import { createConsumer } from "../../packages/functions/src/consumers/consumer";
import { registries } from "../../packages/functions/src/consumers/registries";
import { runAnchor } from "../../packages/functions/src/jobs/audit-anchor";
import { startTestApi, type TestApi } from "../support/api";
import { asUser } from "../support/context";
import { lambdaContext, receiveAll, toEvent } from "../support/sqs";

/** Findings of issue 11 §6 "audit gaps", each shown failing before the fix. */
const TABLE = () => process.env.TABLE_NAME!;
const eventKey = (tenant: string, seq: number) => ({ pk: `${tenant}#audit`, sk: `e#${String(seq).padStart(12, "0")}` });
async function rawChain(tenant: string) {
  const res = await useDynamo().send(
    new QueryCommand({ TableName: TABLE(), KeyConditionExpression: "pk = :pk AND begins_with(sk, :e)", ExpressionAttributeValues: { ":pk": `${tenant}#audit`, ":e": "e#" }, ConsistentRead: true }),
  );
  return (res.Items ?? []) as (ChainEvent & Record<string, unknown>)[];
}
async function put(tenant: string, e: Record<string, unknown>) {
  const names = Object.keys(e).filter((k) => k !== "pk" && k !== "sk");
  await useDynamo().send(
    new UpdateCommand({
      TableName: TABLE(),
      Key: eventKey(tenant, e.seq as number),
      UpdateExpression: "SET " + names.map((k, i) => `#n${i} = :v${i}`).join(", "),
      ExpressionAttributeNames: Object.fromEntries(names.map((k, i) => [`#n${i}`, k])),
      ExpressionAttributeValues: Object.fromEntries(names.map((k, i) => [`:v${i}`, e[k]])),
    }),
  );
}

describe("the hash covers everything an event stores (pure)", () => {
  const base = (seq: number, prev: string, v?: number): Omit<ChainEvent, "hash"> => ({
    tenantId: "350102",
    seq,
    id: `aud_${seq}`,
    action: "x.y",
    targetType: "t",
    targetId: String(seq),
    actor: { id: "u" },
    at: new Date(seq * 1000).toISOString(),
    stateHash: "s" + seq,
    prevHash: prev,
    ...(v ? { v, summary: { name: `名称${seq}` }, stateKey: { pk: "350102#x", sk: String(seq) } } : {}),
  });
  const chain = (versions: (number | undefined)[]) => {
    const out: ChainEvent[] = [];
    let prev = GENESIS_HASH;
    versions.forEach((v, i) => {
      const e = base(i + 1, prev, v);
      out.push({ ...e, hash: eventHash(e) });
      prev = out.at(-1)!.hash;
    });
    return out;
  };

  test("old v1 events keep verifying, followed by v2 ones", () => {
    expect(HASH_VERSION).toBe(2);
    expect(verifyChain(chain([undefined, undefined, 2, 2]))).toEqual({ ok: true, count: 4 });
  });

  test("an edited summary or state key of a v2 event is caught at that event", () => {
    for (const edit of [(e: ChainEvent) => (e.summary = { name: "篡改" }), (e: ChainEvent) => (e.stateKey = { pk: "350102#x", sk: "other" })]) {
      const c = chain([2, 2, 2]);
      edit(c[1]!);
      expect(verifyChain(c).firstBroken).toMatchObject({ seq: 2, reason: "hash_mismatch" });
    }
  });

  test("rewriting a v2 event in the older format (which left the summary out) is caught", () => {
    const c = chain([undefined, 2, 2]);
    const downgraded = { ...c[2]!, v: 1, summary: { name: "篡改" } };
    downgraded.hash = eventHash(downgraded);
    c[2] = downgraded;
    expect(verifyChain(c).firstBroken).toMatchObject({ seq: 3, reason: "hash_mismatch" });
  });
});

describe("the audit chain in DynamoDB", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.stop());

  test("a summary edited behind the API's back is named (it was shown but not hashed)", async () => {
    const tenant = "350121"; // 闽侯县
    await asUser(tenant, () => Department.create({ name: "闽侯县测试局", type: "test" }));
    const { items } = await asUser(tenant, () => Audit.list());
    const victim = items.find((e) => e.action === "department.create")!;
    expect(victim.v).toBe(2);
    await useDynamo().send(
      new UpdateCommand({ TableName: TABLE(), Key: eventKey(tenant, victim.seq), UpdateExpression: "SET summary.#n = :n", ExpressionAttributeNames: { "#n": "name" }, ExpressionAttributeValues: { ":n": "伪造的部门" } }),
    );
    expect(await asUser(tenant, () => Audit.verify())).toMatchObject({ ok: false, firstBroken: { seq: victim.seq, reason: "hash_mismatch" } });
  });

  test("a record changed behind the chain's back no longer matches its event's state hash; a record written again by a later event is not held against an older one", async () => {
    const tenant = "350122"; // 连江县
    const dep = await asUser(tenant, () => Department.create({ name: "连江县测试局", type: "test" }));
    await asUser(tenant, () => Department.update({ id: dep.id, version: 1, status: "disabled" }));
    // The update writes the whole record again: its event is re-checked, the create's (rewritten since) is skipped.
    expect(await asUser(tenant, () => Audit.verify())).toMatchObject({ ok: true, count: 2, states: { checked: 1, skipped: 1 } });
    const other = await asUser(tenant, () => Department.create({ name: "连江县另一测试局", type: "test" }));
    const created = (await rawChain(tenant)).find((e) => e.targetId === other.id)!;
    expect(created.stateKey).toBeTruthy();
    expect(await asUser(tenant, () => Audit.verify())).toMatchObject({ ok: true, count: 3, states: { checked: 2, skipped: 1 } });
    await useDynamo().send(
      new UpdateCommand({ TableName: TABLE(), Key: created.stateKey!, UpdateExpression: "SET #n = :n", ExpressionAttributeNames: { "#n": "name" }, ExpressionAttributeValues: { ":n": "被改名的部门" } }),
    );
    const res = await api.call("GET", "/audit/verify", { token: await api.tokenFor(tenant, "auditor") });
    expect(res.json).toMatchObject({ ok: false, firstBroken: { seq: created.seq, reason: "state_mismatch" } });
  });

  test("verify walks the chain a page at a time, with a cursor and its progress", async () => {
    const tenant = "350123"; // 罗源县
    for (let i = 0; i < 7; i++) await asUser(tenant, () => Department.create({ name: `罗源县分页测试局${i}`, type: "test" }));
    const token = await api.tokenFor(tenant, "auditor");
    const seen: { from: number; to: number; checked: number }[] = [];
    let cursor: string | null = null;
    for (let call = 0; call < 10; call++) {
      const res = await api.call("GET", `/audit/verify?limit=3${cursor ? `&cursor=${cursor}` : ""}`, { token });
      expect(res.status).toBe(200);
      const v = res.json as Audit.Verification;
      expect(v.ok).toBe(true);
      seen.push({ from: v.from, to: v.to, checked: v.progress.checked });
      expect(v.progress.total).toBe(7);
      cursor = v.cursor;
      if (v.complete) break;
    }
    expect(seen).toEqual([
      { from: 1, to: 3, checked: 3 },
      { from: 4, to: 6, checked: 6 },
      { from: 7, to: 7, checked: 7 },
    ]);
    expect(cursor).toBeNull();
  });

  test("a malformed audit cursor is a 400 naming cursor, never a 500", async () => {
    const token = await api.tokenFor("350123", "auditor");
    for (const path of ["/audit?cursor=not-a-cursor", "/audit?cursor=eyJmb28iOjF9", "/audit/verify?cursor=not-a-cursor", "/audit/verify?cursor=eyJzZXEiOiJ4In0"]) {
      const res = await api.call("GET", path, { token });
      expect(res.status, path).toBe(400);
      expect(JSON.stringify(res.json), path).toContain("cursor");
    }
  });

  test("each head is anchored daily with the superior, so a history rewritten and rehashed to the end no longer matches", async () => {
    const tenant = "350124"; // 闽清县, under 福州市
    for (let i = 0; i < 3; i++) await asUser(tenant, () => Department.create({ name: `闽清县锚定测试局${i}`, type: "test" }));
    await (await useSqs()).send(new PurgeQueueCommand({ QueueUrl: queueUrl("assistance") }));
    const { anchored, failures } = await runAnchor();
    expect(failures).toEqual([]);
    expect(anchored).toBeGreaterThanOrEqual(1);
    // The anchor messages reach each superior through the assistance consumer.
    const consumer = createConsumer(registries.assistance);
    for (let round = 0; round < 20; round++) {
      const messages = await receiveAll(queueUrl("assistance"));
      if (!messages.length) break;
      expect((await consumer(toEvent(messages) as never, lambdaContext)).batchItemFailures).toEqual([]);
    }
    // Nothing new since: the next day's run sends nothing for this tenant.
    expect(await asUser(tenant, () => Anchor.anchorHead())).toEqual({ anchored: false });
    const intact = await asUser(tenant, () => Anchor.verify());
    expect(intact).toMatchObject({ ok: true, anchors: { checked: 1 } });
    const city = await asUser("350100", () => Audit.list({ limit: 200 }));
    expect(city.items.some((e) => e.action === "audit.anchor.receive" && e.summary?.from === tenant)).toBe(true);

    // Someone with table access rewrites event 2 and rehashes everything after it, head included.
    const chain = await rawChain(tenant);
    let prev = chain[0]!.hash;
    for (const e of chain.slice(1)) {
      const next: Record<string, unknown> = { ...e, prevHash: prev };
      if (e.seq === 2) next.summary = { name: "从未存在的部门" };
      next.hash = eventHash(next as never);
      await put(tenant, next);
      prev = next.hash as string;
    }
    await useDynamo().send(
      new UpdateCommand({ TableName: TABLE(), Key: { pk: `${tenant}#audit`, sk: "head" }, UpdateExpression: "SET #h = :h", ExpressionAttributeNames: { "#h": "hash" }, ExpressionAttributeValues: { ":h": prev } }),
    );
    // The chain alone is consistent again; what the superior holds is not.
    expect(await asUser(tenant, () => Audit.verify())).toMatchObject({ ok: true });
    const res = await api.call("GET", "/audit/verify", { token: await api.tokenFor(tenant, "auditor") });
    // The head anchored was event 3 (the anchor itself is event 4).
    expect(chain.map((e) => e.action)).toEqual(["department.create", "department.create", "department.create", "audit.anchor"]);
    expect(res.json).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: "anchor_mismatch" } });
  });
});
