import { beforeAll, describe, expect, test } from "vitest";
import { Department } from "../../packages/core/src/department/index";
import { Enforcement } from "../../packages/core/src/enforcement/index";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";
import { Inspection } from "../../packages/core/src/inspection/index";
import { Penalty } from "../../packages/core/src/penalty/index";
import { asSystem, asUser } from "../support/context";

const GULOU = "350102";
const TAIJIANG = "350103";
const GUDONG = "350102001"; // 鼓东街道
const GUXI = "350102002"; // 鼓西街道
let serial = 0;
const code = () => withCheckChar(`91350102MA3E${String(++serial).padStart(4, "0")}A`);

let township: Department.Info;
let townshipBody: Enforcement.Info;
let marketBody: Enforcement.Info;
const market = Department.standardId(GULOU, "market");
const housing = Department.standardId(GULOU, "housing");

const officer = <T>(dep: string, fn: () => Promise<T>) => asUser(GULOU, async () => fn(), "officer", dep);
const penalise = (dep: string, itemCode: string, decidedOn = "2026-06-01") =>
  officer(dep, () =>
    Penalty.record({
      creditCode: code(),
      entityName: "福州鼓东𠮷祥小吃店",
      fact: { itemCode, clause: "《食品安全法》第一百二十四条第一款", actDate: "2026-05-20", description: "销售超过保质期的食品" },
      decisionNo: `鼓东罚〔2026〕${++serial}号`,
      decidedOn,
      measure: "warning",
    }),
  );

beforeAll(async () => {
  for (const t of [GULOU, TAIJIANG]) await asSystem(() => Department.seedStandard(), t);
  await asUser(GULOU, async () => {
    township = await Department.create({ name: "福州市鼓楼区鼓东街道办事处", type: "township" });
    marketBody = await Enforcement.publishBody({ departmentId: market, inspectionItems: ["FJ-SP-001", "FJ-SP-002"] });
    townshipBody = await Enforcement.publishBody({ departmentId: township.id, kind: "township", townshipCode: GUDONG, inspectionItems: ["FJ-SP-001"] });
    await Enforcement.publishBatch({ title: "鼓楼区第一批下放街道行政处罚事项", townshipCodes: [GUDONG], itemCodes: ["FJ-SP-001"], effectiveDate: "2026-01-01" });
    await Enforcement.publishBatch({ title: "鼓楼区第二批下放街道行政处罚事项", townshipCodes: [GUDONG, GUXI], itemCodes: ["FJ-SP-003"], effectiveDate: "2026-09-01" });
  });
});

describe("分批下放: a township acts only within the items its county devolved", () => {
  test("a township penalises within its devolved batch", async () => {
    const p = await penalise(township.id, "FJ-SP-001");
    expect(p.departmentId).toBe(township.id);
  });

  test("outside its items the township is refused, naming the items and the rule", async () => {
    await expect(penalise(township.id, "FJ-SP-002")).rejects.toMatchObject({ code: "enforcement.township_outside_items", status: 403, params: { items: "FJ-SP-002" } });
  });

  test("a batch counts only from its date: FJ-SP-003 is refused before 1 September and allowed after", async () => {
    await expect(penalise(township.id, "FJ-SP-003", "2026-08-31")).rejects.toMatchObject({ code: "enforcement.township_outside_items" });
    await expect(penalise(township.id, "FJ-SP-003", "2026-09-01")).resolves.toMatchObject({ departmentId: township.id });
    expect(await asUser(GULOU, () => Enforcement.devolvedTo(GUDONG, "2026-09-02"))).toEqual(["FJ-SP-001", "FJ-SP-003"]);
    expect(await asUser(GULOU, () => Enforcement.devolvedTo(GUXI, "2026-06-01"))).toEqual([]);
  });

  test("the township's inspections are bound the same way", async () => {
    const schedule = (itemCodes: string[]) =>
      officer(township.id, () => Inspection.schedule({ creditCode: code(), entityName: "福州鼓东示例餐饮店", itemCodes, plannedDate: "2026-07-01" }));
    await expect(schedule(["FJ-SP-001"])).resolves.toMatchObject({ departmentIds: [township.id] });
    await expect(schedule(["FJ-SP-002"])).rejects.toMatchObject({ code: "enforcement.township_outside_items", status: 403 });
  });

  test("a batch names only townships of the county", async () => {
    await expect(
      asUser(GULOU, () => Enforcement.publishBatch({ title: "错误的批次示例", townshipCodes: ["350103001"], itemCodes: ["FJ-SP-001"], effectiveDate: "2026-01-01" })),
    ).rejects.toMatchObject({ code: "enforcement.township_unknown" });
  });
});

describe("行政执法主体清单 and 清单之外无检查", () => {
  test("a department not on the published list may neither inspect nor penalise once the list exists", async () => {
    await expect(penalise(housing, "FJ-SP-001")).rejects.toMatchObject({ code: "enforcement.not_a_body", status: 403 });
    await expect(
      officer(housing, () => Inspection.schedule({ creditCode: code(), entityName: "福州示例建筑公司", itemCodes: ["FJ-SP-001"], plannedDate: "2026-07-01" })),
    ).rejects.toMatchObject({ code: "enforcement.not_a_body" });
  });

  test("an inspection covers only items on the body's published list; a joint visit needs each item on some body's list", async () => {
    const schedule = (departmentIds: string[], itemCodes: string[]) =>
      officer(market, () => Inspection.schedule({ creditCode: code(), entityName: "福州示例餐饮管理有限公司", itemCodes, departmentIds, plannedDate: "2026-07-01" }));
    await expect(schedule([market], ["FJ-SP-002"])).resolves.toBeTruthy();
    await expect(schedule([market], ["FJ-YP-001"])).rejects.toMatchObject({ code: "enforcement.item_not_listed", params: { items: "FJ-YP-001" } });
    // The market body may penalise outside its inspection list (its statutory powers), the list binds inspections.
    await expect(penalise(market, "FJ-YP-001")).resolves.toBeTruthy();
  });

  test("a tenant that has published no list yet is not checked", async () => {
    await expect(
      asUser(TAIJIANG, () => Enforcement.assertMayAct(Department.standardId(TAIJIANG, "market"), ["FJ-YP-009"], { purpose: "inspection" })),
    ).resolves.toBeUndefined();
  });

  test("the list is public: bodies and batches readable for a tenant without signing in; a department is listed once", async () => {
    const bodies = await asSystem(() => Enforcement.publicBodies(GULOU, {}));
    expect(bodies.items.map((b) => b.id).sort()).toEqual([marketBody.id, townshipBody.id].sort());
    expect(bodies.items.find((b) => b.kind === "township")).toMatchObject({ townshipCode: GUDONG, townshipName: "鼓东街道" });
    const batches = await asSystem(() => Enforcement.publicBatches(GULOU, { limit: 1 }));
    expect(batches.items).toHaveLength(1);
    expect(batches.cursor).toBeTruthy();
    await expect(asUser(GULOU, () => Enforcement.publishBody({ departmentId: market }))).rejects.toMatchObject({ code: "enforcement.department_taken", status: 409 });
    await expect(asSystem(() => Enforcement.publicBodies("999999", {}))).rejects.toMatchObject({ status: 404 });
  });
});
