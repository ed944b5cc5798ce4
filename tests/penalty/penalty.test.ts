import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import type { Role } from "../../packages/core/src/auth/roles";
import { withContext } from "../../packages/core/src/context";
import { Department } from "../../packages/core/src/department/index";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";
import { Penalty } from "../../packages/core/src/penalty/index";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";
import { purge } from "../recognition/support";
import { CLAUSE, CONDUCT, clauseVariant, conductVariant } from "./variants";

const GULOU = "350102"; // 鼓楼区, 福州市
const TAIJIANG = "350103"; // 台江区, 福州市
const SIMING = "350203"; // 思明区, 厦门市

/** Run core as a user of a tenant and department, as the auth middleware would from a verified token. */
function as<T>(tenantId: string, role: Role, fn: () => Promise<T>, departmentType: string | null = "market"): Promise<T> {
  const departmentId = departmentType ? Department.standardId(tenantId, departmentType) : undefined;
  return withContext(
    { actor: { type: "user", userId: `usr_pen_${tenantId}_${role}_${departmentType}`, name: `处罚测试 ${role}`, tenantId, role, departmentId }, tenantId, requestId: "test", locale: "zh-CN" },
    async () => fn(),
  );
}

let serial = 0;
/** A fresh, valid credit code per case, so cases never see each other's fines. */
function code() {
  serial++;
  return withCheckChar(`91350103MA3P${String(serial).padStart(4, "0")}X`);
}

const fact = (over: Partial<Penalty.Fact> = {}) => ({ itemCode: "FJ-SP-001", clause: CLAUSE, actDate: "2026-11-02", conduct: CONDUCT, description: "现场检查发现货架陈列超过保质期的预包装食品", ...over });
let decision = 0;
const fine = (creditCode: string, over: Partial<Penalty.Fact> = {}, extra: Partial<Parameters<typeof Penalty.record>[0]> = {}) =>
  Penalty.record({ creditCode, entityName: "福州𠮷祥食品销售有限公司", fact: fact(over), decisionNo: `测市监罚〔2026〕${++decision}号`, measure: "fine", amount: 3000, ...extra });
const other = (creditCode: string, measure: Penalty.Info["measure"], over: Partial<Penalty.Fact> = {}) =>
  Penalty.record({ creditCode, entityName: "福州𠮷祥食品销售有限公司", fact: fact(over), decisionNo: `测市监罚〔2026〕${++decision}号`, measure });

let api: TestApi;
beforeAll(async () => {
  for (const t of [GULOU, TAIJIANG, SIMING]) await asSystem(() => Department.seedStandard(), t);
  api = await startTestApi();
});
afterAll(() => api.stop());
afterEach(() => purge("recognition"));

describe("one fine per act, whatever the wording (issue 11 §2)", () => {
  test("property: a wording variant of the clause and conduct, in another region and department, citing another item — the second fine is refused", async () => {
    await fc.assert(
      fc.asyncProperty(
        clauseVariant,
        conductVariant,
        fc.constantFrom(TAIJIANG, SIMING, GULOU),
        fc.constantFrom("market", "health", "commerce"),
        fc.constantFrom("FJ-SP-001", "FJ-SP-002", "FJ-YP-001"),
        async (clause, conduct, tenant, dept, itemCode) => {
          const creditCode = code();
          const first = await as(GULOU, "officer", () => fine(creditCode));
          const second = await as(tenant, "officer", () => fine(creditCode.toLowerCase(), { clause, conduct, itemCode }), dept).catch((e) => e);
          expect(second).toMatchObject({ code: "penalty.already_penalised", status: 409, params: { tenant: "鼓楼区", decisionNo: first.decisionNo } });
          expect(second.details.match.reasons).toContain("same-act");
        },
      ),
      { numRuns: 12 },
    );
  });

  test.each([
    ["a zero-width space (U+200B)", { clause: "《食品安全法》第一百二十四条\u200B第一款", conduct: "销售超过保质期的\u200B预包装食品12件" }],
    ["a word joiner (U+2060)", { clause: "《食品安全法》\u2060第一百二十四条第一款", conduct: "销售超过\u2060保质期的预包装食品12件" }],
    ["a soft hyphen (U+00AD)", { clause: "《食品\u00AD安全法》第一百二十四条第一款", conduct: "销售超过保质期的预包\u00AD装食品12件" }],
    ["digits for numerals", { clause: "《食品安全法》第124条第1款", conduct: "销售超过保质期的预包装食品十二件" }],
    ["the 中华人民共和国 prefix", { clause: "《中华人民共和国食品安全法》第一百二十四条第一款" }],
    ["〔〕 for 《》", { clause: "〔食品安全法〕第一百二十四条第一款" }],
  ])("each finding: %s in another tenant no longer lets a second fine through", async (_, variant) => {
    const creditCode = code();
    await as(GULOU, "officer", () => fine(creditCode));
    await expect(as(SIMING, "officer", () => fine(creditCode, variant))).rejects.toMatchObject({ code: "penalty.already_penalised", status: 409 });
  });

  test("another department citing its own law and item for the same act is refused; written differently it is a near match that needs a recorded decision", async () => {
    const creditCode = code();
    const first = await as(GULOU, "officer", () => fine(creditCode));
    // The health commission cites its own law and item for the same conduct on the same day.
    await expect(as(GULOU, "officer", () => fine(creditCode, { itemCode: "FJ-WS-003", clause: "《公共场所卫生管理条例》第十四条" }), "health")).rejects.toMatchObject({
      code: "penalty.already_penalised",
    });
    // Another region describes the conduct in its own words: not refused outright, but shown and held for a decision.
    const near = await as(TAIJIANG, "officer", () => fine(creditCode, { itemCode: "FJ-WS-003", clause: "《产品质量法》第四十九条", conduct: "经营过期食品" }), "health").catch((e) => e);
    expect(near).toMatchObject({ code: "penalty.near_matches", status: 409, params: { count: 1 } });
    expect(near.details.field).toBe("nearMatchDecision");
    const [match] = near.details.nearMatches as Penalty.Match[];
    expect(match).toMatchObject({ tenantName: "鼓楼区", decisionNo: first.decisionNo, departmentName: expect.stringContaining("市场监督管理局"), actFrom: "2026-11-02", reasons: ["dates"] });
    // The shared record never carries the first region's case ID.
    expect(JSON.stringify(near.details)).not.toContain(first.id);
    // A reason too short is refused field by field.
    await expect(as(TAIJIANG, "officer", () => fine(creditCode, { conduct: "经营过期食品" }, { nearMatchDecision: { reason: "不是", matches: [match!.key] } }))).rejects.toMatchObject({
      name: "ZodError",
    });
    const reason = "经核对鼓楼区处罚的是11月2日门店的过期食品，本案为同日仓库的另一批次，属另一违法行为";
    const recorded = await as(TAIJIANG, "officer", () => fine(creditCode, { conduct: "经营过期食品" }, { nearMatchDecision: { reason, matches: [match!.key] } }), "health");
    expect(recorded.nearMatchDecision).toMatchObject({ reason, matches: [expect.objectContaining({ decisionNo: first.decisionNo })] });
    // The decision is audited with its reason.
    const trail = await as(TAIJIANG, "tenant-admin", () => Audit.list({ limit: 20 }));
    const event = trail.items.find((e) => e.target.id === recorded.id)!;
    expect(event.action).toBe("penalty.record_near_match");
    expect(event.summary).toMatchObject({ reason });
    expect(event.text).toContain(reason);
  });

  test("a decision that does not cover a near match that appeared since is refused", async () => {
    const creditCode = code();
    await as(GULOU, "officer", () => fine(creditCode, { conduct: "甲行为描述" }));
    const shown = await as(SIMING, "officer", () => fine(creditCode, { conduct: "乙行为描述" })).catch((e) => e);
    const keys = (shown.details.nearMatches as Penalty.Match[]).map((m) => m.key);
    // Meanwhile another region fines the party for an overlapping period.
    await as(TAIJIANG, "officer", () => fine(creditCode, { conduct: "丙行为描述", actDate: "2026-10-20", actUntil: "2026-11-05" }, { nearMatchDecision: { reason: "已核对鼓楼区的处罚，属不同违法行为", matches: keys } }));
    const stale = await as(SIMING, "officer", () => fine(creditCode, { conduct: "乙行为描述" }, { nearMatchDecision: { reason: "已核对鼓楼区的处罚，属不同违法行为", matches: keys } })).catch((e) => e);
    expect(stale).toMatchObject({ code: "penalty.near_matches_changed", status: 409, params: { count: 2 } });
  });

  test("the same item within two years is a near match; further apart, or another item, it is not", async () => {
    const creditCode = code();
    await as(GULOU, "officer", () => fine(creditCode, { actDate: "2026-03-01", conduct: "第一次违法行为" }));
    await expect(as(GULOU, "officer", () => fine(creditCode, { actDate: "2026-11-01", conduct: "第二次违法行为" }))).rejects.toMatchObject({ code: "penalty.near_matches" });
    await expect(as(GULOU, "officer", () => fine(creditCode, { actDate: "2026-11-01", conduct: "另一事项的违法行为", itemCode: "FJ-SP-002" }))).resolves.toMatchObject({ measure: "fine" });
    const old = code();
    await as(GULOU, "officer", () => fine(old, { actDate: "2023-01-01", conduct: "三年多前的违法行为" }));
    await expect(as(GULOU, "officer", () => fine(old, { actDate: "2026-11-01", conduct: "本次违法行为" }))).resolves.toMatchObject({ measure: "fine" });
  });

  test("a later warning, confiscation, suspension or revocation is allowed after a fine, and a fine after them", async () => {
    const creditCode = code();
    await as(GULOU, "officer", () => fine(creditCode));
    for (const measure of ["warning", "confiscation", "suspension", "revocation", "detention-of-goods", "other"] as const) {
      await expect(as(SIMING, "officer", () => other(creditCode, measure))).resolves.toMatchObject({ measure });
    }
    const fresh = code();
    await as(GULOU, "officer", () => other(fresh, "warning"));
    await as(GULOU, "officer", () => other(fresh, "revocation"));
    await expect(as(SIMING, "officer", () => fine(fresh))).resolves.toMatchObject({ measure: "fine" });
  });

  test("two regions fining one party at the same moment in different words: one goes through, the other is shown the first", async () => {
    for (let round = 0; round < 3; round++) {
      const creditCode = code();
      const results = await Promise.allSettled([
        as(GULOU, "officer", () => fine(creditCode, { conduct: `同时发生的行为甲${round}` })),
        as(SIMING, "officer", () => fine(creditCode, { conduct: `同时发生的行为乙${round}` })),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
      expect(refused.reason).toMatchObject({ code: "penalty.near_matches" });
    }
  });

  test("dates are checked: a period ending before it starts, an impossible date", async () => {
    const creditCode = code();
    await expect(as(GULOU, "officer", () => fine(creditCode, { actUntil: "2026-10-01" }))).rejects.toMatchObject({ name: "ZodError" });
    await expect(as(GULOU, "officer", () => fine(creditCode, { actDate: "2026-13-45" }))).rejects.toMatchObject({ name: "ZodError" });
    await expect(as(GULOU, "officer", () => fine(creditCode, { conduct: "。。！！" }))).rejects.toMatchObject({ name: "ZodError" });
  });
});

describe("departments own their penalties", () => {
  test("a penalty is the acting officer's department's; other departments' officers neither list nor read it; admins and auditors oversee all", async () => {
    const creditCode = code();
    const mine = await as(GULOU, "officer", () => other(creditCode, "warning"), "transport");
    expect(mine.departmentId).toBe(Department.standardId(GULOU, "transport"));
    expect(mine.departmentName).toContain("交通运输局");
    const listed = (role: Role, dept: string | null) => as(GULOU, role, async () => (await Penalty.list({ limit: 100 })).items.map((p) => p.id), dept);
    expect(await listed("officer", "transport")).toContain(mine.id);
    expect(await listed("officer", "market")).not.toContain(mine.id);
    expect(await listed("inspector", "market")).not.toContain(mine.id);
    expect(await listed("tenant-admin", null)).toContain(mine.id);
    expect(await listed("auditor", null)).toContain(mine.id);
    expect(await as(GULOU, "officer", () => Penalty.fromID(mine.id), "transport")).toMatchObject({ id: mine.id });
    await expect(as(GULOU, "officer", () => Penalty.fromID(mine.id), "market")).rejects.toMatchObject({ status: 404, code: "penalty.not_found" });
    await expect(as(GULOU, "auditor", () => Penalty.fromID(mine.id), null)).resolves.toMatchObject({ id: mine.id });
    // The office itself (an admin of no department) records one: the overseers see it, no department's officer does.
    const office = await as(GULOU, "tenant-admin", () => other(code(), "warning"), null);
    expect(office.departmentId).toBeUndefined();
    expect(await listed("tenant-admin", null)).toContain(office.id);
    expect(await listed("officer", "transport")).not.toContain(office.id);
    await expect(as(GULOU, "officer", () => Penalty.fromID(office.id), "transport")).rejects.toMatchObject({ status: 404 });
    // An officer of no department cannot record one.
    await expect(as(GULOU, "officer", () => other(code(), "warning"), null)).rejects.toMatchObject({ code: "penalty.department_required", status: 403 });
  });

  test("the department comes from the token, never the body; over HTTP another department's penalty is 404", async () => {
    const creditCode = code();
    const token = await api.tokenFor(GULOU, "officer", { department_id: Department.standardId(GULOU, "ecology") });
    const res = await api.call("POST", "/penalties", {
      token,
      body: { creditCode, entityName: "某公司", fact: fact(), decisionNo: "鼓环罚〔2026〕1号", measure: "warning", departmentId: Department.standardId(GULOU, "market") },
    });
    expect(res.status).toBe(201);
    expect(res.json.departmentId).toBe(Department.standardId(GULOU, "ecology"));
    const market = await api.tokenFor(GULOU, "officer");
    expect((await api.call("GET", `/penalties/${res.json.id}`, { token: market })).status).toBe(404);
    expect((await api.call("GET", `/penalties/${res.json.id}`, { token })).status).toBe(200);
  });

  test("the list is paged by cursor with a maximum page size", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await as(TAIJIANG, "officer", () => other(code(), "warning"), "agriculture")).id);
    const seen: string[] = [];
    let cursor: string | undefined;
    const sizes: number[] = [];
    do {
      const page = await as(TAIJIANG, "officer", () => Penalty.list({ limit: 2, cursor }), "agriculture");
      sizes.push(page.items.length);
      seen.push(...page.items.map((p) => p.id));
      cursor = page.cursor ?? undefined;
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual([...ids].reverse());

    const token = await api.tokenFor(TAIJIANG, "officer", { department_id: Department.standardId(TAIJIANG, "agriculture") });
    const first = await api.call("GET", "/penalties?limit=2", { token });
    expect(first.status).toBe(200);
    expect(first.json.items).toHaveLength(2);
    const next = await api.call("GET", `/penalties?limit=2&cursor=${first.json.cursor}`, { token });
    expect(next.json.items.map((p: { id: string }) => p.id)).toEqual(seen.slice(2, 4));
    const tooBig = await api.call("GET", "/penalties?limit=1000", { token });
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.error.details[0].field).toBe("limit");
    const bad = await api.call("GET", "/penalties?cursor=not-a-cursor", { token });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].field).toBe("cursor");
  });

  test("over HTTP: a near match is a 409 listing it and naming the decision field; with the reason it is 201", async () => {
    const creditCode = code();
    const gulou = await api.tokenFor(GULOU, "officer");
    const siming = await api.tokenFor(SIMING, "officer");
    expect((await api.call("POST", "/penalties", { token: gulou, body: { creditCode, entityName: "某公司", fact: fact(), decisionNo: "鼓市监罚〔2026〕99号", measure: "fine", amount: 100 } })).status).toBe(201);
    const body = { creditCode, entityName: "某公司", fact: fact({ conduct: "另一种说法的违法行为" }), decisionNo: "思市监罚〔2026〕99号", measure: "fine", amount: 100 };
    const held = await api.call("POST", "/penalties", { token: siming, body });
    expect(held.status).toBe(409);
    expect(held.json.error).toMatchObject({ code: "penalty.near_matches", details: { field: "nearMatchDecision", nearMatches: [expect.objectContaining({ decisionNo: "鼓市监罚〔2026〕99号", tenantName: "鼓楼区" })] } });
    expect(held.json.error.message).toContain("nearMatchDecision.reason");
    const keys = held.json.error.details.nearMatches.map((m: { key: string }) => m.key);
    const done = await api.call("POST", "/penalties", { token: siming, body: { ...body, nearMatchDecision: { reason: "经与鼓楼区核对，系另一门店的另一违法行为", matches: keys } } });
    expect(done.status).toBe(201);
    const same = await api.call("POST", "/penalties", { token: siming, body: { ...body, fact: fact({ clause: "《中华人民共和国食品安全法》第124条第1款" }), decisionNo: "思市监罚〔2026〕100号" } });
    expect(same.status).toBe(409);
    expect(same.json.error).toMatchObject({ code: "penalty.already_penalised", details: { decisionNo: "鼓市监罚〔2026〕99号" } });
  });
});
