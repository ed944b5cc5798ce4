import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { Department } from "../../packages/core/src/department/index";
import { useDynamo } from "../../packages/core/src/dynamo/client";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";

const GULOU = "350102";
let api: TestApi;
let admin: string;
beforeAll(async () => {
  api = await startTestApi();
  admin = await api.tokenFor(GULOU, "tenant-admin");
  await asSystem(() => Department.seedStandard(), GULOU);
});
afterAll(() => api.stop());

describe("one error shape", () => {
  test("bad input: 400 naming each field and rule, in Chinese by default", async () => {
    const res = await api.call("POST", "/tenant/departments", { token: admin, body: { name: "x", type: "Not Valid!" } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("request.invalid");
    expect(res.json.error.message).toBe("输入有误，请检查标出的字段");
    const fields = res.json.error.details.map((d: any) => d.field).sort();
    expect(fields).toEqual(["name", "type"]);
    expect(res.json.error.details.find((d: any) => d.field === "name")).toMatchObject({ rule: "too_small" });
    expect(res.json.error.details.find((d: any) => d.field === "name").message).toMatch(/[\u4e00-\u9fa5]/);
    expect(res.json.error.requestId).toBeTruthy();
  });

  test("the same in English with Accept-Language: en", async () => {
    const res = await api.call("POST", "/tenant/departments", { token: admin, body: { name: 5 }, headers: { "accept-language": "en-GB,en;q=0.9" } });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toBe("Invalid input; check the fields listed");
    expect(res.json.error.details[0]).toMatchObject({ field: "name", rule: "invalid_type" });
    expect(res.json.error.details[0].message).toMatch(/expected string/);
    expect(res.headers.get("content-language")).toBe("en");
  });

  test("bad path parameter and bad query are 400 naming the field", async () => {
    const res = await api.call("GET", "/tenant/departments/not-an-id", { token: admin });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0]).toMatchObject({ field: "departmentId" });
    expect(res.json.error.details[0].message).toContain("dep_");
    const q = await api.call("GET", "/audit?limit=0", { token: admin });
    expect(q.status).toBe(400);
    expect(q.json.error.details[0]).toMatchObject({ field: "limit", rule: "too_small" });
  });

  test("malformed JSON is a 400, not a 500", async () => {
    const res = await api.call("POST", "/tenant/departments", { token: admin, rawBody: '{"name":' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("request.invalid_json");
  });

  test("a body over 1 MB is refused with 413", async () => {
    const res = await api.call("POST", "/tenant/departments", { token: admin, rawBody: JSON.stringify({ name: "x".repeat(1024 * 1024 + 10) }) });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("request.too_large");
    expect(res.json.error.message).toContain("1 MB");
  });

  test("an unexpected failure is a 500 with a request id and nothing internal", async () => {
    const spy = vi.spyOn(useDynamo(), "send").mockRejectedValueOnce(new Error("secret-internal-detail arn:aws:dynamodb:table/x"));
    const res = await api.call("GET", "/tenant/departments", { token: admin });
    spy.mockRestore();
    expect(res.status).toBe(500);
    expect(res.json.error.code).toBe("server.internal");
    expect(res.json.error.requestId).toMatch(/.+/);
    expect(res.json.error.message).toContain(res.json.error.requestId);
    expect(res.text).not.toContain("secret");
    expect(res.text).not.toContain("arn:");
    expect(res.headers.get("x-request-id")).toBe(res.json.error.requestId);
  });

  test("an unknown route is a 404 in the same shape", async () => {
    const res = await api.call("GET", "/no-such-thing", { token: admin });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("request.not_found");
  });
});

describe("departments through the API", () => {
  test("a county official sees the county's standard departments", async () => {
    const res = await api.call("GET", "/tenant/departments", { token: await api.tokenFor(GULOU, "officer") });
    expect(res.status).toBe(200);
    const names = res.json.items.map((d: any) => d.name);
    expect(names).toContain("鼓楼区市场监督管理局");
    expect(names).toContain("鼓楼区公安局");
    expect(names).not.toContain("福建省药品监督管理局");
  });

  test("a duplicate name is refused; a stale version is a conflict and loses nothing", async () => {
    const created = await api.call("POST", "/tenant/departments", { token: admin, body: { name: "鼓楼区数据管理局", type: "data" } });
    expect(created.status).toBe(201);
    const dup = await api.call("POST", "/tenant/departments", { token: admin, body: { name: "鼓楼区数据管理局" } });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe("department.duplicate_name");
    const id = created.json.id;
    // Two officials edit version 1 at once: one wins, the other is told to reload.
    const [a, b] = await Promise.all([
      api.call("PATCH", `/tenant/departments/${id}`, { token: admin, body: { version: 1, name: "鼓楼区大数据管理局" } }),
      api.call("PATCH", `/tenant/departments/${id}`, { token: admin, body: { version: 1, status: "disabled" } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect(loser.json.error.code).toBe("request.conflict");
    const now = await api.call("GET", `/tenant/departments/${id}`, { token: admin });
    expect(now.json.version).toBe(2);
    const winner = a.status === 200 ? a : b;
    expect(now.json).toEqual(winner.json);
  });
});

describe("notices through the API", () => {
  test("only tenants below may be addressed", async () => {
    const res = await api.call("POST", "/notices", { token: admin, body: { title: "测试通知", body: "内容", toTenants: ["350103"] } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("notice.target_not_below");
    expect(res.json.error.message).toContain("350103");
    const county = await api.call("POST", "/notices", { token: admin, body: { title: "测试通知", body: "内容" } });
    expect(county.status).toBe(400);
    expect(county.json.error.code).toBe("notice.no_targets");
  });
});
