import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { eventHash, GENESIS_HASH, verifyChain, type ChainEvent } from "../../packages/core/src/audit/chain";
import { Department } from "../../packages/core/src/department/index";
import { Machine as DisputeMachine } from "../../packages/core/src/dispute/index";
import { AuditMessages } from "../../packages/core/src/i18n/audit";
import { Referral } from "../../packages/core/src/referral/index";
import { useDynamo } from "../../packages/core/src/dynamo/client";
import { keyOf } from "../../packages/core/src/dynamo/tx";
import { DepartmentEntity } from "../../packages/core/src/department/department.entity";
import { ReferralEntity } from "../../packages/core/src/referral/referral.entity";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem, asUser } from "../support/context";

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

  test("records changed by a step (not only created) are re-checked: tampering after an update or a transition is caught at that step", async () => {
    const JINAN = "350111";
    const dep = await asUser(JINAN, () => Department.create({ name: "晋安区城市管理局", type: "urban" }));
    await asUser(JINAN, () => Department.update({ id: dep.id, version: 1, name: "晋安区城市管理局（执法局）" }));
    const officer = Department.standardId(JINAN, "market");
    await asSystem(() => Department.seedStandard(), JINAN);
    const r = await asUser(
      JINAN,
      () =>
        Referral.open({
          title: "状态核对测试案",
          suspectedOffence: "生产、销售伪劣产品罪",
          facts: "原始事实。",
          team: [
            { name: "陈静", badgeNo: "FJ35011101" },
            { name: "林强", badgeNo: "FJ35011102" },
          ],
          evidence: [{ name: "检验报告", kind: "document", sha256: "c".repeat(64) }],
        }),
      "officer",
      officer,
    );
    await asUser(JINAN, () => Referral.decide({ id: r.id, version: 1, approve: true, reason: "同意移送" }));
    const { items } = await asUser(JINAN, () => Audit.list({ limit: 200 }));
    const updateEvent = items.find((e) => e.action === "department.update")!;
    const decideEvent = items.find((e) => e.action === "referral.approve")!;
    const intact = await asUser(JINAN, () => Audit.verify());
    expect(intact).toMatchObject({ ok: true });
    // The latest write of each of the two records is re-hashed (before: an update expression's record was skipped).
    expect(intact.states.checked).toBeGreaterThanOrEqual(2);

    const tamper = (key: Record<string, string>, field: string, value: string) =>
      useDynamo().send(
        new UpdateCommand({
          TableName: process.env.TABLE_NAME,
          Key: key,
          UpdateExpression: "SET #f = :v",
          ExpressionAttributeNames: { "#f": field },
          ExpressionAttributeValues: { ":v": value },
          ConditionExpression: "attribute_exists(pk)",
        }),
      );
    await tamper(keyOf(ReferralEntity.get({ tenantId: JINAN, id: r.id })), "facts", "被改写的事实。");
    expect(await asUser(JINAN, () => Audit.verify())).toMatchObject({ ok: false, firstBroken: { seq: decideEvent.seq, reason: "state_mismatch" } });
    await tamper(keyOf(ReferralEntity.get({ tenantId: JINAN, id: r.id })), "facts", "原始事实。");
    expect(await asUser(JINAN, () => Audit.verify())).toMatchObject({ ok: true });
    await tamper(keyOf(DepartmentEntity.get({ tenantId: JINAN, id: dep.id })), "status", "disabled");
    expect(await asUser(JINAN, () => Audit.verify())).toMatchObject({ ok: false, firstBroken: { seq: updateEvent.seq, reason: "state_mismatch" } });
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

/** Every action code a module of core commits: the string literals after
 * `action:` (ternaries included), and the template literals expanded over the
 * values their variable takes. */
function actionsInCore() {
  const root = resolve(import.meta.dirname, "../../packages/core/src");
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => join(root, f));
  const literal = new Set<string>();
  const templated = new Set<string>();
  for (const file of files) {
    const src = readFileSync(file, "utf8");
    for (const m of src.matchAll(/\baction:\s*([^,\n]+)/g)) {
      const expr = m[1]!;
      // Only dotted codes are audit actions (`{ action: "approve" }` is a referral step, not an event).
      for (const lit of expr.matchAll(/"([a-z-]+\.[a-z_.-]+)"/g)) literal.add(lit[1]!);
      const tpl = /^`([a-z-]+)\.\$\{[\w.]+\}((?:\.[a-z-]+)*)`/.exec(expr);
      if (tpl) templated.add(`${tpl[1]}.*${tpl[2]}`);
    }
  }
  return { literal, templated };
}

/** The values each template literal's variable takes. */
const Expansions: Record<string, readonly string[]> = {
  "referral.*": Referral.Actions,
  "dispute.*": DisputeMachine.Steps.filter((s) => s !== "open"),
  "assistance.*": ["accept", "decline", "question", "reply", "answer", "withdraw"],
  "assistance.*.receive": ["routed", "accept", "decline", "question", "reply", "answer", "withdraw", "reassigned", "designated"],
};

describe("audit trail texts", () => {
  const { literal, templated } = actionsInCore();
  const all = [...literal, ...[...templated].flatMap((t) => (Expansions[t] ?? []).map((v) => t.replace("*", v)))];

  test("the scan finds the actions of the modules, and knows every templated one", () => {
    expect(literal.size).toBeGreaterThan(30);
    for (const known of ["department.create", "assistance.send", "referral.open", "judicial-request.answer", "inspection.schedule_override", "assignment.update"]) {
      expect(literal).toContain(known);
    }
    expect(templated).toContain("referral.*");
    // A new `action: \`x.${…}\`` must be listed in Expansions, or its codes go unchecked.
    expect([...templated].filter((t) => !(t in Expansions))).toEqual([]);
  });

  test("every action used in core has a zh and an en template", () => {
    const catalogue: Record<string, { zh: string; en: string } | undefined> = AuditMessages;
    const missing = all.filter((a) => !catalogue[`audit.action.${a}`]?.zh || !catalogue[`audit.action.${a}`]?.en);
    expect(missing).toEqual([]);
  });

  test("an event renders in the reader's language, tenant codes as names and known values in words", () => {
    const event = { action: "assistance.send", summary: { type: "investigation", to: "350203" } };
    const zh = Audit.describe(event, "zh-CN");
    const en = Audit.describe(event, "en");
    expect(zh).toBe("向思明区发送协助请求（调查取证）");
    expect(en).toBe("Sent an assistance request to 思明区 (investigation and evidence)");
    expect(zh).not.toBe(en);
  });

  test("a dispute step stores its states as codes and shows them in words", () => {
    const event = { action: "dispute.escalate", summary: { from: "negotiating", to: "escalated" } };
    expect(Audit.describe(event, "zh-CN")).toBe("提请上级协调职责争议（协商中 → 已提请编办协调）");
    expect(Audit.describe(event, "en")).toBe("Escalated the dispute (negotiating → escalated to the office)");
  });

  test("instants show in Beijing time; an absent parameter drops its optional part; booleans use the catalogue", () => {
    expect(Audit.describe({ action: "inspection.close", summary: { outcome: "compliant", recognisable: true, validUntil: "2026-12-31T16:00:00.000Z" } }, "zh-CN")).toBe(
      "检查办结：合格，互认有效至 2027-01-01 00:00",
    );
    expect(Audit.describe({ action: "inspection.close", summary: { outcome: "non-compliant", recognisable: false } }, "en")).toBe("Closed the inspection: non-compliant");
    expect(Audit.describe({ action: "referral.refuse", summary: { from: "transferred", to: "refused", note: "证据不足", late: true } }, "zh-CN")).toBe(
      "公安机关不予立案：证据不足（逾期办理）",
    );
    expect(Audit.describe({ action: "referral.refuse", summary: { from: "transferred", to: "refused", note: "insufficient", late: false } }, "en")).toBe(
      "The police refused to open a case: insufficient",
    );
  });

  test("an unknown action falls back to its code and parameters, and odd summaries never throw", () => {
    expect(Audit.describe({ action: "x.unknown", summary: { to: "350102", n: 3 } }, "zh-CN")).toBe("x.unknown (to: 鼓楼区; n: 3)");
    expect(Audit.describe({ action: "x.unknown" }, "en")).toBe("x.unknown");
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => Audit.describe({ action: "notice.send", summary: { title: circular, recipients: [1, { a: 1 }, null] } }, "en")).not.toThrow();
    expect(Audit.describe({ action: "notice.send", summary: null }, "zh-CN")).toBe("发送通知「」（ 个下级）");
  });

  test("the trail's events carry their text in the reader's language", async () => {
    const api = await startTestApi();
    try {
      await asUser(MAWEI, () => Department.create({ name: "马尾区文旅局", type: "culture" }));
      const token = await api.tokenFor(MAWEI, "auditor");
      const zh = await api.call("GET", "/audit?limit=5", { token, headers: { "accept-language": "zh-CN" } });
      const en = await api.call("GET", "/audit?limit=5", { token, headers: { "accept-language": "en" } });
      const created = (res: typeof zh) => (res.json as { items: { action: string; text: string; summary?: { name?: string } }[] }).items.find((e) => e.action === "department.create" && e.summary?.name === "马尾区文旅局");
      expect(created(zh)?.text).toBe("新增部门「马尾区文旅局」");
      expect(created(en)?.text).toBe("Added department “马尾区文旅局”");
    } finally {
      await api.stop();
    }
  });
});
