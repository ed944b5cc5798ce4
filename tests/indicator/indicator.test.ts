import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { Department } from "../../packages/core/src/department/index";
import { Disclosure } from "../../packages/core/src/disclosure/index";
import { useDynamo } from "../../packages/core/src/dynamo/client";
import { Indicator } from "../../packages/core/src/indicator/index";
import { jointTarget } from "../../packages/core/src/indicator/rules";
import { Message } from "../../packages/core/src/message/index";
import { commit } from "../../packages/core/src/outbox/commit";
import { PolicyDefaults } from "../../packages/core/src/policy/defaults";
import { Visit } from "../../packages/core/src/visit/index";
import { messages as assistance } from "../../packages/functions/src/consumers/assistance";
import { asSystem } from "../support/context";
import { as, asPublic, closeVisit, code, deliver, FUZHOU, GULOU, PROVINCE, SIMING, TAIJIANG } from "../disclosure/support";

/** Indicators (issue 13): joint-inspection share against the RULES.md
 * targets, inspections per business, published on time, objections answered
 * on time — per tenant from counters, rolled up to the city and the province
 * by message, never by reading another tenant's partition. */

const YEAR = 2026;

/** A visit closing as visit13's close counts it (Visit.countClosed, in the close's own commit). */
async function visitClosed(tenantId: string, creditCode: string, bodies: number) {
  const v = { tenantId, id: `vst_IND${creditCode}`, windowFrom: `${YEAR}-11-02`, creditCode, entityName: "福州𠮷祥食品销售有限公司", bodies: Array.from({ length: bodies }, (_, i) => ({ bodyId: `enb_${i}`, bodyName: `执法主体${i}` })) };
  await asSystem(
    () => commit({ action: "test.visit.close", target: { type: "visit", id: v.id }, state: v, items: () => Visit.countClosed(v as never, 2) }),
    tenantId,
  );
}

beforeAll(async () => {
  for (const t of [GULOU, TAIJIANG, SIMING, FUZHOU, PROVINCE]) await asSystem(() => Department.seedStandard(), t);
});
afterEach(() => vi.restoreAllMocks());

describe("the joint-inspection target (RULES.md: 60% in 2025, 80% by 2027)", () => {
  test("is policy data, and a year's target follows it", () => {
    const t = PolicyDefaults.indicatorTargets;
    expect([t.jointShare2025.value, t.jointShare2027.value]).toEqual([0.6, 0.8]);
    expect([2024, 2025, 2026, 2027, 2030].map((y) => jointTarget(y, t))).toEqual([0.6, 0.6, 0.7, 0.8, 0.8]);
  });

  test("a year outside the range is a 400 naming the field", async () => {
    await expect(as(GULOU, () => Indicator.mine({ year: 1999 }), { role: "tenant-admin" })).rejects.toMatchObject({ status: 400, details: [{ field: "year", rule: "indicator.year_range" }] });
  });
});

describe("per tenant, and rolled up by message", () => {
  test("the city sees its counties' joint share (and the other figures) via messages; it reads only its own partition", async () => {
    // 鼓楼区: three visits to two businesses, two of them joint; one record published on time.
    const a = code();
    const b = code();
    await visitClosed(GULOU, a, 2);
    await visitClosed(GULOU, a, 1);
    await visitClosed(GULOU, b, 3);
    const sourceId = await as(GULOU, () => closeVisit({ creditCode: a }), { at: "2026-11-02T09:00:00Z" });
    const [record] = await as(GULOU, () => Disclosure.forSource("inspection", sourceId), { role: "tenant-admin" });
    await as(GULOU, () => Disclosure.publish({ id: record!.id, version: 1 }), { at: "2026-11-20T02:00:00Z" });
    // 台江区: one joint visit.
    await visitClosed(TAIJIANG, code("91350103MA8D"), 2);

    const mine = await as(GULOU, () => Indicator.mine({ year: YEAR }), { role: "tenant-admin" });
    expect(mine.figures).toMatchObject({
      counts: { visits: 3, joint: 2, businesses: 2, published: 1, publishedOnTime: 1 },
      jointTarget: 0.7,
      jointMet: false,
      inspectionsPerBusiness: 1.5,
      publishedOnTime: 1,
      objectionsAnsweredOnTime: null,
    });
    expect(mine.figures.jointShare).toBeCloseTo(2 / 3);

    for (const t of [GULOU, TAIJIANG]) expect(await as(t, () => Indicator.reportUpward({ year: YEAR }), { role: "tenant-admin" })).toEqual({ reported: true });
    // Unchanged: nothing sent.
    expect(await as(GULOU, () => Indicator.reportUpward({ year: YEAR }), { role: "tenant-admin" })).toEqual({ reported: false });
    const outcomes = await deliver();
    expect(outcomes.filter((o) => /error|poison/.test(o))).toEqual([]);

    const send = vi.spyOn(useDynamo(), "send");
    const city = await as(FUZHOU, () => Indicator.below({ year: YEAR, limit: 200 }), { role: "tenant-admin" });
    const keys = JSON.stringify(send.mock.calls.map((c) => (c[0] as { input: unknown }).input));
    // Every key the city read is its own (350100#…): never a county's partition.
    expect(keys.match(/"(pk|gsi\dpk)":"[^"]+"|":pk\d*":"[^"]+"/g)?.every((k) => k.includes(`"${FUZHOU}#`))).toBe(true);
    expect(keys).not.toContain(`${GULOU}#`);
    const gulou = city.items.find((r) => r.tenantId === GULOU)!;
    const taijiang = city.items.find((r) => r.tenantId === TAIJIANG)!;
    expect(gulou.asOf).not.toBeNull();
    expect(gulou.figures.jointShare).toBeCloseTo(2 / 3);
    expect(taijiang.figures).toMatchObject({ jointShare: 1, jointMet: true });
    expect(city.total).toMatchObject({ counts: { visits: 4, joint: 3 }, jointShare: 0.75, jointMet: true });
    // A county not yet reported is listed with nothing counted.
    expect(city.items.find((r) => r.tenantId === "350104")).toMatchObject({ asOf: null, figures: { jointShare: null } });

    // The province received the same reports.
    const province = await as(PROVINCE, () => Indicator.below({ year: YEAR, limit: 200 }), { role: "province-admin" });
    expect(province.total?.counts).toMatchObject({ visits: 4, joint: 3 });
    // 厦门市 got nothing from 福州's counties.
    const xiamen = await as("350200", () => Indicator.below({ year: YEAR, limit: 200 }), { role: "tenant-admin" });
    expect(xiamen.total?.counts.visits).toBe(0);
  });

  test("a report from a tenant not below the receiver is refused as forged", async () => {
    const forged = await asSystem(async () => Indicator.Reported.create(FUZHOU, { year: YEAR, counts: { visits: 9, joint: 9, businesses: 1, published: 0, publishedOnTime: 0, objections: 0, answered: 0, answeredOnTime: 0 }, asOf: new Date().toISOString() }), SIMING);
    await expect(Message.consume(assistance, JSON.stringify(forged.envelope))).rejects.toBeInstanceOf(Message.PoisonMessage);
  });

  test("objections answered on time: the share follows the answers' clocks", async () => {
    const cc = code();
    const sourceId = await as(SIMING, () => closeVisit({ creditCode: cc, departmentId: Department.standardId(SIMING, "market") }), { at: "2026-11-02T09:00:00Z" });
    const [record] = await as(SIMING, () => Disclosure.forSource("inspection", sourceId), { role: "tenant-admin" });
    await as(SIMING, () => Disclosure.publish({ id: record!.id, version: 1 }), { at: "2026-12-01T02:00:00Z" });
    const o1 = await asPublic(SIMING, () => Disclosure.object({ id: record!.id, creditCode: cc, text: "公示内容有误，请更正" }), "2026-12-02T02:00:00Z");
    const o2 = await asPublic(SIMING, () => Disclosure.object({ id: record!.id, creditCode: cc, text: "复查结果未公示，请补充" }), "2026-12-02T03:00:00Z");
    await as(SIMING, () => Disclosure.answer({ id: o1.id, version: 1, upheld: false, text: "经核实无误" }), { at: "2026-12-03T02:00:00Z", role: "tenant-admin" });
    await as(SIMING, () => Disclosure.answer({ id: o2.id, version: 1, upheld: false, text: "经核实无误" }), { at: "2027-01-20T02:00:00Z", role: "tenant-admin" });
    const mine = await as(SIMING, () => Indicator.mine({ year: YEAR }), { role: "tenant-admin" });
    expect(mine.figures).toMatchObject({ counts: { published: 1, publishedOnTime: 0, objections: 2, answered: 2, answeredOnTime: 1 }, publishedOnTime: 0, objectionsAnsweredOnTime: 0.5 });
  });
});
