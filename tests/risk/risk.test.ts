import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { Business } from "../../packages/core/src/business/index";
import { Clock } from "../../packages/core/src/clock";
import { Credit } from "../../packages/core/src/credit/index";
import { Department } from "../../packages/core/src/department/index";
import { translate } from "../../packages/core/src/i18n/index";
import { Risk } from "../../packages/core/src/risk/index";
import { simulate } from "../../packages/core/src/risk/simulate";
import { Warning } from "../../packages/core/src/warning/index";
import { asSystem, asUser } from "../support/context";

/** 风险排名 (issue 14): businesses ranked by risk with the reasons that raised
 * it, the model's weights as data, the ranking an index a page of which is
 * one Query; and the back-test's pure core. */

const GULOU = "350102";
const TAIJIANG = "350103";
const market = Department.standardId(GULOU, "market");
const admin = <T>(fn: () => Promise<T>, tenant = GULOU) => asUser(tenant, fn, "tenant-admin");
const D = (days: number) => new Date(Date.UTC(2026, 0, 1) + days * 86_400_000).toISOString();

describe("the model (pure)", () => {
  const w = Risk.DEFAULT_WEIGHTS;
  test("each signal adds points with its reason, largest first; only what is known at the time counts", () => {
    const now = new Date(D(400));
    const s = Risk.score(
      w,
      { clues: [D(390), D(395), D(399), D(401)], warnings: ["yellow", "red"], grade: "C", inspections: [{ at: D(100), found: true }, { at: D(300), found: false }], penalties: [D(200)] },
      now,
    );
    expect(s.reasons.map((r) => r.code)).toEqual(["risk.reason.warnings", "risk.reason.clues", "risk.reason.grade", "risk.reason.findings", "risk.reason.penalties"]);
    expect(s.reasons.find((r) => r.code === "risk.reason.clues")).toMatchObject({ params: { count: 3, days: 90 }, points: 24 });
    expect(s.reasons[0]).toMatchObject({ points: w.warning.red + w.warning.yellow / 2, params: { count: 2, level: "红色" } });
    expect(s.score).toBe(s.reasons.reduce((a, r) => a + r.points, 0));
    expect(translate("risk.reason.clues", "zh-CN", s.reasons[1]!.params)).toBe("90 日内线索 3 条");
    // Nothing known: no points and no reasons.
    expect(Risk.score(w, { clues: [], warnings: [], inspections: [], penalties: [], grade: "A" }, now)).toEqual({ score: 0, reasons: [] });
  });

  test("the rank key sorts the highest score first, ties by credit code", () => {
    const keys = [Risk.rankKey(10, "B"), Risk.rankKey(80.5, "Z"), Risk.rankKey(80.5, "A"), Risk.rankKey(0, "C")].sort();
    expect(keys.map((k) => k.split("#")[1])).toEqual(["A", "Z", "B", "C"]);
  });

  test("the back-test: the top K catches the later findings of risky businesses better than a random order, and sooner", () => {
    const histories: Risk.History[] = Array.from({ length: 100 }, (_, i) => {
      const risky = i % 10 === 0;
      return {
        creditCode: `C${String(i).padStart(3, "0")}`,
        grade: risky ? "D" : "A",
        clues: risky ? [D(80), D(85)] : [],
        inspections: risky ? [{ at: D(50), found: true }, { at: D(110), found: true }] : i === 55 ? [{ at: D(120), found: true }] : [],
        penalties: [],
      };
    });
    const r = Risk.backtest(w, histories, { at: new Date(D(90)), horizonDays: 60, topK: [10, 20], perDay: 5 });
    expect(r).toMatchObject({ businesses: 100, withFindings: 11, findings: 11 });
    expect(r.rows[0]).toMatchObject({ k: 10, caught: 10, random: 1.1 });
    expect(r.rows[0]!.lift).toBeGreaterThan(9);
    // Findings after T only: the ranking never saw them (i=55 is not in the top 10).
    expect(r.rows[1]!.caught).toBe(10);
    expect(r.meanDayRandom).toBe(9.5);
    expect(r.daysEarlier).toBeGreaterThan(5);
  });

  test("the demo's simulated history is reproducible, and on it the ranking beats a random order (the CLI's numbers)", () => {
    const demo = [...Business.generate({ count: 2000, seed: 2026, tenantId: GULOU })].map((b) => ({ creditCode: b.creditCode, grade: String(b.grade ?? "B") }));
    const at = new Date("2026-06-30T16:00:00Z");
    const one = simulate(demo, { seed: 14, at, pastDays: 730, horizonDays: 90 });
    expect(simulate(demo, { seed: 14, at, pastDays: 730, horizonDays: 90 })).toEqual(one);
    // Exactly one inspection per business after T: the round the back-test counts.
    expect(one.every((h) => h.inspections.filter((i) => i.at > at.toISOString()).length === 1)).toBe(true);
    const r = Risk.backtest(w, one, { at, horizonDays: 90, topK: [200], perDay: 23 });
    expect(r.rows[0]!.caught).toBeGreaterThan(r.rows[0]!.random * 1.5);
    expect(r.daysEarlier).toBeGreaterThan(0);
  });

  test("weights are validated field by field", () => {
    const bad = Risk.Weights.safeParse({ ...w, perClue: -1 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(["perClue"]);
  });
});

describe("the ranking per tenant", () => {
  const businesses = [...Business.generate({ count: 6, seed: 41, tenantId: GULOU })].map((b, i) => ({ ...b, grade: (["A", "B", "C", "D", "A", "B"] as const)[i] }));
  const codes = businesses.map((b) => b.creditCode);
  beforeAll(async () => {
    for (const t of [GULOU, TAIJIANG]) await asSystem(() => Department.seedStandard(), t);
    await admin(() => Business.importRows(businesses));
    // Business 0: three clues and a red reading; business 1: an inspection that found problems.
    for (let i = 0; i < 3; i++) await asUser(GULOU, () => Warning.raise({ creditCode: codes[0]!, source: "12345", itemCodes: [], grade: "A", at: Clock.now(), departmentId: market }), "officer", market);
    await asUser(GULOU, () => Warning.raise({ creditCode: codes[0]!, source: "monitoring", itemCodes: [], grade: "A", at: Clock.now(), departmentId: market, reading: { metric: "cold-chain-temperature", value: 2, unit: "℃" } }), "officer", market);
    await admin(() => Credit.note({ creditCode: codes[1]!, kind: "inspection", outcome: "non-compliant", at: Clock.iso(), sourceId: "ist_test_1" }));
    await admin(() => Risk.rescore(codes));
  });
  afterEach(() => Clock.reset());

  test("the list is ranked with reasons, a page at a time", async () => {
    const first = await admin(() => Risk.list({ limit: 2 }));
    expect(first.items.map((r) => r.creditCode)).toEqual([codes[0], codes[3]]);
    expect(first.items[0]!.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(["risk.reason.warnings", "risk.reason.clues"]));
    expect(first.items[1]!.reasons.map((r) => r.code)).toContain("risk.reason.grade");
    expect(first.cursor).not.toBeNull();
    const rest = await admin(() => Risk.list({ limit: 10, cursor: first.cursor! }));
    expect(rest.items).toHaveLength(4);
    const scores = [...first.items, ...rest.items].map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(rest.cursor).toBeNull();
  });

  test("a change moves the business's one row: deciding its warnings lowers it, the list has no duplicate", async () => {
    const open = await admin(() => Warning.openFor(codes[0]!));
    for (const w of open) await admin(() => Warning.decide({ id: w.id, version: w.version, decision: "inspect", reason: "已安排联合检查核实处理" }));
    const after = await admin(() => Risk.refresh(codes[0]!));
    expect(after.reasons.map((r) => r.code)).not.toContain("risk.reason.warnings");
    const all = await admin(() => Risk.list({ limit: 50 }));
    expect(all.items.filter((r) => r.creditCode === codes[0])).toHaveLength(1);
    expect(all.items).toHaveLength(6);
    expect((await admin(() => Risk.fromCode(codes[0]!))).score).toBe(after.score);
  });

  test("another tenant sees none of it", async () => {
    expect((await admin(() => Risk.list({ limit: 50 }), TAIJIANG)).items).toEqual([]);
    await expect(admin(() => Risk.fromCode(codes[0]!), TAIJIANG)).rejects.toMatchObject({ status: 404 });
  });

  test("only the province publishes weights, the next version only", async () => {
    await expect(admin(() => Risk.publishWeights({ ...Risk.DEFAULT_WEIGHTS, version: 2 }))).rejects.toMatchObject({ code: "risk.province_only" });
    await expect(asUser("350000", () => Risk.publishWeights({ ...Risk.DEFAULT_WEIGHTS, version: 3 }), "province-admin")).rejects.toMatchObject({ code: "risk.version" });
    const v2 = await asUser("350000", () => Risk.publishWeights({ ...Risk.DEFAULT_WEIGHTS, version: 2, perClue: 10 }), "province-admin");
    expect(v2.version).toBe(2);
    expect((await admin(() => Risk.weights())).perClue).toBe(10);
  });
});
