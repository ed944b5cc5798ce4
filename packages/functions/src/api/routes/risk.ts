import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Risk } from "@supervision/core/risk/index";
import { PageInput, pageOf } from "@supervision/core/util/page";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Params = z.object({ creditCode: z.string().meta({ description: "统一社会信用代码 / credit code", example: "91350102MA2Y0X0T31" }) });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
const RescoreBody = z
  .object({ creditCodes: z.array(z.string().max(18)).min(1).max(200) })
  .meta({ id: "RiskRescore", example: { creditCodes: ["91350102MA2Y0X0T31"] } });

/** 风险排名: the ranked list with reasons (one Query a page), one business, re-scoring, the model's weights. */
export const risk = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("risk.read", {
      method: "get",
      path: "/",
      summary: "本级主体风险排名（高到低，含理由），分页 / this tenant's businesses ranked by risk, with reasons, one page",
      tags: ["risk"],
      request: { query: PageInput },
      responses: { 200: json(pageOf(Risk.Info).meta({ id: "RiskPage" }), "风险排名") },
    }),
    async (c) => c.json(await Risk.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("risk.read", {
      method: "get",
      path: "/weights",
      summary: "风险模型权重（现行版本） / the risk model's weights in force",
      tags: ["risk"],
      responses: { 200: json(Risk.Weights, "权重") },
    }),
    async (c) => c.json(await Risk.weights(), 200),
  )
  .openapi(
    protectedRoute("risk.read", {
      method: "get",
      path: "/weights/versions",
      summary: "风险模型权重的各版本（新到旧，含改动项、发布人与时间），分页 / published versions of the weights, newest first",
      tags: ["risk"],
      request: { query: PageInput },
      responses: { 200: json(pageOf(Risk.WeightsVersion).meta({ id: "RiskWeightsVersionPage" }), "版本") },
    }),
    async (c) => c.json(await Risk.weightVersions(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("risk.manage", {
      method: "post",
      path: "/weights",
      summary: "省级发布下一版本的风险模型权重（逐项校验，400 指明字段）；各主体的分数在当晚重新评分时按新权重计算 / the province publishes the next version (each weight checked, a 400 names the field); scores follow at the nightly re-score",
      tags: ["risk"],
      request: body(Risk.Weights),
      responses: { 201: json(Risk.Weights, "已发布"), 409: { description: "版本号不是现行 + 1 / not the next version" } },
    }),
    async (c) => c.json(await Risk.publishWeights(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("risk.manage", {
      method: "post",
      path: "/rescore",
      summary: "重新计算这些主体的风险评分 / re-score these businesses now",
      tags: ["risk"],
      request: body(RescoreBody),
      responses: { 200: json(z.object({ count: z.number().int(), changed: z.number().int() }).meta({ id: "RiskRescored" }), "已重新计算（changed：分数或理由有变化的主体数）") },
    }),
    async (c) => c.json(await Risk.rescore(c.req.valid("json").creditCodes), 200),
  )
  .openapi(
    protectedRoute("risk.read", {
      method: "get",
      path: "/{creditCode}",
      summary: "一个主体的风险评分与理由 / one business's score and reasons",
      tags: ["risk"],
      request: { params: Params },
      responses: { 200: json(Risk.Info, "风险评分") },
    }),
    async (c) => c.json(await Risk.fromCode(c.req.valid("param").creditCode), 200),
  );
