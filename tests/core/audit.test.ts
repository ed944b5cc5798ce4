import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { eventHash, GENESIS_HASH, verifyChain, type ChainEvent } from "../../packages/core/src/audit/chain";
import { Department } from "../../packages/core/src/department/index";
import { useDynamo } from "../../packages/core/src/dynamo/client";
import { startTestApi, type TestApi } from "../support/api";
import { asUser } from "../support/context";

const GULOU = "350102";
const MAWEI = "350105";

describe("audit chain rules (pure)", () => {
  const chainOf = (n: number): ChainEvent[] => {
    const out: ChainEvent[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= n; seq++) {
      const e = { tenantId: "350102", seq, id: `aud_${seq}`, action: "x.y", targetType: "t", targetId: String(seq), actor: { id: "u" }, at: new Date(seq * 1000).toISOString(), stateHash: "s" + seq, prevHash: prev };
      const hash = eventHash(e);
      out.push({ ...e, hash });
      prev = hash;
    }
    return out;
  };

  test("an intact chain verifies", () => {
    const chain = chainOf(20);
    expect(verifyChain(chain, { seq: 20, hash: chain[19]!.hash })).toEqual({ ok: true, count: 20 });
  });

  test("any change to any field of any event is caught at that event", () => {
    const fields = ["action", "targetType", "targetId", "at", "stateHash", "tenantId"] as const;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), fc.constantFrom(...fields), fc.string({ minLength: 1 }), (seq, field, junk) => {
        const chain = chainOf(15);
        const target = chain[seq - 1]!;
        if (String(target[field]) === junk) return;
        (target as any)[field] = junk;
        const result = verifyChain(chain);
        expect(result.ok).toBe(false);
        expect(result.firstBroken?.seq).toBe(seq);
      }),
    );
  });

  test("removing an event is a sequence gap; rewriting and rehashing one breaks the next link", () => {
    const chain = chainOf(5);
    expect(verifyChain([...chain.slice(0, 2), ...chain.slice(3)]).firstBroken).toMatchObject({ seq: 4, reason: "sequence_gap" });
    const forged = chainOf(5);
    forged[1] = { ...forged[1]!, action: "forged" };
    forged[1].hash = eventHash(forged[1]);
    expect(verifyChain(forged).firstBroken).toMatchObject({ seq: 3, reason: "link_mismatch" });
  });
});

describe("audit trail in DynamoDB", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.stop());

  test("every state change appends one event in the same transaction, linked to the previous", async () => {
    const dep = await asUser(MAWEI, () => Department.create({ name: "马尾区城市管理局", type: "urban" }));
    const updated = await asUser(MAWEI, () => Department.update({ id: dep.id, version: 1, status: "disabled" }));
    const { items } = await asUser(MAWEI, () => Audit.list());
    expect(items.map((e) => e.action)).toEqual(["department.update", "department.create"]);
    expect(items[0]).toMatchObject({ seq: 2, prevHash: items[1]!.hash, target: { type: "department", id: dep.id } });
    expect(items[0]!.actor).toMatchObject({ type: "user", tenantId: MAWEI });
    expect(updated.version).toBe(2);
    expect(await asUser(MAWEI, () => Audit.verify())).toMatchObject({ ok: true, count: 2 });
  });

  test("concurrent changes in one tenant all land, each once, in one unbroken chain", async () => {
    const names = Array.from({ length: 12 }, (_, i) => `并发测试部门${i}`);
    await Promise.all(names.map((name) => asUser(GULOU, () => Department.create({ name, type: "test" }))));
    const { items } = await asUser(GULOU, () => Audit.list({ limit: 200 }));
    const created = items.filter((e) => e.action === "department.create");
    expect(created).toHaveLength(12);
    expect(new Set(items.map((e) => e.seq)).size).toBe(items.length);
    expect(await asUser(GULOU, () => Audit.verify())).toMatchObject({ ok: true });
  });

  test("a stored event edited behind the API's back is named as the first broken link", async () => {
    const token = await api.tokenFor(MAWEI, "auditor");
    const ok = await api.call("GET", "/audit/verify", { token });
    expect(ok.json).toMatchObject({ ok: true });
    const { items } = await asUser(MAWEI, () => Audit.list());
    const victim = items.find((e) => e.action === "department.create")!;
    // Someone with table access rewrites history.
    await useDynamo().send(
      new UpdateCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: `${MAWEI}#audit`, sk: `e#${String(victim.seq).padStart(12, "0")}` },
        UpdateExpression: "SET #a = :a",
        ExpressionAttributeNames: { "#a": "action" },
        ExpressionAttributeValues: { ":a": "department.delete" },
        ConditionExpression: "attribute_exists(pk)",
      }),
    );
    const res = await api.call("GET", "/audit/verify", { token });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: false, firstBroken: { seq: victim.seq, id: victim.id, reason: "hash_mismatch" } });
  });
});
