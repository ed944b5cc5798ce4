import { OpenAPIHono } from "@hono/zod-openapi";
import { Dashboard } from "@supervision/core/dashboard/index";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

export const dashboard = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("dashboard.read", {
      method: "get",
      path: "/",
      summary: "本级工作看板（协助请求指标与目标） / this tenant's assistance figures against the targets",
      tags: ["dashboard"],
      responses: { 200: json(Dashboard.Mine, "看板") },
    }),
    async (c) => c.json(await Dashboard.mine(), 200),
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
  );
