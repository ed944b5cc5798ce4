import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Outbox } from "@supervision/core/outbox/index";
import { idSchema } from "@supervision/core/util/id";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const StalledPage = z.object({ items: z.array(Outbox.StalledInfo), cursor: z.string().nullable() }).meta({ id: "StalledMessagePage" });
const Params = z.object({ messageId: idSchema("msg") });

/** My tenant's messages the platform gave up sending (never retried silently forever), and their retry. */
export const outbox = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("outbox.read", {
      method: "get",
      path: "/stalled",
      summary: "停滞的消息 / messages of my tenant that could not be delivered",
      tags: ["outbox"],
      request: { query: Outbox.StalledListInput },
      responses: { 200: json(StalledPage, "停滞的消息（分页）") },
    }),
    async (c) => c.json(await Outbox.stalled(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("outbox.retry", {
      method: "post",
      path: "/stalled/{messageId}/retry",
      summary: "重新发送停滞的消息 / send a stalled message again once its cause is fixed",
      tags: ["outbox"],
      request: { params: Params },
      responses: { 200: json(z.object({ id: z.string(), status: z.literal("pending") }).meta({ id: "StalledRetry" }), "已重新排队") },
    }),
    async (c) => c.json(await Outbox.retry(c.req.valid("param").messageId), 200),
  );
