import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withContext } from "../../packages/core/src/context";
import { Department } from "../../packages/core/src/department/index";
import { Visit } from "../../packages/core/src/visit/index";
import { startTestApi, type TestApi } from "../support/api";
import { asUser } from "../support/context";

/** A simple rate limit on public POSTs (rating, visit reports, objections): per client address and route, a
 * fixed window counted in the tenant's partition (row with TTL); past it a 429 in zh/en with Retry-After. */

const GULOU = "350102";
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
  await asUser(GULOU, () => Department.seedStandard([{ type: "enforcement-supervision", name: "福州市鼓楼区司法局", nameEn: "Gulou Justice Bureau" }]));
});
afterAll(() => api?.stop());

const report = (ip: string, lang = "zh-CN") =>
  api.call("POST", "/public/visit-reports", {
    headers: { "x-forwarded-for": ip, "accept-language": lang },
    body: { tenantId: GULOU, creditCode: "91350102MA2Y0X0T31", entityName: "福州𠮷祥餐饮管理有限公司", occurredOn: "2026-12-01", description: "两人自称检查人员，未出示检查码" },
  });

describe("public POSTs are rate limited", () => {
  test("the eleventh report from one address in a window is a 429 with Retry-After and a message in the reader's language; another address, another route go on", async () => {
    for (let i = 0; i < Visit.PUBLIC_POST_LIMIT.perWindow; i++) {
      const ok = await report("203.0.113.7");
      expect(ok.status, ok.text).toBe(201);
    }
    const limited = await report("203.0.113.7");
    expect(limited.status, limited.text).toBe(429);
    expect(limited.json.error.code).toBe("visit.rate_limited");
    expect(limited.json.error.message).toMatch(/^提交过于频繁，请 \d+ 秒后再试$/);
    const seconds = Number(limited.headers.get("retry-after"));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(Visit.PUBLIC_POST_LIMIT.windowSeconds);
    const en = await report("203.0.113.7", "en");
    expect(en.status).toBe(429);
    expect(en.json.error.message).toMatch(/^Too many submissions: try again in \d+ seconds$/);
    // Another client is counted on its own.
    expect((await report("198.51.100.9")).status).toBe(201);
    // Another route (an objection) has its own count: not limited, refused for its own reason (no such record).
    const objection = await api.call("POST", `/public/disclosures/${GULOU}/dsc_01KBDX0Q3W8J5M2N7P4R6T9V1X/objections`, {
      headers: { "x-forwarded-for": "203.0.113.7" },
      body: { creditCode: "91350102MA2Y0X0T31", text: "公示内容有误，已整改完毕", evidence: [] },
    });
    expect(objection.status).not.toBe(429);
  });

  test("the count is per fixed window: the next window starts again; the client is stored hashed, never its address", async () => {
    const at = (ms: number) => <T>(fn: () => Promise<T>) => withContext({ actor: { type: "system", reason: "anonymous" }, tenantId: GULOU, requestId: "t", locale: "zh-CN", now: () => new Date(ms) }, fn);
    const start = Date.UTC(2026, 11, 2, 8, 0, 0);
    const limit = { perWindow: 2, windowSeconds: 60 };
    expect((await at(start)(() => Visit.admit("test-route", "192.0.2.1", limit))).count).toBe(1);
    expect((await at(start + 10_000)(() => Visit.admit("test-route", "192.0.2.1", limit))).count).toBe(2);
    await expect(at(start + 20_000)(() => Visit.admit("test-route", "192.0.2.1", limit))).rejects.toMatchObject({ status: 429, params: { seconds: 40 } });
    expect((await at(start + 61_000)(() => Visit.admit("test-route", "192.0.2.1", limit))).count).toBe(1);
    const { RateWindowEntity } = await import("../../packages/core/src/visit/visit.entity");
    const rows = await RateWindowEntity.scan.go();
    expect(rows.data.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows.data)).not.toContain("192.0.2.1");
    expect(JSON.stringify(rows.data)).not.toContain("203.0.113.7");
    for (const r of rows.data) expect(r.expiresAt).toBeGreaterThan(r.window * 60);
  });
});
