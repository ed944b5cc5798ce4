import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { Department } from "../../packages/core/src/department/index";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";
import { as, deliverAll } from "../recognition/support";

const PROVINCE = "350000";
const CANGSHAN = "350104";
const asProvince = <T>(fn: () => Promise<T>) => as(PROVINCE, "province-admin", fn, Department.standardId(PROVINCE, "function-transformation"));

let api: TestApi;
beforeAll(async () => {
  for (const t of [PROVINCE, CANGSHAN]) await asSystem(() => Department.seedStandard(), t);
  api = await startTestApi();
});
afterAll(() => api.stop());

describe("reserved organs set up by the province (issue 11 §8)", () => {
  test("the province sets a county's procuratorate; the county applies it in its own partition and confirms", async () => {
    const before = await asProvince(() => Department.organs({ tenantId: CANGSHAN }));
    expect(before.items.map((r) => r.type)).toEqual(["public-security", "procuratorate", "establishment", "enforcement-supervision"]);
    expect(before.items.find((r) => r.type === "procuratorate")).toMatchObject({ state: "absent", version: 0, departmentId: Department.standardId(CANGSHAN, "procuratorate") });

    const set = await asProvince(() => Department.setOrgan({ tenantId: CANGSHAN, type: "procuratorate", name: "福州市仓山区人民检察院", version: 0 }));
    expect(set).toMatchObject({ state: "pending", version: 1, status: "active", name: "福州市仓山区人民检察院" });
    // Not yet in the county: the province never writes its partition.
    expect(await as(CANGSHAN, "tenant-admin", () => Department.find(set.departmentId))).toBeUndefined();

    await deliverAll("assistance"); // the county applies, and confirms
    await deliverAll("assistance"); // the province records the confirmation
    expect(await as(CANGSHAN, "tenant-admin", () => Department.fromID(set.departmentId))).toMatchObject({ type: "procuratorate", name: "福州市仓山区人民检察院", status: "active" });
    const after = (await asProvince(() => Department.organs({ tenantId: CANGSHAN }))).items.find((r) => r.type === "procuratorate");
    expect(after).toMatchObject({ state: "applied", version: 1, appliedAt: expect.any(String) });
    expect((await asProvince(() => Department.organs({ limit: 50 }))).items.map((r) => `${r.tenantId}:${r.type}`)).toContain(`${CANGSHAN}:procuratorate`);

    // Audited on both sides.
    expect((await asProvince(() => Audit.list({ limit: 5 }))).items.map((e) => e.action)).toEqual(expect.arrayContaining(["department.organ-configure", "department.organ-applied"]));
    expect((await as(CANGSHAN, "tenant-admin", () => Audit.list({ limit: 5 }))).items.map((e) => e.action)).toContain("department.organ-apply");

    // Renamed and disabled later, on the version the admin saw; a stale version is a conflict.
    await expect(asProvince(() => Department.setOrgan({ tenantId: CANGSHAN, type: "procuratorate", name: "旧版本", version: 0 }))).rejects.toMatchObject({ status: 409 });
    await asProvince(() => Department.setOrgan({ tenantId: CANGSHAN, type: "procuratorate", name: "福州市仓山区人民检察院（派驻）", status: "disabled", version: 1 }));
    await deliverAll("assistance");
    await deliverAll("assistance");
    expect(await as(CANGSHAN, "tenant-admin", () => Department.fromID(set.departmentId))).toMatchObject({ name: "福州市仓山区人民检察院（派驻）", status: "disabled" });
  });

  test("only the province, only organ types, only real tenants; 4xx name the field", async () => {
    await expect(as(CANGSHAN, "tenant-admin", () => Department.setOrgan({ tenantId: CANGSHAN, type: "procuratorate", name: "自设检察院" }))).rejects.toMatchObject({
      code: "department.organ_province_only",
      status: 403,
    });
    await expect(asProvince(() => Department.setOrgan({ tenantId: CANGSHAN, type: "market", name: "市场监管局" }))).rejects.toMatchObject({
      status: 400,
      details: [{ field: "type", rule: "department.organ_type" }],
    });
    await expect(asProvince(() => Department.setOrgan({ tenantId: "359999", type: "procuratorate", name: "不存在的检察院" }))).rejects.toMatchObject({
      status: 404,
      details: [{ field: "tenantId" }],
    });

    const province = await api.tokenFor(PROVINCE, "province-admin");
    const admin = await api.tokenFor(CANGSHAN, "tenant-admin");
    const put = (token: string, body: unknown, path = `/tenant/organs/${CANGSHAN}/public-security`) => api.call("PUT", path, { token, body });
    expect((await put(admin, { name: "仓山公安分局" })).status).toBe(403);
    const badName = await put(province, { name: "x" });
    expect(badName.status).toBe(400);
    expect(badName.json.error.details[0]).toMatchObject({ field: "name" });
    const badType = await put(province, { name: "某某局" }, `/tenant/organs/${CANGSHAN}/market`);
    expect(badType.status).toBe(400);
    expect(badType.json.error.details[0]).toMatchObject({ field: "type" });
    const ok = await put(province, { name: "福州市公安局仓山分局", version: 0 });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ tenantId: CANGSHAN, type: "public-security", state: "pending", version: 1 });
    const list = await api.call("GET", `/tenant/organs?tenantId=${CANGSHAN}`, { token: province });
    expect(list.status).toBe(200);
    expect(list.json.items).toHaveLength(4);
    expect((await api.call("GET", `/tenant/organs?tenantId=${CANGSHAN}`, { token: admin })).status).toBe(403);
    await deliverAll("assistance");
    await deliverAll("assistance");
  });
});
