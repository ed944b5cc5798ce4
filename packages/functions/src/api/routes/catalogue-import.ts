import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Catalogue } from "@supervision/core/catalogue/index";
import { ImportInput, ImportResult } from "@supervision/core/catalogue/import";
import { importRows as importCatalogueRows } from "@supervision/core/catalogue-sync/import";
import { ColumnHints, Columns, toRows } from "@supervision/core/catalogue/spreadsheet";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

/** The whole import body may be large (a full catalogue); the app lets this path through up to this size. */
export const IMPORT_MAX_BODY_BYTES = 6 * 1024 * 1024;

const exampleRows = toRows([
  {
    basis: "enact",
    law: "中华人民共和国食品安全法",
    effectiveDate: "2026-07-01",
    item: {
      code: "FJ-SP-901",
      name: "校外托管机构食品安全检查",
      keyArea: "food",
      leadDepartmentType: "market",
      cooperatingDepartmentTypes: ["health"],
      legalBasis: [{ law: "中华人民共和国食品安全法", article: "第五十七条" }],
      objectTypes: ["catering"],
      workGuide: {
        subject: "县级市场监督管理局牵头，卫生健康委员会配合",
        objects: "提供餐食的校外托管机构",
        procedure: ["随机抽取检查对象和检查人员", "现场检查并制作笔录", "20个工作日内公示检查结果"],
        content: ["是否取得食品经营许可", "从业人员健康证明"],
        methods: ["现场检查", "查阅资料"],
      },
    },
  },
]);

const ImportBody = ImportInput.meta({
  id: "CatalogueImportBody",
  example: { title: "福建省跨部门综合监管事项清单（2026年第二次修订）", rows: exampleRows, dryRun: true },
});

const RowErrorSchema = z
  .object({ row: z.number().int(), column: z.string(), code: z.string(), message: z.string(), field: z.string(), rule: z.string() })
  .meta({ id: "CatalogueImportRowError" });

const ImportError = z
  .object({
    error: z.object({
      code: z.literal("catalogue.import_invalid").or(z.string()),
      message: z.string(),
      details: z.array(RowErrorSchema),
      requestId: z.string(),
    }),
  })
  .meta({ id: "CatalogueImportError" });

const Template = z
  .object({
    columns: z.array(z.object({ name: z.string(), hint: z.object({ zh: z.string(), en: z.string() }) })),
    rows: z.array(z.array(z.string())),
  })
  .meta({ id: "CatalogueImportTemplate" });

export const catalogueImport = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("catalogue.publish", {
      method: "post",
      path: "/",
      summary: "导入监管事项清单表格 / import a catalogue spreadsheet (rows; first row = Chinese headers) as the next version",
      description:
        "每行一个事项；任何一行有误即返回 400 和逐行错误（行号、列名、原因），不保存任何内容。dryRun 只校验。/ One row per item; any invalid row → 400 with every row's errors and nothing stored. dryRun validates only.",
      tags: ["catalogue"],
      request: { body: { content: { "application/json": { schema: ImportBody } }, required: true } },
      responses: {
        200: json(ImportResult, "校验通过（dryRun）/ valid (dry run)"),
        201: json(ImportResult, "已发布下一版本 / published as the next version"),
        400: json(ImportError, "逐行错误 / errors per row"),
      },
    }),
    async (c) => {
      const result = await importCatalogueRows(c.req.valid("json"));
      return result.dryRun ? c.json(result, 200) : c.json(result, 201);
    },
  )
  .openapi(
    protectedRoute("catalogue.publish", {
      method: "get",
      path: "/template",
      summary: "导入模板 / the import template: column headers and an example row taken from the catalogue in force",
      tags: ["catalogue"],
      responses: { 200: json(Template, "模板 / template") },
    }),
    async (c) => {
      const current = await Catalogue.publicCatalogue();
      const first = current.items[0];
      const rows = first
        ? toRows([{ basis: "amend", law: first.law, effectiveDate: first.effectiveDate, item: first }])
        : exampleRows;
      return c.json({ columns: Columns.map((name) => ({ name, hint: ColumnHints[name] })), rows }, 200);
    },
  );
