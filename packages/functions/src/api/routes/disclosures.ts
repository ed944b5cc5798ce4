import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { withContext } from "@supervision/core/context";
import { Disclosure } from "@supervision/core/disclosure/index";
import { Tenant } from "@supervision/core/tenant/index";
import { downloadHeaders } from "@supervision/core/util/download";
import { fieldError } from "@supervision/core/util/field-error";
import { json, protectedRoute, publicOf } from "../common";
import { admitPublic } from "../public-limit";
import type { AppEnv } from "../env";

const Params = z.object({ disclosureId: Disclosure.Id });
const ObjectionParams = z.object({ objectionId: Disclosure.ObjectionId });
const FileParams = ObjectionParams.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/).meta({ example: "c".repeat(64) }) });
const Page = z.object({ items: z.array(Disclosure.Info), cursor: z.string().nullable() }).meta({ id: "DisclosurePage" });
const DuePage = z.object({ items: z.array(Disclosure.DueRow), cursor: z.string().nullable() }).meta({ id: "DisclosureDuePage" });
const ObjectionPage = z.object({ items: z.array(Disclosure.Objection), cursor: z.string().nullable() }).meta({ id: "DisclosureObjectionPage" });
const PublicPage = z.object({ items: z.array(Disclosure.PublicRow), cursor: z.string().nullable() }).meta({ id: "PublicDisclosurePage" });
const Made = z.object({ id: z.string(), answerDueAt: z.string() }).meta({ id: "DisclosureObjectionMade" });
const TenantId = z.string().regex(/^\d{6}$/).meta({ example: "350102" });

/** 一公开 of the signed-in tenant: what waits for publication (due soon, late), publishing, the objection inbox and answers. */
export const disclosures = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("disclosure.read", {
      method: "get",
      path: "/",
      summary: "本部门的公示记录（新到旧，分页；管理员见全部）/ the department's records, newest first",
      tags: ["disclosure"],
      request: { query: Disclosure.ListInput },
      responses: { 200: json(Page, "公示记录") },
    }),
    async (c) => c.json(await Disclosure.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("disclosure.read", {
      method: "get",
      path: "/pending",
      summary: "待公示（按到期先后；view=due-soon 即将到期，late 已逾期）/ waiting for publication, most urgent first",
      tags: ["disclosure"],
      request: { query: Disclosure.DueInput },
      responses: { 200: json(DuePage, "待公示") },
    }),
    async (c) => c.json(await Disclosure.pending(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("disclosure.read", {
      method: "get",
      path: "/objections",
      summary: "异议收件箱（本部门的，新到旧）/ the objection inbox",
      tags: ["disclosure"],
      request: { query: Disclosure.ObjectionsInput },
      responses: { 200: json(ObjectionPage, "异议") },
    }),
    async (c) => c.json(await Disclosure.objections(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("disclosure.read", {
      method: "get",
      path: "/objections/{objectionId}",
      summary: "一项异议 / one objection",
      tags: ["disclosure"],
      request: { params: ObjectionParams },
      responses: { 200: json(Disclosure.Objection, "异议") },
    }),
    async (c) => c.json(await Disclosure.objectionFromID(c.req.valid("param").objectionId), 200),
  )
  .openapi(
    protectedRoute("disclosure.read", {
      method: "get",
      path: "/objections/{objectionId}/files/{sha256}",
      summary: "异议的证据文件（校验哈希后提供）/ an evidence file of an objection, checked against its hash",
      tags: ["disclosure"],
      request: { params: FileParams },
      responses: { 200: { description: "文件 / the bytes", content: { "application/octet-stream": { schema: z.string() } } } },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const file = await Disclosure.objectionFile({ id: p.objectionId, sha256: p.sha256 });
      return c.body(new Uint8Array(file.bytes), 200, { ...downloadHeaders({ name: file.name, contentType: file.type }), "x-content-sha256": file.sha256 }) as never;
    },
  )
  .openapi(
    protectedRoute("disclosure.publish", {
      method: "post",
      path: "/objections/{objectionId}/answer",
      summary: "答复异议（异议成立须填写更正，与原记录一并公示）/ answer an objection; an upheld one's correction is published with the record",
      tags: ["disclosure"],
      request: { params: ObjectionParams, body: { content: { "application/json": { schema: Disclosure.AnswerInput } }, required: true } },
      responses: { 200: json(Disclosure.Objection, "已答复"), 409: { description: "已答复或版本过期 / already answered, or stale version" } },
    }),
    async (c) => c.json(await Disclosure.answer({ ...c.req.valid("json"), id: c.req.valid("param").objectionId }), 200),
  )
  .openapi(
    protectedRoute("disclosure.read", {
      method: "get",
      path: "/{disclosureId}",
      summary: "一条公示记录 / one record",
      tags: ["disclosure"],
      request: { params: Params },
      responses: { 200: json(Disclosure.Info, "公示记录") },
    }),
    async (c) => c.json(await Disclosure.fromID(c.req.valid("param").disclosureId), 200),
  )
  .openapi(
    protectedRoute("disclosure.publish", {
      method: "post",
      path: "/{disclosureId}/publish",
      summary: "公示（自动遮蔽个人信息；行政处罚选择类别与公示月数）/ publish; personal data masked; a penalty takes its category and window",
      tags: ["disclosure"],
      request: { params: Params, body: { content: { "application/json": { schema: Disclosure.PublishInput } }, required: true } },
      responses: { 200: json(Disclosure.Info, "已公示"), 409: { description: "已公示或版本过期 / already published, or stale version" } },
    }),
    async (c) => c.json(await Disclosure.publish({ ...c.req.valid("json"), id: c.req.valid("param").disclosureId }), 200),
  );

function tenantOf(tenantId: string): string {
  if (!Tenant.exists(tenantId)) throw fieldError("disclosure.tenant_unknown", "tenantId", { tenantId });
  return tenantId;
}

const SearchQuery = Disclosure.SearchInput.extend({ tenantId: TenantId });
const PublicParams = z.object({ tenantId: TenantId, disclosureId: Disclosure.Id });

/** The public pages (no sign-in): search a tenant's published records, read one, object to one (right to reply). */
export const publicDisclosures = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      summary: "公示查询（按主体名称或统一社会信用代码，公开）/ search published records by business name or credit code (public)",
      tags: ["disclosure"],
      security: [],
      request: { query: SearchQuery },
      responses: { 200: json(PublicPage, "公示") },
    }),
    async (c) => {
      const { tenantId, ...q } = c.req.valid("query");
      return c.json(await withContext(publicOf(c.var.ctx, tenantOf(tenantId)), () => Disclosure.search(q)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{tenantId}/{disclosureId}",
      summary: "一条公示（含更正，公开）/ one published record with its corrections (public)",
      tags: ["disclosure"],
      security: [],
      request: { params: PublicParams },
      responses: { 200: json(Disclosure.PublicInfo, "公示") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await withContext(publicOf(c.var.ctx, tenantOf(p.tenantId)), () => Disclosure.publicInfo(p.disclosureId)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{tenantId}/{disclosureId}/objections",
      summary: "对公示记录提出异议（公示之日起 21 日内，附证据，公开）/ object to a published record within 21 days, with evidence (public)",
      tags: ["disclosure"],
      security: [],
      request: { params: PublicParams, body: { content: { "application/json": { schema: Disclosure.ObjectInput } }, required: true } },
      responses: {
        201: json(Made, "已受理"),
        409: { description: "异议期已过（details 指明 objectionUntil）/ the window has closed" },
        429: { description: "提交过于频繁，见 Retry-After / too many submissions, see Retry-After" },
      },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(
        await withContext(publicOf(c.var.ctx, tenantOf(p.tenantId)), async () => {
          await admitPublic(c, "disclosure-objection");
          return Disclosure.object({ ...c.req.valid("json"), id: p.disclosureId });
        }),
        201,
      );
    },
  );
