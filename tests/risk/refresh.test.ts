import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { Business } from "../../packages/core/src/business/index";
import { Clock } from "../../packages/core/src/clock";
import { Department } from "../../packages/core/src/department/index";
import { Risk } from "../../packages/core/src/risk/index";
import { Warning } from "../../packages/core/src/warning/index";
import { runRiskRescore } from "../../packages/functions/src/jobs/risk-rescore";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem, asUser } from "../support/context";

/** Risk ranking freshness (issue 14): a business's row moves when its inputs
 * change (a caller's own commit, a warning's decision, many at once), an
 * unchanged business writes nothing, and the nightly re-score walks the
 * directory page by page, resumes where it stopped and skips a day already
 * done. The weights: versions with what changed, and field-named 400s. */

vi.setConfig({ testTimeout: 300_000, hookTimeout: 400_000 });

const JINAN = "350111";
const PROVINCE = "350000";
const market = Department.standardId(JINAN, "market");
const admin = <T>(fn: () => Promise<T>) => asUser(JINAN, fn, "tenant-admin");
const officer = <T>(fn: () => Promise<T>) => asUser(JINAN, fn, "officer", market);
const businesses = [...Business.generate({ count: 7, seed: 1402, tenantId: JINAN })].map((b, i) => ({ ...b, grade: (["A", "B", "C", "D", "B", "C", "A"] as const)[i] }));
const codes = businesses.map((b) => b.creditCode);
const rowsOf = async (code: string) => (await admin(() => Risk.list({ limit: 200 }))).items.filter((r) => r.creditCode === code);

let api: TestApi;
beforeAll(async () => {
  for (const t of [JINAN, PROVINCE]) await asSystem(() => Department.seedStandard(), t);
  await admin(() => Business.importRows(businesses));
  api = await startTestApi();
});
afterAll(() => api.stop());
afterEach(() => Clock.reset());

describe("a business's row follows its inputs", () => {
  test("re-scoring an unchanged business writes nothing; a new clue and warning move its one row", async () => {
    const first = await admin(() => Risk.refreshMany([codes[0]!]));
    expect(first).toEqual({ count: 1, changed: 1 });
    expect(await admin(() => Risk.refreshMany([codes[0]!]))).toEqual({ count: 1, changed: 0 });
    const before = await admin(() => Risk.fromCode(codes[0]!));
    await officer(() => Warning.raise({ creditCode: codes[0]!, source: "monitoring", itemCodes: [], grade: "A", at: Clock.now(), departmentId: market, reading: { metric: "cold-chain-temperature", value: 3, unit: "℃" } }));
    expect(await admin(() => Risk.refreshMany([codes[0]!]))).toEqual({ count: 1, changed: 1 });
    const after = await admin(() => Risk.fromCode(codes[0]!));
    expect(after.score).toBeGreaterThan(before.score);
    expect(after.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["risk.reason.warnings", "risk.reason.clues"]));
    expect(await rowsOf(codes[0]!)).toHaveLength(1);
  });

  test("in a caller's own commit: what that commit adds counts (pending clues and warnings) before it can be read", async () => {
    const now = Clock.iso();
    const res = await admin(() => Risk.refreshItems([codes[1]!], { [codes[1]!]: { clues: [now, now], warnings: ["orange"] } }));
    expect(res.infos[0]!.reasons.find((r) => r.code === "risk.reason.clues")).toMatchObject({ params: { count: 2 } });
    expect(res.infos[0]!.reasons.find((r) => r.code === "risk.reason.warnings")).toMatchObject({ params: { count: 1 } });
    expect(res.items().length).toBeGreaterThanOrEqual(2);
  });

  test("two re-scores of one business at once leave one row", async () => {
    await officer(() => Warning.raise({ creditCode: codes[2]!, source: "12345", itemCodes: [], grade: "C", at: Clock.now(), departmentId: market }));
    await Promise.all([admin(() => Risk.refresh(codes[2]!)), admin(() => Risk.refreshMany([codes[2]!])), admin(() => Risk.refresh(codes[2]!))]);
    expect(await rowsOf(codes[2]!)).toHaveLength(1);
  });

  test("deciding a warning through the API re-scores the business at once", async () => {
    await admin(() => Risk.refreshMany([codes[0]!]));
    expect((await admin(() => Risk.fromCode(codes[0]!))).reasons.map((r) => r.code)).toContain("risk.reason.warnings");
    const token = await api.tokenFor(JINAN, "officer");
    for (const w of await admin(() => Warning.openFor(codes[0]!))) {
      const res = await api.call("POST", `/warnings/${w.id}/decide`, { token, body: { version: w.version, decision: "inspect", reason: "已安排联合检查核实冷链温度" } });
      expect(res.status).toBe(200);
    }
    const now = await admin(() => Risk.fromCode(codes[0]!));
    expect(now.reasons.map((r) => r.code)).not.toContain("risk.reason.warnings");
    expect(await rowsOf(codes[0]!)).toHaveLength(1);
  });
});

describe("the nightly re-score (jobs/risk-rescore.ts)", () => {
  test("pages through the directory, resumes where it stopped, skips a day done, and runs again the next day", async () => {
    // A run cut short after one page of 2 businesses (the A roster holds 2).
    const cut = await runRiskRescore({ tenants: [JINAN], pageSize: 2, maxPages: 1 });
    expect(cut.failures).toEqual([]);
    expect(cut.progress[0]).toMatchObject({ tenantId: JINAN, done: false, scored: 2 });
    // The next run resumes: every business of the directory scored once in all.
    const rest = await runRiskRescore({ tenants: [JINAN], pageSize: 2 });
    expect(rest.progress[0]).toMatchObject({ done: true, scored: codes.length });
    const ranked = (await admin(() => Risk.list({ limit: 200 }))).items.map((r) => r.creditCode);
    expect([...ranked].sort()).toEqual([...codes].sort());
    // Done today: skipped.
    const again = await runRiskRescore({ tenants: [JINAN] });
    expect(again.progress[0]).toMatchObject({ done: true, scored: codes.length });
    // The next day it runs again; nothing changed, so nothing is written.
    Clock.advance(86_400_000);
    const tomorrow = await runRiskRescore({ tenants: [JINAN] });
    expect(tomorrow.progress[0]).toMatchObject({ done: true, scored: codes.length, changed: 0 });
  });
});

describe("the weights: versions and validation", () => {
  test("a failing weight is a 400 naming the field (zh and en); a published version lists what changed and who", async () => {
    const token = await api.tokenFor(PROVINCE, "province-admin");
    const current = (await api.call("GET", "/risk/weights", { token })).json;
    const bad = await api.call("POST", "/risk/weights", { token, body: { ...current, version: current.version + 1, clueCap: 1, grade: { ...current.grade, D: 0 } } });
    expect(bad.status).toBe(400);
    const fields = bad.json.error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["clueCap", "grade.D"]));
    expect(bad.json.error.details.find((d: { field: string }) => d.field === "clueCap").message).toContain("上限不能小于每项分值");
    const en = await api.call("POST", "/risk/weights", { token, body: { ...current, version: current.version + 1, perClue: -1 }, headers: { "accept-language": "en" } });
    expect(en.status).toBe(400);
    expect(en.json.error.details[0]).toMatchObject({ field: "perClue" });
    const ok = await api.call("POST", "/risk/weights", { token, body: { ...current, version: current.version + 1, perPenalty: current.perPenalty + 1 } });
    expect(ok.status).toBe(201);
    const versions = await api.call("GET", "/risk/weights/versions?limit=1", { token: await api.tokenFor(JINAN, "tenant-admin") });
    expect(versions.status).toBe(200);
    expect(versions.json.items[0]).toMatchObject({ version: current.version + 1, changes: ["perPenalty"] });
    expect(versions.json.items[0].publishedBy.name).toBeTruthy();
    // A tenant reads them and cannot publish.
    const tenant = await api.call("POST", "/risk/weights", { token: await api.tokenFor(JINAN, "tenant-admin"), body: { ...current, version: current.version + 2 } });
    expect(tenant.status).toBe(403);
  });
});
