import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { Clock } from "../../packages/core/src/clock";
import { Department } from "../../packages/core/src/department/index";
import { commit } from "../../packages/core/src/outbox/commit";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";
import { Inspection } from "../../packages/core/src/inspection/index";
import { Message } from "../../packages/core/src/message/index";
import { queueUrl, useSqs } from "../../packages/core/src/queue/sqs";
import { Penalty } from "../../packages/core/src/penalty/index";
import { Recognition } from "../../packages/core/src/recognition/index";
import { IssuedRecognitionEntity, RecognitionEntity } from "../../packages/core/src/recognition/recognition.entity";
import { handler as recognitionHandler } from "../../packages/functions/src/consumers/recognition";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";
import { as, deliverAll, lambdaContext, purge, receive, toEvent } from "./support";
import { Queue } from "../../packages/core/src/queue/index";

const GULOU = "350102"; // 鼓楼区, 福州市
const TAIJIANG = "350103"; // 台江区, 福州市
const SIMING = "350203"; // 思明区, 厦门市
const PROVINCE = "350000";

let serial = 0;
/** A fresh, valid credit code per test, so tests never see each other's results. */
function code() {
  serial++;
  return withCheckChar(`91350102MA2Y${String(serial).padStart(4, "0")}A`);
}

let api: TestApi;
beforeAll(async () => {
  for (const t of [GULOU, TAIJIANG, SIMING, PROVINCE]) await asSystem(() => Department.seedStandard(), t);
  api = await startTestApi();
});
afterAll(() => api.stop());
afterEach(async () => {
  Clock.reset();
  await purge("recognition");
});

async function inspectAndRecognise(tenant: string, creditCode: string, itemCodes: string[], validDays = 180, outcome: "compliant" | "non-compliant" = "compliant") {
  const scheduled = await as(tenant, "officer", () => Inspection.schedule({ creditCode, entityName: "福州示例餐饮管理有限公司", itemCodes, plannedDate: "2026-12-01" }));
  const closed = await as(tenant, "inspector", () =>
    Inspection.close({ id: scheduled.id, version: scheduled.version, outcome, findings: "现场检查未发现问题，台账齐全。", recognisable: true, validDays }),
  );
  return { scheduled, closed };
}

async function provinceTrail() {
  return as(PROVINCE, "province-admin", async () => (await Audit.list({ limit: 200 })).items);
}

describe("执法互认: a result recognised in one tenant stops a duplicate inspection in another", () => {
  test("鼓楼区's recognised result blocks 思明区 unless a reason is recorded; the reason is stored and audited", async () => {
    const creditCode = code();
    const { closed } = await inspectAndRecognise(GULOU, creditCode, ["FJ-SP-001", "FJ-SP-002"]);
    expect(closed.recognition).toMatchObject({ issuingTenant: GULOU, outcome: "compliant", itemCodes: ["FJ-SP-001", "FJ-SP-002"] });
    // Until the flow delivers it, the registry does not have it.
    expect(await as(SIMING, "officer", () => Recognition.validFor({ creditCode, itemCodes: ["FJ-SP-001"] }))).toEqual([]);
    expect(await deliverAll()).toBe(1);

    const checked = await as(SIMING, "officer", () => Inspection.check({ creditCode, itemCodes: ["FJ-SP-001", "FJ-SP-009"] }));
    expect(checked.recognised).toHaveLength(1);
    expect(checked.recognised[0]).toMatchObject({ issuingTenant: GULOU, issuingTenantName: "鼓楼区", outcome: "compliant", validUntil: closed.recognition!.validUntil });
    expect(checked.coveredItems).toEqual(["FJ-SP-001"]);
    expect(checked.uncoveredItems).toEqual(["FJ-SP-009"]);

    const input = { creditCode, entityName: "福州示例餐饮管理有限公司", itemCodes: ["FJ-SP-001"], plannedDate: "2026-12-10" };
    const refused = await as(SIMING, "officer", () => Inspection.schedule(input)).catch((e) => e);
    expect(refused).toMatchObject({ code: "inspection.duplicate_recognised", status: 409 });
    expect(refused.details).toEqual([
      { issuingTenant: GULOU, issuingTenantName: "鼓楼区", resultDate: closed.recognition!.resultDate, outcome: "compliant", validUntil: closed.recognition!.validUntil, itemCodes: ["FJ-SP-001", "FJ-SP-002"] },
    ]);
    expect(refused.params.results).toContain("鼓楼区");
    // Nothing was scheduled by the refusal.
    expect((await as(SIMING, "officer", () => Inspection.list())).items.filter((i) => i.creditCode === creditCode)).toEqual([]);

    // A reason too short is not a reason.
    await expect(as(SIMING, "officer", () => Inspection.schedule({ ...input, overrideReason: "复查" }))).rejects.toMatchObject({ name: "ZodError" });
    const reason = "群众投诉该店近期仍存在过期食品销售问题，需现场核实";
    const overridden = await as(SIMING, "officer", () => Inspection.schedule({ ...input, overrideReason: reason }));
    expect(overridden.overrideReason).toBe(reason);
    expect(overridden.overridden?.[0]).toMatchObject({ issuingTenantName: "鼓楼区" });
    const trail = await as(SIMING, "tenant-admin", async () => (await Audit.list({ limit: 50 })).items);
    const event = trail.find((e) => e.target.id === overridden.id)!;
    expect(event.action).toBe("inspection.schedule_override");
    expect(event.summary).toMatchObject({ overrideReason: reason });

    // Items the result does not cover are not blocked.
    await expect(as(SIMING, "officer", () => Inspection.schedule({ ...input, itemCodes: ["FJ-SP-009"] }))).resolves.toMatchObject({ status: "scheduled" });
  });

  test("the refusal reaches the portal as a 409 naming the recognised result, in either language", async () => {
    const creditCode = code();
    await inspectAndRecognise(GULOU, creditCode, ["FJ-TZ-003"]);
    await deliverAll();
    const token = await api.tokenFor(SIMING, "officer");
    const body = { creditCode, entityName: "福州示例燃气有限公司", itemCodes: ["FJ-TZ-003"], plannedDate: "2026-12-10" };
    const zh = await api.call("POST", "/inspections", { token, body });
    expect(zh.status).toBe(409);
    expect(zh.json.error.code).toBe("inspection.duplicate_recognised");
    expect(zh.json.error.message).toContain("鼓楼区");
    expect(zh.json.error.details[0]).toMatchObject({ issuingTenantName: "鼓楼区", outcome: "compliant" });
    const en = await api.call("POST", "/inspections", { token, body, headers: { "accept-language": "en" } });
    expect(en.json.error.message).toContain("Results recognised province-wide");
    const check = await api.call("GET", `/inspections/check?creditCode=${creditCode}&itemCodes=FJ-TZ-003`, { token });
    expect(check.status).toBe(200);
    expect(check.json.recognised).toHaveLength(1);
    const bad = await api.call("GET", `/inspections/check?creditCode=91350102MA2Y00000X&itemCodes=FJ-TZ-003`, { token });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].field).toBe("creditCode");
    const missing = await api.call("GET", `/recognitions`, { token });
    expect(missing.status).toBe(400);
    expect(missing.json.error.details[0].field).toBe("creditCode");
  });

  test("an expired result no longer blocks", async () => {
    const creditCode = code();
    const { closed } = await inspectAndRecognise(GULOU, creditCode, ["FJ-SP-001"], 1);
    await deliverAll();
    const input = { creditCode, entityName: "福州示例餐饮管理有限公司", itemCodes: ["FJ-SP-001"], plannedDate: "2026-01-01" };
    await expect(as(SIMING, "officer", () => Inspection.schedule(input))).rejects.toMatchObject({ code: "inspection.duplicate_recognised" });
    // One day's validity ends at 24:00 Beijing time of the next day.
    const until = Date.parse(closed.recognition!.validUntil);
    Clock.advance(until - Clock.nowMs() + 1000);
    expect(await as(SIMING, "officer", () => Inspection.check({ creditCode, itemCodes: ["FJ-SP-001"] }))).toMatchObject({ recognised: [] });
    const scheduled = await as(SIMING, "officer", () => Inspection.schedule(input));
    expect(scheduled.status).toBe("scheduled");
    expect(scheduled.overrideReason).toBeUndefined();
  });

  test("a planned date after the result expires is not a duplicate", async () => {
    const creditCode = code();
    const { closed } = await inspectAndRecognise(GULOU, creditCode, ["FJ-SP-001"], 30);
    await deliverAll();
    const after = new Date(Date.parse(closed.recognition!.validUntil) + 86_400_000).toISOString().slice(0, 10);
    await expect(as(SIMING, "officer", () => Inspection.schedule({ creditCode, entityName: "某公司", itemCodes: ["FJ-SP-001"], plannedDate: after }))).resolves.toMatchObject({
      status: "scheduled",
    });
  });

  test("a result not closed as recognisable records nothing province-wide", async () => {
    const creditCode = code();
    const s = await as(GULOU, "officer", () => Inspection.schedule({ creditCode, entityName: "某公司", itemCodes: ["FJ-SP-001"], plannedDate: "2026-12-01" }));
    const closed = await as(GULOU, "inspector", () => Inspection.close({ id: s.id, version: 1, outcome: "compliant", findings: "未发现问题", recognisable: false }));
    expect(closed.recognition).toBeUndefined();
    expect(await deliverAll()).toBe(0);
    await expect(as(GULOU, "inspector", () => Inspection.close({ id: s.id, version: 2, outcome: "compliant", findings: "再次办结", recognisable: false }))).rejects.toMatchObject({
      code: "inspection.already_closed",
    });
    await expect(as(GULOU, "inspector", () => Inspection.close({ id: s.id, version: 1, outcome: "compliant", findings: "未发现问题", recognisable: true }))).rejects.toMatchObject({
      name: "ZodError",
    });
  });
});

describe("一事不二罚: a fact penalised anywhere is not penalised again", () => {
  const fact = (actDate = "2026-11-02") => ({ itemCode: "FJ-SP-001", clause: "《食品安全法》第一百二十四条第一款", actDate, conduct: "销售超过保质期的预包装食品", description: "销售超过保质期的预包装食品" });

  test("a second fine on the same act in another tenant is refused, naming the first", async () => {
    const creditCode = code();
    const first = await as(GULOU, "officer", () =>
      Penalty.record({ creditCode, entityName: "福州示例食品销售有限公司", fact: fact(), decisionNo: "鼓市监罚〔2026〕15号", decidedOn: "2026-11-20", measure: "fine", amount: 5000 }),
    );
    expect(first.recognitionId).toMatch(/^rcg_/);
    // The same fact written differently (spacing, full-width, another description) is the same fact.
    const same = { ...fact(), clause: " 食品安全法　第一百二十四条 第一款 ", description: "另一种描述" };
    const refused = await as(SIMING, "officer", () =>
      Penalty.record({ creditCode: creditCode.toLowerCase(), entityName: "福州示例食品销售有限公司", fact: same, decisionNo: "思市监罚〔2026〕3号", measure: "fine", amount: 2000 }),
    ).catch((e) => e);
    expect(refused).toMatchObject({ code: "penalty.already_penalised", status: 409, params: { tenant: "鼓楼区", decisionNo: "鼓市监罚〔2026〕15号", date: "2026-11-20" } });
    expect((await as(SIMING, "officer", () => Penalty.list())).items).not.toContainEqual(expect.objectContaining({ creditCode }));
    // Another act (another date) is another fact.
    await expect(
      as(SIMING, "officer", () => Penalty.record({ creditCode, entityName: "福州示例食品销售有限公司", fact: fact("2026-11-09"), decisionNo: "思市监罚〔2026〕4号", measure: "warning" })),
    ).resolves.toMatchObject({ decisionNo: "思市监罚〔2026〕4号" });

    // Over HTTP: 409 with the first decision named.
    const token = await api.tokenFor(TAIJIANG, "officer");
    const res = await api.call("POST", "/penalties", {
      token,
      body: { creditCode, entityName: "某公司", fact: fact(), decisionNo: "台市监罚〔2026〕8号", measure: "fine", amount: 100 },
    });
    expect(res.status).toBe(409);
    expect(res.json.error.message).toContain("鼓市监罚〔2026〕15号");
    expect(res.json.error.message).toContain("鼓楼区");
  });

  test("two tenants penalising the same fact at the same moment: exactly one succeeds", async () => {
    for (let round = 0; round < 3; round++) {
      const creditCode = code();
      const attempts = [GULOU, TAIJIANG, SIMING].map((tenant, i) =>
        as(tenant, "officer", () => Penalty.record({ creditCode, entityName: "某公司", fact: fact(), decisionNo: `并发罚〔2026〕${round}-${i}号`, measure: "fine", amount: 200 })),
      );
      const results = await Promise.allSettled(attempts);
      const ok = results.filter((r) => r.status === "fulfilled");
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(2);
      for (const r of refused) expect(r.reason).toMatchObject({ code: "penalty.already_penalised", params: { decisionNo: (ok[0] as PromiseFulfilledResult<Penalty.Info>).value.decisionNo } });
    }
  });

  test("a penalty is an enforcement result recorded for recognition", async () => {
    const creditCode = code();
    await as(GULOU, "officer", () => Penalty.record({ creditCode, entityName: "某公司", fact: fact(), decisionNo: "鼓市监罚〔2026〕16号", measure: "fine", amount: 800 }));
    await deliverAll();
    const found = await as(SIMING, "officer", () => Recognition.validFor({ creditCode, itemCodes: ["FJ-SP-001"] }));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ outcome: "penalised", source: "penalty", issuingTenantName: "鼓楼区" });
    // About a year of validity (the policy's default), to 24:00 Beijing time.
    const days = (Date.parse(found[0]!.validUntil) - Date.parse(found[0]!.validFrom)) / 86_400_000;
    expect(days).toBeGreaterThan(364);
    expect(days).toBeLessThanOrEqual(366);
    expect(found[0]!.validUntil.endsWith("T16:00:00.000Z")).toBe(true);
  });
});

describe("what another tenant sees", () => {
  test("only the registry record: not the case file, not the issuer's list", async () => {
    const creditCode = code();
    const { scheduled, closed } = await inspectAndRecognise(GULOU, creditCode, ["FJ-SP-001"]);
    const penalty = await as(GULOU, "officer", () =>
      Penalty.record({ creditCode, entityName: "某公司", fact: { itemCode: "FJ-SP-002", clause: "第五十条", actDate: "2026-10-01", description: "未按规定索证索票" }, decisionNo: "鼓市监罚〔2026〕17号", measure: "warning" }),
    );
    await deliverAll();
    const seen = await as(SIMING, "officer", () => Recognition.validFor({ creditCode }));
    expect(seen).toHaveLength(2);
    for (const r of seen) {
      expect(Object.keys(r).sort()).toEqual(
        ["creditCode", "entityName", "id", "issuingDepartment", "issuingTenant", "issuingTenantName", "itemCodes", "outcome", "resultDate", "source", "validFrom", "validUntil"].sort(),
      );
      const text = JSON.stringify(r);
      expect(text).not.toContain(scheduled.id);
      expect(text).not.toContain(penalty.id);
      expect(text).not.toContain("台账齐全"); // the findings stay in 鼓楼区's file
    }
    await expect(as(SIMING, "tenant-admin", () => Inspection.fromID(scheduled.id))).rejects.toMatchObject({ status: 404 });
    await expect(as(SIMING, "tenant-admin", () => Penalty.fromID(penalty.id))).rejects.toMatchObject({ status: 404 });
    expect((await as(SIMING, "tenant-admin", () => Recognition.issued({ limit: 200 }))).items.map((r) => r.id)).not.toContain(closed.recognition!.id);
    expect((await as(GULOU, "tenant-admin", () => Recognition.issued({ limit: 200 }))).items.map((r) => r.id)).toContain(closed.recognition!.id);

    // Over HTTP, the same: the record by credit code, and 404 on the case.
    const token = await api.tokenFor(SIMING, "officer");
    const res = await api.call("GET", `/recognitions?creditCode=${creditCode}`, { token });
    expect(res.status).toBe(200);
    expect(res.json.items).toHaveLength(2);
    expect(res.text).not.toContain(scheduled.id);
    expect((await api.call("GET", `/inspections/${scheduled.id}`, { token })).status).toBe(404);
    expect((await api.call("GET", `/penalties/${penalty.id}`, { token })).status).toBe(404);
  });
});

describe("the recognition flow", () => {
  async function registry(creditCode: string) {
    return as(SIMING, "officer", async () => (await RecognitionEntity.query.byEntity({ creditCode }).go()).data);
  }

  async function deliverToConsumer(bodies: string[]) {
    for (const body of bodies) await (await useSqs()).send(new SendMessageCommand({ QueueUrl: queueUrl("recognition"), MessageBody: body }));
    const got: Awaited<ReturnType<typeof receive>> = [];
    for (let i = 0; i < 10 && got.length < bodies.length; i++) got.push(...(await receive("recognition")));
    const result = await recognitionHandler(toEvent(got) as any, lambdaContext);
    expect(result.batchItemFailures).toEqual([]);
    const dead = await asSystem(() => Queue.listDeadLetters(["recognition"]));
    await purge("recognition");
    return dead;
  }

  test("a duplicate delivery acts once", async () => {
    const creditCode = code();
    const before = (await provinceTrail()).filter((e) => e.action === "recognition.record").length;
    const scheduled = await as(GULOU, "officer", () => Inspection.schedule({ creditCode, entityName: "某公司", itemCodes: ["FJ-SP-001"], plannedDate: "2026-12-01" }));
    await as(GULOU, "inspector", () => Inspection.close({ id: scheduled.id, version: 1, outcome: "non-compliant", findings: "发现问题已责令整改", recognisable: true, validDays: 90 }));
    const [message] = await receive("recognition");
    expect(JSON.parse(message!.Body!)).toMatchObject({ type: "recognition.recorded", fromTenant: GULOU, toTenant: PROVINCE });
    const dead = await deliverToConsumer([message!.Body!, message!.Body!, message!.Body!]);
    expect(dead).toEqual([]);
    expect(await registry(creditCode)).toHaveLength(1);
    // The entity's index (a draw's batch check) holds the window once, as the registry holds the record once.
    const windows = await as(SIMING, "officer", () => Recognition.validOnMany([creditCode, code()], Clock.now()));
    expect([...windows.keys()]).toEqual([creditCode]);
    expect(windows.get(creditCode)).toHaveLength(1);
    expect(windows.get(creditCode)![0]!.itemCodes).toEqual(["FJ-SP-001"]);
    // A mirror of 鼓楼区's audited closing: the province's chain does not grow.
    expect((await provinceTrail()).filter((e) => e.action === "recognition.record").length).toBe(before);
  });

  const validPayload = (creditCode: string, issuingTenant = GULOU) => ({
    recognitionId: "rcg_01ARZ3NDEKTSV4RRFFQ69G5FAV",
    creditCode,
    entityName: "伪造公司",
    itemCodes: ["FJ-SP-001"],
    outcome: "compliant" as const,
    resultDate: "2026-11-27",
    validFrom: "2026-11-27T02:00:00.000Z",
    validUntil: "2027-11-27T16:00:00.000Z",
    issuingTenant,
    source: "inspection" as const,
  });

  test.each([
    ["not JSON", () => "{nope", "body is not JSON"],
    ["a bad credit code in the payload", (b: any) => JSON.stringify({ ...b, payload: { ...b.payload, creditCode: "91350102MA2Y00000X" } }), "payload: creditCode"],
    ["validity that ends before it starts", (b: any) => JSON.stringify({ ...b, payload: { ...b.payload, validUntil: "2020-01-01T00:00:00.000Z" } }), "payload: validUntil"],
    ["never committed by the sender", (b: any) => JSON.stringify({ ...b, id: "msg_01ARZ3NDEKTSV4RRFFQ69G5FAV" }), "forged: no message"],
    ["altered after commit", (b: any) => JSON.stringify({ ...b, payload: { ...b.payload, outcome: "non-compliant" } }), "forged: message"],
    ["claimed by another tenant", (b: any) => JSON.stringify({ ...b, fromTenant: SIMING }), "forged: no message"],
  ])("a malformed or forged recognition message (%s) is dead-lettered and nothing is written", async (_name, forge, reason) => {
    const creditCode = code();
    const scheduled = await as(GULOU, "officer", () => Inspection.schedule({ creditCode, entityName: "某公司", itemCodes: ["FJ-SP-001"], plannedDate: "2026-12-01" }));
    await as(GULOU, "inspector", () => Inspection.close({ id: scheduled.id, version: 1, outcome: "compliant", findings: "未发现问题", recognisable: true, validDays: 30 }));
    const [original] = await receive("recognition");
    const before = await provinceTrail();
    const dead = await deliverToConsumer([(forge as (b: any) => string)(JSON.parse(original!.Body!))]);
    expect(dead).toHaveLength(1);
    expect(dead[0]!.reason).toContain(reason);
    expect(await registry(creditCode)).toEqual([]);
    expect(await provinceTrail()).toEqual(before);
  });

  test.each([
    ["a result issued by another tenant", (c: string) => Recognition.Recorded.create(PROVINCE, validPayload(c, SIMING)), "cannot record a result issued by 350203"],
    ["a record addressed to a county instead of the registry", (c: string) => Recognition.Recorded.create(SIMING, validPayload(c)), "recognition records go to 350000"],
  ])("a committed message carrying %s is dead-lettered and nothing is written", async (_name, make, reason) => {
    const creditCode = code();
    // 鼓楼区 really commits it: the outbox proves it came from there, but what it claims is not its to claim.
    await as(GULOU, "officer", () =>
      commit({ action: "test.forge", target: { type: "test", id: "x" }, state: {}, items: () => [], messages: [make(creditCode)] }),
    );
    const [original] = await receive("recognition");
    const before = await provinceTrail();
    const dead = await deliverToConsumer([original!.Body!]);
    expect(dead).toHaveLength(1);
    expect(dead[0]!.reason).toContain(reason);
    expect(await registry(creditCode)).toEqual([]);
    expect(await as(SIMING, "officer", async () => (await RecognitionEntity.query.byEntity({ creditCode }).go()).data)).toEqual([]);
    expect(await provinceTrail()).toEqual(before);
    expect(await as(SIMING, "officer", async () => (await IssuedRecognitionEntity.query.byTenant({ tenantId: SIMING }).go()).data.filter((r) => r.creditCode === creditCode))).toEqual([]);
  });
});

describe("departments own their inspections (issue 11 §3)", () => {
  const market = Department.standardId(GULOU, "market");
  const health = Department.standardId(GULOU, "health");
  const housing = Department.standardId(GULOU, "housing");

  test("only an inspector or officer of a department on the visit closes it; others neither see nor list it", async () => {
    const creditCode = code();
    const s = await as(GULOU, "officer", () => Inspection.schedule({ creditCode, entityName: "某公司", itemCodes: ["FJ-SP-001"], plannedDate: "2026-12-01", departmentIds: [market, health] }));
    const close = { id: s.id, version: 1, outcome: "compliant" as const, findings: "未发现问题", recognisable: false };
    await expect(as(GULOU, "inspector", () => Inspection.close(close), housing)).rejects.toMatchObject({ status: 404 });
    await expect(as(GULOU, "officer", () => Inspection.close(close), housing)).rejects.toMatchObject({ status: 404 });
    await expect(as(GULOU, "officer", () => Inspection.fromID(s.id), housing)).rejects.toMatchObject({ status: 404 });
    expect((await as(GULOU, "officer", () => Inspection.list({ limit: 200 }), housing)).items.map((i) => i.id)).not.toContain(s.id);
    // Both departments on the joint visit list it; the admin and the auditor oversee.
    expect((await as(GULOU, "inspector", () => Inspection.list({ limit: 200 }), health)).items.map((i) => i.id)).toContain(s.id);
    expect((await as(GULOU, "officer", () => Inspection.list({ limit: 200 }), market)).items.map((i) => i.id)).toContain(s.id);
    expect((await as(GULOU, "auditor", () => Inspection.list({ limit: 200 }), housing)).items.map((i) => i.id)).toContain(s.id);
    const closed = await as(GULOU, "inspector", () => Inspection.close(close), health);
    expect(closed.inspection.status).toBe("closed");
  });

  test("schedule takes only active departments of the tenant, and an officer's own must be among them", async () => {
    const input = { creditCode: code(), entityName: "某公司", itemCodes: ["FJ-SP-001"], plannedDate: "2026-12-01" };
    // Another department alone: refused for an officer, naming the field.
    await expect(as(GULOU, "officer", () => Inspection.schedule({ ...input, departmentIds: [housing] }), market)).rejects.toMatchObject({
      code: "department.not_member",
      details: [{ field: "departmentIds" }],
    });
    // Another tenant's department, or a made-up one.
    await expect(as(GULOU, "officer", () => Inspection.schedule({ ...input, departmentIds: [market, Department.standardId(SIMING, "market")] }), market)).rejects.toMatchObject({
      code: "inspection.department_unknown",
      status: 400,
    });
    // A disabled department takes no part.
    const gone = await as(GULOU, "tenant-admin", () => Department.create({ name: `已撤销部门${serial}`, type: "test" }));
    await as(GULOU, "tenant-admin", () => Department.update({ id: gone.id, version: gone.version, status: "disabled" }));
    await expect(as(GULOU, "tenant-admin", () => Inspection.schedule({ ...input, departmentIds: [gone.id] }))).rejects.toMatchObject({ code: "inspection.department_unknown" });
    // The admin schedules for any active departments.
    await expect(as(GULOU, "tenant-admin", () => Inspection.schedule({ ...input, departmentIds: [housing] }), Department.standardId(GULOU, "supervision-office"))).resolves.toMatchObject({
      departmentIds: [housing],
    });
  });

  test("over HTTP: a page of at most `limit`, and a 400 naming `limit` above the maximum", async () => {
    const token = await api.tokenFor(GULOU, "tenant-admin");
    for (let i = 0; i < 2; i++) await as(GULOU, "officer", () => Inspection.schedule({ creditCode: code(), entityName: "某公司", itemCodes: ["FJ-SP-001"], plannedDate: "2026-12-01" }));
    const one = await api.call("GET", "/inspections?limit=1", { token });
    expect(one.json.items).toHaveLength(1);
    const two = await api.call("GET", `/inspections?limit=1&cursor=${one.json.cursor}`, { token });
    expect(two.json.items[0].id).not.toBe(one.json.items[0].id);
    const big = await api.call("GET", "/inspections?limit=500", { token });
    expect(big.status).toBe(400);
    expect(big.json.error.details[0].field).toBe("limit");
  });
});
