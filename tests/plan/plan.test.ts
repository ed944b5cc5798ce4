import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { Clock } from "../../packages/core/src/clock";
import { Department } from "../../packages/core/src/department/index";
import { Enforcement } from "../../packages/core/src/enforcement/index";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";
import { Plan } from "../../packages/core/src/plan/index";
import { asSystem, asUser } from "../support/context";

const GULOU = "350102";
const market = Department.standardId(GULOU, "market");
const health = Department.standardId(GULOU, "health");
const transport = Department.standardId(GULOU, "transport");
let marketBody: Enforcement.Info, healthBody: Enforcement.Info, transportBody: Enforcement.Info;
const admin = <T>(fn: () => Promise<T>) => asUser(GULOU, fn);
const at = (iso: string) => <T>(fn: () => Promise<T>) => asUser(GULOU, fn).finally(() => undefined);

beforeAll(async () => {
  await asSystem(() => Department.seedStandard(), GULOU);
  await admin(async () => {
    marketBody = await Enforcement.publishBody({ departmentId: market, inspectionItems: ["FJ-SP-001", "FJ-SP-002"] });
    healthBody = await Enforcement.publishBody({ departmentId: health, inspectionItems: ["FJ-WS-001"] });
    transportBody = await Enforcement.publishBody({ departmentId: transport, inspectionItems: ["FJ-JT-001"] });
  });
});
afterEach(() => Clock.reset());
void at;

const base = { year: 2027, periodFrom: "2027-04-01", periodTo: "2027-06-30" };

describe("年度检查计划: filing by 31 March, who has not filed", () => {
  test("a plan filed before the date takes the default ratios and cap; the tenant sees who has not filed", async () => {
    const plan = await admin(() => Plan.file({ ...base, title: "2027年度食品安全抽查计划", bodyIds: [marketBody.id], itemCodes: ["FJ-SP-001"] }));
    expect(plan).toMatchObject({ ratios: Plan.SpotCheckDefaults.ratios.value, cap: 2, late: false, joint: false });
    const filing = await admin(() => Plan.filing({ year: 2027 }));
    expect(filing.deadline).toBe("2027-03-31");
    expect(filing.unfiled.map((u) => u.bodyId).sort()).toEqual([healthBody.id, transportBody.id].sort());
    await expect(admin(() => Plan.file({ ...base, title: "重复报送的计划示例", bodyIds: [marketBody.id], itemCodes: ["FJ-SP-002"] }))).rejects.toMatchObject({ code: "plan.duplicate", status: 409 });
  });

  test("a plan filed after the date is accepted and marked late", async () => {
    // Move to 2028-04-02 and file for 2028.
    Clock.advance(Date.parse("2028-04-02T04:00:00Z") - Date.now());
    const plan = await admin(() => Plan.file({ year: 2028, periodFrom: "2028-05-01", periodTo: "2028-06-30", title: "2028年度卫生抽查计划", bodyIds: [healthBody.id], itemCodes: ["FJ-WS-001"] }));
    expect(plan.late).toBe(true);
    const filing = await admin(() => Plan.filing({ year: 2028 }));
    expect(filing.pastDeadline).toBe(true);
    expect(filing.bodies.find((b) => b.bodyId === healthBody.id)).toMatchObject({ filed: true, late: true });
  });

  test("ratios outside RULES.md's ranges are refused, a zero ratio above all (不免抽)", async () => {
    const file = (ratios: Plan.Ratios) => admin(() => Plan.file({ ...base, title: "比例有误的计划示例", bodyIds: [transportBody.id], itemCodes: ["FJ-JT-001"], ratios }));
    await expect(file({ A: 0, B: 1000, C: 3000, D: 7000 })).rejects.toMatchObject({ code: "plan.ratio_range", params: { grade: "A" } });
    await expect(file({ A: 500, B: 1000, C: 3000, D: 5000 })).rejects.toMatchObject({ code: "plan.ratio_range", params: { grade: "D" } });
    await expect(admin(() => Plan.file({ ...base, periodTo: "2028-01-31", title: "跨年度计划示例", bodyIds: [transportBody.id], itemCodes: ["FJ-JT-001"] }))).rejects.toMatchObject({ code: "plan.period_year" });
  });

  test("an officer files only for their own department's body", async () => {
    await expect(
      asUser(GULOU, () => Plan.file({ ...base, title: "越权报送的计划示例", bodyIds: [transportBody.id], itemCodes: ["FJ-JT-001"] }), "officer", market),
    ).rejects.toMatchObject({ code: "plan.not_your_body", status: 403 });
  });
});

describe("yearly caps per body per business", () => {
  test("flagged when approaching, refused at the cap, an exception ordered from above recorded", async () => {
    const creditCode = withCheckChar("91350102MA5G00001");
    const task = (exception?: Plan.Info extends never ? never : { kind: "special" | "case-driven"; orderedBy: string; reason: string }) =>
      admin(() => Plan.createTask({ creditCode, bodyIds: [marketBody.id], itemCodes: ["FJ-SP-001"], periodFrom: "2027-05-01", periodTo: "2027-05-31", exception }));
    const status = () => admin(() => Plan.capStatus({ creditCode, year: 2027, bodyIds: [marketBody.id] }));
    expect((await status()).bodies[0]).toMatchObject({ count: 0, cap: 2, state: "clear" });
    await task();
    expect((await status()).bodies[0]).toMatchObject({ count: 1, state: "approaching" });
    // A second task in an overlapping period is the same task: not counted twice.
    const same = await task();
    expect(same.merged).toBe(true);
    expect((await status()).bodies[0]).toMatchObject({ count: 1 });
    await admin(() => Plan.createTask({ creditCode, bodyIds: [marketBody.id], itemCodes: ["FJ-SP-001"], periodFrom: "2027-09-01", periodTo: "2027-09-30" }));
    expect((await status()).bodies[0]).toMatchObject({ count: 2, state: "at-cap" });
    await expect(admin(() => Plan.createTask({ creditCode, bodyIds: [marketBody.id], itemCodes: ["FJ-SP-001"], periodFrom: "2027-11-01", periodTo: "2027-11-30" }))).rejects.toMatchObject({
      code: "plan.cap_reached",
      status: 409,
      params: { count: 2, cap: 2 },
    });
    const exc = await admin(() =>
      Plan.createTask({
        creditCode,
        bodyIds: [marketBody.id],
        itemCodes: ["FJ-SP-001"],
        periodFrom: "2027-11-01",
        periodTo: "2027-11-30",
        exception: { kind: "special", orderedBy: "福州市市场监督管理局", reason: "上级部署的食品安全专项检查" },
      }),
    );
    expect(exc.counts[marketBody.id]).toBe(3);
    expect(exc.task.x).toContain("special");
    // Another body's cap is its own.
    expect((await admin(() => Plan.capStatus({ creditCode, year: 2027, bodyIds: [healthBody.id] }))).bodies[0]).toMatchObject({ count: 0, state: "clear" });
  });
});
