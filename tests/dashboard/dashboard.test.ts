import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Dashboard } from "../../packages/core/src/dashboard/index";
import { addMonths, namedRange } from "../../packages/core/src/dashboard/stats";
import { Department } from "../../packages/core/src/department/index";
import { shanghaiDate } from "../../packages/core/src/policy/deadline";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";
import { as, CODE, deliver, FUZHOU, GULOU, PROVINCE, SIMING, XIAMEN } from "../assistance/support";

/** Dashboards with time ranges and drill-down (issue 15 Found 5): figures for
 * a range of months (Asia/Shanghai), and the tenants below rolled up, the
 * province drilling to a city's counties, a city to its own only. */

const thisMonth = () => shanghaiDate(new Date()).slice(0, 7);

let api: TestApi;
beforeAll(async () => {
  for (const t of [GULOU, SIMING, XIAMEN, FUZHOU, PROVINCE]) await asSystem(() => Department.seedStandard(), t);
  api = await startTestApi();
  // Two requests from 鼓楼区 to 思明区, then both report upward (to their city and the province).
  const officer = await api.tokenFor(GULOU, "officer");
  for (let i = 0; i < 2; i++) {
    const r = await api.call("POST", "/assistance", { token: officer, body: { toTenant: SIMING, type: "information", creditCode: CODE, facts: `请提供该主体的登记与许可信息（${i + 1}）。` } });
    expect(r.status).toBe(201);
  }
  await deliver();
  for (const t of [GULOU, SIMING]) expect(await as(t, () => Dashboard.reportUpward(), "tenant-admin")).toEqual({ reported: true });
  expect((await deliver()).filter((o) => o.startsWith("error") || o.startsWith("poison"))).toEqual([]);
});
afterAll(() => api.stop());

describe("time ranges", () => {
  test("the figures cover the months asked for, each month listed; an earlier range counts nothing", async () => {
    const token = await api.tokenFor(GULOU, "tenant-admin");
    const now = await api.call("GET", `/dashboard?from=${thisMonth()}&to=${thisMonth()}`, { token });
    expect(now.status).toBe(200);
    expect(now.json).toMatchObject({ range: { from: thisMonth(), to: thisMonth() }, sent: 2, months: [{ month: thisMonth(), sent: 2, received: 0 }] });
    const year = namedRange("year", shanghaiDate(new Date()));
    const wholeYear = await api.call("GET", `/dashboard?from=${year.from}&to=${year.to}`, { token });
    expect(wholeYear.json.months).toHaveLength(12);
    expect(wholeYear.json.sent).toBe(2);
    const before = await api.call("GET", `/dashboard?from=${addMonths(thisMonth(), -3)}&to=${addMonths(thisMonth(), -1)}`, { token });
    expect(before.json).toMatchObject({ sent: 0, months: [{ sent: 0 }, { sent: 0 }, { sent: 0 }] });
    // Without a range: everything so far, as before.
    expect((await api.call("GET", "/dashboard", { token })).json).toMatchObject({ range: null, months: [], sent: 2 });
  });

  test("a range backwards, malformed or longer than 24 months is a 400 naming the field", async () => {
    const token = await api.tokenFor(GULOU, "tenant-admin");
    for (const q of [`from=2026-05&to=2026-01`, `from=2024-01&to=2026-12`, `from=2026-13&to=2026-12`, `from=2026-01`]) {
      const res = await api.call("GET", `/dashboard?${q}`, { token });
      expect(res.status, q).toBe(400);
      expect(["from", "to"]).toContain(res.json.error.details[0].field);
    }
  });

  test("the named ranges are calendar months, quarters and years in Asia/Shanghai", () => {
    expect(namedRange("month", "2026-12-02")).toEqual({ from: "2026-12", to: "2026-12" });
    expect(namedRange("quarter", "2026-11-30")).toEqual({ from: "2026-10", to: "2026-12" });
    expect(namedRange("quarter", "2026-01-01")).toEqual({ from: "2026-01", to: "2026-03" });
    expect(namedRange("year", "2026-07-15")).toEqual({ from: "2026-01", to: "2026-12" });
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -13)).toBe("2024-12");
  });
});

describe("drill-down", () => {
  test("the province sees each city rolled up, and drills into 厦门市 to see 思明区 with its own report heading the rows", async () => {
    const token = await api.tokenFor(PROVINCE, "province-admin");
    const top = await api.call("GET", `/dashboard/areas?from=${thisMonth()}&to=${thisMonth()}`, { token });
    expect(top.status).toBe(200);
    const xiamen = top.json.items.find((r: { tenantId: string }) => r.tenantId === XIAMEN);
    expect(xiamen).toMatchObject({ level: "city", drillable: true, own: false, received: 2, reported: 1 });
    expect(top.json.items.find((r: { tenantId: string }) => r.tenantId === FUZHOU)).toMatchObject({ sent: 2, received: 0 });

    const down = await api.call("GET", `/dashboard/areas?parent=${XIAMEN}&from=${thisMonth()}&to=${thisMonth()}`, { token });
    expect(down.json.parent).toMatchObject({ tenantId: XIAMEN, level: "city" });
    expect(down.json.path.map((p: { tenantId: string }) => p.tenantId)).toEqual([PROVINCE, XIAMEN]);
    expect(down.json.items[0]).toMatchObject({ tenantId: XIAMEN, own: true, drillable: false });
    expect(down.json.items.find((r: { tenantId: string }) => r.tenantId === SIMING)).toMatchObject({ level: "county", received: 2, drillable: false });
    // A range before anything happened counts nothing, though the report is there.
    const earlier = await api.call("GET", `/dashboard/areas?parent=${XIAMEN}&from=${addMonths(thisMonth(), -2)}&to=${addMonths(thisMonth(), -1)}`, { token });
    expect(earlier.json.items.find((r: { tenantId: string }) => r.tenantId === SIMING)).toMatchObject({ received: 0, reported: 1 });
  });

  test("a city sees only its own counties, from its own reports; it cannot drill elsewhere", async () => {
    const city = await api.tokenFor(XIAMEN, "tenant-admin");
    const mine = await api.call("GET", "/dashboard/areas", { token: city });
    expect(mine.status).toBe(200);
    expect(mine.json.items.every((r: { tenantId: string }) => r.tenantId.startsWith("3502"))).toBe(true);
    expect(mine.json.items.find((r: { tenantId: string }) => r.tenantId === SIMING)).toMatchObject({ received: 2 });
    const elsewhere = await api.call("GET", `/dashboard/areas?parent=${FUZHOU}`, { token: city });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.json.error.code).toBe("dashboard.scope");
    const county = await api.tokenFor(SIMING, "tenant-admin");
    expect((await api.call("GET", `/dashboard/areas?parent=${XIAMEN}`, { token: county })).status).toBe(403);
  });

  test("rows are paged: a page of at most `limit` tenants, and the cursor leads to the rest", async () => {
    const token = await api.tokenFor(PROVINCE, "province-admin");
    const first = await api.call("GET", "/dashboard/areas?limit=4", { token });
    expect(first.json.items).toHaveLength(4);
    expect(first.json.cursor).toEqual(expect.any(String));
    const second = await api.call("GET", `/dashboard/areas?limit=200&cursor=${first.json.cursor}`, { token });
    const ids = [...first.json.items, ...second.json.items].map((r: { tenantId: string }) => r.tenantId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(XIAMEN);
    expect(second.json.cursor).toBeNull();
    expect((await api.call("GET", "/dashboard/areas?limit=500", { token })).status).toBe(400);
  });
});
