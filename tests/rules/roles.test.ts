import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Department } from "../../packages/core/src/department/index";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem, asUser } from "../support/context";

/** A role is checked against the tenant where the token is verified, and organs are set up by the province only. */
const GULOU = "350102";
const PROVINCE = "350000";
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  for (const t of [GULOU, PROVINCE]) await asSystem(() => Department.seedStandard(), t);
});
afterAll(() => api.stop());

describe("roles against the tenant's level", () => {
  test("a province-admin role on a county's token is refused on every route, with the reason", async () => {
    const token = await api.tokenFor(GULOU, "province-admin");
    const me = await api.call("GET", "/me", { token });
    expect(me.status).toBe(403);
    expect(me.json.error.code).toBe("auth.role_not_at_level");
    expect(me.json.error.message).toContain("鼓楼区");
    const machine = await api.issuer.sign({ sub: "province-catalogue", client_id: "province-catalogue", tenant_id: GULOU, role: "province-admin" });
    expect((await api.call("GET", "/catalogue/versions", { token: machine })).json.error.code).toBe("auth.role_not_at_level");
    // The same role at the province passes.
    expect((await api.call("GET", "/me", { token: await api.tokenFor(PROVINCE, "province-admin") })).status).toBe(200);
  });

  test("a judicial role whose department is no police or procuratorate is refused", async () => {
    const market = await api.tokenFor(GULOU, "judicial");
    const res = await api.call("GET", "/referrals", { token: market, headers: { "accept-language": "en" } });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("auth.role_without_organ");
    expect(res.json.error.message).toMatch(/police or procuratorate/);
    const none = await api.tokenFor(GULOU, "judicial", { department_id: undefined });
    expect((await api.call("GET", "/me", { token: none })).json.error.code).toBe("auth.role_without_organ");
    const police = await api.tokenFor(GULOU, "judicial", { department_id: Department.standardId(GULOU, "public-security") });
    expect((await api.call("GET", "/me", { token: police })).status).toBe(200);
  });
});

describe("organs with special powers", () => {
  for (const type of ["public-security", "procuratorate", "establishment", "enforcement-supervision"]) {
    test(`a tenant admin cannot create a ${type} department`, async () => {
      const token = await api.tokenFor(GULOU, "tenant-admin");
      const res = await api.call("POST", "/tenant/departments", { token, body: { name: `鼓楼区新设${type}`, type } });
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("department.organ_reserved");
      expect(res.json.error.details).toEqual([{ field: "type", rule: "department.organ_reserved", message: expect.stringContaining("省级配置") }]);
      const list = await api.call("GET", "/tenant/departments", { token });
      expect(JSON.stringify(list.json)).not.toContain(`鼓楼区新设${type}`);
    });
  }

  test("nor can the province's own admin through the API; the platform's configuration can", async () => {
    await expect(asUser(PROVINCE, () => Department.create({ name: "福建省人民检察院联络处", type: "procuratorate" }), "province-admin")).rejects.toMatchObject({ code: "department.organ_reserved" });
    const made = await asSystem(() => Department.create({ name: "鼓楼区人民检察院联络处", type: "procuratorate" }), GULOU);
    expect(made.type).toBe("procuratorate");
  });

  test("an ordinary department is still created", async () => {
    const token = await api.tokenFor(GULOU, "tenant-admin");
    const res = await api.call("POST", "/tenant/departments", { token, body: { name: "鼓楼区城市管理局", type: "urban-management" } });
    expect(res.status).toBe(201);
  });
});
