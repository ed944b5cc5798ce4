import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Catalogue } from "../../packages/core/src/catalogue/index";
import { demoCatalogue } from "../../packages/core/src/catalogue/demo";
import { Industries, KeyAreas, VersionInput } from "../../packages/core/src/catalogue/item";
import { readSheetFile, toCsv, writeXlsx } from "../../packages/core/src/catalogue/sheet-file";
import { Columns, parseRows, toRows, type RowError } from "../../packages/core/src/catalogue/spreadsheet";
import { PROVINCE_ID } from "../../packages/core/src/tenant/index";
import { startTestApi, type TestApi } from "../support/api";
import { asSystem } from "../support/context";

const dir = mkdtempSync(join(tmpdir(), "catalogue-sheet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const demo = demoCatalogue();
const V2_CSV = join(import.meta.dirname, "../../packages/core/data/demo-catalogue-v2.csv");

/** A valid row of the template, as a map from column to cell, to spoil cell by cell. */
function validRow(): Record<string, string> {
  const [header, row] = toRows([demo.changes[0]!]);
  return Object.fromEntries(header!.map((h, i) => [h, row![i]!]));
}
const asRow = (cells: Record<string, string>) => Columns.map((c) => cells[c] ?? "");
const cellsOf = (errors: RowError[]) => errors.map((e) => `${e.row}:${e.column}`).sort();

describe("the demo catalogue", () => {
  test("is a valid version 1 of at least 40 items covering every key area and every industry", () => {
    expect(demo.version).toBe(1);
    expect(demo.title).toBe("福建省跨部门综合监管事项清单（2026年版）");
    expect(demo.changes.length).toBeGreaterThanOrEqual(40);
    expect(demo.changes.every((c) => c.basis === "enact")).toBe(true);
    const items = demo.changes.flatMap((c) => (c.basis === "repeal" ? [] : [c.item]));
    for (const area of KeyAreas) expect(items.filter((i) => i.keyArea === area.code).length, area.zh).toBeGreaterThanOrEqual(1);
    for (const industry of Industries) expect(items.filter((i) => i.objectTypes.includes(industry.code)).length, industry.zh).toBeGreaterThanOrEqual(1);
    // Written in Chinese, with a legal basis and a complete work guide.
    for (const i of items) {
      expect(i.name).toMatch(/[\u4e00-\u9fff]/);
      for (const b of i.legalBasis) expect(b.article).toMatch(/^第[一二三四五六七八九十百零]+[条章]/);
      expect(i.workGuide.content.length).toBeGreaterThanOrEqual(2);
    }
  });

  test("the version-2 spreadsheet amends, enacts and repeals", async () => {
    const rows = await readSheetFile("demo-catalogue-v2.csv", readFileSync(V2_CSV));
    const parsed = parseRows(rows);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.changes.map((c) => c.basis).sort()).toEqual(["amend", "enact", "repeal"]);
  });
});

describe("reading spreadsheets", () => {
  test("a .csv file written from the catalogue reads back to the same changes", async () => {
    const path = join(dir, "catalogue.csv");
    writeFileSync(path, toCsv(toRows(demo.changes)));
    const bytes = readFileSync(path);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM for Excel
    const parsed = parseRows(await readSheetFile(path, bytes));
    expect(parsed.ok && parsed.changes).toEqual(demo.changes);
  });

  test("a .xlsx file written from the catalogue reads back to the same changes", async () => {
    const path = join(dir, "catalogue.xlsx");
    writeFileSync(path, Buffer.from(await (await writeXlsx(toRows(demo.changes))).arrayBuffer()));
    const parsed = parseRows(await readSheetFile(path, readFileSync(path)));
    expect(parsed.ok && parsed.changes).toEqual(demo.changes);
  });

  test("csv: quoted cells with commas, quotes and line breaks; headers with notes; other date forms; blank rows", async () => {
    const cells = validRow();
    const header = Columns.map((c) => (c === "变更类型" ? "变更类型(立/改/废/释)" : c));
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const row = Columns.map((c) =>
      c === "生效日期" ? "2026/3/1" : c === "事项名称" ? '餐饮服务"明厨亮灶",食品安全检查' : c === "检查内容" ? "第一项\r\n第二项，含逗号" : cells[c]!,
    );
    const csv = "\uFEFF" + [header.map(quote).join(","), "", row.map(quote).join(","), ",,,"].join("\r\n");
    const rows = await readSheetFile("x.csv", new TextEncoder().encode(csv));
    const parsed = parseRows(rows);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.changes).toHaveLength(1);
    const c = parsed.changes[0]!;
    expect(c.effectiveDate).toBe("2026-03-01");
    if (c.basis === "repeal") throw new Error("not an item");
    expect(c.item.name).toBe('餐饮服务"明厨亮灶",食品安全检查');
    expect(c.item.workGuide.content).toEqual(["第一项", "第二项，含逗号"]);
    expect(parsed.rowOf).toEqual([3]);
  });

  test("an unsupported file type is refused", async () => {
    await expect(readSheetFile("catalogue.xls", new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ reason: "unsupported" });
  });
});

describe("validating rows", () => {
  const badRows = () => {
    const ok = validRow();
    return [
      [...Columns],
      asRow({ ...ok, 事项编码: "fj-sp-1", 生效日期: "明年" }), // row 2
      asRow(ok), // row 3: valid
      asRow({ ...ok, 事项编码: "FJ-SP-101", 重点领域: "食物", 牵头部门: "市场局", 监管对象类型: "餐馆、食品销售" }), // row 4
      asRow({ ...ok, 事项编码: "FJ-SP-102", 变更类型: "变", 法律依据: "食品安全法第八条" }), // row 5
      asRow({ ...ok, 事项编码: "FJ-SP-103", 配合部门: "市场监督管理局", 检查内容: "", 检查方法: "" }), // row 6
      asRow({ 变更类型: "废", 依据法律: "", 生效日期: "2026-01-01", 事项编码: "FJ-SP-002" }), // row 7
      asRow({ ...ok, 事项编码: "FJ-SP-104", 事项名称: "", 监管主体: "", 监管对象: "", 检查程序: "" }), // row 8
    ];
  };
  const expected = [
    "2:事项编码",
    "2:生效日期",
    "4:重点领域",
    "4:牵头部门",
    "4:监管对象类型",
    "5:变更类型",
    "5:法律依据",
    "6:配合部门",
    "6:检查内容",
    "6:检查方法",
    "7:依据法律",
    "8:事项名称",
    "8:监管主体",
    "8:监管对象",
    "8:检查程序",
  ].sort();

  test("reports every invalid row and column, in Chinese", () => {
    const result = parseRows(badRows(), { locale: "zh-CN" });
    if (result.ok) throw new Error("should fail");
    expect(cellsOf(result.errors)).toEqual(expected);
    const by = (key: string) => result.errors.find((e) => `${e.row}:${e.column}` === key)!;
    expect(by("2:事项编码").message).toBe("事项编码须为大写字母、数字和连字符，形如 FJ-SP-001");
    expect(by("2:生效日期").message).toBe("日期格式须为 YYYY-MM-DD");
    expect(by("4:重点领域").message).toContain("「食物」不是有效的重点领域");
    expect(by("4:重点领域").message).toContain("食品");
    expect(by("4:监管对象类型").message).toContain("「餐馆」");
    expect(by("5:变更类型").message).toContain("「变」");
    expect(by("5:法律依据").message).toContain("《食品安全法》第八十七条");
    expect(by("6:配合部门").message).toBe("牵头部门不能同时列为配合部门");
    expect(by("8:事项名称").message).toBe("此项不能为空");
    expect(by("8:事项名称").field).toBe("rows.7.事项名称");
  });

  test("the same report in English", () => {
    const result = parseRows(badRows(), { locale: "en" });
    if (result.ok) throw new Error("should fail");
    expect(cellsOf(result.errors)).toEqual(expected);
    const by = (key: string) => result.errors.find((e) => `${e.row}:${e.column}` === key)!;
    expect(by("2:事项编码").message).toBe("Item codes are capital letters, digits and hyphens, like FJ-SP-001");
    expect(by("4:牵头部门").message).toContain("“市场局” is not a valid 牵头部门");
    expect(by("8:检查程序").message).toBe("This cell must not be empty");
  });

  test("a duplicate item code is reported on its row", () => {
    const ok = validRow();
    const result = parseRows([[...Columns], asRow(ok), asRow(ok)]);
    if (result.ok) throw new Error("should fail");
    expect(result.errors).toEqual([expect.objectContaining({ row: 3, column: "事项编码", code: "catalogue.duplicate_code" })]);
  });

  test("missing, unknown and repeated headers are named", () => {
    const header = Columns.filter((c) => c !== "检查方法" && c !== "牵头部门");
    const result = parseRows([[...header, "备注", "事项编码"], asRow(validRow())]);
    if (result.ok) throw new Error("should fail");
    expect(result.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [1, "备注", "catalogue.import_unknown_column"],
      [1, "事项编码", "catalogue.import_duplicate_column"],
      [1, "牵头部门", "catalogue.import_missing_column"],
      [1, "检查方法", "catalogue.import_missing_column"],
    ]);
    expect(result.errors[2]!.message).toBe("缺少列「牵头部门」，请使用导入模板的列名");
    const empty = parseRows([[...Columns]], { locale: "en" });
    expect(!empty.ok && empty.errors[0]!.message).toContain("no item rows");
  });
});

describe("the import API", () => {
  let api: TestApi;
  let province: string;
  beforeAll(async () => {
    api = await startTestApi();
    province = await api.tokenFor(PROVINCE_ID, "province-admin");
  });
  afterAll(() => api.stop());
  const versionsNow = async () => (await asSystem(() => Catalogue.versions({ limit: 200 }), PROVINCE_ID)).items;

  test("an invalid spreadsheet → 400 with every row's errors, and nothing is stored", async () => {
    const rows = toRows(demo.changes);
    rows[5]![3] = "bad code"; // row 6, 事项编码
    rows[20]![6] = "不存在的局"; // row 21, 牵头部门
    const res = await api.call("POST", "/catalogue/import", { token: province, body: { title: "有错误的清单", rows } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("catalogue.import_invalid");
    expect(res.json.error.message).toBe("导入的表格有 2 处错误，未保存任何内容；请按行修改后重新导入");
    expect(res.json.error.details.map((d: RowError) => [d.row, d.column])).toEqual([
      [6, "事项编码"],
      [21, "牵头部门"],
    ]);
    const en = await api.call("POST", "/catalogue/import", { token: province, body: { title: "x", rows }, headers: { "accept-language": "en" } });
    expect(en.json.error.message).toContain("nothing was stored");
    expect(en.json.error.details[0].message).toBe("Item codes are capital letters, digits and hyphens, like FJ-SP-001");
    expect(await versionsNow()).toEqual([]);
  });

  test("a dry run validates and stores nothing; a valid import publishes version 1, then version 2", async () => {
    const rows = toRows(demo.changes);
    const dry = await api.call("POST", "/catalogue/import", { token: province, body: { title: demo.title, rows, dryRun: true } });
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ dryRun: true, status: "valid", version: 1, counts: { enact: demo.changes.length } });
    expect(await versionsNow()).toEqual([]);

    const first = await api.call("POST", "/catalogue/import", { token: province, body: { title: demo.title, rows } });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ dryRun: false, status: "published", version: 1, tenants: 94 });
    const stored = await asSystem(() => Catalogue.changesOf(1), PROVINCE_ID);
    expect(stored).toEqual(demo.changes);

    // Version 2 from the shipped spreadsheet: n + 1.
    const v2rows = await readSheetFile("demo-catalogue-v2.csv", readFileSync(V2_CSV));
    const second = await api.call("POST", "/catalogue/import", { token: province, body: { title: "第一次修订", rows: v2rows } });
    expect(second.status).toBe(201);
    expect(second.json).toMatchObject({ version: 2, counts: { amend: 1, enact: 1, repeal: 1, interpret: 0 } });
    expect((await versionsNow()).map((v) => v.version)).toEqual([2, 1]);
  });

  test("rows that do not fit the catalogue in force are reported on their row; nothing is stored", async () => {
    const v2rows = await readSheetFile("demo-catalogue-v2.csv", readFileSync(V2_CSV));
    // Again: FJ-SP-007 is now in force (立 refused), FJ-TZSB-003 repealed (废 refused).
    const res = await api.call("POST", "/catalogue/import", { token: province, body: { title: "重复导入", rows: v2rows } });
    expect(res.status).toBe(400);
    const details = res.json.error.details as RowError[];
    expect(details.map((d) => [d.row, d.column, d.code])).toEqual([
      [3, "事项编码", "catalogue.import_code_exists"],
      [4, "事项编码", "catalogue.import_code_unknown"],
    ]);
    expect(details[1]!.message).toBe("现行清单中没有事项 FJ-TZSB-003，不能废止");
    expect((await versionsNow()).map((v) => v.version)).toEqual([2, 1]);
  });

  test("the template names every column and carries an example row from the catalogue in force", async () => {
    const res = await api.call("GET", "/catalogue/import/template", { token: province });
    expect(res.status).toBe(200);
    expect(res.json.columns.map((c: { name: string }) => c.name)).toEqual([...Columns]);
    expect(res.json.rows[0]).toEqual([...Columns]);
    const parsed = parseRows(res.json.rows);
    expect(parsed.ok && parsed.changes[0]!.basis).toBe("amend");
  });

  test("a spreadsheet over 1 MB is accepted (up to 6 MB), a larger one is refused with 413", async () => {
    const rows = toRows(demo.changes);
    const big = [...rows, ...Array.from({ length: 600 }, (_, i) => rows[(i % (rows.length - 1)) + 1]!)];
    expect(Buffer.byteLength(JSON.stringify(big))).toBeGreaterThan(1024 * 1024);
    const res = await api.call("POST", "/catalogue/import", { token: province, body: { title: "大表格", rows: big, dryRun: true } });
    expect(res.status).toBe(400); // read and validated (duplicate codes), not refused for its size
    expect(res.json.error.code).toBe("catalogue.import_invalid");
    const huge = await api.call("POST", "/catalogue/import", { token: province, rawBody: JSON.stringify({ title: "x", rows: [["x".repeat(7 * 1024 * 1024)]] }) });
    expect(huge.status).toBe(413);
  });

  test("only the province imports", async () => {
    const county = await api.tokenFor("350102", "province-admin");
    const res = await api.call("POST", "/catalogue/import", { token: county, body: { title: "x", rows: toRows(demo.changes.slice(0, 1)), dryRun: true } });
    expect(res.status).toBe(403);
    const admin = await api.call("POST", "/catalogue/import", { token: await api.tokenFor(PROVINCE_ID, "tenant-admin"), body: { title: "x", rows: [[...Columns]] } });
    expect(admin.status).toBe(403);
  });

  test("the version input schema is the API push's: a parsed import is a valid VersionInput", async () => {
    const parsed = parseRows(toRows(demo.changes));
    expect(parsed.ok && VersionInput.safeParse({ version: 3, title: "t", changes: parsed.changes }).success).toBe(true);
  });
});
