import { OpenAPIHono } from "@hono/zod-openapi";
import { PageInput, pageOf } from "@supervision/core/util/page";
import { Credit } from "@supervision/core/credit/index";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Scoring = Credit.ScoringConfig.meta({ id: "CreditScoring", example: Credit.DEFAULT_SCORING });
const Versions = pageOf(Credit.ScoringVersion).meta({ id: "CreditScoringVersionPage" });

/** 信用风险分类评分规则: the province's versioned scoring rules (data, not code). */
export const credit = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("business.read", { method: "get", path: "/scoring", summary: "现行信用风险分类评分规则 / the scoring rules in force", tags: ["credit"], responses: { 200: json(Scoring, "评分规则") } }),
    async (c) => c.json(await Credit.scoring(), 200),
  )
  .openapi(
    protectedRoute("business.read", {
      method: "get",
      path: "/scoring/versions",
      summary: "评分规则的各版本：发布人、发布时间（新到旧）/ who published each version and when, newest first",
      tags: ["credit"],
      request: { query: PageInput },
      responses: { 200: json(Versions, "版本") },
    }),
    async (c) => c.json(await Credit.scoringVersions(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("credit.scoring", {
      method: "post",
      path: "/scoring",
      summary: "省级发布下一版评分规则（版本号 = 现行 + 1；审计）/ the province publishes the next version (audited)",
      tags: ["credit"],
      request: { body: { content: { "application/json": { schema: Scoring } }, required: true } },
      responses: { 201: json(Scoring, "已发布") },
    }),
    async (c) => c.json(await Credit.publishScoring(c.req.valid("json")), 201),
  );
