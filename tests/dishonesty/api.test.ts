import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestApi, type TestApi } from "../support/api";
import { A, asAt, B, fine, purge, RARE_NAME, seedBusinesses, startStandin } from "./support";

let api: TestApi;
let standin: Awaited<ReturnType<typeof startStandin>>;
let code: string;
let penaltyId: string;

beforeAll(async () => {
  standin = await startStandin();
  api = await startTestApi();
  code = (await seedBusinesses(A, 31, 3))[0]!;
  penaltyId = (await asAt(A, undefined, () => fine(code))).id;
});
afterAll(async () => {
  await api?.stop();
  await standin?.stop();
  await purge();
});

test("through the API: a category outside the statute is a 400 naming the field; the steps follow; roles and tenants are kept apart", async () => {
  const admin = await api.tokenFor(A, "tenant-admin");
  const officer = await api.tokenFor(A, "officer");
  const auditor = await api.tokenFor(A, "auditor");

  const categories = await api.call("GET", "/dishonesty/categories", { token: officer });
  expect(categories.status).toBe(200);
  expect(categories.json.categories.map((c: { code: string }) => c.code)).toContain("samr-food-safety");
  expect(categories.json.noticeWindow).toMatchObject({ amount: 5, unit: "working-days" });
  const records = await api.call("GET", `/dishonesty/records?creditCode=${code}`, { token: officer });
  expect(records.json.items.map((r: { id: string }) => r.id)).toContain(penaltyId);

  const refused = await api.call("POST", "/dishonesty", { token: officer, body: { creditCode: code, category: "失信被执行人", facts: "法院名单", basis: [penaltyId] }, headers: { "accept-language": "en" } });
  expect(refused.status).toBe(400);
  expect(refused.json.error.details).toEqual([expect.objectContaining({ field: "category", rule: "dishonesty.category_not_statutory" })]);
  expect(refused.json.error.details[0].message).toContain("statutory");

  expect((await api.call("POST", "/dishonesty", { token: auditor, body: { creditCode: code, category: "samr-food-safety", facts: "情节严重", basis: [penaltyId] } })).status).toBe(403);
  const proposed = await api.call("POST", "/dishonesty", { token: officer, body: { creditCode: code, category: "samr-food-safety", facts: "情节严重", basis: [penaltyId] } });
  expect(proposed.status, proposed.text).toBe(201);
  expect(proposed.json.entityName).toBe(RARE_NAME);
  const id = proposed.json.id;
  const notified = await api.call("POST", `/dishonesty/${id}/notify`, { token: officer, body: { version: 1, text: "告知书" } });
  expect(notified.status, notified.text).toBe(200);
  // Officers may not list; the office may, but not before the window ends.
  expect((await api.call("POST", `/dishonesty/${id}/list`, { token: officer, body: { version: 2 } })).status).toBe(403);
  const early = await api.call("POST", `/dishonesty/${id}/list`, { token: admin, body: { version: 2 } });
  expect(early.status).toBe(409);
  expect(early.json.error.code).toBe("dishonesty.notice_window_open");

  const page = await api.call("GET", "/dishonesty?limit=10", { token: auditor });
  expect(page.json.items.map((i: { id: string }) => i.id)).toContain(id);
  const detail = await api.call("GET", `/dishonesty/${id}`, { token: auditor });
  expect(detail.json.steps.map((s: { step: string }) => s.step)).toEqual(["propose", "notify"]);
  expect(detail.json.next).toEqual(expect.arrayContaining(["statement", "list", "withdraw"]));

  // Another tenant: nothing to see, nothing to act on.
  const other = await api.tokenFor(B, "tenant-admin");
  expect((await api.call("GET", `/dishonesty/${id}`, { token: other })).status).toBe(404);
  expect((await api.call("POST", `/dishonesty/${id}/withdraw`, { token: other, body: { version: 2, reason: "越权" } })).status).toBe(404);
  expect((await api.call("GET", "/dishonesty", { token: other })).text).not.toContain(id);
  expect((await api.call("GET", `/dishonesty/${id}`, { token: admin })).json.version).toBe(2);
});
