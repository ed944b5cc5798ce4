import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { Clock } from "../../packages/core/src/clock";
import { Department } from "../../packages/core/src/department/index";
import { useDynamo } from "../../packages/core/src/dynamo/client";
import { Policy } from "../../packages/core/src/policy/index";
import { PolicyConfig } from "../../packages/core/src/policy-config/index";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem, asUser } from "../support/context";

/** Rules as data: the province sets each number with its source (versioned,
 * audited), a tenant only tightens, the calendar grows by a year, and the
 * rules reach every process through a cached version check. */
const PROVINCE = "350000";
const GULOU = "350102";
const TAIJIANG = "350103";
let api: TestApi;
let province: string;
let gulouAdmin: string;
beforeAll(async () => {
  Policy.reset();
  PolicyConfig.forgetChecks();
  api = await startTestApi();
  for (const t of [PROVINCE, GULOU, TAIJIANG]) await asSystem(() => Department.seedStandard(), t);
  province = await api.tokenFor(PROVINCE, "province-admin", { department_id: undefined });
  gulouAdmin = await api.tokenFor(GULOU, "tenant-admin");
});
afterEach(() => Clock.reset());
afterAll(async () => {
  Policy.reset();
  await api.stop();
});

const police = () => api.tokenFor(GULOU, "judicial", { department_id: Department.standardId(GULOU, "public-security") });
const judicialRequest = async (token: string) =>
  api.call("POST", "/judicial-requests", { token, body: { kind: "appraisal", toDepartmentId: Department.standardId(GULOU, "market"), subject: "涉案熟肉制品", details: "请协助出具检验鉴定意见" } });

describe("the province's configuration", () => {
  test("everyone reads the rules in force with their sources; before any edit, the defaults", async () => {
    const res = await api.call("GET", "/policy", { token: await api.tokenFor(GULOU, "officer") });
    expect(res.status).toBe(200);
    const ack = res.json.rules.find((r: any) => r.path === "assistance.acknowledge");
    expect(ack).toMatchObject({ value: { duration: { amount: 7, unit: "days" } }, source: expect.stringContaining("IMI"), tighten: "shorter" });
    expect(res.json.calendar.years.map((y: any) => [y.year, y.addedBy])).toEqual([
      [2025, "shipped"],
      [2026, "shipped"],
    ]);
  });

  test("only the province admin edits; each change needs its source; unknown rules and wrong kinds are 400s naming the rule", async () => {
    const body = { version: 0, rules: { "referral.judicialRequest": { duration: { amount: 3, unit: "working-days" }, source: "闽检会〔2027〕2号 第五条" } } };
    expect((await api.call("PUT", "/policy/province", { token: gulouAdmin, body })).status).toBe(403);
    const noSource = await api.call("PUT", "/policy/province", { token: province, body: { version: 0, rules: { "referral.judicialRequest": { duration: { amount: 3, unit: "days" }, source: "" } } } });
    expect(noSource.status).toBe(400);
    expect(noSource.json.error.details).toEqual([{ field: "rules.referral.judicialRequest.source", rule: "policy.source_required", message: expect.stringContaining("来源") }]);
    const unknown = await api.call("PUT", "/policy/province", { token: province, body: { version: 0, rules: { "referral.nothing": { value: 2, source: "某文件第三条" } } }, headers: { "accept-language": "en" } });
    expect(unknown.json.error.details).toEqual([{ field: "rules.referral.nothing", rule: "policy.rule_unknown", message: "There is no rule named referral.nothing" }]);

    const ok = await api.call("PUT", "/policy/province", { token: province, body: { ...body, note: "省检察院会商纪要" } });
    expect(ok.status).toBe(200);
    expect(ok.json.provinceVersion).toBe(1);
    expect(ok.json.rules.find((r: any) => r.path === "referral.judicialRequest")).toMatchObject({
      value: { duration: { amount: 3, unit: "working-days" } },
      source: "闽检会〔2027〕2号 第五条",
      defaultValue: { duration: { amount: 7, unit: "days" } },
    });
    // A stale version loses nothing.
    expect((await api.call("PUT", "/policy/province", { token: province, body })).status).toBe(409);
    // Versioned and audited, with what changed and its source.
    const history = await api.call("GET", "/policy/versions?limit=5", { token: gulouAdmin });
    expect(history.json.items[0]).toMatchObject({ version: 1, note: "省检察院会商纪要", changes: [expect.stringContaining("referral.judicialRequest: default → 3 working-days (闽检会〔2027〕2号 第五条)")] });
    const trail = await asUser(PROVINCE, () => Audit.list({ limit: 20 }), "province-admin");
    expect(trail.items.find((e) => e.action === "policy.update")).toBeTruthy();
  });

  test("a county's deadline follows the province's rule at once in this process", async () => {
    const res = await judicialRequest(await police());
    expect(res.status).toBe(201);
    expect(res.json.dueAt).toBe(Policy.deadline(res.json.createdAt, { amount: 3, unit: "working-days" }).dueAt);
  });
});

describe("a tenant's tightening", () => {
  test("looser than the province is a 400 naming the rule; stricter applies to that tenant only", async () => {
    const looser = await api.call("PUT", "/policy/tenant", { token: gulouAdmin, body: { version: 0, rules: { "referral.judicialRequest": { duration: { amount: 10, unit: "days" } } } } });
    expect(looser.status).toBe(400);
    expect(looser.json.error.details).toEqual([{ field: "rules.referral.judicialRequest", rule: "policy.not_stricter", message: expect.stringContaining("3 个工作日") }]);
    const teamTooSmall = await api.call("PUT", "/policy/tenant", { token: gulouAdmin, body: { version: 0, rules: { "referral.teamSize": { value: 1 } } } });
    expect(teamTooSmall.json.error.details[0]).toMatchObject({ field: "rules.referral.teamSize", rule: "policy.not_stricter" });
    // Only a tenant admin tightens, and the province has nothing to tighten.
    expect((await api.call("PUT", "/policy/tenant", { token: await api.tokenFor(GULOU, "officer"), body: { version: 0, rules: {} } })).status).toBe(403);

    const ok = await api.call("PUT", "/policy/tenant", { token: gulouAdmin, body: { version: 0, rules: { "referral.judicialRequest": { duration: { amount: 2, unit: "working-days" }, reason: "本级承诺从快办理" } } } });
    expect(ok.status).toBe(200);
    expect(ok.json.rules.find((r: any) => r.path === "referral.judicialRequest")).toMatchObject({ value: { duration: { amount: 2 } }, province: { duration: { amount: 3 } }, tenant: { reason: "本级承诺从快办理" } });
    const gulou = await judicialRequest(await police());
    expect(gulou.json.dueAt).toBe(Policy.deadline(gulou.json.createdAt, { amount: 2, unit: "working-days" }).dueAt);
    expect(await asUser(TAIJIANG, async () => Policy.current().referral.judicialRequest.duration)).toEqual({ amount: 3, unit: "working-days" });
  });
});

describe("the working-day calendar", () => {
  test("a deadline past the calendar carries a flag in the API; the province adds the next year and the flag goes", async () => {
    // Late December 2026: a 7-day clock ends in 2027, which no published notice covers yet.
    const put = await api.call("PUT", "/policy/province", { token: province, body: { version: 1, rules: { "referral.judicialRequest": { duration: { amount: 7, unit: "days" }, source: "平台默认（恢复）" } } } });
    expect(put.status).toBe(200);
    await api.call("PUT", "/policy/tenant", { token: gulouAdmin, body: { version: 1, rules: { "referral.judicialRequest": null } } });
    const target = Date.parse("2026-12-28T02:00:00Z");
    Clock.advance(target - Clock.nowMs());
    const token = await police();
    const made = await judicialRequest(token);
    expect(made.status).toBe(201);
    expect(made.json.dueBeyondCalendar).toBe(true);

    const skip = await api.call("POST", "/policy/calendar", { token: province, body: { version: 2, year: 2028, holidays: { 元旦: ["2028-01-01"] }, workdays: [], source: "国务院办公厅关于2028年部分节假日安排的通知" } });
    expect(skip.status).toBe(400);
    expect(skip.json.error.details[0]).toMatchObject({ field: "year", rule: "policy.calendar_year" });
    const badDay = await api.call("POST", "/policy/calendar", { token: province, body: { version: 2, year: 2027, holidays: { 春节: ["2027-02-30"] }, workdays: ["2027-02-22"], source: "国务院办公厅关于2027年部分节假日安排的通知" } });
    expect(badDay.json.error.details.map((d: any) => [d.field, d.rule])).toEqual([
      ["holidays.春节.0", "policy.calendar_date"],
      ["workdays.0", "policy.calendar_weekday"],
    ]);
    const year = { 元旦: ["2027-01-01"], 春节: Policy.parseDateList("2027-02-06~2027-02-13") };
    const added = await api.call("POST", "/policy/calendar", { token: province, body: { version: 2, year: 2027, holidays: year, workdays: ["2027-02-20"], source: "国务院办公厅关于2027年部分节假日安排的通知" } });
    expect(added.status).toBe(201);
    expect(added.json.calendar.lastYear).toBe(2027);
    expect(added.json.calendar.years.at(-1)).toMatchObject({ year: 2027, addedBy: "province", holidays: 9, workdays: 1 });
    const again = await api.call("GET", `/judicial-requests/${made.json.id}`, { token });
    expect(again.json.dueBeyondCalendar).toBe(false);
    expect(Policy.isWorkingDay("2027-02-08")).toBe(false);
    expect(Policy.isWorkingDay("2027-02-20")).toBe(true);
  });
});

describe("the hot path", () => {
  test("requests do not read the configuration; a check reads only its version, and the whole only when it changed", async () => {
    const token = await api.tokenFor(GULOU, "officer");
    await api.call("GET", "/me", { token }); // warm
    const send = vi.spyOn(useDynamo(), "send");
    const policyReads = () =>
      send.mock.calls.filter(([cmd]) => JSON.stringify((cmd as { input?: unknown }).input ?? {}).includes("#policy#")).map(([cmd]) => (cmd as { input: { ProjectionExpression?: string } }).input);
    try {
      for (let i = 0; i < 10; i++) expect((await api.call("GET", "/me", { token })).status).toBe(200);
      expect(policyReads()).toEqual([]);
      // As if 30 s had passed: one version read per scope (province, this tenant), nothing more when unchanged.
      PolicyConfig.forgetChecks();
      await api.call("GET", "/me", { token });
      const reads = policyReads();
      expect(reads).toHaveLength(2);
      for (const r of reads) expect(r.ProjectionExpression).toBeTruthy();
    } finally {
      send.mockRestore();
    }
  });
});
