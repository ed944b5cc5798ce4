import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Department } from "../../packages/core/src/department/index";
import { createId } from "../../packages/core/src/util/id";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";

/** A 400 a user can act on: it names the field and the rule, with a message that is never blank, zh first, en on request. */
const GULOU = "350102";
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await asSystem(() => Department.seedStandard(), GULOU);
});
afterAll(() => api.stop());

const EN = { "accept-language": "en" };

async function both(method: string, path: string, token: string, body: unknown) {
  const zh = await api.call(method, path, { token, body });
  const en = await api.call(method, path, { token, body, headers: EN });
  return { zh, en };
}

function expectField(res: { status: number; json: any }, code: string, field: string, lang: "zh" | "en") {
  expect(res.status).toBe(400);
  expect(res.json.error.code).toBe(code);
  expect(res.json.error.details).toEqual([{ field, rule: code, message: expect.any(String) }]);
  const message: string = res.json.error.details[0].message;
  expect(message.trim().length).toBeGreaterThan(8);
  expect(message).not.toMatch(/\{\w+\}|^\s|undefined/);
  if (lang === "zh") expect(message).toMatch(/[\u4e00-\u9fa5]/);
  else expect(message).not.toMatch(/[\u4e00-\u9fa5]/);
}

describe("400s name the field and the rule", () => {
  test("an alert to one city without a city: cityId", async () => {
    const token = await api.tokenFor(GULOU, "tenant-admin");
    const { zh, en } = await both("POST", "/alerts", token, { scope: "city", title: "某品牌冷冻肉品", body: "请排查", creditCode: "91350100M000100Y43" });
    expectField(zh, "assistance.alert_city", "cityId", "zh");
    expectField(en, "assistance.alert_city", "cityId", "en");
    const county = await api.call("POST", "/alerts", { token, body: { scope: "city", cityId: GULOU, title: "某品牌冷冻肉品", body: "请排查", creditCode: "91350100M000100Y43" } });
    expectField(county, "assistance.alert_city", "cityId", "zh");
    expect(county.json.error.details[0].message).toContain(GULOU);
  });

  test("an attachment that is not base64: data", async () => {
    const token = await api.tokenFor(GULOU, "officer");
    const { zh, en } = await both("POST", "/assistance/attachments", token, { name: "a.txt", contentType: "text/plain", data: "!!! not base64 !!!" });
    expectField(zh, "evidence.data", "data", "zh");
    expectField(en, "evidence.data", "data", "en");
    const empty = await api.call("POST", "/assistance/attachments", { token, body: { name: "a.txt", data: "====" } });
    expectField(empty, "evidence.data", "data", "zh");
  });

  test("a notice from a county with nobody below: toTenants", async () => {
    const token = await api.tokenFor(GULOU, "tenant-admin");
    const { zh, en } = await both("POST", "/notices", token, { title: "测试通知", body: "内容" });
    expectField(zh, "notice.no_targets", "toTenants", "zh");
    expectField(en, "notice.no_targets", "toTenants", "en");
  });

  test("a judicial request to an unknown department: toDepartmentId, reported as the request's own rule", async () => {
    const token = await api.tokenFor(GULOU, "judicial", { department_id: Department.standardId(GULOU, "public-security") });
    const body = { kind: "appraisal", toDepartmentId: createId("dep"), subject: "涉案熟肉制品", details: "请协助出具检验鉴定意见" };
    const { zh, en } = await both("POST", "/judicial-requests", token, body);
    expectField(zh, "referral.department_unknown", "toDepartmentId", "zh");
    expectField(en, "referral.department_unknown", "toDepartmentId", "en");
  });

  test("an inspection naming an unknown department: departmentIds.<n>", async () => {
    const token = await api.tokenFor(GULOU, "officer");
    const body = { creditCode: "91350100M000100Y43", entityName: "福州示例餐饮管理有限公司", itemCodes: ["FJ-SP-001"], plannedDate: "2026-12-15", departmentIds: [Department.standardId(GULOU, "market"), createId("dep")] };
    const { zh, en } = await both("POST", "/inspections", token, body);
    expectField(zh, "inspection.department_unknown", "departmentIds.1", "zh");
    expectField(en, "inspection.department_unknown", "departmentIds.1", "en");
  });
});
