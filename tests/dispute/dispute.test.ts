import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Audit } from "../../packages/core/src/audit/index";
import { Assignment } from "../../packages/core/src/assignment/index";
import { CatalogueSync } from "../../packages/core/src/catalogue-sync/index";
import { Department } from "../../packages/core/src/department/index";
import { enact } from "../support/catalogue";
import { deliverSync } from "../support/sync";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem, asUser } from "../support/context";

/** 监管职责争议 through the API: both paths to a lead department, who may take
 * which step, stale versions, bad input, the audit trail, other tenants. */

const GULOU = "350102";
const TAIJIANG = "350103";
const dep = (type: string, tenant = GULOU) => Department.standardId(tenant, type);

let api: TestApi;
/** Tokens of users of 鼓楼区, each acting for one department. */
const as: Record<string, string> = {};

beforeAll(async () => {
  api = await startTestApi();
  await asSystem(() => Department.seedStandard(), GULOU);
  await asSystem(() => Department.seedStandard(), TAIJIANG);
  await asSystem(() => Department.seedStandard(), "350000");
  const officer = (type: string) => api.tokenFor(GULOU, "officer", { sub: `usr_${type}`, name: `鼓楼区${type}`, department_id: dep(type) });
  as.market = await officer("market");
  as.housing = await officer("housing");
  as.ecology = await officer("ecology");
  as.establishment = await officer("establishment");
  as.admin = await api.tokenFor(GULOU, "tenant-admin", { department_id: dep("supervision-office") });
  as.auditor = await api.tokenFor(GULOU, "auditor", { department_id: undefined });
  as.noDepartment = await api.tokenFor(GULOU, "officer", { department_id: undefined });
  as.taijiang = await api.tokenFor(TAIJIANG, "officer", { department_id: dep("market", TAIJIANG) });
  as.taijiangEstablishment = await api.tokenFor(TAIJIANG, "officer", { department_id: dep("establishment", TAIJIANG) });
  // Two items in force in 鼓楼区: the province publishes them, the sync delivers them.
  await asUser("350000", () => CatalogueSync.publish({ version: 1, title: "争议测试清单", changes: [enact("FJ-SP-901", { name: "经营性自建房燃气安全" }), enact("FJ-SP-902", { name: "餐饮油烟排放" }), enact("FJ-SP-903", { name: "自建房小作坊安全" })] }), "province-admin");
  await deliverSync((e) => e.toTenant === GULOU || e.toTenant === "350000");
});
afterAll(() => api.stop());

async function step(token: string, id: string, name: string, body: Record<string, unknown>, expected = 200) {
  const res = await api.call("POST", `/disputes/${id}/${name}`, { token, body });
  expect(res.status, `${name}: ${res.text}`).toBe(expected);
  return res.json;
}

async function openDispute(body: Record<string, unknown>, token = as.market!) {
  const res = await api.call("POST", "/disputes", { token, body });
  expect(res.status, res.text).toBe(201);
  return res.json;
}

describe("every tenant has an establishment office (机构编制委员会办公室)", () => {
  test("seeded at county, city and province level", async () => {
    const county = await asUser(GULOU, () => Department.fromID(dep("establishment")));
    expect(county).toMatchObject({ type: "establishment", name: "中共鼓楼区委机构编制委员会办公室", status: "active" });
    const province = await asUser("350000", () => Department.fromID(dep("establishment", "350000")));
    expect(province.name).toBe("中共福建省委机构编制委员会办公室");
  });
});

describe("path 1: agreement filed with the establishment office and confirmed (备案)", () => {
  test("open → post → propose → accept → file → confirm sets the lead department", async () => {
    let d = await openDispute({ itemCode: "FJ-SP-901", departmentIds: [dep("market"), dep("housing")], reason: "经营性自建房内餐饮场所的燃气安全由谁牵头存在争议" });
    expect(d).toMatchObject({ status: "negotiating", version: 1, kind: "overlap", itemCode: "FJ-SP-901", itemName: "经营性自建房燃气安全", host: { id: dep("market"), name: "鼓楼区市场监督管理局" } });
    expect(d.departments.map((x: any) => x.name)).toEqual(["鼓楼区市场监督管理局", "鼓楼区住房和城乡建设局"]);
    // The opener is host and party: it may post, propose, escalate or withdraw.
    expect(d.you).toEqual({ roles: ["party", "host"], steps: ["post", "propose", "escalate", "withdraw"] });

    d = await step(as.housing!, d.id, "posts", { version: 1, text: "我局认为应由市场监管部门牵头。" });
    expect(d.version).toBe(2);
    expect(d.you).toEqual({ roles: ["party"], steps: ["post", "propose"] });

    d = await step(as.market!, d.id, "propose", { version: 2, leadDepartmentId: dep("market"), terms: "由市场监管局牵头，住建局配合。" });
    expect(d).toMatchObject({ status: "proposed", proposal: { lead: { id: dep("market") }, acceptedBy: [dep("market")] } });
    // The proposer has accepted already.
    expect(d.you.steps).not.toContain("accept");
    expect((await api.call("POST", `/disputes/${d.id}/accept`, { token: as.market, body: { version: 3 } })).json.error.code).toBe("dispute.already_accepted");

    d = (await api.call("GET", `/disputes/${d.id}`, { token: as.housing })).json;
    expect(d.you.steps).toEqual(["post", "propose", "accept", "decline"]);
    d = await step(as.housing!, d.id, "accept", { version: 3 });
    expect(d.status).toBe("agreed");

    // Only the host files; the establishment office cannot confirm before the filing.
    const early = await api.call("POST", `/disputes/${d.id}/confirm`, { token: as.establishment, body: { version: 4 } });
    expect(early.status).toBe(409);
    expect(early.json.error).toMatchObject({ code: "dispute.step_not_allowed" });
    expect(early.json.error.message).toContain("已协商一致（待备案）");
    expect(early.json.error.message).toContain("确认备案");
    const notHost = await api.call("POST", `/disputes/${d.id}/file`, { token: as.housing, body: { version: 4 } });
    expect(notHost.status).toBe(403);
    expect(notHost.json.error).toMatchObject({ code: "dispute.not_your_step", message: "只有牵头发起部门可以“报编办备案”" });

    d = await step(as.market!, d.id, "file", { version: 4, note: "协商一致，报请备案。" });
    expect(d.status).toBe("filed");
    expect(d.filing.note).toBe("协商一致，报请备案。");

    // A party may not confirm its own filing; the tenant admin does not act for the office.
    for (const token of [as.market!, as.admin!]) {
      const res = await api.call("POST", `/disputes/${d.id}/confirm`, { token, body: { version: 5 } });
      expect(res.status).toBe(403);
      expect(res.json.error.message).toContain("机构编制委员会办公室");
    }
    const establishmentView = (await api.call("GET", `/disputes/${d.id}`, { token: as.establishment })).json;
    expect(establishmentView.you).toEqual({ roles: ["establishment"], steps: ["post", "confirm", "reject"] });

    d = await step(as.establishment!, d.id, "confirm", { version: 5 });
    expect(d).toMatchObject({ status: "confirmed", outcome: { how: "agreement", lead: { id: dep("market"), name: "鼓楼区市场监督管理局" } } });
    expect(d.you.steps).toEqual([]);
    expect(d.thread.map((e: any) => e.step)).toEqual(["open", "post", "propose", "accept", "file", "confirm"]);
    expect(d.thread[1]).toMatchObject({ text: "我局认为应由市场监管部门牵头。", department: { name: "鼓楼区住房和城乡建设局" } });

    // The item's assignment in 鼓楼区 now names the lead department, with the dispute as its source.
    const a = await asUser(GULOU, () => Assignment.get("FJ-SP-901"));
    expect(a).toMatchObject({ leadDepartmentId: dep("market"), disputeId: d.id });
    expect(d.outcome.assignmentUpdated).toBe(true);

    // Finished: nothing more may happen.
    const after = await api.call("POST", `/disputes/${d.id}/posts`, { token: as.market, body: { version: 6, text: "补充" } });
    expect(after.status).toBe(409);
    expect(after.json.error.message).toContain("备案已确认");

    // Every step is one audit event on the dispute, in order, by whom.
    const events = (await asUser(GULOU, () => Audit.list({ limit: 200 }))).items.filter((e) => e.target.id === d.id).reverse();
    expect(events.map((e) => e.action)).toEqual(["dispute.open", "dispute.post", "dispute.propose", "dispute.accept", "dispute.file", "dispute.confirm"]);
    expect(events.map((e) => e.actor.id)).toEqual(["usr_market", "usr_housing", "usr_market", "usr_housing", "usr_market", "usr_establishment"]);
    expect(events.at(-1)!.summary).toMatchObject({ from: "filed", to: "confirmed", lead: dep("market") });
    expect(await asUser(GULOU, () => Audit.verify())).toMatchObject({ ok: true });
  });

  test("the office sends a filing back: negotiation starts again; a declined proposal is dropped", async () => {
    let d = await openDispute({ subject: "剧本杀经营场所", departmentIds: [dep("market"), dep("culture-tourism"), dep("public-security")], reason: "剧本杀场所的消防与内容监管分工不清" });
    d = await step(as.market!, d.id, "propose", { version: 1, leadDepartmentId: dep("culture-tourism"), terms: "由文旅局牵头。" });
    const ct = await api.tokenFor(GULOU, "officer", { department_id: dep("culture-tourism") });
    const police = await api.tokenFor(GULOU, "officer", { department_id: dep("public-security") });
    d = await step(police, d.id, "decline", { version: 2, reason: "治安部分应由我局牵头。" });
    expect(d.status).toBe("negotiating");
    expect(d.proposal).toBeUndefined();
    d = await step(ct, d.id, "propose", { version: 3, leadDepartmentId: dep("culture-tourism"), terms: "由文旅局牵头，公安、市场监管配合。" });
    d = await step(police, d.id, "accept", { version: 4 });
    expect(d.status).toBe("proposed");
    d = await step(as.market!, d.id, "accept", { version: 5 });
    expect(d.status).toBe("agreed");
    d = await step(as.market!, d.id, "file", { version: 6 });
    d = await step(as.establishment!, d.id, "reject", { version: 7, reason: "配合部门职责表述不清，请补充后重新报备。" });
    expect(d).toMatchObject({ status: "negotiating" });
    expect(d.proposal).toBeUndefined();
    expect(d.filing).toBeUndefined();
    // The lead must be one of the departments concerned for an agreement.
    const bad = await api.call("POST", `/disputes/${d.id}/propose`, { token: ct, body: { version: 8, leadDepartmentId: dep("ecology"), terms: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.details).toEqual([expect.objectContaining({ field: "leadDepartmentId", rule: "dispute.lead_not_party" })]);
  });
});

describe("path 2: escalation decided by the establishment office (协调)", () => {
  test("a new industry: open → escalate → decide records the lead department on the dispute", async () => {
    let d = await openDispute(
      { subject: "低空经济（无人机航拍服务）", kind: "unclaimed", departmentIds: [dep("transport")], reason: "新业态，无部门认领其监管。" },
      as.admin,
    );
    expect(d).toMatchObject({ kind: "unclaimed", subject: "低空经济（无人机航拍服务）", host: { id: dep("supervision-office") } });
    expect(d.itemCode).toBeUndefined();
    // The tenant admin opened it for the supervision office, which hosts but is no party.
    expect(d.you).toEqual({ roles: ["host"], steps: ["post", "escalate", "withdraw"] });
    const early = await api.call("POST", `/disputes/${d.id}/decide`, { token: as.establishment, body: { version: 1, leadDepartmentId: dep("transport"), reasoning: "x" } });
    expect(early.status).toBe(409);
    expect(early.json.error.code).toBe("dispute.step_not_allowed");
    // A party that is not the host cannot escalate.
    const transport = await api.tokenFor(GULOU, "officer", { department_id: dep("transport") });
    expect((await api.call("POST", `/disputes/${d.id}/escalate`, { token: transport, body: { version: 1, reason: "x" } })).status).toBe(403);

    d = await step(as.admin!, d.id, "escalate", { version: 1, reason: "各部门均不认领，提请编办协调。" });
    expect(d).toMatchObject({ status: "escalated", escalation: { reason: "各部门均不认领，提请编办协调。" } });
    // Parties may still post; only the office decides.
    d = await step(transport, d.id, "posts", { version: 2, text: "我局仅负责道路运输，不含低空。" });
    expect((await api.call("POST", `/disputes/${d.id}/decide`, { token: as.admin, body: { version: 3, leadDepartmentId: dep("transport"), reasoning: "x" } })).status).toBe(403);
    // The office may name any active department but itself.
    const self = await api.call("POST", `/disputes/${d.id}/decide`, { token: as.establishment, body: { version: 3, leadDepartmentId: dep("establishment"), reasoning: "x" } });
    expect(self.status).toBe(400);
    expect(self.json.error.code).toBe("dispute.arbiter_is_party");

    d = await step(as.establishment!, d.id, "decide", { version: 3, leadDepartmentId: dep("transport"), reasoning: "依据“三定”规定，低空飞行活动的行业管理由交通运输部门牵头。" });
    expect(d).toMatchObject({
      status: "decided",
      outcome: { how: "decision", lead: { id: dep("transport"), name: "鼓楼区交通运输局" }, reasoning: expect.stringContaining("三定"), assignmentUpdated: false },
    });
    const events = (await asUser(GULOU, () => Audit.list({ limit: 200 }))).items.filter((e) => e.target.id === d.id).reverse();
    expect(events.map((e) => e.action)).toEqual(["dispute.open", "dispute.escalate", "dispute.post", "dispute.decide"]);

    const list = (await api.call("GET", "/disputes?limit=200", { token: as.auditor })).json.items;
    expect(list.find((x: any) => x.id === d.id)).toMatchObject({ status: "decided", outcome: { lead: { id: dep("transport") } } });
    const openOnes = (await api.call("GET", "/disputes?open=true&limit=200", { token: as.auditor })).json.items;
    expect(openOnes.some((x: any) => x.id === d.id)).toBe(false);
    // Ended ones are listed with open=false; a page holds at most `limit`.
    const ended = (await api.call("GET", "/disputes?open=false&limit=200", { token: as.auditor })).json.items;
    expect(ended.some((x: any) => x.id === d.id)).toBe(true);
    expect((await api.call("GET", "/disputes?limit=1", { token: as.auditor })).json.items).toHaveLength(1);
  });

  test("an item escalated and decided sets the item's lead department", async () => {
    let d = await openDispute({ itemCode: "FJ-SP-902", departmentIds: [dep("market"), dep("ecology")], reason: "餐饮油烟污染监管分工争议" });
    d = await step(as.market!, d.id, "escalate", { version: 1, reason: "协商未果。" });
    d = await step(as.establishment!, d.id, "decide", { version: 2, leadDepartmentId: dep("ecology"), reasoning: "油烟排放属生态环境部门职责。" });
    expect(await asUser(GULOU, () => Assignment.get("FJ-SP-902"))).toMatchObject({ leadDepartmentId: dep("ecology"), disputeId: d.id });
    expect(d.outcome.assignmentUpdated).toBe(true);
  });

  test("an existing assignment is re-pointed in the same transaction; if it changed meanwhile, nothing is written", async () => {
    await asUser(GULOU, () =>
      Assignment.assign({ code: "FJ-SP-903", leadDepartmentId: dep("market"), cooperatingDepartmentIds: [dep("housing")], office: "食品安全科", person: "陈静" }),
    );
    let d = await openDispute({ itemCode: "FJ-SP-903", departmentIds: [dep("market"), dep("housing")], reason: "自建房内小作坊的监管分工争议" });
    d = await step(as.market!, d.id, "escalate", { version: 1, reason: "协商未果。" });
    const before = await asUser(GULOU, () => Assignment.get("FJ-SP-903"));
    // Someone edits the assignment between the office reading it and committing the decision.
    const { AssignmentEntity } = await import("../../packages/core/src/assignment/assignment.entity");
    const realGet = AssignmentEntity.get.bind(AssignmentEntity);
    let raced = false;
    (AssignmentEntity as any).get = (key: any) => {
      const q = realGet(key);
      return {
        ...q,
        go: async (o: any) => {
          const res = await q.go(o);
          if (!raced && key.code === "FJ-SP-903") {
            raced = true;
            await asUser(GULOU, () => Assignment.assign({ code: "FJ-SP-903", leadDepartmentId: dep("market"), office: "食品安全科", person: "林强", version: before.version }));
          }
          return res;
        },
      };
    };
    try {
      const lost = await api.call("POST", `/disputes/${d.id}/decide`, { token: as.establishment, body: { version: 2, leadDepartmentId: dep("housing"), reasoning: "x" } });
      expect(lost.status).toBe(409);
    } finally {
      (AssignmentEntity as any).get = realGet;
    }
    expect(raced).toBe(true);
    // Neither the dispute nor the assignment took the decision.
    expect((await api.call("GET", `/disputes/${d.id}`, { token: as.establishment })).json).toMatchObject({ status: "escalated", version: 2 });
    expect(await asUser(GULOU, () => Assignment.get("FJ-SP-903"))).toMatchObject({ leadDepartmentId: dep("market"), person: "林强" });

    // Decided again on fresh data: the lead moves, the old lead's office and person go, the new lead is no longer cooperating.
    d = await step(as.establishment!, d.id, "decide", { version: 2, leadDepartmentId: dep("housing"), reasoning: "房屋安全由住建部门牵头。" });
    const after = await asUser(GULOU, () => Assignment.get("FJ-SP-903"));
    expect(after).toMatchObject({ leadDepartmentId: dep("housing"), disputeId: d.id, version: before.version + 2 });
    expect(after.cooperating.map((c) => c.departmentId)).not.toContain(dep("housing"));
  });

  test("at the province, the province administrator arbitrates as well as the provincial office", async () => {
    const p = (type: string) => dep(type, "350000");
    const drug = await api.tokenFor("350000", "officer", { department_id: p("drug") });
    const province = await api.tokenFor("350000", "province-admin", { department_id: p("function-transformation") });
    let res = await api.call("POST", "/disputes", { token: drug, body: { subject: "医美机构用药", departmentIds: [p("drug"), p("health")], reason: "医美机构药品使用监管分工" } });
    expect(res.status).toBe(201);
    let d = await step(drug, res.json.id, "escalate", { version: 1, reason: "协商未果。" });
    expect((await api.call("GET", `/disputes/${d.id}`, { token: province })).json.you).toEqual({ roles: ["establishment"], steps: ["post", "decide"] });
    d = await step(province, d.id, "decide", { version: 2, leadDepartmentId: p("health"), reasoning: "医疗机构由卫健部门牵头。" });
    expect(d.status).toBe("decided");
    // A county's admin role never arbitrates.
    res = await api.call("POST", "/disputes", { token: as.market, body: { subject: "测试", departmentIds: [dep("market"), dep("housing")], reason: "测试省级裁定权" } });
    d = await step(as.market!, res.json.id, "escalate", { version: 1, reason: "x" });
    const gulouProvinceAdmin = await api.tokenFor(GULOU, "province-admin", { department_id: undefined });
    expect((await api.call("POST", `/disputes/${d.id}/decide`, { token: gulouProvinceAdmin, body: { version: 2, leadDepartmentId: dep("market"), reasoning: "x" } })).status).toBe(403);
  });
});

describe("refusals", () => {
  test("a stale version is 409 and changes nothing", async () => {
    const d = await openDispute({ subject: "预制菜生产", departmentIds: [dep("market"), dep("agriculture")], reason: "预制菜原料与生产环节监管衔接" });
    await step(as.market!, d.id, "posts", { version: 1, text: "第一条意见" });
    const stale = await api.call("POST", `/disputes/${d.id}/posts`, { token: as.market, body: { version: 1, text: "基于旧版本的意见" } });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("request.conflict");
    // Two users act on the same version at once: one wins, the other is told to reload.
    const agri = await api.tokenFor(GULOU, "officer", { department_id: dep("agriculture") });
    const [a, b] = await Promise.all([
      api.call("POST", `/disputes/${d.id}/posts`, { token: agri, body: { version: 2, text: "甲" } }),
      api.call("POST", `/disputes/${d.id}/propose`, { token: as.market, body: { version: 2, leadDepartmentId: dep("market"), terms: "乙" } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const now = (await api.call("GET", `/disputes/${d.id}`, { token: agri })).json;
    expect(now.version).toBe(3);
    expect(now.thread.map((e: any) => e.text)).toEqual(["预制菜原料与生产环节监管衔接", "第一条意见", a.status === 200 ? "甲" : "乙"]);
  });

  test("outsiders: a department not concerned, a user without a department, a read-only role", async () => {
    const d = await openDispute({ subject: "共享单车停放", departmentIds: [dep("market"), dep("housing")], reason: "共享单车停放秩序监管" });
    const outsider = await api.call("POST", `/disputes/${d.id}/posts`, { token: as.ecology, body: { version: 1, text: "旁观" } });
    expect(outsider.status).toBe(403);
    expect(outsider.json.error.code).toBe("dispute.not_your_step");
    expect((await api.call("POST", `/disputes/${d.id}/posts`, { token: as.noDepartment, body: { version: 1, text: "x" } })).status).toBe(403);
    expect((await api.call("POST", `/disputes/${d.id}/posts`, { token: as.auditor, body: { version: 1, text: "x" } })).status).toBe(403);
    // Outsiders still read it (dispute.read), with no steps offered.
    expect((await api.call("GET", `/disputes/${d.id}`, { token: as.ecology })).json.you).toEqual({ roles: ["other"], steps: [] });
    // The host withdraws; nothing more after that.
    const w = await step(as.market!, d.id, "withdraw", { version: 1, reason: "已由区政府明确分工。" });
    expect(w).toMatchObject({ status: "withdrawn", outcome: { how: "withdrawn" } });
    expect((await api.call("POST", `/disputes/${d.id}/escalate`, { token: as.market, body: { version: 2, reason: "x" } })).status).toBe(409);
  });

  test("bad input: 400 naming each field and rule, zh by default, en on request", async () => {
    let res = await api.call("POST", "/disputes", { token: as.market, body: { itemCode: "FJ-SP-001", subject: "两者都填", departmentIds: [dep("market")], reason: "短" } });
    expect(res.status).toBe(400);
    const fields = res.json.error.details.map((x: any) => x.field).sort();
    expect(fields).toEqual(["departmentIds", "reason", "subject"]);
    expect(res.json.error.details.find((x: any) => x.field === "subject").message).toBe("须填写争议事项编码或新业态名称（二选一）");
    expect(res.json.error.details.find((x: any) => x.field === "departmentIds").message).toContain("至少两个");

    res = await api.call("POST", "/disputes", { token: as.market, body: { departmentIds: ["market"], reason: "没有事项" }, headers: { "accept-language": "en" } });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: "itemCode", message: "Give either the item code or the subject (a new industry), not both" }),
        expect.objectContaining({ field: "departmentIds.0", message: "must be an ID of the form dep_<ULID>" }),
      ]),
    );

    // An item not in force here: 400 on itemCode (a new industry names a subject instead).
    res = await api.call("POST", "/disputes", { token: as.market, body: { itemCode: "FJ-XX-404", departmentIds: [dep("market"), dep("housing")], reason: "清单中没有的事项" } });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([expect.objectContaining({ field: "itemCode", message: "事项 FJ-XX-404 不在本级现行监管事项清单中" })]);

    // Another tenant's department, the arbiter as a party: named by position, never echoed.
    res = await api.call("POST", "/disputes", { token: as.market, body: { subject: "跨区", departmentIds: [dep("market"), dep("housing", TAIJIANG)], reason: "引用了其他区的部门" } });
    expect(res.status).toBe(400);
    expect(res.json.error.details).toEqual([expect.objectContaining({ field: "departmentIds.1", rule: "dispute.department_unknown" })]);
    expect(res.text).not.toContain(dep("housing", TAIJIANG));
    res = await api.call("POST", "/disputes", { token: as.market, body: { subject: "编办", departmentIds: [dep("market"), dep("establishment")], reason: "把编办列为一方" } });
    expect(res.json.error.code).toBe("dispute.arbiter_is_party");
    res = await api.call("POST", "/disputes", { token: as.noDepartment, body: { subject: "无部门", departmentIds: [dep("market"), dep("housing")], reason: "未绑定部门的用户" } });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0].field).toBe("hostDepartmentId");
    res = await api.call("POST", "/disputes", { token: as.market, body: { subject: "别人牵头", hostDepartmentId: dep("ecology"), departmentIds: [dep("market"), dep("housing")], reason: "指定无关部门牵头" } });
    expect(res.json.error.code).toBe("dispute.host_not_allowed");

    const d = await openDispute({ subject: "步骤输入", departmentIds: [dep("market"), dep("housing")], reason: "步骤的输入校验" });
    res = await api.call("POST", `/disputes/${d.id}/propose`, { token: as.market, body: { version: 0, terms: "" } });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((x: any) => x.field).sort()).toEqual(["leadDepartmentId", "terms", "version"]);
    expect((await api.call("POST", `/disputes/not-an-id/posts`, { token: as.market, body: { version: 1, text: "x" } })).json.error.details[0].field).toBe("disputeId");
  });

  test("another tenant sees nothing: 404 on read and on every step", async () => {
    const d = await openDispute({ subject: "隔离", departmentIds: [dep("market"), dep("housing")], reason: "只属于鼓楼区的争议" });
    for (const token of [as.taijiang!, as.taijiangEstablishment!]) {
      const get = await api.call("GET", `/disputes/${d.id}`, { token });
      expect(get.status).toBe(404);
      expect(get.json.error.code).toBe("dispute.not_found");
      for (const [name, body] of [
        ["posts", { version: 1, text: "x" }],
        ["escalate", { version: 1, reason: "x" }],
        ["withdraw", { version: 1, reason: "x" }],
      ] as const) {
        expect((await api.call("POST", `/disputes/${d.id}/${name}`, { token, body })).status).toBe(404);
      }
      expect((await api.call("GET", "/disputes", { token })).text).not.toContain(d.id);
    }
    expect((await api.call("GET", `/disputes/${d.id}`, { token: as.market })).json.version).toBe(1);
  });
});
