import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Department } from "../../packages/core/src/department/index";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";
import { code, GULOU, SIMING } from "./support";

/** 一公开 over HTTP (issue 13): a penalty decided with the ordinary procedure
 * is pending for its department, published with its window, found on the
 * public pages (no sign-in) by a rare-character name, objected to; a warning
 * never; 4xx name the field; another tenant's officers see nothing of it. */

let api: TestApi;
beforeAll(async () => {
  for (const t of [GULOU, SIMING]) await asSystem(() => Department.seedStandard(), t);
  api = await startTestApi();
});
afterAll(() => api.stop());

let decision = 0;
const penalty = (creditCode: string, measure: string, extra: Record<string, unknown> = {}) => ({
  creditCode,
  entityName: "福州𠮷𪚥茶叶商行有限公司",
  fact: { itemCode: "FJ-SP-001", clause: "《食品安全法》第一百二十四条第一款", actDate: "2026-11-02", conduct: `销售超过保质期的预包装食品第${++decision}批`, description: "现场检查发现货架陈列超过保质期的预包装食品" },
  decisionNo: `鼓市监罚〔2026〕${200 + decision}号`,
  measure,
  ...(measure === "fine" ? { amount: 3000 } : {}),
  ...extra,
});

async function pendingFor(token: string, sourceId: string) {
  const all = await api.call("GET", "/disclosures?limit=200", { token });
  expect(all.status).toBe(200);
  return all.json.items.find((r: { sourceId: string }) => r.sourceId === sourceId);
}

describe("penalties through publication", () => {
  test("an ordinary-procedure fine is pending for its department; a warning and a summary-procedure fine are not", async () => {
    const officer = await api.tokenFor(GULOU, "officer");
    const cc = code("91350102MA9A");
    const fine = await api.call("POST", "/penalties", { token: officer, body: penalty(cc, "fine") });
    expect(fine.status).toBe(201);
    const warning = await api.call("POST", "/penalties", { token: officer, body: penalty(code("91350102MA9A"), "warning") });
    const summary = await api.call("POST", "/penalties", { token: officer, body: penalty(code("91350102MA9A"), "fine", { procedure: "summary" }) });
    expect([warning.status, summary.status]).toEqual([201, 201]);
    expect(await pendingFor(officer, fine.json.id)).toMatchObject({ kind: "penalty", status: "pending", penalty: { decisionNo: fine.json.decisionNo, measure: "fine" } });
    expect(await pendingFor(officer, warning.json.id)).toBeUndefined();
    expect(await pendingFor(officer, summary.json.id)).toBeUndefined();
    const due = await api.call("GET", "/disclosures/pending?view=all&limit=200", { token: officer });
    expect(due.json.items.some((r: { creditCode: string }) => r.creditCode === cc)).toBe(true);
  });

  test("published with a window; searched in public by a name with characters beyond U+FFFF; objected to with evidence; answered", async () => {
    const officer = await api.tokenFor(GULOU, "officer");
    const cc = code("91350102MA9B");
    const fine = await api.call("POST", "/penalties", { token: officer, body: penalty(cc, "fine") });
    const record = await pendingFor(officer, fine.json.id);
    const tooShort = await api.call("POST", `/disclosures/${record.id}/publish`, { token: officer, body: { version: 1, category: "fire", windowMonths: 6 } });
    expect(tooShort.status).toBe(400);
    expect(tooShort.json.error.details[0]).toMatchObject({ field: "windowMonths", rule: "disclosure.window_range" });
    expect(tooShort.json.error.message).toMatch(/12/);
    const published = await api.call("POST", `/disclosures/${record.id}/publish`, { token: officer, body: { version: 1, category: "fire", windowMonths: 12 } });
    expect(published.status).toBe(200);
    expect(published.json).toMatchObject({ status: "published", windowMonths: 12 });

    // Public: no token.
    const found = await api.call("GET", `/public/disclosures?tenantId=${GULOU}&q=${encodeURIComponent("𠮷𪚥茶叶")}`);
    expect(found.status).toBe(200);
    expect(found.json.items.map((r: { id: string }) => r.id)).toContain(record.id);
    const detail = await api.call("GET", `/public/disclosures/${GULOU}/${record.id}`);
    expect(detail.json).toMatchObject({ tenantName: "鼓楼区", publicName: "福州𠮷𪚥茶叶商行有限公司", objectionOpen: true, penalty: { measure: "fine", amount: 3000 } });
    expect(detail.json.departmentId).toBeUndefined();
    expect(detail.json.entityName).toBeUndefined();

    const text = "整改完成的照片与票据";
    const made = await api.call("POST", `/public/disclosures/${GULOU}/${record.id}/objections`, {
      body: { creditCode: cc, text: "违法行为期间记载有误", evidence: [{ name: "票据.txt", type: "text/plain", contentBase64: Buffer.from(text).toString("base64"), sha256: createHash("sha256").update(text).digest("hex") }] },
    });
    expect(made.status).toBe(201);
    const inbox = await api.call("GET", "/disclosures/objections?status=open&limit=200", { token: officer });
    const objection = inbox.json.items.find((o: { id: string }) => o.id === made.json.id);
    expect(objection).toMatchObject({ disclosureId: record.id, status: "open" });
    const file = await api.call("GET", `/disclosures/objections/${made.json.id}/files/${objection.evidence[0].sha256}`, { token: officer });
    expect([file.status, file.text, file.headers.get("x-content-sha256")]).toEqual([200, text, objection.evidence[0].sha256]);
    const noCorrection = await api.call("POST", `/disclosures/objections/${made.json.id}/answer`, { token: officer, body: { version: 1, upheld: true, text: "属实" } });
    expect(noCorrection.status).toBe(400);
    expect(noCorrection.json.error.details[0].field).toBe("correction");
    const answered = await api.call("POST", `/disclosures/objections/${made.json.id}/answer`, { token: officer, body: { version: 1, upheld: true, text: "经核实属实", correction: "违法行为期间更正为 2026年11月2日" } });
    expect(answered.status).toBe(200);
    const corrected = await api.call("GET", `/public/disclosures/${GULOU}/${record.id}`);
    expect(corrected.json.corrections).toMatchObject([{ objectionId: made.json.id, text: "违法行为期间更正为 2026年11月2日" }]);

    // Another tenant's staff: not found; its public pages: nothing of 鼓楼区's.
    const siming = await api.tokenFor(SIMING, "tenant-admin");
    expect((await api.call("GET", `/disclosures/${record.id}`, { token: siming })).status).toBe(404);
    expect((await api.call("GET", `/public/disclosures/${SIMING}/${record.id}`)).status).toBe(404);
    expect((await api.call("GET", `/public/disclosures?tenantId=${SIMING}&q=${cc}`)).json.items).toEqual([]);
  });
});

describe("4xx name the field", () => {
  test("a one-character query, an unknown tenant, a bad page size, a malformed hash", async () => {
    const short = await api.call("GET", `/public/disclosures?tenantId=${GULOU}&q=${encodeURIComponent("𠮷")}`);
    expect([short.status, short.json.error.details[0].field]).toEqual([400, "q"]);
    const tenant = await api.call("GET", `/public/disclosures?tenantId=999999`);
    expect([tenant.status, tenant.json.error.details[0].field]).toEqual([400, "tenantId"]);
    const officer = await api.tokenFor(GULOU, "officer");
    const limit = await api.call("GET", "/disclosures/pending?limit=500", { token: officer });
    expect([limit.status, limit.json.error.details[0].field]).toEqual([400, "limit"]);
    const view = await api.call("GET", "/disclosures/pending?view=soon", { token: officer });
    expect([view.status, view.json.error.details[0].field]).toEqual([400, "view"]);
    const cursor = await api.call("GET", "/disclosures/pending?cursor=bm90LWEtY3Vyc29y", { token: officer });
    expect([cursor.status, cursor.json.error.details[0].field]).toEqual([400, "cursor"]);
  });

  test("the indicators: the tenant's own figures; an inspector may not read them", async () => {
    const admin = await api.tokenFor(GULOU, "tenant-admin");
    const mine = await api.call("GET", "/indicators?year=2026", { token: admin });
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({ tenantId: GULOU, year: 2026, figures: { jointTarget: 0.7 } });
    const below = await api.call("GET", "/indicators/below?year=2026", { token: await api.tokenFor("350100", "tenant-admin") });
    expect(below.status).toBe(200);
    expect(below.json.items.map((r: { tenantId: string }) => r.tenantId)).toContain(GULOU);
    expect((await api.call("GET", "/indicators", { token: await api.tokenFor(GULOU, "inspector") })).status).toBe(403);
    expect((await api.call("GET", "/indicators?year=1990", { token: admin })).json.error.details[0].field).toBe("year");
  });
});
