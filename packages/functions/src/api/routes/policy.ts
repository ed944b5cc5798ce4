import { OpenAPIHono, z } from "@hono/zod-openapi";
import { PolicyConfig } from "@supervision/core/policy-config/index";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
const conflict = { 409: { description: "版本已变 / stale version" } };

/** Rules as data: the rules in force with their sources, the province's edits, the calendar, a tenant's tightening. */
export const policy = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("policy.read", {
      method: "get",
      path: "/",
      summary: "本级现行规则及来源、工作日历 / the rules in force here, their sources, the calendar",
      tags: ["policy"],
      responses: { 200: json(PolicyConfig.Info, "现行规则") },
    }),
    async (c) => c.json(await PolicyConfig.current(), 200),
  )
  .openapi(
    protectedRoute("policy.read", {
      method: "get",
      path: "/versions",
      summary: "规则配置的历史版本 / the configuration's versions, newest first",
      tags: ["policy"],
      request: { query: PolicyConfig.VersionsInput },
      responses: { 200: json(z.object({ items: z.array(PolicyConfig.VersionInfo), cursor: z.string().nullable() }), "版本") },
    }),
    async (c) => c.json(await PolicyConfig.versions(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("policy.write", {
      method: "put",
      path: "/province",
      summary: "省级修改规则（取值与来源） / the province sets rules, each with its source",
      tags: ["policy"],
      request: body(PolicyConfig.UpdateProvinceInput),
      responses: { 200: json(PolicyConfig.Info, "已修改"), ...conflict },
    }),
    async (c) => c.json(await PolicyConfig.updateProvince(c.req.valid("json")), 200),
  )
  .openapi(
    protectedRoute("policy.write", {
      method: "post",
      path: "/calendar",
      summary: "添加下一年工作日历 / add the next year's working-day calendar",
      tags: ["policy"],
      request: body(PolicyConfig.AddYearInput),
      responses: { 201: json(PolicyConfig.Info, "已添加"), ...conflict },
    }),
    async (c) => c.json(await PolicyConfig.addYear(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("policy.tighten", {
      method: "put",
      path: "/tenant",
      summary: "本级收紧规则（只能更严） / this tenant tightens rules (stricter only)",
      tags: ["policy"],
      request: body(PolicyConfig.TightenInput),
      responses: { 200: json(PolicyConfig.Info, "已修改"), ...conflict },
    }),
    async (c) => c.json(await PolicyConfig.tighten(c.req.valid("json")), 200),
  );
