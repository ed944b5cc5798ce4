import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { Department } from "../../packages/core/src/department/index";
import { PROVINCE_ID } from "../../packages/core/src/tenant/index";
import { startTestApi, type TestApi } from "../support/api";
import { amend, enact, repeal, testItem } from "../support/catalogue";
import { asSystem, asUser } from "../support/context";
import { deliverSync } from "../support/sync";

const GULOU = "350102";
const TAIJIANG = "350103";
const FOCUS = new Set([PROVINCE_ID, GULOU, TAIJIANG]);
const focus = (e: { toTenant: string }) => FOCUS.has(e.toTenant);
const dep = (tenant: string, type: string) => Department.standardId(tenant, type);

let api: TestApi;
let machine: string;
beforeAll(async () => {
  api = await startTestApi();
  for (const t of FOCUS) await asSystem(() => Department.seedStandard(), t);
  // The province's system: a client-credentials token of role province-admin.
  machine = await api.issuer.sign({ sub: "province-catalogue", client_id: "province-catalogue", tenant_id: PROVINCE_ID, role: "province-admin" });
});
afterAll(() => api.stop());

const trailLength = () => asUser(PROVINCE_ID, async () => (await Audit.list({ limit: 200 })).items.length, "province-admin");

describe("publishing over the API", () => {
  test("bad input is a 400 naming each field and rule, in zh or en; nothing is written", async () => {
    const bad = { version: 1, title: "坏版本", changes: [{ basis: "enact", law: "法", effectiveDate: "2026/01/01", item: { ...testItem("fj-bad"), name: "" } }] };
    const zh = await api.call("POST", "/catalogue/versions", { token: machine, body: bad });
    expect(zh.status).toBe(400);
    const fields = zh.json.error.details.map((d: any) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["changes.0.effectiveDate", "changes.0.item.code", "changes.0.item.name"]));
    expect(zh.json.error.details.find((d: any) => d.field === "changes.0.item.code").message).toContain("FJ-SP-001");
    const en = await api.call("POST", "/catalogue/versions", { token: machine, body: bad, headers: { "accept-language": "en" } });
    expect(en.json.error.details.find((d: any) => d.field === "changes.0.effectiveDate").message).toBe("Dates are written YYYY-MM-DD");
    // Stateful: amending or repealing what is not in force, naming the change and code.
    const stateful = await api.call("POST", "/catalogue/versions", { token: machine, body: { version: 1, title: "首版", changes: [enact("FJ-A-001"), amend("FJ-A-002"), repeal("FJ-A-003")] } });
    expect(stateful.status).toBe(400);
    expect(stateful.json.error.details).toEqual([
      expect.objectContaining({ field: "changes.1.item.code", message: "第 1 项变更涉及的事项 FJ-A-002 不在现行清单中" }),
      expect.objectContaining({ field: "changes.2.code", message: expect.stringContaining("FJ-A-003") }),
    ]);
    expect((await api.call("GET", "/catalogue/versions", { token: machine })).json).toEqual({ items: [], cursor: null });
    // Only the province publishes: a county admin, even claiming province-admin, cannot.
    const county = await api.call("POST", "/catalogue/versions", { token: await api.tokenFor(GULOU, "province-admin"), body: { version: 1, title: "x", changes: [enact("FJ-A-001")] } });
    expect(county.status).toBe(403);
    // Refused where the token is verified: the province-admin role is not held at a county (issue 11 §8).
    expect(county.json.error.code).toBe("auth.role_not_at_level");
  });

  test("a machine client publishes; a repeat is unchanged; a stale, changed or skipping version is a 409 and writes nothing", async () => {
    const v1 = { version: 1, title: "首版", changes: [enact("FJ-A-001"), enact("FJ-A-002")] };
    const first = await api.call("POST", "/catalogue/versions", { token: machine, body: v1 });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ status: "published", version: 1, tenants: 94 });
    const before = await trailLength();
    const again = await api.call("POST", "/catalogue/versions", { token: machine, body: v1 });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ status: "unchanged", version: 1, merkleRoot: first.json.merkleRoot });
    const changed = await api.call("POST", "/catalogue/versions", { token: machine, body: { ...v1, title: "首版（改）" } });
    expect(changed.status).toBe(409);
    expect(changed.json.error).toMatchObject({ code: "catalogue.version_exists" });
    expect(changed.json.error.message).toContain("当前版本为 1");
    const gap = await api.call("POST", "/catalogue/versions", { token: machine, body: { version: 3, title: "跳号", changes: [enact("FJ-A-009")] } });
    expect(gap.status).toBe(409);
    expect(gap.json.error.code).toBe("catalogue.version_gap");
    expect(await trailLength()).toBe(before);
    const v = await api.call("GET", "/catalogue/versions/1", { token: machine });
    expect(v.json).toMatchObject({ version: 1, title: "首版", counts: { enact: 2 }, changes: [{ code: "FJ-A-001", basis: "enact" }, { code: "FJ-A-002", basis: "enact" }] });
    expect(v.json.publishedBy).toMatchObject({ type: "machine", id: "province-catalogue" });
    await deliverSync(focus);
  });

  test("of two concurrent publishes of one version, exactly one wins", async () => {
    const [a, b] = await Promise.all([
      api.call("POST", "/catalogue/versions", { token: machine, body: { version: 2, title: "甲", changes: [enact("FJ-A-003")] } }),
      api.call("POST", "/catalogue/versions", { token: machine, body: { version: 2, title: "乙", changes: [enact("FJ-A-004")] } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const versions = (await api.call("GET", "/catalogue/versions", { token: machine })).json;
    expect(versions.items.map((v: any) => v.version)).toEqual([2, 1]);
    // One page at a time, newest first.
    const one = (await api.call("GET", "/catalogue/versions?limit=1", { token: machine })).json;
    expect(one.items.map((v: any) => v.version)).toEqual([2]);
    expect((await api.call("GET", `/catalogue/versions?limit=1&cursor=${one.cursor}`, { token: machine })).json.items.map((v: any) => v.version)).toEqual([1]);
    const winner = a.status === 201 ? "FJ-A-003" : "FJ-A-004";
    const items = (await api.call("GET", "/catalogue/items", { token: machine })).json;
    expect(items.items.map((i: any) => i.code)).toEqual(["FJ-A-001", "FJ-A-002", winner].sort());
    // Paged by code, searchable by code or name.
    const p1 = (await api.call("GET", "/catalogue/items?limit=2", { token: machine })).json;
    expect(p1.items.map((i: any) => i.code)).toEqual(["FJ-A-001", "FJ-A-002"]);
    expect((await api.call("GET", `/catalogue/items?limit=2&cursor=${p1.cursor}`, { token: machine })).json).toMatchObject({ items: [{ code: winner }], cursor: null });
    expect((await api.call("GET", `/catalogue/items?q=${winner.toLowerCase().slice(-3)}`, { token: machine })).json.items.map((i: any) => i.code)).toEqual([winner]);
    const bad = await api.call("GET", "/catalogue/items?cursor=e30", { token: machine });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].field).toBe("cursor");
    await deliverSync(focus);
  });

  test("the publish route takes several MB; every other route keeps 1 MB", async () => {
    const padding = "款".repeat(600_000); // ~1.8 MB as UTF-8
    const big = await api.call("POST", "/catalogue/versions", { token: machine, body: { version: 3, title: padding, changes: [] } });
    expect(big.status).toBe(400); // validated, not refused for size
    const huge = await api.call("POST", "/catalogue/versions", { token: machine, body: { version: 3, title: "款".repeat(2_200_000), changes: [] } });
    expect(huge.status).toBe(413);
    const elsewhere = await api.call("POST", "/notices", { token: await api.tokenFor("350100", "tenant-admin"), body: { title: "t", body: padding } });
    expect(elsewhere.status).toBe(413);
  });
});

describe("a county over the API", () => {
  test("sees its version and diff, assigns, answers, coverage and outstanding; the province sees its status", async () => {
    const admin = await api.tokenFor(GULOU, "tenant-admin");
    const sync = (await api.call("GET", "/catalogue/sync", { token: admin })).json;
    expect(sync).toMatchObject({ version: 2, previousVersion: 1, counts: { added: 1 } });
    const item = await api.call("GET", "/catalogue/items/FJ-A-001", { token: admin });
    expect(item.json.workGuide.procedure).toHaveLength(3);
    expect((await api.call("GET", "/catalogue/items/FJ-Z-404", { token: admin })).status).toBe(404);

    const body = { leadDepartmentId: dep(GULOU, "market"), cooperatingDepartmentIds: [dep(GULOU, "health")], office: "食品经营监管科", person: "陈静" };
    const put = await api.call("PUT", "/assignments/FJ-A-001", { token: admin, body });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ status: "assigned", version: 1, reviewedVersion: 2 });
    const stale = await api.call("PUT", "/assignments/FJ-A-001", { token: admin, body: { ...body, version: 7 } });
    expect(stale.status).toBe(409);
    const foreign = await api.call("PUT", "/assignments/FJ-A-002", { token: admin, body: { ...body, leadDepartmentId: dep(TAIJIANG, "market") } });
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.details[0]).toMatchObject({ field: "leadDepartmentId", rule: "custom" });
    // An officer cannot assign.
    expect((await api.call("PUT", "/assignments/FJ-A-002", { token: await api.tokenFor(GULOU, "officer"), body })).status).toBe(403);

    const health = await api.tokenFor(GULOU, "officer", { department_id: dep(GULOU, "health") });
    const market = await api.tokenFor(GULOU, "officer", { department_id: dep(GULOU, "market") });
    expect((await api.call("GET", "/assignments/outstanding", { token: health })).json.toAnswer).toEqual([expect.objectContaining({ code: "FJ-A-001" })]);
    expect((await api.call("GET", "/assignments/outstanding", { token: market })).json.waitingOn).toEqual([expect.objectContaining({ code: "FJ-A-001", pending: [dep(GULOU, "health")] })]);
    const answered = await api.call("POST", "/assignments/FJ-A-001/answer", { token: health, body: { office: "卫生监督所", person: "李明" } });
    expect(answered.status).toBe(200);
    expect((await api.call("GET", "/assignments/outstanding", { token: market })).json.waitingOn).toEqual([]);
    const coverage = (await api.call("GET", "/assignments/coverage", { token: admin })).json;
    expect(coverage).toMatchObject({ version: 2, items: 3, assigned: 1, complete: false });
    expect(coverage.unassigned).toHaveLength(2);

    await deliverSync(focus);
    const province = await api.tokenFor(PROVINCE_ID, "province-admin");
    const tenants = (await api.call("GET", "/catalogue/tenants?limit=200", { token: province })).json.items;
    // One page by division code; a cursor to the next.
    const first = (await api.call("GET", "/catalogue/tenants?limit=10", { token: province })).json;
    expect(first.items).toHaveLength(10);
    const second = (await api.call("GET", `/catalogue/tenants?limit=10&cursor=${first.cursor}`, { token: province })).json;
    expect(second.items[0].tenantId > first.items[9].tenantId).toBe(true);
    expect(tenants).toHaveLength(94);
    expect(tenants.find((t: any) => t.tenantId === GULOU)).toMatchObject({ version: 2, upToDate: true, complete: false, coverage: { assigned: 1, unassigned: 2 } });
    expect(tenants.find((t: any) => t.tenantId === "350203")).toMatchObject({ version: null, upToDate: false });
    // A county cannot see other tenants' status.
    expect((await api.call("GET", "/catalogue/tenants", { token: admin })).status).toBe(403);
  });
});
