import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Assignment } from "../../packages/core/src/assignment/index";
import { parseSheet } from "../../packages/core/src/assignment/parse";
import { sheetRows, suggest } from "../../packages/core/src/assignment/sheet";
import { Audit } from "../../packages/core/src/audit/index";
import { Department } from "../../packages/core/src/department/index";
import { PROVINCE_ID } from "../../packages/core/src/tenant/index";
import { hashState, merkleRoot } from "../../packages/core/src/util/hash";
import { startTestApi, type TestApi } from "../support/api";
import { enact } from "../support/catalogue";
import { asSystem, asUser } from "../support/context";
import { deliverSync } from "../support/sync";

/** Assignments at county speed (issue 15 Found 4): bulk assignment in one
 * transaction with one audit event over every row, and the spreadsheet round trip. */

const GULOU = "350102";
const FOCUS = new Set([PROVINCE_ID, GULOU]);
const dep = (type: string) => Department.standardId(GULOU, type);
const codes = ["FJ-A-001", "FJ-A-002", "FJ-A-003", "FJ-A-004", "FJ-A-005"];

let api: TestApi;
let admin: string;
beforeAll(async () => {
  api = await startTestApi();
  for (const t of FOCUS) await asSystem(() => Department.seedStandard(), t);
  const machine = await api.issuer.sign({ sub: "province-catalogue", client_id: "province-catalogue", tenant_id: PROVINCE_ID, role: "province-admin" });
  const published = await api.call("POST", "/catalogue/versions", {
    token: machine,
    body: { version: 1, title: "首版", changes: codes.map((c, i) => enact(c, i === 4 ? { name: "𠮷祥餐饮检查", leadDepartmentType: "health", cooperatingDepartmentTypes: ["market"] } : {})) },
  });
  expect(published.status).toBe(201);
  await deliverSync((e) => FOCUS.has(e.toTenant));
  admin = await api.tokenFor(GULOU, "tenant-admin");
});
afterAll(() => api.stop());

const trail = () => asUser(GULOU, async () => (await Audit.list({ limit: 200 })).items, "tenant-admin");
const list = async () => (await api.call("GET", "/assignments?limit=200", { token: admin })).json.items as any[];

describe("bulk assignment", () => {
  test("the catalogue's suggestion maps lead and cooperating types to the tenant's departments", async () => {
    const departments = await asUser(GULOU, () => Department.list(), "tenant-admin");
    expect(suggest({ leadDepartmentType: "market", cooperatingDepartmentTypes: ["health", "market", "drug"] }, departments)).toEqual({
      leadDepartmentId: dep("market"),
      // The lead is not also cooperating; a type the county has no department of (province-only) is left out.
      cooperatingDepartmentIds: [dep("health")],
    });
  });

  test("any bad row is a 400 naming rows.N.field, in zh or en, and nothing is written", async () => {
    const before = (await trail()).length;
    const body = {
      rows: [
        { code: "FJ-A-001", leadDepartmentId: dep("market"), cooperatingDepartmentIds: [dep("health")], office: "食品经营监管科", person: "陈静" },
        { code: "FJ-Z-404", leadDepartmentId: dep("market"), office: "科", person: "人" },
        { code: "FJ-A-002", leadDepartmentId: Department.standardId("350103", "market"), cooperatingDepartmentIds: [dep("market")], office: "科", person: "人" },
        { code: "FJ-A-001", leadDepartmentId: dep("market"), office: "科", person: "人" },
      ],
    };
    const res = await api.call("POST", "/assignments/bulk", { token: admin, body });
    expect(res.status).toBe(400);
    const details = res.json.error.details as { field: string; message: string }[];
    expect(details.map((d) => d.field).sort()).toEqual(["rows.1.code", "rows.2.leadDepartmentId", "rows.3.code"].sort());
    expect(details.find((d) => d.field === "rows.1.code")!.message).toBe("事项 FJ-Z-404 不在本级现行清单中");
    const en = await api.call("POST", "/assignments/bulk", { token: admin, body, headers: { "accept-language": "en" } });
    expect(en.json.error.details.find((d: any) => d.field === "rows.3.code").message).toBe("Item FJ-A-001 appears more than once in this bulk change");
    expect(await list()).toEqual([]);
    expect((await trail()).length).toBe(before);
    // An officer may not assign.
    expect((await api.call("POST", "/assignments/bulk", { token: await api.tokenFor(GULOU, "officer"), body: { rows: body.rows.slice(0, 1) } })).status).toBe(403);
  });

  test("many rows land in one transaction with ONE audit event whose Merkle root covers every row", async () => {
    const before = (await trail()).length;
    const rows = codes.slice(0, 4).map((code) => ({ code, leadDepartmentId: dep("market"), cooperatingDepartmentIds: [dep("health")], office: "食品经营监管科", person: "陈静" }));
    const res = await api.call("POST", "/assignments/bulk", { token: admin, body: { rows } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ count: 4, created: 4, updated: 0 });
    const events = (await trail()).slice(0, (await trail()).length - before);
    expect(events.map((e) => e.action)).toEqual(["assignment.bulk"]);
    const event = events[0]!;
    // Recompute the root from what the API now shows: every row's lead, office, person, cooperating and version.
    const now = (await list()).filter((a) => codes.includes(a.code));
    expect(now.map((a) => a.code)).toEqual(codes.slice(0, 4));
    const leaves = now.map((a) =>
      hashState(Assignment.bulkLeaf({ tenantId: GULOU, code: a.code, leadDepartmentId: a.leadDepartmentId, office: a.office, person: a.person, cooperatingDepartmentIds: a.cooperating.map((c: any) => c.departmentId), version: a.version })),
    );
    expect(res.json.merkleRoot).toBe(merkleRoot(leaves));
    expect(event.stateHash).toBe(hashState({ count: 4, merkleRoot: merkleRoot(leaves) }));
    expect(event.text).toContain("批量落实属地监管责任 4 项（新增 4、修改 0）");
    // A changed row changes the root: the event covers each row, not just the count.
    const tampered = [...leaves];
    tampered[2] = hashState({ other: true });
    expect(merkleRoot(tampered)).not.toBe(res.json.merkleRoot);

    // A row without the version of an existing assignment, and one with a stale version: reported by row; the good row is not written either.
    const stale = await api.call("POST", "/assignments/bulk", {
      token: admin,
      body: {
        rows: [
          { ...rows[0], office: "新科室", version: 1 },
          { ...rows[1], version: 7 },
          { ...rows[2] },
        ],
      },
    });
    expect(stale.status).toBe(400);
    expect(stale.json.error.details).toEqual([
      expect.objectContaining({ field: "rows.1.version", message: "事项 FJ-A-002 的属地责任已被他人修改，请刷新后重试" }),
      expect.objectContaining({ field: "rows.2.version", message: "该事项已有属地责任，请带上版本号 1 修改" }),
    ]);
    expect((await list()).find((a) => a.code === codes[0]).office).toBe("食品经营监管科");
  });
});

describe("the assignment sheet", () => {
  test("export rows carry the assignment or the suggestion; an edited sheet reports every bad row and saves nothing", async () => {
    const departments = await asUser(GULOU, () => Department.list(), "tenant-admin");
    const names = new Map(departments.map((d) => [d.id, d.name]));
    const current = new Map((await list()).map((a) => [a.code, { code: a.code, leadDepartmentId: a.leadDepartmentId, cooperatingDepartmentIds: a.cooperating.map((c: any) => c.departmentId), office: a.office, person: a.person, version: a.version }]));
    const items = (await api.call("GET", "/catalogue/items?limit=200", { token: admin })).json.items as any[];
    const sheet = sheetRows(items, current, names, (code) => suggest(items.find((i) => i.code === code)!, departments));
    expect(sheet[0]).toEqual(["事项编码", "事项名称", "牵头部门", "配合部门", "责任处室", "责任人", "版本"]);
    expect(sheet[1]).toEqual(["FJ-A-001", "测试事项 FJ-A-001", "鼓楼区市场监督管理局", "鼓楼区卫生健康委员会", "食品经营监管科", "陈静", "1"]);
    // Not assigned yet: the catalogue's suggestion (lead health, cooperating market), office and person to fill in.
    expect(sheet[5]).toEqual(["FJ-A-005", "𠮷祥餐饮检查", "鼓楼区卫生健康委员会", "鼓楼区市场监督管理局", "", "", ""]);

    const edited = sheet.map((r) => [...r]);
    edited[2]![4] = ""; // office emptied
    edited[3]![2] = "不存在的局"; // unknown lead
    edited[4]![6] = "7"; // stale version
    edited[5]![4] = "卫生监督所";
    edited[5]![5] = "𠮷明";
    const bad = await api.call("POST", "/assignments/import", { token: admin, body: { rows: edited } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("assignment.import_invalid");
    expect(bad.json.error.details.map((d: any) => [d.row, d.column, d.message])).toEqual([
      [3, "责任处室", "“责任处室”不能为空"],
      [4, "牵头部门", "“不存在的局”不是本级在用部门的名称"],
      [5, "版本", "事项 FJ-A-004 的属地责任在导出后已被他人修改，请重新导出"],
    ]);
    expect((await list()).map((a) => a.code)).toEqual(codes.slice(0, 4));

    // Unknown and missing columns are reported on the header row.
    const headers = await api.call("POST", "/assignments/import", { token: admin, body: { rows: [["事项编码", "牵头部门", "备注"]], dryRun: true } });
    expect(headers.json.error.details.map((d: any) => `${d.row}:${d.column}:${d.code}`)).toEqual([
      "1:备注:assignment.sheet_unknown_column",
      "1:配合部门:assignment.sheet_missing_column",
      "1:责任处室:assignment.sheet_missing_column",
      "1:责任人:assignment.sheet_missing_column",
      "1:版本:assignment.sheet_missing_column",
    ]);
  });

  test("a valid sheet previews its changes, then saves only the changed rows in one bulk event; rare characters carried", async () => {
    const departments = await asUser(GULOU, () => Department.list(), "tenant-admin");
    const names = new Map(departments.map((d) => [d.id, d.name]));
    const current = new Map((await list()).map((a) => [a.code, { code: a.code, leadDepartmentId: a.leadDepartmentId, cooperatingDepartmentIds: a.cooperating.map((c: any) => c.departmentId), office: a.office, person: a.person, version: a.version }]));
    const items = (await api.call("GET", "/catalogue/items?limit=200", { token: admin })).json.items as any[];
    const edited = sheetRows(items, current, names, (code) => suggest(items.find((i) => i.code === code)!, departments)).map((r) => [...r]);
    edited[2]![3] = "卫生健康委员会、应急管理局"; // by type names
    edited[5]![4] = "卫生监督所";
    edited[5]![5] = "𠮷明";
    const dry = await api.call("POST", "/assignments/import", { token: admin, body: { rows: edited, dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ dryRun: true, status: "valid", unchanged: 3, blank: 0, changes: [{ row: 3, code: "FJ-A-002", kind: "update" }, { row: 6, code: "FJ-A-005", kind: "create" }] });
    const before = (await trail()).length;
    const saved = await api.call("POST", "/assignments/import", { token: admin, body: { rows: edited } });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ status: "saved", auditIds: [expect.any(String)] });
    const events = (await trail()).slice(0, (await trail()).length - before);
    expect(events.map((e) => e.action)).toEqual(["assignment.bulk"]);
    expect(events[0]!.text).toContain("批量落实属地监管责任 2 项（新增 1、修改 1，来自表格导入）");
    const after = await list();
    expect(after.find((a) => a.code === "FJ-A-002").cooperating.map((c: any) => c.departmentId)).toEqual([dep("health"), dep("emergency")]);
    expect(after.find((a) => a.code === "FJ-A-005")).toMatchObject({ leadDepartmentId: dep("health"), person: "𠮷明", cooperating: [{ departmentId: dep("market") }] });
    // The same sheet again is stale for the rows it changed.
    const again = await api.call("POST", "/assignments/import", { token: admin, body: { rows: edited, dryRun: true } });
    expect(again.status).toBe(400);
    expect(again.json.error.details.map((d: any) => d.row)).toEqual([3, 6]);
  });

  test("parseSheet counts blank rows, skips empty lines and reports duplicate codes", () => {
    const result = parseSheet(
      [
        ["事项编码", "牵头部门", "配合部门", "责任处室", "责任人", "版本"],
        ["FJ-A-001", "", "", "", "", ""],
        [],
        ["FJ-A-002", "甲局", "", "科", "人", ""],
        ["FJ-A-002", "甲局", "", "科", "人", ""],
      ],
      { items: new Map([["FJ-A-001", { name: "一" }], ["FJ-A-002", { name: "二" }]]), departments: [{ id: "dep_a", name: "甲局", type: "market" }], current: new Map(), locale: "zh-CN" },
    );
    expect(result.blank).toBe(1);
    // The export's suggestion alone (departments, no office or person) on an item not yet assigned is "not filled in", not an error.
    const suggested = parseSheet(
      [
        ["事项编码", "牵头部门", "配合部门", "责任处室", "责任人", "版本"],
        ["FJ-A-001", "甲局", "", "", "", ""],
      ],
      { items: new Map([["FJ-A-001", { name: "一" }]]), departments: [{ id: "dep_a", name: "甲局", type: "market" }], current: new Map(), locale: "zh-CN" },
    );
    expect(suggested).toMatchObject({ blank: 1, errors: [], changes: [] });
    expect(result.errors).toEqual([expect.objectContaining({ row: 5, column: "事项编码", message: "事项 FJ-A-002 已在第 4 行出现" })]);
  });
});
