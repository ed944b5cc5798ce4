import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Business } from "@supervision/core/business/index";
import { Credit } from "@supervision/core/credit/index";
import { CreditCode } from "@supervision/core/entity/credit-code";
import { idSchema } from "@supervision/core/util/id";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const CodeParams = z.object({ creditCode: CreditCode });
const ImportParams = z.object({ importId: idSchema("imp") });

const ListQuery = Business.ListInput.extend({
  q: z.string().trim().min(1).max(100).optional().meta({ description: "统一社会信用代码（精确）、名称或住所 / credit code (exact), name or address" }),
  by: z.enum(["name", "address"]).optional().meta({ description: "q 按名称或住所查找（默认名称） / search names (default) or addresses" }),
});

const Counts = z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), D: z.number().int() }).meta({ id: "BusinessGradeCounts" });

const RowError = z
  .object({ row: z.number().int(), creditCode: z.string().optional(), field: z.string(), rule: z.string(), message: z.string() })
  .meta({ id: "BusinessImportRowError" });

const ChunkResult = z
  .object({
    seq: z.number().int(),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z.array(RowError),
  })
  .meta({ id: "BusinessImportChunkResult" });

const ImportSummary = z
  .object({
    id: z.string(),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z.number().int(),
    root: z.string().meta({ description: "每段 Merkle 根之上的 Merkle 根，覆盖每一行 / Merkle root over the chunks' roots, covering every row" }),
    chunkSize: z.number().int(),
    auditId: z.string().optional(),
  })
  .meta({ id: "BusinessImportSummary" });

const ImportInfo = z
  .object({
    id: z.string(),
    status: z.enum(["open", "done"]),
    fileName: z.string().optional(),
    chunkSize: z.number().int(),
    rows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    errors: z.number().int(),
    root: z.string().optional(),
    startedBy: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
  })
  .meta({ id: "BusinessImport" });

const Explained = z
  .object({
    creditCode: z.string(),
    current: z.enum(Business.Grades),
    grade: z.enum(Business.Grades),
    score: z.number(),
    reasons: z.array(z.string()),
    records: z.array(z.object({ kind: z.string(), outcome: z.string(), at: z.string(), ref: z.string().optional() })),
    rulesVersion: z.number().int(),
  })
  .meta({ id: "CreditGradeExplained" });

const ChunkBody = Business.ChunkInput.meta({
  id: "BusinessImportChunk",
  example: {
    seq: 0,
    firstRow: 2,
    rows: [{ creditCode: "91350102MA2Y2P3Q47", name: "福州鼓楼示范餐饮管理有限公司", type: "公司", address: "福建省福州市鼓楼区鼓东街道五一中路88号", township: "鼓东街道", industries: "餐饮服务", grade: "B" }],
  },
});

export const businesses = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("business.read", {
      method: "get",
      path: "/",
      summary: "市场主体名录：按乡镇或信用等级分页，或按代码、名称、住所查找 / the directory, a page at a time, or a search",
      tags: ["business"],
      request: { query: ListQuery },
      responses: { 200: json(Business.ListPage, "一页市场主体") },
    }),
    async (c) => {
      const { q, by, ...rest } = c.req.valid("query");
      const page = q ? await Business.search({ q, by: by ?? "name", limit: rest.limit, cursor: rest.cursor }) : await Business.list(rest);
      return c.json(page, 200);
    },
  )
  .openapi(
    protectedRoute("business.read", {
      method: "get",
      path: "/counts",
      summary: "各信用等级的主体数 / businesses per credit grade",
      tags: ["business"],
      responses: { 200: json(Counts, "各等级主体数") },
    }),
    async (c) => c.json(await Business.count(), 200),
  )
  .openapi(
    protectedRoute("business.import", {
      method: "post",
      path: "/imports",
      summary: "开始一次名录导入（之后分段上传，最后完成） / start an import (then send chunks, then finish)",
      tags: ["business"],
      request: { body: { content: { "application/json": { schema: Business.StartInput.meta({ id: "BusinessImportStart", example: { fileName: "鼓楼区市场主体名录.xlsx" } }) } }, required: true } },
      responses: { 201: json(z.object({ id: z.string(), chunkSize: z.number().int() }), "已开始") },
    }),
    async (c) => c.json(await Business.start(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("business.import", {
      method: "post",
      path: "/imports/{importId}/chunks",
      summary: "上传一段（最多 500 行）：立即写入，返回逐行错误 / one chunk of rows: written now, errors per row",
      tags: ["business"],
      request: { params: ImportParams, body: { content: { "application/json": { schema: ChunkBody } }, required: true } },
      responses: { 200: json(ChunkResult, "本段结果") },
    }),
    async (c) => {
      const r = await Business.addChunk(c.req.valid("param").importId, c.req.valid("json"));
      return c.json({ seq: r.seq, rows: r.rows, created: r.created, updated: r.updated, unchanged: r.unchanged, errors: r.errors }, 200);
    },
  )
  .openapi(
    protectedRoute("business.import", {
      method: "post",
      path: "/imports/{importId}/finish",
      summary: "完成导入：更新各等级名单，写一条审计事件（Merkle 根覆盖每一行） / finish: rosters, one audit event",
      tags: ["business"],
      request: { params: ImportParams, body: { content: { "application/json": { schema: Business.FinishInput.meta({ id: "BusinessImportFinish", example: { chunks: 1 } }) } }, required: true } },
      responses: { 200: json(ImportSummary, "导入完成") },
    }),
    async (c) => c.json(await Business.finish(c.req.valid("param").importId, c.req.valid("json")), 200),
  )
  .openapi(
    protectedRoute("business.read", {
      method: "get",
      path: "/imports/{importId}",
      summary: "导入批次 / one import",
      tags: ["business"],
      request: { params: ImportParams },
      responses: { 200: json(ImportInfo, "导入批次") },
    }),
    async (c) => {
      const r = await Business.importInfo(c.req.valid("param").importId);
      return c.json(
        {
          id: r.id,
          status: r.status,
          fileName: r.fileName,
          chunkSize: r.chunkSize,
          rows: r.rows,
          created: r.created,
          updated: r.updated,
          unchanged: r.unchanged,
          errors: r.errors,
          root: r.root,
          startedBy: r.startedBy,
          startedAt: r.startedAt,
          finishedAt: r.finishedAt,
        },
        200,
      );
    },
  )
  .openapi(
    protectedRoute("business.read", {
      method: "get",
      path: "/{creditCode}",
      summary: "一个市场主体 / one business",
      tags: ["business"],
      request: { params: CodeParams },
      responses: { 200: json(Business.Info, "市场主体") },
    }),
    async (c) => c.json(await Business.fromCode(c.req.valid("param").creditCode), 200),
  )
  .openapi(
    protectedRoute("business.read", {
      method: "get",
      path: "/{creditCode}/grade",
      summary: "信用风险分类及理由（按现行评分规则试算） / the grade, the score and the reasons",
      tags: ["business"],
      request: { params: CodeParams },
      responses: { 200: json(Explained, "信用风险分类") },
    }),
    async (c) => c.json(await Credit.explain(c.req.valid("param").creditCode), 200),
  )
  .openapi(
    protectedRoute("credit.grade", {
      method: "post",
      path: "/{creditCode}/grade",
      summary: "按现行评分规则重新评定 / regrade now",
      tags: ["business"],
      request: { params: CodeParams },
      responses: { 200: json(Business.Info, "已重新评定") },
    }),
    async (c) => c.json(await Credit.recompute(c.req.valid("param").creditCode), 200),
  );
