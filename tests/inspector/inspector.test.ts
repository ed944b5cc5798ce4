import { beforeAll, describe, expect, test } from "vitest";
import { Department } from "../../packages/core/src/department/index";
import { Enforcement } from "../../packages/core/src/enforcement/index";
import { withCheckChar } from "../../packages/core/src/entity/credit-code";
import { Inspection } from "../../packages/core/src/inspection/index";
import { Inspector } from "../../packages/core/src/inspector/index";
import { asSystem, asUser } from "../support/context";

const GULOU = "350102";
const market = Department.standardId(GULOU, "market");
const business = withCheckChar("91350102MA4F00001");
let body: Enforcement.Info;
let linA: Inspector.Info, chen: Inspector.Info, grid: Inspector.Info, aux: Inspector.Info, expired: Inspector.Info, kin: Inspector.Info;

const admin = <T>(fn: () => Promise<T>) => asUser(GULOU, fn);
const officer = <T>(fn: () => Promise<T>) => asUser(GULOU, async () => fn(), "officer", market);
const cert = (n: string, until = "2030-12-31") => ({ certificateNo: `闽榕执${n}`, certificateFrom: "2025-01-01", certificateUntil: until });

beforeAll(async () => {
  await asSystem(() => Department.seedStandard(), GULOU);
  await admin(async () => {
    body = await Enforcement.publishBody({ departmentId: market, inspectionItems: ["FJ-SP-001"] });
    linA = await Inspector.create({ bodyId: body.id, name: "林强", ...cert("0001"), qualifications: ["FJ-SP-001"] });
    chen = await Inspector.create({ bodyId: body.id, name: "陈𠮷", ...cert("0002"), qualifications: ["FJ-SP-001"] });
    grid = await Inspector.create({ bodyId: body.id, name: "网格员王五", kind: "grid-worker", qualifications: ["FJ-SP-001"] });
    aux = await Inspector.create({ bodyId: body.id, name: "辅助人员赵六", kind: "auxiliary", qualifications: ["FJ-SP-001"] });
    expired = await Inspector.create({ bodyId: body.id, name: "黄过期", ...cert("0003", "2026-03-31"), qualifications: ["FJ-SP-001"] });
    kin = await Inspector.create({ bodyId: body.id, name: "吴亲属", ...cert("0004"), qualifications: ["FJ-SP-001"], kinship: [{ creditCode: business, relation: "配偶任该公司法定代表人" }] });
  });
});

describe("执法检查人员: only certified officers are recorded on an inspection", () => {
  const schedule = (inspectorIds: string[], plannedDate = "2026-07-01") =>
    officer(() => Inspection.schedule({ creditCode: business, entityName: "福州示例餐饮管理有限公司", itemCodes: ["FJ-SP-001"], plannedDate, inspectorIds }));

  test("two certified, qualified, unconflicted officers are recorded on the visit", async () => {
    const i = await schedule([linA.id, chen.id]);
    expect(i.inspectorIds).toEqual([linA.id, chen.id]);
    expect(linA.certifiedToday || linA.certificateUntil! >= "2026-07-01").toBe(true);
  });

  test("a grid worker or an auxiliary is never recorded", async () => {
    await expect(schedule([linA.id, grid.id])).rejects.toMatchObject({ code: "inspector.not_certified", details: { reason: "not-officer" } });
    await expect(schedule([aux.id, chen.id])).rejects.toMatchObject({ code: "inspector.not_certified", details: { reason: "not-officer" } });
  });

  test("an officer whose certificate has lapsed on the day is refused; the same officer before the lapse is accepted", async () => {
    await expect(schedule([linA.id, expired.id], "2026-07-01")).rejects.toMatchObject({ code: "inspector.not_certified", details: { reason: "certificate-not-valid" } });
    await expect(schedule([linA.id, expired.id], "2026-03-31")).resolves.toBeTruthy();
  });

  test("a declared conflict (kinship with the business) is refused; one person alone is too few", async () => {
    await expect(schedule([linA.id, kin.id])).rejects.toMatchObject({ code: "inspector.not_certified", details: { reason: "conflict" } });
    await expect(officer(() => Inspector.assertRecordable({ inspectorIds: [linA.id], on: "2026-07-01", itemCodes: ["FJ-SP-001"] }))).rejects.toMatchObject({ code: "inspector.too_few" });
  });

  test("an officer must hold a certificate to be registered as one", async () => {
    await expect(admin(async () => Inspector.create({ bodyId: body.id, name: "无证人员", qualifications: [] }))).rejects.toThrow();
  });

  test("the pool lists a body's people by ID with their certification today; paging is bounded", async () => {
    const pool = await admin(() => Inspector.pool(body.id));
    expect(pool.map((p) => p.id)).toEqual([linA, chen, grid, aux, expired, kin].map((p) => p.id).sort());
    expect(pool.find((p) => p.id === grid.id)?.certifiedToday).toBe(false);
    const page = await admin(() => Inspector.list({ bodyId: body.id, limit: 2 }));
    expect(page.items).toHaveLength(2);
    expect(page.cursor).toBeTruthy();
  });
});

// Last in the file: it adds a person to the body, which the pool test above counts.
describe("停用", () => {
  test("an officer set 停用 through update is read back inactive and is never recorded", async () => {
    const off = await admin(() => Inspector.create({ bodyId: body.id, name: "停用测试𠮷", ...cert("0009"), qualifications: ["FJ-SP-001"] }));
    await expect(officer(() => Inspection.schedule({ creditCode: business, entityName: "福州示例餐饮管理有限公司", itemCodes: ["FJ-SP-001"], inspectorIds: [linA.id, off.id], plannedDate: "2026-07-02" }))).resolves.toBeTruthy();
    const updated = await admin(() => Inspector.update({ id: off.id, version: off.version, status: "inactive" }));
    expect(updated.status).toBe("inactive");
    expect((await admin(() => Inspector.fromID(off.id))).status).toBe("inactive");
    await expect(officer(() => Inspection.schedule({ creditCode: business, entityName: "福州示例餐饮管理有限公司", itemCodes: ["FJ-SP-001"], inspectorIds: [linA.id, off.id], plannedDate: "2026-07-03" }))).rejects.toMatchObject({ code: "inspector.not_certified", details: { reason: "inactive" } });
  });
});
