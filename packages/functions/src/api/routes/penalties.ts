import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Penalty } from "@supervision/core/penalty/index";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Params = z.object({ penaltyId: Penalty.Id });

export const penalties = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("recognition.read", {
      method: "get",
      path: "/",
      summary: "本级行政处罚 / penalties decided by this tenant",
      tags: ["penalty"],
      responses: { 200: json(z.array(Penalty.Info), "处罚") },
    }),
    async (c) => c.json(await Penalty.list(), 200),
  )
  .openapi(
    protectedRoute("penalty.write", {
      method: "post",
      path: "/",
      summary: "登记行政处罚（一事不二罚）/ record a penalty; 409 when the fact was already penalised anywhere",
      tags: ["penalty"],
      request: { body: { content: { "application/json": { schema: Penalty.RecordInput } }, required: true } },
      responses: {
        201: json(Penalty.Info, "已登记"),
        409: { description: "同一违法事实已被处罚 / the fact was already penalised (details name the first decision)" },
      },
    }),
    async (c) => c.json(await Penalty.record(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("recognition.read", {
      method: "get",
      path: "/{penaltyId}",
      summary: "处罚详情 / one penalty",
      tags: ["penalty"],
      request: { params: Params },
      responses: { 200: json(Penalty.Info, "处罚") },
    }),
    async (c) => c.json(await Penalty.fromID(c.req.valid("param").penaltyId), 200),
  );
