import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { Business } from "../../packages/core/src/business/index";
import { Clock } from "../../packages/core/src/clock";
import { Dashboard } from "../../packages/core/src/dashboard/index";
import { Department } from "../../packages/core/src/department/index";
import { Enforcement } from "../../packages/core/src/enforcement/index";
import { translate } from "../../packages/core/src/i18n/index";
import { commit } from "../../packages/core/src/outbox/commit";
import { Plan } from "../../packages/core/src/plan/index";
import { Policy } from "../../packages/core/src/policy/index";
import { Warning } from "../../packages/core/src/warning/index";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem, asUser } from "../support/context";
import { deliver, FUZHOU, GULOU, PROVINCE, TAIJIANG } from "../assistance/support";

/** 预警 (issue 14): rules as data fire warnings that reach the lead department
 * with RULES.md's clocks; overdue ones reach the city's dashboard by message;
 * 重复检查、高频检查 are warned before a task; a tenant may only tighten. */

const market = Department.standardId(GULOU, "market");
const health = Department.standardId(GULOU, "health");
const officer = <T>(fn: () => Promise<T>, dep = market) => asUser(GULOU, fn, "officer", dep);
const admin = <T>(fn: () => Promise<T>, tenant = GULOU) => asUser(tenant, fn, "tenant-admin");

const businesses = [...Business.generate({ count: 12, seed: 14, tenantId: GULOU })];
const code = (i: number) => businesses[i]!.creditCode;
const clue = (i: number, extra: Partial<Warning.ClueFacts> = {}) =>
  officer(() => Warning.raise({ creditCode: code(i), source: "12345", itemCodes: ["FJ-SP-001"], grade: "A", at: Clock.now(), departmentId: market, entityName: businesses[i]!.name, ...extra }));

let api: TestApi;
beforeAll(async () => {
  for (const t of [GULOU, TAIJIANG, FUZHOU, PROVINCE]) await asSystem(() => Department.seedStandard(), t);
  await admin(() => Business.importRows(businesses));
  api = await startTestApi();
});
afterAll(() => api.stop());
afterEach(() => {
  Clock.reset();
  Warning.forgetRules();
});

const render = (fact: string) => {
  const f = Warning.parseFact(fact);
  return translate(f.code as never, "zh-CN", f.params);
};

describe("a rule fires and reaches the lead department with its clock", () => {
  test("a cold-chain reading over the threshold: red warning, rule and facts shown, 1 and 5 working-day clocks, the market department's", async () => {
    const at = Clock.now();
    const res = await clue(0, { source: "monitoring", reading: { metric: "cold-chain-temperature", value: -4.5, unit: "℃" }, at });
    expect(res.fired.map((f) => f.ruleId)).toEqual(["cold-chain-temp"]);
    const w = res.warnings[0]!;
    expect(w).toMatchObject({ ruleId: "cold-chain-temp", level: "red", departmentId: market, status: "open", creditCode: code(0), overdue: false });
    expect(w.ackDueAt).toBe(Policy.deadline(at, { amount: 1, unit: "working-days" }).dueAt);
    expect(w.decideDueAt).toBe(Policy.deadline(at, { amount: 5, unit: "working-days" }).dueAt);
    expect(render(w.facts[0]!)).toContain("-4.5℃，超过阈值 -15℃");
    // The lead department sees it; another department does not (list and detail).
    expect((await officer(() => Warning.list())).items.map((x) => x.id)).toContain(w.id);
    expect((await officer(() => Warning.list(), health)).items.map((x) => x.id)).not.toContain(w.id);
    await expect(officer(() => Warning.fromID(w.id), health)).rejects.toMatchObject({ status: 404 });
  });

  test("N clues about one business within the window fire once; a grade C/D business fires on its first clue", async () => {
    expect((await clue(1)).fired).toEqual([]);
    expect((await clue(1)).fired).toEqual([]);
    const third = await clue(1);
    expect(third.fired.map((f) => f.ruleId)).toEqual(["clues-3-in-30"]);
    expect(render(third.fired[0]!.facts[0]!)).toBe("30 日内收到该主体线索 3 条（阈值 3 条）");
    // Undecided: the same rule does not fire again for the same business.
    expect((await clue(1)).fired).toEqual([]);
    const graded = await clue(2, { grade: "D" });
    expect(graded.fired.map((f) => f.ruleId)).toEqual(["grade-c-d"]);
    expect(render(graded.fired[0]!.facts[0]!)).toContain("D 类");
  });

  test("clues committed together (one transaction) count one after the other, fire a rule once and touch the counter once", async () => {
    const facts = (source: string) => ({ creditCode: code(9), source, itemCodes: ["FJ-SP-001"], grade: "A", at: Clock.now(), departmentId: market });
    const res = await officer(() => Warning.evaluateClues([facts("12345"), facts("media"), facts("monitoring"), facts("department")]));
    expect(res.results.map((r) => r.fired.map((f) => f.ruleId))).toEqual([[], [], ["clues-3-in-30"], []]);
    // The whole batch commits (no item twice in the transaction), and the next clue sees all four.
    await officer(() => commit({ action: "warning.raise", target: { type: "warning", id: "batch" }, state: {}, summary: { creditCode: code(9), count: 1 }, items: res.items }));
    expect(await officer(() => Warning.clueDates(code(9), 30))).toHaveLength(4);
  });

  test("acknowledge, then decide with reasons; too short a reason is refused naming the field; the clock stops", async () => {
    const w = (await clue(3, { grade: "C" })).warnings[0]!;
    const acked = await officer(() => Warning.acknowledge({ id: w.id, version: 1 }));
    expect(acked).toMatchObject({ status: "acknowledged", dueAt: w.decideDueAt });
    await expect(officer(() => Warning.acknowledge({ id: w.id, version: 2 }))).rejects.toMatchObject({ code: "warning.already_acknowledged" });
    // Another department may not act on it.
    await expect(officer(() => Warning.decide({ id: w.id, version: 2, decision: "inspect", reason: "核实后安排联合检查处理" }), health)).rejects.toMatchObject({ status: 404 });
    await expect(officer(async () => Warning.decide({ id: w.id, version: 2, decision: "no-action", reason: "无" }))).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: ["reason"] })],
    });
    const decided = await officer(() => Warning.decide({ id: w.id, version: 2, decision: "no-action", reason: "经核实该线索所述情况已整改完毕，不予处置" }));
    expect(decided).toMatchObject({ status: "decided", decision: "no-action", dueAt: null, overdue: false });
    Clock.advance(10 * 86_400_000);
    expect((await admin(() => Warning.overdue())).items.map((i) => i.warningId)).not.toContain(w.id);
  });
});

describe("overdue warnings on the tenant's dashboard and the city's (by the upward report)", () => {
  test("an unacknowledged warning is overdue after 1 working day: shown on 鼓楼区's dashboard and, by message, 福州市's", async () => {
    const w = (await clue(4, { grade: "D" })).warnings[0]!;
    Clock.advance(Date.parse(w.ackDueAt) - Clock.nowMs() + 3_600_000);
    expect((await officer(() => Warning.fromID(w.id))).overdue).toBe(true);
    const mine = await admin(() => Dashboard.mine());
    expect(mine.overdue.warnings).toBeGreaterThanOrEqual(1);
    expect(mine.overdueItems.warnings!.map((i) => i.warningId)).toContain(w.id);
    // The department's own overdue list has it; another department's does not.
    expect((await officer(() => Warning.overdue())).items.map((i) => i.warningId)).toContain(w.id);
    expect((await officer(() => Warning.overdue(), health)).items.map((i) => i.warningId)).not.toContain(w.id);
    expect(await asSystem(() => Dashboard.reportUpward(), GULOU)).toEqual({ reported: true });
    expect((await deliver()).filter((o) => o.startsWith("error") || o.startsWith("poison"))).toEqual([]);
    const city = await admin(() => Dashboard.areas(), FUZHOU);
    const gulou = city.items.find((r) => r.tenantId === GULOU)!;
    expect(gulou.overdue.warnings).toBe(mine.overdue.warnings);
    // The city never lists 鼓楼区's warnings themselves: its own list is empty.
    expect((await admin(() => Warning.list(), FUZHOU)).items).toEqual([]);
  });
});

describe("重复检查、高频检查", () => {
  test("a task already planned, a second body within the span and a body at its yearly cap are warned", async () => {
    const [marketBody, healthBody] = await admin(async () => [
      await Enforcement.publishBody({ departmentId: market, inspectionItems: ["FJ-SP-001"] }),
      await Enforcement.publishBody({ departmentId: health, inspectionItems: ["FJ-WS-001"] }),
    ]);
    const c = code(5);
    expect(await officer(() => Warning.checkInspection({ creditCode: c, bodyIds: [healthBody!.id], on: "2027-05-10" }))).toEqual([]);
    await admin(() => Plan.createTask({ creditCode: c, bodyIds: [marketBody!.id], itemCodes: ["FJ-SP-001"], periodFrom: "2027-05-01", periodTo: "2027-05-08" }));
    const fired = await officer(() => Warning.checkInspection({ creditCode: c, bodyIds: [healthBody!.id], on: "2027-05-12" }));
    expect(fired.map((f) => f.ruleId).sort()).toEqual(["bodies-2-in-30", "duplicate-7"]);
    const dup = fired.find((f) => f.ruleId === "duplicate-7")!;
    expect(render(dup.facts[0]!)).toBe(`已有检查任务 2027-05-01 至 2027-05-08（${marketBody!.name}）`);
    // Far from the task: neither.
    expect(await officer(() => Warning.checkInspection({ creditCode: c, bodyIds: [healthBody!.id], on: "2027-09-30" }))).toEqual([]);
    // The market body's second task of the year reaches its cap (2): the next is warned as too frequent.
    await admin(() => Plan.createTask({ creditCode: c, bodyIds: [marketBody!.id], itemCodes: ["FJ-SP-001"], periodFrom: "2027-08-01", periodTo: "2027-08-08" }));
    const atCap = await officer(() => Warning.checkInspection({ creditCode: c, bodyIds: [marketBody!.id], on: "2027-11-20" }));
    expect(atCap.map((f) => f.ruleId)).toEqual(["yearly-cap"]);
    expect(render(atCap[0]!.facts[0]!)).toContain("今年已检查该主体 2 次，年度上限 2 次");
  });

  test("the API answers the same check", async () => {
    const token = await api.tokenFor(GULOU, "officer");
    const res = await api.call("GET", `/warnings/check-inspection?creditCode=${code(6)}&bodyIds=enb_01HZX3Q6Y1B2C3D4E5F6G7H8J9&on=2027-03-01`, { token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ fired: [] });
  });
});

describe("rules as data: the province sets, a tenant only tightens", () => {
  test("a rule that fails validation is a 400 naming the field", async () => {
    const token = await api.tokenFor(PROVINCE, "province-admin");
    const bad = { version: 0, rules: [{ ...Warning.DEFAULT_RULES[0]!, params: { count: 3, days: 0 } }] };
    const res = await api.call("PUT", "/warnings/rules/province", { token, body: bad });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: { field: string }) => d.field)).toContain("rules.0.params.days");
    const unknownKind = await api.call("PUT", "/warnings/rules/province", { token, body: { version: 0, rules: [{ ...Warning.DEFAULT_RULES[0]!, kind: "weather" }] } });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.json.error.details[0].field).toMatch(/^rules\.0/);
    const twice = await api.call("PUT", "/warnings/rules/province", { token, body: { version: 0, rules: [Warning.DEFAULT_RULES[0], Warning.DEFAULT_RULES[0]] } });
    expect(twice.status).toBe(400);
    expect(twice.json.error.details[0]).toMatchObject({ field: "rules.1.id", rule: "warning.rule_duplicate" });
  });

  test("a tenant cannot loosen a province rule (400 naming the field); a tighter one is kept, versioned, audited and takes effect", async () => {
    const token = await api.tokenFor(GULOU, "tenant-admin");
    const base = Warning.DEFAULT_RULES.find((r) => r.id === "clues-3-in-30")!;
    const loose = await api.call("PUT", "/warnings/rules/tenant", { token, body: { version: 0, rules: [{ ...base, params: { count: 5, days: 30 } }] } });
    expect(loose.status).toBe(400);
    expect(loose.json.error.details[0]).toMatchObject({ field: "rules.0.params.count", rule: "warning.not_stricter" });
    const disabled = await api.call("PUT", "/warnings/rules/tenant", { token, body: { version: 0, rules: [{ ...base, enabled: false }] } });
    expect(disabled.json.error.details[0]).toMatchObject({ field: "rules.0.enabled", rule: "warning.not_stricter" });
    const lower = await api.call("PUT", "/warnings/rules/tenant", { token, body: { version: 0, rules: [{ ...base, level: "yellow" }] } });
    expect(lower.json.error.details[0]).toMatchObject({ field: "rules.0.level" });

    const tight = await api.call("PUT", "/warnings/rules/tenant", { token, body: { version: 0, rules: [{ ...base, params: { count: 2, days: 60 } }] } });
    expect(tight.status).toBe(200);
    expect(tight.json).toMatchObject({ tenantVersion: 1, inForce: expect.arrayContaining([expect.objectContaining({ id: "clues-3-in-30", params: { count: 2, days: 60 } })]) });
    const stale = await api.call("PUT", "/warnings/rules/tenant", { token, body: { version: 0, rules: [] } });
    expect(stale.status).toBe(409);
    const history = await api.call("GET", "/warnings/rules/versions?scope=tenant", { token });
    expect(history.json.items[0]).toMatchObject({ version: 1, changes: ["+ clues-3-in-30"] });
    const audit = await api.call("GET", "/audit?limit=20", { token });
    expect(audit.json.items.map((e: { action: string }) => e.action)).toContain("warning.rules_tighten");
    // In force at once: two clues now fire.
    await clue(7);
    expect((await clue(7)).fired.map((f) => f.ruleId)).toEqual(["clues-3-in-30"]);
    // 台江区 still has the province's rule.
    expect((await admin(() => Warning.rules(), TAIJIANG)).inForce.find((r) => r.id === "clues-3-in-30")!.params).toEqual({ count: 3, days: 30 });
  });

  test("only the province changes the province's rules", async () => {
    const token = await api.tokenFor(GULOU, "tenant-admin");
    const res = await api.call("PUT", "/warnings/rules/province", { token, body: { version: 0, rules: Warning.DEFAULT_RULES } });
    expect(res.status).toBe(403);
  });
});

describe("another tenant or department cannot see", () => {
  test("台江区 lists none of 鼓楼区's warnings and gets 404 for one", async () => {
    const w = (await clue(8, { grade: "D" })).warnings[0]!;
    expect((await admin(() => Warning.list({ limit: 200 }), TAIJIANG)).items).toEqual([]);
    await expect(admin(() => Warning.fromID(w.id), TAIJIANG)).rejects.toMatchObject({ status: 404 });
    const token = await api.tokenFor(TAIJIANG, "tenant-admin");
    expect((await api.call("GET", `/warnings/${w.id}`, { token })).status).toBe(404);
  });

  test("lists are paged", async () => {
    const first = await admin(() => Warning.list({ limit: 2 }));
    expect(first.items).toHaveLength(2);
    expect(first.cursor).not.toBeNull();
    const second = await admin(() => Warning.list({ limit: 2, cursor: first.cursor! }));
    expect(second.items.map((w) => w.id)).not.toContain(first.items[0]!.id);
  });
});
