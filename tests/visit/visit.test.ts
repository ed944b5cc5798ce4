import { createHash, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Business } from "../../packages/core/src/business/index";
import { CatalogueSync } from "../../packages/core/src/catalogue-sync/index";
import { Department } from "../../packages/core/src/department/index";
import { Disclosure } from "../../packages/core/src/disclosure/index";
import { Draw } from "../../packages/core/src/draw/index";
import { Enforcement } from "../../packages/core/src/enforcement/index";
import { Inspector } from "../../packages/core/src/inspector/index";
import { Penalty } from "../../packages/core/src/penalty/index";
import { Plan } from "../../packages/core/src/plan/index";
import { Policy } from "../../packages/core/src/policy/index";
import { Referral } from "../../packages/core/src/referral/index";
import { Visit } from "../../packages/core/src/visit/index";
import { enact } from "../support/catalogue";
import { deliverSync } from "../support/sync";
import { startTestApi, type TestApi } from "../support/api";
import { asUser } from "../support/context";

/** The joint visit (issue 13 "The visit", "Registered by code"): a drawn joint task for two bodies is
 * approved, the business checks its code, the checklist is answered (replays act once, files checked
 * by hash), results go to rectification and re-check, a penalty and a transfer, two inspectors sign,
 * and the close feeds recognition, disclosure and the year's figures — and the failure cases. */

const GULOU = "350102";
const TAIJIANG = "350103";
const dep = (type: string, tenant = GULOU) => Department.standardId(tenant, type);
const market = dep("market");
const health = dep("health");
const office = dep("enforcement-supervision");
const cert = (n: string) => ({ certificateNo: `闽榕执${n}`, certificateFrom: "2025-01-01", certificateUntil: "2030-12-31" });

let api: TestApi;
const as = {} as Record<"market" | "health" | "ecology" | "admin" | "office" | "taijiang", string>;
let marketBody: Enforcement.Info, healthBody: Enforcement.Info;
let businesses: Business.Info[] = [];
let drawId: string;
let jointTask: Draw.ResultLine;
/** Businesses the draw did not select: no task counted for them yet this year. */
let undrawn: Business.Info[] = [];
const inspectorToken = new Map<string, string>();

beforeAll(async () => {
  api = await startTestApi();
  await asUser(GULOU, () => Department.seedStandard([{ type: "enforcement-supervision", name: "福州市鼓楼区司法局", nameEn: "Gulou Justice Bureau" }]));
  await asUser(TAIJIANG, () => Department.seedStandard());
  await asUser("350000", () => Department.seedStandard());
  // Two items in force with their work guides (检查内容、检查方法).
  await asUser(
    "350000",
    () =>
      CatalogueSync.publish({
        version: 1,
        title: "检查测试清单",
        changes: [
          enact("FJ-SP-001", { name: "食品经营许可与从业人员健康管理" }),
          enact("FJ-WS-001", { name: "公共场所卫生", leadDepartmentType: "health", cooperatingDepartmentTypes: [], workGuide: { subject: "县级卫生健康部门", objects: "公共场所经营者", procedure: ["现场检查"], content: ["卫生许可证是否有效", "从业人员健康合格证明", "空气质量检测记录"], methods: ["现场检查", "查阅资料"] } }),
        ],
      }),
    "province-admin",
  );
  await deliverSync((e) => e.toTenant === GULOU || e.toTenant === "350000");
  await asUser(GULOU, async () => {
    await Business.importRows([...Business.generate({ count: 40, seed: 13, tenantId: GULOU, grades: { C: 0.8, D: 0.2 } })]);
    businesses = await Business.getMany((await Business.list({ limit: 200 })).items.map((b) => b.creditCode));
    marketBody = await Enforcement.publishBody({ departmentId: market, inspectionItems: ["FJ-SP-001"] });
    healthBody = await Enforcement.publishBody({ departmentId: health, inspectionItems: ["FJ-WS-001"] });
    // Each inspector is a signed-in user (userId) who answers and signs.
    for (let i = 1; i <= 3; i++) {
      const p = await Inspector.create({ bodyId: marketBody.id, name: `市场执法员${i}`, ...cert(`01${i}`), qualifications: ["FJ-SP-001"], userId: `usr_market_${i}` });
      inspectorToken.set(p.id, await api.tokenFor(GULOU, "inspector", { sub: p.userId, name: p.name, department_id: market }));
    }
    for (let i = 1; i <= 3; i++) {
      const p = await Inspector.create({ bodyId: healthBody.id, name: `卫生监督员${i}`, ...cert(`02${i}`), qualifications: ["FJ-WS-001"], userId: `usr_health_${i}` });
      inspectorToken.set(p.id, await api.tokenFor(GULOU, "inspector", { sub: p.userId, name: p.name, department_id: health }));
    }
    // Every D business is drawn by both plans (a joint task); a few C ones; the rest are not drawn.
    const ratios = { A: 500, B: 2000, C: 2100, D: 10000 };
    const p1 = await Plan.file({ title: "2026年度市场监管双随机抽查计划", year: 2026, bodyIds: [marketBody.id], itemCodes: ["FJ-SP-001"], periodFrom: "2026-12-01", periodTo: "2026-12-31", ratios });
    const p2 = await Plan.file({ title: "2026年度卫生健康双随机抽查计划", year: 2026, bodyIds: [healthBody.id], itemCodes: ["FJ-WS-001"], periodFrom: "2026-12-01", periodTo: "2026-12-31", ratios });
    drawId = (await Draw.commitDraw({ planIds: [p1.id, p2.id], drawDate: "2026-12-01" })).id;
    await Draw.run(drawId);
    const page = await Draw.resultPage(GULOU, drawId, 0);
    jointTask = page.tasks.find((t) => t.bodies.length === 2)!;
    const drawn = new Set(page.tasks.map((t) => t.c));
    undrawn = businesses.filter((b) => !drawn.has(b.creditCode));
  });
  as.market = await api.tokenFor(GULOU, "officer", { sub: "usr_market_officer", name: "陈静", department_id: market });
  as.health = await api.tokenFor(GULOU, "officer", { sub: "usr_health_officer", name: "周婷", department_id: health });
  as.ecology = await api.tokenFor(GULOU, "officer", { sub: "usr_ecology_officer", department_id: dep("ecology") });
  as.admin = await api.tokenFor(GULOU, "tenant-admin", { sub: "usr_head", name: "王芳", department_id: dep("supervision-office") });
  as.office = await api.tokenFor(GULOU, "officer", { sub: "usr_justice", name: "司法局监督员", department_id: office });
  as.taijiang = await api.tokenFor(TAIJIANG, "tenant-admin", { department_id: dep("supervision-office", TAIJIANG) });
}, 180_000);
afterAll(() => api?.stop());

const post = (path: string, token: string, body: unknown) => api.call("POST", path, { token, body });
const get = (path: string, token?: string) => api.call("GET", path, { token });
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("a drawn joint visit, from approval to close", () => {
  let visit: Visit.Info;
  let lines: { lineId: string; bodyId: string; itemCode: string }[] = [];
  const tokenOfBody = (bodyId: string) => inspectorToken.get(visit.inspectors.find((i) => i.bodyId === bodyId)!.id)!;

  test("the drawn task becomes one visit for both bodies, with the drawn inspectors and a code", async () => {
    expect(jointTask).toBeDefined();
    const business = businesses.find((b) => b.creditCode === jointTask.c)!;
    const res = await post("/visits", as.market, { origin: { kind: "draw", ref: drawId }, creditCode: jointTask.c, entityName: business.name, window: { from: "2026-12-10", to: "2026-12-20" } });
    expect(res.status, res.text).toBe(201);
    visit = res.json;
    expect(visit.id).toMatch(/^vst_/);
    expect(visit.status).toBe("draft");
    expect(visit.code).toMatch(Visit.CODE_PATTERN);
    expect(visit.code.length).toBeGreaterThanOrEqual(10);
    expect(visit.bodies.map((b) => b.bodyId).sort()).toEqual([marketBody.id, healthBody.id].sort());
    expect(visit.bodies.find((b) => b.bodyId === healthBody.id)!.itemCodes).toEqual(["FJ-WS-001"]);
    expect(visit.inspectors.map((i) => i.id).sort()).toEqual(Object.values(jointTask.inspectors).flat().sort());
    // The draw already counted the task against each body's cap: the visit does not count it again.
    const caps = await asUser(GULOU, () => Plan.capStatus({ creditCode: jointTask.c, year: 2026, bodyIds: [marketBody.id, healthBody.id] }));
    expect(caps.bodies.map((b) => b.count)).toEqual([1, 1]);
  });

  test("an unapproved visit takes no answers and no results (409)", async () => {
    const checklist = await get(`/visits/${visit.id}/checklist`, as.market);
    expect(checklist.status).toBe(200);
    lines = checklist.json.lines;
    const answer = await post(`/visits/${visit.id}/answers`, tokenOfBody(marketBody.id), { answers: [{ clientId: randomUUID(), lineId: lines[0]!.lineId, value: "yes", capturedAt: "2026-12-10T09:00:00+08:00" }] });
    expect(answer.status).toBe(409);
    expect(answer.json.error.code).toBe("visit.not_approved");
    const results = await post(`/visits/${visit.id}/results`, as.market, { version: visit.version, results: [{ itemCode: "FJ-SP-001", bodyId: marketBody.id, outcome: "pass" }] });
    expect(results.status).toBe(409);
    expect(results.json.error.code).toBe("visit.not_approved");
  });

  test("only the head approves (visit.approve); after the fact only for an emergency; then the business is told", async () => {
    expect((await post(`/visits/${visit.id}/approve`, as.market, { version: visit.version })).status).toBe(403);
    const late = await post(`/visits/${visit.id}/approve`, as.admin, { version: visit.version, afterTheFact: true });
    expect(late.status).toBe(400);
    expect(late.json.error.details[0].field).toBe("afterTheFact");
    const ok = await post(`/visits/${visit.id}/approve`, as.admin, { version: visit.version });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.status).toBe("approved");
    expect(ok.json.approval).toMatchObject({ by: { id: "usr_head" }, afterTheFact: false });
    const told = await post(`/visits/${visit.id}/notify`, as.market, { version: ok.json.version });
    expect(told.status).toBe(200);
    expect(told.json.notice.recusalRight).toBe(true);
    visit = told.json;
  });

  test("the business scans the code: the public page (no sign-in) shows only what the contract lists", async () => {
    const res = await get(`/public/visits/${visit.code}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.json).sort()).toEqual(["approvedAt", "bodies", "emergency", "inspectors", "items", "status", "tenantName", "window"]);
    expect(res.json.tenantName).toBe("鼓楼区");
    expect(res.json.bodies).toHaveLength(2);
    expect(res.json.inspectors[0]).toEqual({ name: expect.any(String), certificateNo: expect.stringMatching(/^闽榕执/) });
    expect(res.json.items).toEqual(expect.arrayContaining([{ code: "FJ-WS-001", name: "公共场所卫生" }]));
    expect(res.text).not.toContain(visit.creditCode);
    expect(res.text).not.toContain(visit.id);
    // A code that does not exist (or is not a code) is simply not found.
    expect((await get(`/public/visits/${GULOU}aaaaaaaaaaaaaaaa`)).status).toBe(404);
    expect((await get(`/public/visits/not-a-code`)).status).toBe(400);
  });

  test("one combined checklist from both items' work guides; answers replayed twice act once; only the line's body answers it", async () => {
    const checklist = (await get(`/visits/${visit.id}/checklist`, as.market)).json;
    // 2 content lines of FJ-SP-001 (market) + 3 of FJ-WS-001 (health), with 检查方法.
    expect(checklist.lines).toHaveLength(5);
    const healthLine = checklist.lines.find((l: { itemCode: string }) => l.itemCode === "FJ-WS-001");
    expect(healthLine).toMatchObject({ bodyName: healthBody.name, content: "卫生许可证是否有效", method: "现场检查、查阅资料" });
    const marketLines = checklist.lines.filter((l: { bodyId: string }) => l.bodyId === marketBody.id);
    const batch = marketLines.map((l: { lineId: string }, n: number) => ({ clientId: randomUUID(), lineId: l.lineId, value: "yes", capturedAt: `2026-12-10T09:0${n}:00+08:00` }));
    const first = await post(`/visits/${visit.id}/answers`, tokenOfBody(marketBody.id), { answers: batch });
    expect(first.status, first.text).toBe(200);
    expect(first.json.accepted).toHaveLength(2);
    // The phone lost the response and sends the same batch again, plus a line of the other body.
    const again = await post(`/visits/${visit.id}/answers`, tokenOfBody(marketBody.id), { answers: [...batch, { clientId: randomUUID(), lineId: healthLine.lineId, value: "no", capturedAt: "2026-12-10T09:05:00+08:00" }] });
    expect(again.json.accepted).toEqual([]);
    expect(again.json.duplicates.sort()).toEqual(batch.map((a: { clientId: string }) => a.clientId).sort());
    expect(again.json.rejected).toEqual([{ clientId: expect.any(String), code: "visit.not_your_line", message: expect.stringContaining(healthBody.name) }]);
    // A late answer captured before the newest one does not overwrite it.
    const older = await post(`/visits/${visit.id}/answers`, tokenOfBody(marketBody.id), { answers: [{ clientId: randomUUID(), lineId: marketLines[0].lineId, value: "no", capturedAt: "2026-12-10T08:00:00+08:00" }] });
    expect(older.json.accepted).toHaveLength(1);
    const health = await post(`/visits/${visit.id}/answers`, tokenOfBody(healthBody.id), { answers: [{ clientId: randomUUID(), lineId: healthLine.lineId, value: "no", note: "卫生许可证已过期", capturedAt: "2026-12-10T09:10:00+08:00" }] });
    expect(health.json.accepted).toHaveLength(1);
    const after = (await get(`/visits/${visit.id}/checklist`, as.market)).json;
    const m0 = after.lines.find((l: { lineId: string }) => l.lineId === marketLines[0].lineId);
    expect(m0.answer).toMatchObject({ value: "yes", clientId: batch[0].clientId });
    expect(after.lines.find((l: { lineId: string }) => l.lineId === healthLine.lineId).answer).toMatchObject({ value: "no", note: "卫生许可证已过期" });
    expect((await get(`/visits/${visit.id}`, as.market)).json.status).toBe("in-progress");
  });

  test("a file whose bytes do not match the hash taken at capture is refused; a matching one is stored once and read back", async () => {
    const bytes = Buffer.from("现场照片：后厨𠮷字标签");
    const wrong = await post(`/visits/${visit.id}/files`, tokenOfBody(marketBody.id), { name: "照片.txt", type: "text/plain", contentBase64: bytes.toString("base64"), sha256: sha(Buffer.from("别的内容")) });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.code).toBe("visit.file_hash_mismatch");
    expect(wrong.json.error.details[0].field).toBe("sha256");
    const ok = await post(`/visits/${visit.id}/files`, tokenOfBody(marketBody.id), { name: "照片.txt", type: "text/plain", contentBase64: bytes.toString("base64"), sha256: sha(bytes) });
    expect(ok.status).toBe(201);
    const twice = await post(`/visits/${visit.id}/files`, tokenOfBody(marketBody.id), { name: "照片.txt", type: "text/plain", contentBase64: bytes.toString("base64"), sha256: sha(bytes) });
    expect(twice.status).toBe(200);
    expect(twice.json.created).toBe(false);
    const read = await get(`/visits/${visit.id}/files/${sha(bytes)}`, as.market);
    expect(read.status).toBe(200);
    expect(read.text).toBe(bytes.toString());
  });

  test("another tenant's or another department's staff cannot see the visit", async () => {
    expect((await get(`/visits/${visit.id}`, as.taijiang)).status).toBe(404);
    expect((await get(`/visits/${visit.id}`, as.ecology)).status).toBe(404);
    expect((await get(`/visits/${visit.id}/checklist`, as.ecology)).status).toBe(404);
    expect((await get(`/visits`, as.ecology)).json.items).toEqual([]);
    expect((await get(`/visits`, as.health)).json.items.map((v: Visit.Info) => v.id)).toContain(visit.id);
    expect((await get(`/visits?status=draft`, as.health)).json.items.map((v: Visit.Info) => v.id)).not.toContain(visit.id);
  });

  test("results: health orders a rectification, market opens a case; the penalty and a transfer link back; re-check after the deadline", async () => {
    visit = (await get(`/visits/${visit.id}`, as.market)).json;
    const other = await post(`/visits/${visit.id}/results`, as.market, { version: visit.version, results: [{ itemCode: "FJ-WS-001", bodyId: healthBody.id, outcome: "pass" }] });
    expect(other.status).toBe(403);
    expect(other.json.error.details[0].field).toBe("results.0.bodyId");
    const noDeadline = await post(`/visits/${visit.id}/results`, as.health, { version: visit.version, results: [{ itemCode: "FJ-WS-001", bodyId: healthBody.id, outcome: "rectify" }] });
    expect(noDeadline.status).toBe(400);
    const h = await post(`/visits/${visit.id}/results`, as.health, { version: visit.version, results: [{ itemCode: "FJ-WS-001", bodyId: healthBody.id, outcome: "rectify", rectifyBy: "2026-12-31", note: "限期办理卫生许可证延续", recognisable: true, validDays: 180 }] });
    expect(h.status, h.text).toBe(200);
    const m = await post(`/visits/${visit.id}/results`, as.market, { version: h.json.version, results: [{ itemCode: "FJ-SP-001", bodyId: marketBody.id, outcome: "case", note: "销售过期食品，立案调查" }] });
    expect(m.status, m.text).toBe(200);
    visit = m.json;
    // The officer records the penalty in the existing flow, naming the visit.
    const penalty = await post("/penalties", as.market, {
      creditCode: visit.creditCode,
      entityName: visit.entityName,
      fact: { itemCode: "FJ-SP-001", clause: "《食品安全法》第一百二十四条", actDate: "2026-12-10", conduct: "销售超过保质期的食品", description: "检查发现货架上有过期食品" },
      decisionNo: "鼓市监罚〔2026〕88号",
      measure: "warning",
      visitId: visit.id,
    });
    expect(penalty.status, penalty.text).toBe(201);
    const transfer = await post("/referrals", as.market, {
      title: "涉嫌销售不符合安全标准的食品案",
      suspectedOffence: "销售不符合安全标准的食品罪",
      facts: "检查中发现大量过期食品，涉嫌犯罪",
      team: [{ name: "陈静", badgeNo: "FJ35010201" }, { name: "林强", badgeNo: "FJ35010202" }],
      evidence: [{ name: "现场照片", kind: "photo", sha256: "9f2c1a6b0d4e8f3a7c5b2e1d0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a" }],
      visitId: visit.id,
      visitItemCode: "FJ-SP-001",
    });
    expect(transfer.status, transfer.text).toBe(201);
    const linked = (await get(`/visits/${visit.id}`, as.market)).json;
    expect(linked.results.find((r: { itemCode: string }) => r.itemCode === "FJ-SP-001")).toMatchObject({ outcome: "case", penaltyId: penalty.json.id });
    // The transfer names the same item; a transfer result shows it once recorded.
    const t = await post(`/visits/${visit.id}/results`, as.market, { version: linked.version, results: [{ itemCode: "FJ-SP-001", bodyId: marketBody.id, outcome: "transfer", note: "涉嫌犯罪，移送公安机关" }] });
    expect(t.json.results.find((r: { itemCode: string }) => r.itemCode === "FJ-SP-001")).toMatchObject({ outcome: "transfer", referralId: transfer.json.id });
    visit = t.json;
  });

  test("signed off by both inspectors: the signed-in user must be one of them, each signs once", async () => {
    expect((await post(`/visits/${visit.id}/sign`, as.market, { version: visit.version })).status).toBe(403);
    const one = await post(`/visits/${visit.id}/sign`, tokenOfBody(marketBody.id), { version: visit.version });
    expect(one.status, one.text).toBe(200);
    expect(one.json.status).toBe("in-progress");
    expect((await post(`/visits/${visit.id}/sign`, tokenOfBody(marketBody.id), { version: one.json.version })).json.error.code).toBe("visit.already_signed");
    const two = await post(`/visits/${visit.id}/sign`, tokenOfBody(healthBody.id), { version: one.json.version });
    expect(two.json.status).toBe("signed");
    expect(two.json.signatures).toHaveLength(2);
    visit = two.json;
  });

  test("the business rates once, after the visit; a second rating is refused", async () => {
    expect(visit.status).toBe("signed");
    const r = await post(`/public/visits/${visit.code}/rating`, "", { stars: 4, comment: "一次查完，少跑一趟" });
    expect(r.status, r.text).toBe(201);
    const again = await post(`/public/visits/${visit.code}/rating`, "", { stars: 1 });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("visit.rating_exists");
  });

  test("close: the recognisable result goes to the registry, the results to disclosure and the year's figures, in one commit", async () => {
    const closed = await post(`/visits/${visit.id}/close`, as.market, { version: visit.version });
    expect(closed.status, closed.text).toBe(200);
    expect(closed.json.status).toBe("closed");
    const h = closed.json.results.find((r: { itemCode: string }) => r.itemCode === "FJ-WS-001");
    expect(h.recognitionId).toMatch(/^rcg_/);
    const disclosed = await asUser(GULOU, () => Disclosure.forSource("inspection", visit.id));
    expect(disclosed).toHaveLength(1);
    expect(disclosed[0]!.results.map((r) => r.outcome).sort()).toEqual(["rectify", "transfer"]);
    const stats = await get(`/visits/stats?year=2026`, as.admin);
    expect(stats.json).toMatchObject({ year: 2026, visits: 1, joint: 1, ratings: { count: 1, mean: 4 } });
    expect(stats.json.perBusiness).toEqual([{ creditCode: visit.creditCode, entityName: visit.entityName, count: 1, cap: 2 }]);
    expect(await asUser(GULOU, () => Visit.yearFigures(2026))).toMatchObject({ visits: 1, joint: 1 });
    // The re-check of the rectification, after the close.
    const rc = await post(`/visits/${visit.id}/recheck`, as.health, { version: closed.json.version, itemCode: "FJ-WS-001", outcome: "pass", note: "已办理卫生许可证延续，复查合格" });
    expect(rc.status, rc.text).toBe(200);
    expect(rc.json.results.find((r: { itemCode: string }) => r.itemCode === "FJ-WS-001").recheck).toMatchObject({ outcome: "pass" });
    const twice = await post(`/visits/${visit.id}/recheck`, as.health, { version: rc.json.version, itemCode: "FJ-WS-001", outcome: "fail", note: "再次复查" });
    expect(twice.status).toBe(409);
  });
});

describe("caps, joining and emergencies", () => {
  const pick = (n: number) => undrawn[n]!;
  const body = (b: Enforcement.Info, ids: string[], items: string[]) => ({ bodyId: b.id, itemCodes: items, inspectorIds: ids });
  let marketPeople: string[] = [];
  let healthPeople: string[] = [];
  beforeAll(async () => {
    marketPeople = (await asUser(GULOU, () => Inspector.pool(marketBody.id))).map((p) => p.id);
    healthPeople = (await asUser(GULOU, () => Inspector.pool(healthBody.id))).map((p) => p.id);
  });

  test("a second body's task for the same business and an overlapping window joins the open visit instead of making a second", async () => {
    const b = pick(0);
    const first = await post("/visits", as.market, { origin: { kind: "plan" }, creditCode: b.creditCode, entityName: b.name, window: { from: "2026-12-12", to: "2026-12-14" }, bodies: [body(marketBody, marketPeople.slice(0, 2), ["FJ-SP-001"])] });
    expect(first.status, first.text).toBe(201);
    expect(first.json.joined).toBe(false);
    const second = await post("/visits", as.health, { origin: { kind: "clue", ref: "clu_test" }, creditCode: b.creditCode, entityName: b.name, window: { from: "2026-12-14", to: "2026-12-18" }, bodies: [body(healthBody, healthPeople.slice(0, 2), ["FJ-WS-001"])] });
    expect(second.status, second.text).toBe(201);
    expect(second.json.joined).toBe(true);
    expect(second.json.id).toBe(first.json.id);
    expect(second.json.bodies).toHaveLength(2);
    expect((await get(`/visits/${first.json.id}/checklist`, as.health)).json.lines).toHaveLength(5);
  });

  test("past the yearly cap a body is refused (409 visit.over_cap) unless the check is case-driven or special", async () => {
    const b = pick(1);
    const make = (from: string, to: string, kind = "plan") =>
      post("/visits", as.market, { origin: { kind }, creditCode: b.creditCode, entityName: b.name, window: { from, to }, bodies: [body(marketBody, marketPeople.slice(0, 2), ["FJ-SP-001"])] });
    // Separate windows that do not overlap: separate visits, each counted.
    expect((await make("2026-03-02", "2026-03-03")).status).toBe(201);
    expect((await make("2026-06-02", "2026-06-03")).status).toBe(201);
    const third = await make("2026-09-02", "2026-09-03");
    expect(third.status).toBe(409);
    expect(third.json.error.code).toBe("visit.over_cap");
    expect(third.json.error.message).toContain("2");
    // A case-driven check is outside the cap, but the body is at it: the 高频检查 warning fires and going ahead needs a reason.
    const warned = await make("2026-09-02", "2026-09-03", "case");
    expect(warned.status, warned.text).toBe(409);
    expect(warned.json.error.code).toBe("visit.reason_required");
    const ordered = await post("/visits", as.market, { origin: { kind: "case" }, creditCode: b.creditCode, entityName: b.name, window: { from: "2026-09-02", to: "2026-09-03" }, bodies: [body(marketBody, marketPeople.slice(0, 2), ["FJ-SP-001"])], overrideReason: "上级交办的投诉举报案件，须立即现场核查" });
    expect(ordered.status, ordered.text).toBe(201);
    expect(ordered.json.warnings.map((w: { ruleId: string }) => w.ruleId)).toContain("yearly-cap");
  });

  test("重复/高频检查: a second body within days of another visit (not overlapping) fires the warnings; a 409 names overrideReason and lists them; with a reason it goes ahead and returns them", async () => {
    const b = pick(6);
    const first = await post("/visits", as.market, { origin: { kind: "plan" }, creditCode: b.creditCode, entityName: b.name, window: { from: "2026-11-02", to: "2026-11-03" }, bodies: [body(marketBody, marketPeople.slice(0, 2), ["FJ-SP-001"])] });
    expect(first.status, first.text).toBe(201);
    expect(first.json.warnings).toEqual([]);
    const input = { origin: { kind: "plan" }, creditCode: b.creditCode, entityName: b.name, window: { from: "2026-11-06", to: "2026-11-06" }, bodies: [body(healthBody, healthPeople.slice(0, 2), ["FJ-WS-001"])] };
    const refused = await post("/visits", as.health, input);
    expect(refused.status, refused.text).toBe(409);
    expect(refused.json.error.code).toBe("visit.reason_required");
    expect(refused.json.error.details[0]).toMatchObject({ field: "overrideReason", rule: "visit.reason_required" });
    const listed = refused.json.error.details.slice(1).map((d: { warning: { ruleId: string } }) => d.warning.ruleId).sort();
    expect(listed).toEqual(["bodies-2-in-30", "duplicate-7"]);
    expect(refused.json.error.message).toContain("7 日内已有检查");
    const tooShort = await post("/visits", as.health, { ...input, overrideReason: "短" });
    expect(tooShort.status).toBe(400);
    const made = await post("/visits", as.health, { ...input, overrideReason: "群众投诉集中，需卫生健康部门另行现场检查" });
    expect(made.status, made.text).toBe(201);
    expect(made.json.joined).toBe(false);
    expect(made.json.warnings.map((w: { ruleId: string }) => w.ruleId).sort()).toEqual(["bodies-2-in-30", "duplicate-7"]);
    expect(made.json.warnings[0].facts.length).toBeGreaterThan(0);
  });

  test("cancel before sign-off: reason recorded and audited, the cap's count and task taken back, the code page shows it cancelled; not twice, not stale, not another department", async () => {
    const b = pick(7);
    const year = 2026;
    const counts = async () => asUser(GULOU, () => Plan.capStatus({ creditCode: b.creditCode, year, bodyIds: [marketBody.id] }));
    const made = await post("/visits", as.market, { origin: { kind: "plan" }, creditCode: b.creditCode, entityName: b.name, window: { from: "2026-10-12", to: "2026-10-13" }, bodies: [body(marketBody, marketPeople.slice(0, 2), ["FJ-SP-001"])] });
    expect(made.status, made.text).toBe(201);
    expect((await counts()).bodies[0]!.count).toBe(1);
    expect((await counts()).tasks.map((t) => t.id)).toContain(made.json.id);
    const approved = await post(`/visits/${made.json.id}/approve`, as.admin, { version: made.json.version });
    const notified = await post(`/visits/${made.json.id}/notify`, as.market, { version: approved.json.version });
    expect(notified.status, notified.text).toBe(200);
    expect((await post(`/visits/${made.json.id}/cancel`, as.market, { version: notified.json.version, reason: "短" })).status).toBe(400);
    expect((await post(`/visits/${made.json.id}/cancel`, as.market, { version: made.json.version, reason: "企业已停业，经负责人同意取消" })).status).toBe(409);
    expect((await post(`/visits/${made.json.id}/cancel`, as.ecology, { version: notified.json.version, reason: "企业已停业，经负责人同意取消" })).status).toBe(404);
    const cancelled = await post(`/visits/${made.json.id}/cancel`, as.market, { version: notified.json.version, reason: "企业已停业，经负责人同意取消" });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.json.status).toBe("cancelled");
    expect((await counts()).bodies[0]!.count).toBe(0);
    expect((await counts()).tasks.map((t) => t.id)).not.toContain(made.json.id);
    expect((await post(`/visits/${made.json.id}/cancel`, as.market, { version: cancelled.json.version, reason: "企业已停业，经负责人同意取消" })).status).toBe(409);
    // The business was told of the visit: its code page now says cancelled; nothing more can be done with it.
    const page = await get(`/public/visits/${made.json.code}`);
    expect(page.status, page.text).toBe(200);
    expect(page.json.status).toBe("cancelled");
    expect(page.json.cancelledAt).toBeDefined();
    expect((await api.call("POST", `/public/visits/${made.json.code}/rating`, { body: { stars: 1 } })).status).toBe(404);
    expect((await post(`/visits/${made.json.id}/results`, as.market, { version: cancelled.json.version, results: [{ itemCode: "FJ-SP-001", bodyId: marketBody.id, outcome: "pass" }] })).status).toBe(409);
    const audit = await get("/audit?limit=20", as.admin);
    const event = audit.json.items.find((e: { action: string; target: { id: string } }) => e.action === "visit.cancel" && e.target.id === made.json.id);
    expect(event, JSON.stringify(audit.json.items.map((e: { action: string }) => e.action))).toBeDefined();
    // The count freed, the cap holds again for a new visit in another window.
    expect((await post("/visits", as.market, { origin: { kind: "plan" }, creditCode: b.creditCode, entityName: b.name, window: { from: "2026-10-20", to: "2026-10-21" }, bodies: [body(marketBody, marketPeople.slice(0, 2), ["FJ-SP-001"])] })).status).toBe(201);
    expect((await counts()).bodies[0]!.count).toBe(1);
  });

  test("only listed items and certified, qualified officers of the bodies on the visit", async () => {
    const b = pick(2);
    const unlisted = await post("/visits", as.market, { origin: { kind: "plan" }, creditCode: b.creditCode, entityName: b.name, window: { from: "2026-12-21", to: "2026-12-22" }, bodies: [body(marketBody, marketPeople.slice(0, 2), ["FJ-WS-001"])] });
    expect(unlisted.status).toBe(403);
    const wrongPeople = await post("/visits", as.market, { origin: { kind: "plan" }, creditCode: b.creditCode, entityName: b.name, window: { from: "2026-12-21", to: "2026-12-22" }, bodies: [body(marketBody, healthPeople.slice(0, 2), ["FJ-SP-001"])] });
    expect(wrongPeople.status).toBe(400);
    expect(wrongPeople.json.error.code).toBe("inspector.not_certified");
  });

  test("an emergency visit answers before approval and is approved after the fact, recorded as such; a name with 𠮷 works throughout", async () => {
    const b = pick(3);
    const name = "𠮷野家餐饮（鼓楼）有限公司";
    const created = await post("/visits", as.market, { origin: { kind: "special" }, creditCode: b.creditCode, entityName: name, emergency: true, window: { from: "2026-12-02", to: "2026-12-02" }, bodies: [body(marketBody, marketPeople.slice(0, 2), ["FJ-SP-001"])] });
    expect(created.status, created.text).toBe(201);
    const v = created.json;
    expect(v.entityName).toBe(name);
    const lines = (await get(`/visits/${v.id}/checklist`, as.market)).json.lines;
    const token = inspectorToken.get(marketPeople[0]!)!;
    const a = await post(`/visits/${v.id}/answers`, token, { answers: [{ clientId: randomUUID(), lineId: lines[0].lineId, value: "yes", capturedAt: "2026-12-02T10:00:00+08:00" }] });
    expect(a.json.accepted).toHaveLength(1);
    // Not over yet: no rating.
    expect((await post(`/public/visits/${v.code}/rating`, "", { stars: 5 })).json.error.code).toBe("visit.rating_too_early");
    // Results still wait for the approval.
    const early = await post(`/visits/${v.id}/results`, as.market, { version: v.version, results: [{ itemCode: "FJ-SP-001", bodyId: marketBody.id, outcome: "pass" }] });
    expect(early.json.error.code).toBe("visit.not_approved");
    const approved = await post(`/visits/${v.id}/approve`, as.admin, { version: v.version, afterTheFact: true });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.json.approval.afterTheFact).toBe(true);
    expect(approved.json.status).toBe("in-progress");
    expect((await get(`/public/visits/${v.code}`)).json).toMatchObject({ emergency: true, approvedAt: approved.json.approval.at });
    const listed = (await get(`/visits`, as.market)).json.items.find((x: Visit.Info) => x.id === v.id);
    expect(listed.entityName).toBe(name);
  });
});

describe("reports of a visit with no code reach the enforcement-supervision office with a clock", () => {
  test("a report with no code (public) is listed for the office, due in the configured working days; others may not list them", async () => {
    const b = businesses[5]!;
    const res = await api.call("POST", "/public/visit-reports", { body: { tenantId: GULOU, creditCode: b.creditCode, entityName: b.name, occurredOn: "2026-12-01", description: "两人自称检查人员，未出示检查码" } });
    expect(res.status, res.text).toBe(201);
    expect(res.json.kind).toBe("no-code");
    const mismatch = await api.call("POST", "/public/visit-reports", { body: { tenantId: GULOU, code: `${GULOU}zzzzzzzzzzzzzzzz`, creditCode: b.creditCode, entityName: b.name, occurredOn: "2026-12-01", description: "出示的检查码查不到" } });
    expect(mismatch.json.kind).toBe("mismatch");
    const list = await get("/visits/reports", as.office);
    expect(list.status).toBe(200);
    const row = list.json.items.find((r: { id: string }) => r.id === res.json.id);
    expect(row.departmentId).toBe(office);
    const due = Policy.deadline(row.receivedAt, Policy.PolicyDefaults.visit.answerReport.duration).dueAt;
    expect(row.dueAt).toBe(due);
    expect(row.overdue).toBe(false);
    expect((await get("/visits/reports", as.market)).status).toBe(403);
    expect((await get("/visits/reports", as.admin)).status).toBe(200);
    const stats = await get(`/visits/stats?year=2026`, as.admin);
    expect(stats.json.noCodeReports).toBe(2);
  });

  test("every business visited in the year, paged with a cursor (behind the top list of the stats)", async () => {
    const first = await get(`/visits/stats/businesses?year=2026&limit=1`, as.admin);
    expect(first.status, first.text).toBe(200);
    expect(first.json.items).toHaveLength(1);
    expect(first.json.items[0]).toMatchObject({ count: 1, cap: expect.any(Number) });
    const all: string[] = [];
    for (let cursor: string | null = null, n = 0; n < 10; n++) {
      const res: Awaited<ReturnType<typeof get>> = await get(`/visits/stats/businesses?year=2026&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, as.admin);
      all.push(...res.json.items.map((r: { creditCode: string }) => r.creditCode));
      cursor = res.json.cursor;
      if (!cursor) break;
    }
    const stats = await get(`/visits/stats?year=2026`, as.admin);
    expect(all.sort()).toEqual(stats.json.perBusiness.map((r: { creditCode: string }) => r.creditCode).sort());
    expect((await get(`/visits/stats/businesses?year=2026&limit=500`, as.admin)).status).toBe(400);
    expect((await get(`/visits/stats/businesses?year=2026&cursor=nope`, as.admin)).status).toBe(400);
    expect((await get(`/visits/stats/businesses?year=2026`, as.taijiang)).json.items).toEqual([]);
  });
});
