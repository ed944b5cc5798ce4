import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { withContext } from "@supervision/core/context";
import { Enforcement } from "@supervision/core/enforcement/index";
import { json, protectedRoute, publicOf } from "../common";
import type { AppEnv } from "../env";

const BodyPage = z.object({ items: z.array(Enforcement.Info), cursor: z.string().optional() }).meta({ id: "EnforcementBodyPage" });
const BatchPage = z.object({ items: z.array(Enforcement.BatchInfo), cursor: z.string().optional() }).meta({ id: "DevolutionBatchPage" });
const PublicBodyPage = BodyPage.extend({ tenantId: z.string(), tenantName: z.string() }).meta({ id: "PublicEnforcementBodyPage" });
const PublicBatchPage = BatchPage.extend({ tenantId: z.string(), tenantName: z.string() }).meta({ id: "PublicDevolutionBatchPage" });
const Params = z.object({ bodyId: Enforcement.Id });
const TenantParams = z.object({ tenantId: z.string().regex(/^\d{6}$/).meta({ example: "350102" }) });

/** 行政执法主体清单 and 分批下放 batches, for the signed-in tenant. */
export const enforcement = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("enforcement.read", { method: "get", path: "/bodies", summary: "本级行政执法主体清单 / this tenant's enforcement bodies", tags: ["enforcement"], request: { query: Enforcement.PageInput }, responses: { 200: json(BodyPage, "执法主体") } }),
    async (c) => c.json(await Enforcement.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("enforcement.write", {
      method: "post",
      path: "/bodies",
      summary: "公布执法主体（部门或乡镇街道）及其检查事项清单 / publish a body and its inspection items",
      tags: ["enforcement"],
      request: { body: { content: { "application/json": { schema: Enforcement.PublishBodyInput } }, required: true } },
      responses: { 201: json(Enforcement.Info, "已公布") },
    }),
    async (c) => c.json(await Enforcement.publishBody(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("enforcement.write", {
      method: "patch",
      path: "/bodies/{bodyId}",
      summary: "修改执法主体的检查事项清单或状态 / update a body's inspection items or status",
      tags: ["enforcement"],
      request: { params: Params, body: { content: { "application/json": { schema: Enforcement.UpdateBodyInput.omit({ id: true }).meta({ id: "EnforcementBodyPatch", example: { version: 1, inspectionItems: ["FJ-SP-001", "FJ-SP-002"] } }) } }, required: true } },
      responses: { 200: json(Enforcement.Info, "已修改") },
    }),
    async (c) => c.json(await Enforcement.updateBody({ ...c.req.valid("json"), id: c.req.valid("param").bodyId }), 200),
  )
  .openapi(
    protectedRoute("enforcement.read", { method: "get", path: "/batches", summary: "分批下放行政处罚权 / devolution batches", tags: ["enforcement"], request: { query: Enforcement.PageInput }, responses: { 200: json(BatchPage, "下放批次") } }),
    async (c) => c.json(await Enforcement.batches(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("enforcement.write", {
      method: "post",
      path: "/batches",
      summary: "公布一批下放给乡镇（街道）的事项 / publish a batch of items devolved to townships",
      tags: ["enforcement"],
      request: { body: { content: { "application/json": { schema: Enforcement.PublishBatchInput } }, required: true } },
      responses: { 201: json(Enforcement.BatchInfo, "已公布") },
    }),
    async (c) => c.json(await Enforcement.publishBatch(c.req.valid("json")), 201),
  );

/** The same lists, public (no sign-in): any tenant's, named in the path. */
export const publicEnforcement = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/{tenantId}/bodies",
      summary: "行政执法主体清单（公开）/ a tenant's enforcement bodies (public)",
      tags: ["enforcement"],
      security: [],
      request: { params: TenantParams, query: Enforcement.PageInput },
      responses: { 200: json(PublicBodyPage, "执法主体") },
    }),
    async (c) => c.json(await withContext(publicOf(c.var.ctx, c.req.valid("param").tenantId), () => Enforcement.publicBodies(c.req.valid("param").tenantId, c.req.valid("query"))), 200),
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{tenantId}/batches",
      summary: "分批下放行政处罚权（公开）/ a tenant's devolution batches (public)",
      tags: ["enforcement"],
      security: [],
      request: { params: TenantParams, query: Enforcement.PageInput },
      responses: { 200: json(PublicBatchPage, "下放批次") },
    }),
    async (c) => c.json(await withContext(publicOf(c.var.ctx, c.req.valid("param").tenantId), () => Enforcement.publicBatches(c.req.valid("param").tenantId, c.req.valid("query"))), 200),
  );
