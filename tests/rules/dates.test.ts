import fc from "fast-check";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Department } from "../../packages/core/src/department/index";
import { IsoDate, isCalendarDate } from "../../packages/core/src/util/date";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";

/** One strict date rule for every input: 2026-13-45 is not a date anywhere. */
const GULOU = "350102";
const core = resolve(import.meta.dirname, "../../packages/core/src");

describe("the date schema", () => {
  test("accepts exactly the days that exist", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (y, m, d) => {
        const text = `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
        const real = new Date(Date.UTC(y, m - 1, d));
        const exists = m >= 1 && m <= 12 && d >= 1 && real.getUTCMonth() === m - 1 && real.getUTCDate() === d;
        expect(IsoDate.safeParse(text).success).toBe(exists);
      }),
    );
    for (const bad of ["2026-13-45", "2026-02-29", "2026-04-31", "2026-00-10", "2026-1-5", "0001-01-01", "2026-03-01T00:00", " 2026-03-01"]) {
      expect(IsoDate.safeParse(bad).success, bad).toBe(false);
    }
    for (const good of ["2028-02-29", "2026-12-31", "2026-01-01"]) expect(isCalendarDate(good), good).toBe(true);
  });

  test("no schema in core writes its own YYYY-MM-DD pattern: every date field uses util/date", () => {
    const own: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith(".ts") && !path.endsWith("util/date.ts")) {
          readFileSync(path, "utf8")
            .split("\n")
            .forEach((line, i) => {
              if (/(regex|z\.string\(\)).*\\d\{4\}-\\d\{2\}-\\d\{2\}\$/.test(line) || /z\.iso\.date\(/.test(line)) own.push(`${path.slice(core.length + 1)}:${i + 1}`);
            });
        }
      }
    };
    walk(core);
    expect(own).toEqual([]);
  });
});

describe("dates through the API", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
    await asSystem(() => Department.seedStandard(), GULOU);
  });
  afterAll(() => api.stop());

  test("an inspection planned for 2026-13-45 is a 400 naming plannedDate, zh and en", async () => {
    const token = await api.tokenFor(GULOU, "officer");
    const body = { creditCode: "91350100M000100Y43", entityName: "福州示例餐饮管理有限公司", itemCodes: ["FJ-SP-001"], plannedDate: "2026-13-45" };
    const zh = await api.call("POST", "/inspections", { token, body });
    expect(zh.status).toBe(400);
    expect(zh.json.error.details).toEqual([{ field: "plannedDate", rule: "custom", message: expect.stringContaining("日历") }]);
    const en = await api.call("POST", "/inspections", { token, body, headers: { "accept-language": "en" } });
    expect(en.json.error.details[0].message).toMatch(/Not a real calendar date/);
    const check = await api.call("GET", "/inspections/check?creditCode=91350100M000100Y43&itemCodes=FJ-SP-001&plannedDate=2026-02-30", { token });
    expect(check.status).toBe(400);
    expect(check.json.error.details[0].field).toBe("plannedDate");
  });

  test("a catalogue change effective 2026-13-45 is refused", async () => {
    const machine = await api.issuer.sign({ sub: "province-catalogue", client_id: "province-catalogue", tenant_id: "350000", role: "province-admin" });
    const res = await api.call("POST", "/catalogue/versions", { token: machine, body: { version: 1, title: "测试", changes: [{ basis: "repeal", law: "《测试法》", effectiveDate: "2026-13-45", code: "FJ-SP-001" }] } });
    expect(res.status).toBe(400);
    expect(res.json.error.details.map((d: any) => d.field)).toContain("changes.0.effectiveDate");
  });
});
