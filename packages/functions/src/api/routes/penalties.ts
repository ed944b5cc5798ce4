import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Penalty } from "@supervision/core/penalty/index";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Params = z.object({ penaltyId: Penalty.Id });

const Page = z.object({ items: z.array(Penalty.Info), cursor: z.string().nullable() }).meta({ id: "PenaltyPage" });

/** A refusal: the same act already fined (details name the first decision), or
 * near matches that need a recorded decision (details list them and name the field). */
const Conflict = z
  .object({
    error: z.object({
      code: z.enum(["penalty.already_penalised", "penalty.near_matches", "penalty.near_matches_changed", "request.conflict"]),
      message: z.string(),
      details: z
        .union([
          z.object({ tenantId: z.string(), tenantName: z.string(), decisionNo: z.string(), decidedOn: z.string(), match: Penalty.Match }),
          z.object({ field: z.literal("nearMatchDecision"), rule: z.literal("penalty.near_matches"), nearMatches: z.array(Penalty.Match) }),
        ])
        .optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: "PenaltyConflict" });

export const penalties = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("recognition.read", {
      method: "get",
      path: "/",
      summary: "本级行政处罚（分页；部门工作人员只见本部门的）/ penalties of this tenant, newest first, a page at a time; officers see their own department's",
      tags: ["penalty"],
      request: { query: Penalty.ListInput },
      responses: { 200: json(Page, "处罚") },
    }),
    async (c) => c.json(await Penalty.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("penalty.write", {
      method: "post",
      path: "/",
      summary:
        "登记行政处罚（一事不二罚）/ record a penalty; a second fine on the same act is refused (409 penalty.already_penalised); near matches need nearMatchDecision (409 penalty.near_matches lists them)",
      tags: ["penalty"],
      request: { body: { content: { "application/json": { schema: Penalty.RecordInput } }, required: true } },
      responses: {
        201: json(Penalty.Info, "已登记"),
        409: {
          description:
            "同一违法行为已被罚款，或有相近罚款须填写判断理由（nearMatchDecision.reason，并列出已核对的 nearMatchDecision.matches）/ the act was already fined, or near matches need a recorded decision",
          content: { "application/json": { schema: Conflict } },
        },
      },
    }),
    async (c) => c.json(await Penalty.record(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("recognition.read", {
      method: "get",
      path: "/{penaltyId}",
      summary: "处罚详情（部门工作人员只见本部门的）/ one penalty; another department's is not found for an officer",
      tags: ["penalty"],
      request: { params: Params },
      responses: { 200: json(Penalty.Info, "处罚") },
    }),
    async (c) => c.json(await Penalty.fromID(c.req.valid("param").penaltyId), 200),
  );
