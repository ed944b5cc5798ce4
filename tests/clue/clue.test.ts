import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { Business } from "../../packages/core/src/business/index";
import { Clue } from "../../packages/core/src/clue/index";
import { Department } from "../../packages/core/src/department/index";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";
import { PROVINCE_ID } from "../../packages/core/src/tenant/index";
import { startTestApi, type TestApi } from "../support/api";
import { enact } from "../support/catalogue";
import { asSystem, asUser } from "../support/context";
import { deliverSync } from "../support/sync";

/** Issue 14 — clues from every source, matching, routing, one joint task. */

const GULOU = "350102";
const TAIJIANG = "350103";
const FOCUS = new Set([PROVINCE_ID, GULOU, TAIJIANG]);
const dep = (type: string, tenant = GULOU) => Department.standardId(tenant, type);

// Many API round trips per test on a shared, busy machine: a generous ceiling (no timing is asserted).
vi.setConfig({ testTimeout: 300_000 });

let api: TestApi;
let businesses: Business.Info[];
const machine = (source: string, tenantId = GULOU) =>
  api.issuer.sign({ sub: `clue-${source}-${tenantId}`, client_id: `clue-${source}-${tenantId}`, tenant_id: tenantId, role: "source-system" });
const officer = (type: string, tenantId = GULOU, role = "officer") => api.tokenFor(tenantId, role as never, { department_id: dep(type, tenantId) });
let serial = 0;
const ref = () => `ext-${Date.now()}-${++serial}`;

beforeAll(async () => {
  api = await startTestApi();
  for (const t of FOCUS) await asSystem(() => Department.seedStandard(), t);
  const catalogue = await api.issuer.sign({ sub: "province-catalogue", client_id: "province-catalogue", tenant_id: PROVINCE_ID, role: "province-admin" });
  const published = await api.call("POST", "/catalogue/versions", {
    token: catalogue,
    body: {
      version: 1,
      title: "首版",
      changes: [enact("FJ-SP-001", { leadDepartmentType: "market" }), enact("FJ-WS-001", { name: "公共场所卫生监督检查", leadDepartmentType: "health", cooperatingDepartmentTypes: [] })],
    },
  });
  expect(published.status).toBe(201);
  await deliverSync((e) => FOCUS.has(e.toTenant));
  const rows = [...Business.generate({ count: 6, seed: 7, tenantId: GULOU })] as Record<string, unknown>[];
  // A name with a character beyond U+FFFF: matching keeps it whole.
  rows[5] = { ...rows[5], name: "福州𠮷祥餐饮管理有限公司", address: "福州市鼓楼区五四路𠮷祥里 8 号" };
  const imported = await asUser(GULOU, () => Business.importRows(rows));
  expect(imported.created).toBe(6);
  businesses = await asUser(GULOU, () => Business.getMany(rows.map((r) => String(r.creditCode))));
}, 400_000);
afterAll(() => api.stop());

const intake = async (token: string, clues: unknown[]) => api.call("POST", "/clues/intake", { token, body: { contractVersion: "1", clues } });

describe("intake from source systems", () => {
  test("three sources about one business become ONE joint task for two departments; another department cannot see it", async () => {
    const b = businesses[0]!;
    const first = await intake(await machine("hotline-12345"), [
      { externalId: ref(), source: "hotline-12345", business: { creditCode: b.creditCode }, facts: "市民反映后厨卫生差，有老鼠出没。", itemCodes: ["FJ-SP-001"] },
    ]);
    expect(first.status).toBe(200);
    expect(first.json.accepted).toHaveLength(1);
    expect(first.json.accepted[0]).toMatchObject({ status: "tasked" });
    const taskId = first.json.accepted[0].taskId;
    const second = await intake(await machine("association"), [
      { externalId: ref(), source: "association", business: { creditCode: b.creditCode }, facts: "行业协会反映该店经营场所卫生不达标。", itemCodes: ["FJ-WS-001"] },
    ]);
    const third = await intake(await machine("sensor"), [
      { externalId: ref(), source: "sensor", business: { creditCode: b.creditCode }, facts: "冷库温度传感器连续报警。", itemCodes: ["FJ-SP-001"], reading: { metric: "cold-room-temp", value: 12, unit: "°C" } },
    ]);
    expect(second.json.accepted[0].taskId).toBe(taskId);
    expect(third.json.accepted[0].taskId).toBe(taskId);

    const health = await officer("health");
    const task = await api.call("GET", `/clues/tasks/${taskId}`, { token: health });
    expect(task.status).toBe(200);
    expect(task.json).toMatchObject({ status: "open", creditCode: b.creditCode, entityName: b.name, leadDepartmentId: dep("market"), clueCount: 3 });
    expect(task.json.departmentIds).toEqual([dep("health"), dep("market")].sort());
    expect(task.json.itemCodes).toEqual(["FJ-SP-001", "FJ-WS-001"]);
    expect(task.json.sources).toEqual(["association", "hotline-12345", "sensor"]);
    // Routing: the clue about FJ-WS-001 went to the health commission (catalogue lead type).
    const routed = await api.call("GET", `/clues/${second.json.accepted[0].id}`, { token: health });
    expect(routed.json).toMatchObject({ leadDepartmentId: dep("health"), routedBy: "catalogue", match: { by: "credit-code", confidence: 1 } });
    // The health officer's list has it; another department sees neither the task nor the clue.
    const mine = await api.call("GET", "/clues?status=tasked", { token: health });
    expect(mine.json.items.map((c: { id: string }) => c.id)).toContain(second.json.accepted[0].id);
    const ecology = await officer("ecology");
    expect((await api.call("GET", `/clues/tasks/${taskId}`, { token: ecology })).status).toBe(404);
    expect((await api.call("GET", `/clues/${second.json.accepted[0].id}`, { token: ecology })).status).toBe(404);
    expect((await api.call("GET", "/clues/tasks", { token: ecology })).json.items.map((t: { id: string }) => t.id)).not.toContain(taskId);
    // Warn14's rules count clues: the business's recent clues by source.
    const recent = await asUser(GULOU, () => Clue.recentFor(b.creditCode, 90));
    expect(recent).toEqual({ total: 3, bySource: { "hotline-12345": 1, association: 1, sensor: 1 } });
    expect((await asUser(GULOU, () => Clue.openTaskFor(b.creditCode)))?.id).toBe(taskId);
    // One audit event per intake commit, with its Merkle root.
    const trail = await asUser(GULOU, async () => (await Audit.list({ limit: 50 })).items);
    expect(trail.filter((e) => e.action === "clue.intake").length).toBeGreaterThanOrEqual(3);
  });

  test("a malformed payload: the good clue lands, the bad one is listed with each field; none good → 400", async () => {
    const b = businesses[1]!;
    const token = await machine("media");
    const res = await intake(token, [
      { externalId: ref(), source: "media", business: { creditCode: b.creditCode }, facts: "媒体报道该店使用过期原料。", itemCodes: ["FJ-SP-001"] },
      { externalId: "bad-1", source: "media", business: { creditCode: "91350102MA2Y0X0T3X" }, facts: "", evidence: [{ sha256: "not-a-hash" }] },
    ]);
    expect(res.status).toBe(200);
    expect(res.json.accepted).toHaveLength(1);
    expect(res.json.rejected).toHaveLength(1);
    expect(res.json.rejected[0]).toMatchObject({ index: 1, externalId: "bad-1" });
    const fields = res.json.rejected[0].errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["clues.1.business.creditCode", "clues.1.facts", "clues.1.evidence.0.sha256"]));

    const none = await intake(token, [{ externalId: "bad-2", source: "radio", business: {}, facts: "x" }]);
    expect(none.status).toBe(400);
    const noneFields = none.json.error.details.map((d: { field: string }) => d.field);
    expect(noneFields).toEqual(expect.arrayContaining(["clues.0.source", "clues.0.business", "clues.0.facts"]));
    // The envelope itself: a contract version we do not know.
    const version = await api.call("POST", "/clues/intake", { token, body: { contractVersion: "9", clues: [{}] } });
    expect(version.status).toBe(400);
    expect(version.json.error.details[0].field).toBe("contractVersion");
  });

  test("a resent clue (same source reference) lands once", async () => {
    const b = businesses[2]!;
    const clue = { externalId: ref(), source: "video", business: { creditCode: b.creditCode }, facts: "视频分析发现后厨人员未戴口罩。", itemCodes: ["FJ-SP-001"], receivedAt: "2026-12-01T08:00:00+08:00" };
    const token = await machine("video");
    const a = await intake(token, [clue]);
    const again = await intake(token, [clue]);
    expect(a.json.accepted).toHaveLength(1);
    expect(again.json.accepted).toHaveLength(0);
    expect(again.json.duplicates).toEqual([{ index: 0, externalId: clue.externalId, id: a.json.accepted[0].id }]);
  });

  test("an unknown business waits as unmatched and is listed for officers", async () => {
    const unknown = withCheckChar("91350102MA2Y9X9X9");
    const res = await intake(await machine("online-shop"), [
      { externalId: ref(), source: "online-shop", business: { creditCode: unknown }, facts: "网店监测发现无证销售保健食品。", itemCodes: ["FJ-SP-001"] },
    ]);
    expect(res.json.accepted[0]).toMatchObject({ status: "unmatched" });
    expect(res.json.accepted[0].taskId).toBeUndefined();
    const market = await officer("market");
    const list = await api.call("GET", "/clues?status=unmatched", { token: market });
    const found = list.json.items.find((c: { id: string }) => c.id === res.json.accepted[0].id);
    expect(found).toMatchObject({ status: "unmatched", unmatchedReason: "unknown-code", leadDepartmentId: dep("market") });
    // The office sees it too, by status.
    const admin = await api.tokenFor(GULOU, "tenant-admin");
    expect((await api.call("GET", "/clues?status=unmatched", { token: admin })).json.items.map((c: { id: string }) => c.id)).toContain(res.json.accepted[0].id);
  });

  test("a user token is refused on the machine intake; a machine of another tenant writes only its own tenant", async () => {
    const b = businesses[3]!;
    const clue = { externalId: ref(), source: "hotline-12345", business: { creditCode: b.creditCode }, facts: "市民投诉价格欺诈。", itemCodes: ["FJ-SP-001"] };
    const user = await api.tokenFor(GULOU, "officer");
    expect((await intake(user, [clue])).status).toBe(403);
    // A user token carrying the source-system role is still not a machine.
    const pretender = await api.tokenFor(GULOU, "source-system" as never);
    const refused = await intake(pretender, [clue]);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("clue.machine_only");
    // 台江区's hotline: the clue lands in 台江区, where 鼓楼区's business is unknown; 鼓楼区 never sees it.
    const other = await intake(await machine("hotline-12345", TAIJIANG), [clue]);
    expect(other.json.accepted[0]).toMatchObject({ status: "unmatched" });
    const gulouAdmin = await api.tokenFor(GULOU, "tenant-admin");
    expect((await api.call("GET", `/clues/${other.json.accepted[0].id}`, { token: gulouAdmin })).status).toBe(404);
    const taijiangAdmin = await api.tokenFor(TAIJIANG, "tenant-admin");
    expect((await api.call("GET", `/clues/${other.json.accepted[0].id}`, { token: taijiangAdmin })).status).toBe(200);
  });
});

describe("matching by name and address", () => {
  test("a clue with only a name and address is matched after the officer confirms, and joins the business's task", async () => {
    const b = businesses[5]!;
    const market = await officer("market");
    // Full-width letters, spaces, 有限责任公司 for 有限公司, the rare character kept.
    const filed = await api.call("POST", "/clues", {
      token: market,
      body: { source: "department", business: { name: "福州 𠮷祥餐饮有限责任公司", address: "福州市鼓楼区五四路𠮷祥里８号" }, facts: "日常巡查发现超范围经营。", itemCodes: ["FJ-SP-001"] },
    });
    expect(filed.status).toBe(201);
    expect(filed.json).toMatchObject({ status: "unmatched", unmatchedReason: "needs-confirmation", leadDepartmentId: dep("market") });
    const top = filed.json.candidates[0];
    expect(top.creditCode).toBe(b.creditCode);
    expect(top.confidence).toBeGreaterThan(0.8);
    expect(top.confidence).toBeLessThan(1);
    // Another department's officer cannot confirm it (it is not theirs to see).
    const health = await officer("health");
    expect((await api.call("POST", `/clues/${filed.json.id}/match`, { token: health, body: { version: filed.json.version, creditCode: b.creditCode } })).status).toBe(404);
    const confirmed = await api.call("POST", `/clues/${filed.json.id}/match`, { token: market, body: { version: filed.json.version, creditCode: b.creditCode } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({ status: "tasked", creditCode: b.creditCode, entityName: b.name, match: { by: "officer", confidence: top.confidence } });
    expect(confirmed.json.taskId).toMatch(/^ctk_/);
    // Confirmed twice → 409; a business not in the directory → 400 naming creditCode.
    expect((await api.call("POST", `/clues/${filed.json.id}/match`, { token: market, body: { version: confirmed.json.version, creditCode: b.creditCode } })).status).toBe(409);
    // A second clue about the business by code joins the same task.
    const joined = await intake(await machine("hotline-12345"), [{ externalId: ref(), source: "hotline-12345", business: { creditCode: b.creditCode }, facts: "市民反映同一家店卫生问题。" }]);
    expect(joined.json.accepted[0].taskId).toBe(confirmed.json.taskId);
  });

  test("an officer cannot confirm a business outside the directory", async () => {
    const market = await officer("market");
    const filed = await api.call("POST", "/clues", {
      token: market,
      body: { business: { name: "完全不存在的某某公司", address: "不存在的路 1 号" }, facts: "群众来信反映情况。" },
    });
    expect(filed.json).toMatchObject({ status: "unmatched", unmatchedReason: "no-candidate", leadDepartmentId: dep("market"), routedBy: "officer" });
    const res = await api.call("POST", `/clues/${filed.json.id}/match`, { token: market, body: { version: filed.json.version, creditCode: withCheckChar("91350102MA2Y8X8X8") } });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0]).toMatchObject({ field: "creditCode", rule: "clue.business_unknown" });
  });
});

describe("before a task becomes an inspection", () => {
  test("the check shows the cap, recognised results and warnings; a recorded reason when it found anything; then a new clue opens a new task", async () => {
    const b = businesses[4]!;
    const res = await intake(await machine("hotline-12345"), [{ externalId: ref(), source: "hotline-12345", business: { creditCode: b.creditCode }, facts: "市民反映食品过期。", itemCodes: ["FJ-SP-001"] }]);
    const taskId = res.json.accepted[0].taskId;
    const market = await officer("market");
    const check = await api.call("GET", `/clues/tasks/${taskId}/precheck?plannedDate=2026-12-20`, { token: market });
    expect(check.status, JSON.stringify(check.json)).toBe(200);
    expect(check.json).toMatchObject({ task: { id: taskId }, on: "2026-12-20" });
    expect(Array.isArray(check.json.recognised)).toBe(true);
    expect(Array.isArray(check.json.warnings)).toBe(true);
    const task = check.json.task;
    const body = { version: task.version, plannedDate: "2026-12-20", ...(check.json.needsReason ? { reason: "群众多次举报，确需现场核查。" } : {}) };
    const done = await api.call("POST", `/clues/tasks/${taskId}/proceed`, { token: market, body });
    expect(done.status).toBe(200);
    expect(done.json.task).toMatchObject({ status: "scheduled", outcome: { kind: "inspection", refId: done.json.inspection.id } });
    expect(done.json.inspection).toMatchObject({ creditCode: b.creditCode, itemCodes: ["FJ-SP-001"], departmentIds: [dep("market")] });
    // Scheduled again → 409; the next clue opens a new task.
    expect((await api.call("POST", `/clues/tasks/${taskId}/proceed`, { token: market, body: { ...body, version: done.json.task.version } })).status).toBe(409);
    const next = await intake(await machine("media"), [{ externalId: ref(), source: "media", business: { creditCode: b.creditCode }, facts: "媒体再次报道。", itemCodes: ["FJ-SP-001"] }]);
    expect(next.json.accepted[0].taskId).not.toBe(taskId);
    // The new task's check lists the earlier one.
    const again = await api.call("GET", `/clues/tasks/${next.json.accepted[0].taskId}/precheck?plannedDate=2026-12-21`, { token: market });
    expect(again.json.earlierTasks.map((t: { id: string }) => t.id)).toContain(taskId);
  });
});
