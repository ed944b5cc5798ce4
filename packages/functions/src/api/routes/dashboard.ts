import { OpenAPIHono } from "@hono/zod-openapi";
import { Dashboard } from "@supervision/core/dashboard/index";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

export const dashboard = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("dashboard.read", {
      method: "get",
      path: "/",
      summary: "本级工作看板（协助请求指标与平台默认目标，可按月份范围） / this tenant's assistance figures against the platform's default targets, optionally for a range of months",
      tags: ["dashboard"],
      request: { query: Dashboard.RangeInput },
      responses: { 200: json(Dashboard.Mine, "看板") },
    }),
    async (c) => c.json(await Dashboard.mine(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("dashboard.read", {
      method: "get",
      path: "/below",
      summary: "下级各地指标（各地定时上报） / the figures each tenant below reported",
      tags: ["dashboard"],
      responses: { 200: json(Dashboard.Below, "下级看板") },
    }),
    async (c) => c.json(await Dashboard.below(), 200),
  )
  .openapi(
    protectedRoute("dashboard.read", {
      method: "get",
      path: "/areas",
      summary: "下钻：本级或下级设区市之下各地的汇总（分页，各地上报） / drill-down: the tenants below this one or a city below it, each rolled up (paged, from their reports)",
      tags: ["dashboard"],
      request: { query: Dashboard.AreasInput },
      responses: { 200: json(Dashboard.Areas, "下级汇总") },
    }),
    async (c) => c.json(await Dashboard.areas(c.req.valid("query")), 200),
  );
