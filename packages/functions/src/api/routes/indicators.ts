import { OpenAPIHono } from "@hono/zod-openapi";
import { Indicator } from "@supervision/core/indicator/index";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

/** 指标: this tenant's, and those its tenants below reported by message. */
export const indicators = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("indicator.read", {
      method: "get",
      path: "/",
      summary: "本级指标：联合检查实施率（对照目标）、户均检查次数、按期公示率、异议按期答复率 / this tenant's indicators",
      tags: ["indicator"],
      request: { query: Indicator.YearInput },
      responses: { 200: json(Indicator.Mine, "指标") },
    }),
    async (c) => c.json(await Indicator.mine(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("indicator.read", {
      method: "get",
      path: "/below",
      summary: "下级各地报送的指标（分页，首页含合计）/ the indicators each tenant below reported, a page at a time",
      tags: ["indicator"],
      request: { query: Indicator.BelowInput },
      responses: { 200: json(Indicator.Below, "下级指标") },
    }),
    async (c) => c.json(await Indicator.below(c.req.valid("query")), 200),
  );
