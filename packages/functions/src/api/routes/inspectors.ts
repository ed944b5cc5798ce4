import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Inspector } from "@supervision/core/inspector/index";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Page = z.object({ items: z.array(Inspector.Info), cursor: z.string().optional() }).meta({ id: "InspectorPage" });
const Params = z.object({ inspectorId: Inspector.Id });

/** 执法检查人员名录库. */
export const inspectors = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("inspector.read", { method: "get", path: "/", summary: "执法检查人员（可按执法主体筛选）/ inspectors, by body", tags: ["inspector"], request: { query: Inspector.ListInput }, responses: { 200: json(Page, "人员") } }),
    async (c) => c.json(await Inspector.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("inspector.write", {
      method: "post",
      path: "/",
      summary: "登记执法检查人员（执法证、资格、回避申报）/ register an inspector",
      tags: ["inspector"],
      request: { body: { content: { "application/json": { schema: Inspector.CreateInput } }, required: true } },
      responses: { 201: json(Inspector.Info, "已登记") },
    }),
    async (c) => c.json(await Inspector.create(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("inspector.read", { method: "get", path: "/{inspectorId}", summary: "人员详情 / one inspector", tags: ["inspector"], request: { params: Params }, responses: { 200: json(Inspector.Info, "人员") } }),
    async (c) => c.json(await Inspector.fromID(c.req.valid("param").inspectorId), 200),
  )
  .openapi(
    protectedRoute("inspector.write", {
      method: "patch",
      path: "/{inspectorId}",
      summary: "修改执法证、资格或回避申报 / update certificate, qualifications or conflicts",
      tags: ["inspector"],
      request: { params: Params, body: { content: { "application/json": { schema: Inspector.UpdateInput.omit({ id: true }).meta({ id: "InspectorPatch", example: { version: 1, qualifications: ["FJ-SP-001"], conflictTownships: ["350102001"] } }) } }, required: true } },
      responses: { 200: json(Inspector.Info, "已修改") },
    }),
    async (c) => c.json(await Inspector.update({ ...c.req.valid("json"), id: c.req.valid("param").inspectorId }), 200),
  );
