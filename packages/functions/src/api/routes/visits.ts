import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { withContext } from "@supervision/core/context";
import { VisibleError } from "@supervision/core/error";
import { downloadHeaders } from "@supervision/core/util/download";
import { PageInput, pageOf } from "@supervision/core/util/page";
import { Visit } from "@supervision/core/visit/index";
import { json, protectedRoute, publicOf } from "../common";
import { admitPublic } from "../public-limit";
import type { AppEnv } from "../env";

/** 综合查一次、一表通查、扫码入企: the visit (contract 1 in /work/notes/BRIEF.md). */

const Params = z.object({ visitId: Visit.Id });
const FileParams = Params.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/).meta({ example: "c".repeat(64) }) });
const CodeParams = z.object({ code: Visit.CodeParam.meta({ example: "350102abcdefghjkmnpqrst" }) });
const Fired = z.object({ ruleId: z.string(), ruleName: z.object({ zh: z.string(), en: z.string() }), facts: z.array(z.string()), level: z.string(), kind: z.string().optional() }).meta({ id: "VisitWarningFired" });
// `warnings`: the duplicate / too-frequent inspection warnings (重复检查、高频检查) gone ahead on with `overrideReason`.
const Created = Visit.Info.extend({ joined: z.boolean(), warnings: z.array(Fired) }).meta({ id: "VisitCreated" });
const Page = pageOf(Visit.Info).meta({ id: "VisitPage" });
const ReportPage = pageOf(Visit.ReportInfo).meta({ id: "VisitReportPage" });
const Uploaded = z.object({ file: Visit.FileInfo, created: z.boolean() }).meta({ id: "VisitFileUploaded" });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } }) as const;
const tags = ["visit"];

export const visits = new OpenAPIHono<AppEnv>()
  // Fixed paths before /{visitId}.
  .openapi(
    protectedRoute("visit.reports", {
      method: "get",
      path: "/reports",
      summary: "未亮码、码不符检查的反映（司法局行政执法监督机构）/ reports of visits without a matching code, for the enforcement supervision office",
      tags,
      request: { query: PageInput },
      responses: { 200: json(ReportPage, "反映") },
    }),
    async (c) => c.json(await Visit.reports(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("visit.read", {
      method: "get",
      path: "/stats",
      summary: "年度检查统计：检查数、联合检查数、每户次数与上限、未亮码反映、评价 / the year's figures",
      tags,
      request: { query: Visit.StatsInput },
      responses: { 200: json(Visit.Stats, "统计") },
    }),
    async (c) => c.json(await Visit.stats(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("visit.read", {
      method: "get",
      path: "/stats/businesses",
      summary: "年度每户检查次数与上限（分页，按信用代码）/ every business visited in the year against its cap, paged",
      tags,
      request: { query: Visit.BusinessesInput },
      responses: { 200: json(pageOf(Visit.BusinessYear).meta({ id: "VisitBusinessYearPage" }), "每户") },
    }),
    async (c) => c.json(await Visit.yearBusinesses(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("visit.read", {
      method: "get",
      path: "/",
      summary: "检查列表（新到旧；工作人员只见本部门参与的）/ visits, newest first (an officer: their department's); status filters within the page",
      tags,
      request: { query: Visit.ListInput },
      responses: { 200: json(Page, "检查") },
    }),
    async (c) => c.json(await Visit.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("visit.write", {
      method: "post",
      path: "/",
      summary: "登记检查；同一主体时间重叠的未开始检查则并入（综合查一次）；超过年度上限 409 visit.over_cap / make a visit or join the open one",
      tags,
      request: body(Visit.CreateInput),
      responses: {
        201: json(Created, "已登记或已并入（warnings：已写明理由继续的预警）"),
        409: { description: "超过年度上限、互认结果仍有效、触发重复/高频检查预警而未写理由（visit.reason_required，details 列出预警）/ over the cap, a recognised result covers it, or warnings fired without a reason" },
      },
    }),
    async (c) => c.json(await Visit.create(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("visit.read", { method: "get", path: "/{visitId}", summary: "检查详情 / one visit", tags, request: { params: Params }, responses: { 200: json(Visit.Info, "检查") } }),
    async (c) => c.json(await Visit.fromID(c.req.valid("param").visitId), 200),
  )
  .openapi(
    protectedRoute("visit.approve", {
      method: "post",
      path: "/{visitId}/approve",
      summary: "负责人批准（紧急检查事后补批）/ the head approves (an emergency visit after the fact)",
      tags,
      request: { params: Params, ...body(Visit.ApproveBody) },
      responses: { 200: json(Visit.Info, "已批准") },
    }),
    async (c) => c.json(await Visit.approve({ ...c.req.valid("json"), id: c.req.valid("param").visitId }), 200),
  )
  .openapi(
    protectedRoute("visit.write", {
      method: "post",
      path: "/{visitId}/notify",
      summary: "告知检查事项、检查人员及申请回避的权利 / tell the business the items, inspectors and its right to ask for recusal",
      tags,
      request: { params: Params, ...body(Visit.NotifyBody) },
      responses: { 200: json(Visit.Info, "已告知") },
    }),
    async (c) => c.json(await Visit.notify({ ...c.req.valid("json"), id: c.req.valid("param").visitId }), 200),
  )
  .openapi(
    protectedRoute("visit.write", {
      method: "post",
      path: "/{visitId}/cancel",
      summary: "取消检查（签名前；写明理由，留痕；退回年度检查计数；已告知的企业在检查码页看到已取消）/ cancel a visit before sign-off",
      tags,
      request: { params: Params, ...body(Visit.CancelBody) },
      responses: { 200: json(Visit.Info, "已取消"), 409: { description: "已签名或已办结 / signed or closed already" } },
    }),
    async (c) => c.json(await Visit.cancel({ ...c.req.valid("json"), id: c.req.valid("param").visitId }), 200),
  )
  .openapi(
    protectedRoute("visit.read", { method: "get", path: "/{visitId}/checklist", summary: "一表通查：合并检查表及最新填写 / the combined checklist", tags, request: { params: Params }, responses: { 200: json(Visit.Checklist, "检查表") } }),
    async (c) => c.json(await Visit.checklist(c.req.valid("param").visitId), 200),
  )
  .openapi(
    protectedRoute("visit.inspect", {
      method: "post",
      path: "/{visitId}/answers",
      summary: "同步检查表填写（按 clientId 幂等；只能填写本主体的行）/ sync answers (idempotent by clientId; only the body's own inspectors)",
      tags,
      request: { params: Params, ...body(Visit.AnswersBody) },
      responses: { 200: json(Visit.AnswersResult, "已同步") },
    }),
    async (c) => c.json(await Visit.answers({ ...c.req.valid("json"), id: c.req.valid("param").visitId }), 200),
  )
  .openapi(
    protectedRoute("visit.inspect", {
      method: "post",
      path: "/{visitId}/files",
      summary: "上传现场照片或文件（校验采集时的 SHA-256；≤ 4 MB；同一内容只存一次）/ upload a file, hash checked",
      tags,
      request: { params: Params, ...body(Visit.FileUploadBody) },
      responses: { 200: json(Uploaded, "已存在"), 201: json(Uploaded, "已上传"), 413: { description: "文件过大 / too large" } },
    }),
    async (c) => {
      const out = await Visit.uploadFile({ ...c.req.valid("json"), id: c.req.valid("param").visitId });
      return c.json(out, out.created ? 201 : 200);
    },
  )
  .openapi(
    protectedRoute("visit.read", {
      method: "get",
      path: "/{visitId}/files/{sha256}",
      summary: "打开检查文件（按哈希重新校验）/ open a visit file, checked against its hash",
      tags,
      request: { params: FileParams },
      responses: { 200: { description: "文件 / the bytes", content: { "application/octet-stream": { schema: z.string() } } } },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const file = await Visit.readFile({ id: p.visitId, sha256: p.sha256 });
      return c.body(new Uint8Array(file.bytes), 200, { ...downloadHeaders({ name: file.name, contentType: file.type }), "x-content-sha256": p.sha256 }) as never;
    },
  )
  .openapi(
    protectedRoute("visit.inspect", {
      method: "post",
      path: "/{visitId}/results",
      summary: "逐项结果：合格 / 责令整改（期限、复查）/ 立案 / 移送 / results per item",
      tags,
      request: { params: Params, ...body(Visit.ResultsBody) },
      responses: { 200: json(Visit.Info, "已录入") },
    }),
    async (c) => c.json(await Visit.results({ ...c.req.valid("json"), id: c.req.valid("param").visitId }), 200),
  )
  .openapi(
    protectedRoute("visit.inspect", {
      method: "post",
      path: "/{visitId}/sign",
      summary: "检查人员签名（两人签名后为已签名）/ an inspector signs (two signatures: signed)",
      tags,
      request: { params: Params, ...body(Visit.SignBody) },
      responses: { 200: json(Visit.Info, "已签名") },
    }),
    async (c) => c.json(await Visit.sign({ ...c.req.valid("json"), id: c.req.valid("param").visitId }), 200),
  )
  .openapi(
    protectedRoute("visit.inspect", {
      method: "post",
      path: "/{visitId}/recheck",
      summary: "整改复查 / the re-check of a rectification order",
      tags,
      request: { params: Params, ...body(Visit.RecheckBody) },
      responses: { 200: json(Visit.Info, "已复查") },
    }),
    async (c) => c.json(await Visit.recheck({ ...c.req.valid("json"), id: c.req.valid("param").visitId }), 200),
  )
  .openapi(
    protectedRoute("visit.write", {
      method: "post",
      path: "/{visitId}/close",
      summary: "办结：互认结果进入全省互认库，结果进入信用记录与公示 / close: recognition, credit records, disclosure",
      tags,
      request: { params: Params, ...body(Visit.CloseBody) },
      responses: { 200: json(Visit.Info, "已办结") },
    }),
    async (c) => c.json(await Visit.close({ ...c.req.valid("json"), id: c.req.valid("param").visitId }), 200),
  );

/** The tenant a public code names; an unknown one is simply not found. */
function tenantOfCode(code: string): string {
  const t = Visit.tenantOf(code);
  if (!t) throw new VisibleError("visit.code_not_found", {}, 404);
  return t;
}

/** 扫码入企: what anyone sees by the code (no sign-in), and the business's rating. */
export const publicVisits = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/{code}",
      summary: "扫码核验检查（公开）：执法主体、检查人员及执法证号、事项、时间 / check a visit by its code (public)",
      tags,
      security: [],
      request: { params: CodeParams },
      responses: { 200: json(Visit.PublicInfo, "检查"), 404: { description: "未登记的检查码 / no visit under this code" } },
    }),
    async (c) => {
      const { code } = c.req.valid("param");
      return c.json(await withContext(publicOf(c.var.ctx, tenantOfCode(code)), () => Visit.publicView(code)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{code}/rating",
      summary: "检查结束后评价一次（公开）/ rate the visit once, after it (public)",
      tags,
      security: [],
      request: { params: CodeParams, ...body(Visit.RatingBody) },
      responses: {
        201: json(z.object({ rated: z.literal(true), at: z.string() }).meta({ id: "VisitRated" }), "已评价"),
        409: { description: "已评价或检查未结束 / rated already, or not over yet" },
        429: { description: "提交过于频繁（每个地址每分钟 10 次），见 Retry-After / too many submissions from this address, see Retry-After" },
      },
    }),
    async (c) => {
      const { code } = c.req.valid("param");
      return c.json(
        await withContext(publicOf(c.var.ctx, tenantOfCode(code)), async () => {
          await admitPublic(c, "visit-rating");
          return Visit.rate({ ...c.req.valid("json"), code });
        }),
        201,
      );
    },
  );

/** A business reports a visit with no code or a code that does not match (public, no sign-in). */
export const publicVisitReports = new OpenAPIHono<AppEnv>().openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "反映未亮码或码不符的检查（公开）：转司法局行政执法监督机构限期处理 / report a visit without a matching code (public)",
    tags,
    security: [],
    request: body(Visit.ReportBody),
    responses: {
      201: json(z.object({ id: Visit.ReportId, kind: z.enum(["no-code", "mismatch", "registered"]), dueAt: z.string() }).meta({ id: "VisitReported" }), "已受理"),
      429: { description: "提交过于频繁，见 Retry-After / too many submissions, see Retry-After" },
    },
  }),
  async (c) => {
    const input = c.req.valid("json");
    if (!Visit.tenantExists(input.tenantId)) throw new VisibleError("tenant.not_found", { tenantId: input.tenantId }, 404);
    return c.json(
      await withContext(publicOf(c.var.ctx, input.tenantId), async () => {
        await admitPublic(c, "visit-report");
        return Visit.report(input);
      }),
      201,
    );
  },
);
