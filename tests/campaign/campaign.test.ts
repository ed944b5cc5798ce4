import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { Business } from "../../packages/core/src/business/index";
import { Department } from "../../packages/core/src/department/index";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem, asUser } from "../support/context";

/** 专项整治 (issue 14): a campaign across departments; its businesses become clues and follow the same rules. */

const GULOU = "350102";
const TAIJIANG = "350103";
const dep = (type: string, tenant = GULOU) => Department.standardId(tenant, type);

// Many API round trips per test on a shared, busy machine: a generous ceiling (no timing is asserted).
vi.setConfig({ testTimeout: 300_000 });

let api: TestApi;
let codes: string[];
beforeAll(async () => {
  api = await startTestApi();
  for (const t of [GULOU, TAIJIANG]) await asSystem(() => Department.seedStandard(), t);
  const rows = [...Business.generate({ count: 3, seed: 21, tenantId: GULOU })] as { creditCode: string }[];
  await asUser(GULOU, () => Business.importRows(rows));
  codes = rows.map((r) => r.creditCode);
}, 400_000);
afterAll(() => api.stop());

describe("special campaigns", () => {
  test("a campaign's businesses become clues in joint tasks; a later hotline clue joins the same task; another tenant cannot see it", async () => {
    const admin = await api.tokenFor(GULOU, "tenant-admin");
    const created = await api.call("POST", "/campaigns", {
      token: admin,
      body: { title: "校园周边食品安全专项整治", kind: "area", description: "校园周边小餐饮联合整治。", departmentIds: [dep("market"), dep("education")], itemCodes: ["FJ-SP-001"], from: "2026-12-01", to: "2027-02-28" },
    });
    expect(created.status).toBe(201);
    const id = created.json.id;
    const added = await api.call("POST", `/campaigns/${id}/businesses`, { token: admin, body: { creditCodes: [codes[0], codes[1]], facts: "校园周边 200 米内的食品经营者。" } });
    expect(added.status).toBe(200);
    expect(added.json.clues).toHaveLength(2);
    expect(added.json.clues.every((c: { status: string }) => c.status === "tasked")).toBe(true);
    expect(added.json.campaign.businesses).toBe(2);
    const taskId = added.json.clues[0].taskId;
    const task = await api.call("GET", `/clues/tasks/${taskId}`, { token: admin });
    expect(task.json).toMatchObject({ campaignId: id, creditCode: codes[0], sources: ["campaign"], status: "open" });

    const hotline = await api.issuer.sign({ sub: "clue-hotline-12345-350102", client_id: "clue-hotline-12345-350102", tenant_id: GULOU, role: "source-system" });
    const joined = await api.call("POST", "/clues/intake", {
      token: hotline,
      body: { contractVersion: "1", clues: [{ externalId: `c-${Date.now()}`, source: "hotline-12345", business: { creditCode: codes[0] }, facts: "市民反映该店卫生问题。" }] },
    });
    expect(joined.json.accepted[0].taskId).toBe(taskId);
    // A clue source may not claim to be a campaign.
    const claimed = await api.call("POST", "/clues/intake", {
      token: hotline,
      body: { contractVersion: "1", clues: [{ externalId: `c2-${Date.now()}`, source: "campaign", business: { creditCode: codes[2] }, facts: "伪称专项整治。" }] },
    });
    expect(claimed.status).toBe(400);
    expect(claimed.json.error.details[0].field).toBe("clues.0.source");

    const other = await api.tokenFor(TAIJIANG, "tenant-admin");
    expect((await api.call("GET", `/campaigns/${id}`, { token: other })).status).toBe(404);
    expect((await api.call("GET", `/clues/tasks/${taskId}`, { token: other })).status).toBe(404);
    // An officer may read but not start a campaign; a closed campaign takes no more businesses.
    const officer = await api.tokenFor(GULOU, "officer");
    expect((await api.call("POST", "/campaigns", { token: officer, body: created.json })).status).toBe(403);
    const closed = await api.call("POST", `/campaigns/${id}/close`, { token: admin, body: { version: added.json.campaign.version } });
    expect(closed.status).toBe(200);
    const late = await api.call("POST", `/campaigns/${id}/businesses`, { token: admin, body: { creditCodes: [codes[2]], facts: "整治结束后再纳入。" } });
    expect(late.status).toBe(409);
  });

  test("an unknown department is refused, naming the field", async () => {
    const admin = await api.tokenFor(GULOU, "tenant-admin");
    const res = await api.call("POST", "/campaigns", {
      token: admin,
      body: { title: "加油站专项整治行动", kind: "industry", description: "成品油流通。", departmentIds: [dep("market", TAIJIANG)], itemCodes: ["FJ-SP-001"], from: "2026-12-01", to: "2027-01-31" },
    });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0]).toMatchObject({ field: "departmentIds.0", rule: "campaign.department_unknown" });
  });
});
