import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { withContext } from "@supervision/core/context";
import { Draw } from "@supervision/core/draw/index";
import { json, protectedRoute, publicOf } from "../common";
import type { AppEnv } from "../env";

const Page = z.object({ items: z.array(Draw.Info), cursor: z.string().optional() }).meta({ id: "DrawPage" });
const Params = z.object({ drawId: Draw.Id });
const Task = z
  .object({
    c: z.string(),
    id: z.string(),
    plans: z.array(z.string()),
    bodies: z.array(z.string()),
    items: z.array(z.string()),
    inspectors: z.record(z.string(), z.array(z.string())),
    conflicts: z.record(z.string(), z.array(z.string())),
    understaffed: z.boolean().optional(),
    mergedInto: z.string().optional(),
    capReached: z.array(z.string()).optional(),
    business: z.object({ name: z.string(), grade: z.string(), townshipName: z.string() }).optional(),
  })
  .meta({ id: "DrawTask" });
const TaskPage = z.object({ chunk: z.number(), tasks: z.array(Task), next: z.number().nullable() }).meta({ id: "DrawTaskPage" });
const ChunkQuery = z.object({ chunk: z.coerce.number().int().min(0).default(0) });
const RosterPage = z.object({ grade: z.enum(["A", "B", "C", "D"]), chunk: z.number(), codes: z.array(z.string()), next: z.number().nullable() }).meta({ id: "DrawRosterPage" });
const Skipped = z.object({ items: z.array(z.object({ plan: z.string(), c: z.string(), reason: z.string() })) }).meta({ id: "DrawSkipped" });
const PublicParams = z.object({ tenantId: z.string().regex(/^\d{6}$/).meta({ example: "350102" }), drawId: Draw.Id });
const TenantParams = z.object({ tenantId: z.string().regex(/^\d{6}$/).meta({ example: "350102" }) });

/** 双随机 draws of the signed-in tenant. */
export const draws = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("draw.read", { method: "get", path: "/", summary: "本级抽查（新到旧）/ draws, newest first", tags: ["draw"], request: { query: Draw.ListInput }, responses: { 200: json(Page, "抽查") } }),
    async (c) => c.json(await Draw.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("draw.run", {
      method: "post",
      path: "/",
      summary: "公布抽查承诺（种子与名单的哈希）/ publish a draw's commitment",
      tags: ["draw"],
      request: { body: { content: { "application/json": { schema: Draw.CommitInput } }, required: true } },
      responses: { 201: json(Draw.Info, "已公布承诺") },
    }),
    async (c) => c.json(await Draw.commitDraw(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("draw.read", { method: "get", path: "/{drawId}", summary: "抽查详情 / one draw", tags: ["draw"], request: { params: Params }, responses: { 200: json(Draw.Info, "抽查") } }),
    async (c) => c.json(await Draw.fromID(c.req.valid("param").drawId), 200),
  )
  .openapi(
    protectedRoute("draw.run", { method: "post", path: "/{drawId}/run", summary: "执行抽查并公布种子 / run the draw and publish the seed", tags: ["draw"], request: { params: Params }, responses: { 200: json(Draw.Info, "已抽取") } }),
    async (c) => c.json(await Draw.run(c.req.valid("param").drawId), 200),
  )
  .openapi(
    protectedRoute("draw.read", { method: "get", path: "/{drawId}/tasks", summary: "抽查结果（每页一块）/ the result, one chunk a page", tags: ["draw"], request: { params: Params, query: ChunkQuery }, responses: { 200: json(TaskPage, "任务") } }),
    async (c) => c.json(await Draw.tasks({ id: c.req.valid("param").drawId, chunk: c.req.valid("query").chunk }), 200),
  );

/** What anyone needs to verify a draw (no sign-in). */
export const publicDraws = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({ method: "get", path: "/{tenantId}", summary: "抽查公示列表（公开）/ a tenant's draws (public)", tags: ["draw"], security: [], request: { params: TenantParams, query: Draw.ListInput }, responses: { 200: json(Page, "抽查") } }),
    async (c) => c.json(await withContext(publicOf(c.var.ctx, c.req.valid("param").tenantId), () => Draw.publicList(c.req.valid("param").tenantId, c.req.valid("query"))), 200),
  )
  .openapi(
    createRoute({ method: "get", path: "/{tenantId}/{drawId}", summary: "抽查承诺、种子与结果哈希（公开）/ commitment, seed and result hash (public)", tags: ["draw"], security: [], request: { params: PublicParams }, responses: { 200: json(Draw.Info, "抽查") } }),
    async (c) => c.json(await withContext(publicOf(c.var.ctx, c.req.valid("param").tenantId), () => Draw.publicInfo(c.req.valid("param").tenantId, c.req.valid("param").drawId)), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{tenantId}/{drawId}/roster/{grade}",
      summary: "候选名单（按信用等级分块，公开）/ the candidate list of a grade, one chunk a page (public)",
      tags: ["draw"],
      security: [],
      request: { params: PublicParams.extend({ grade: z.enum(["A", "B", "C", "D"]) }), query: ChunkQuery },
      responses: { 200: json(RosterPage, "名单") },
    }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await withContext(publicOf(c.var.ctx, c.req.valid("param").tenantId), () => Draw.rosterPage(p.tenantId, p.drawId, p.grade, c.req.valid("query").chunk)), 200);
    },
  )
  .openapi(
    createRoute({ method: "get", path: "/{tenantId}/{drawId}/result", summary: "抽查结果（分块，公开）/ the result, one chunk a page (public)", tags: ["draw"], security: [], request: { params: PublicParams, query: ChunkQuery }, responses: { 200: json(TaskPage, "结果") } }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json(await withContext(publicOf(c.var.ctx, c.req.valid("param").tenantId), () => Draw.resultPage(p.tenantId, p.drawId, c.req.valid("query").chunk)), 200);
    },
  )
  .openapi(
    createRoute({ method: "get", path: "/{tenantId}/{drawId}/skipped", summary: "跳过的主体及原因（公开）/ skipped businesses and why (public)", tags: ["draw"], security: [], request: { params: PublicParams }, responses: { 200: json(Skipped, "跳过") } }),
    async (c) => {
      const p = c.req.valid("param");
      return c.json({ items: await withContext(publicOf(c.var.ctx, c.req.valid("param").tenantId), () => Draw.skippedOf(p.tenantId, p.drawId)) }, 200);
    },
  );
