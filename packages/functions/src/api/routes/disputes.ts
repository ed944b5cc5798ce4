import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Dispute } from "@supervision/core/dispute/index";
import { pageOf } from "@supervision/core/util/page";
import { ErrorSchema, json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

/** 监管职责争议 (lead-department disputes). Every step answers the dispute as the
 * caller now sees it, with the steps they may take next (`you.steps`). */

const Params = z.object({ disputeId: Dispute.Id });

/** One POST route per step of the state machine; the body carries the version the user saw. */
function stepRoute<P extends string, S extends z.ZodType>(path: P, summary: string, body: S) {
  return protectedRoute("dispute.act", {
    method: "post",
    path: `/{disputeId}/${path}` as const,
    summary,
    tags: ["dispute"],
    request: { params: Params, body: { content: { "application/json": { schema: body } }, required: true } },
    responses: {
      200: json(Dispute.Detail, "争议（已更新）"),
      409: json(ErrorSchema, "步骤不合顺序或版本已过期 / step out of order, or a stale version"),
    },
  });
}

const ConfirmBody = Dispute.NoteBody;

export const disputes = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("dispute.read", {
      method: "get",
      path: "/",
      summary: "监管职责争议列表 / lead-department disputes of this region",
      tags: ["dispute"],
      request: { query: Dispute.ListInput },
      responses: { 200: json(pageOf(Dispute.Info).meta({ id: "DisputePage" }), "争议（分页）") },
    }),
    async (c) => c.json(await Dispute.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("dispute.act", {
      method: "post",
      path: "/",
      summary: "发起监管职责争议 / open a dispute",
      tags: ["dispute"],
      request: { body: { content: { "application/json": { schema: Dispute.OpenInput } }, required: true } },
      responses: { 201: json(Dispute.Detail, "已发起") },
    }),
    async (c) => c.json(await Dispute.open(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("dispute.read", {
      method: "get",
      path: "/{disputeId}",
      summary: "争议详情与协商记录 / one dispute with its thread",
      tags: ["dispute"],
      request: { params: Params },
      responses: { 200: json(Dispute.Detail, "争议") },
    }),
    async (c) => c.json(await Dispute.fromID(c.req.valid("param").disputeId), 200),
  )
  .openapi(stepRoute("posts", "发表意见 / post in the thread", Dispute.PostBody), async (c) =>
    c.json(await Dispute.post({ ...c.req.valid("json"), id: c.req.valid("param").disputeId }), 200),
  )
  .openapi(stepRoute("propose", "提出协商意见（牵头部门）/ propose the lead department", Dispute.ProposeBody), async (c) =>
    c.json(await Dispute.propose({ ...c.req.valid("json"), id: c.req.valid("param").disputeId }), 200),
  )
  .openapi(stepRoute("accept", "同意协商意见 / accept the proposal", Dispute.VersionBody), async (c) =>
    c.json(await Dispute.agree({ ...c.req.valid("json"), id: c.req.valid("param").disputeId }), 200),
  )
  .openapi(stepRoute("decline", "不同意协商意见 / decline the proposal", Dispute.ReasonBody), async (c) =>
    c.json(await Dispute.decline({ ...c.req.valid("json"), id: c.req.valid("param").disputeId }), 200),
  )
  .openapi(stepRoute("file", "报编办备案 / file the agreement with the establishment office", Dispute.NoteBody), async (c) =>
    c.json(await Dispute.fileAgreement({ ...c.req.valid("json"), id: c.req.valid("param").disputeId }), 200),
  )
  .openapi(stepRoute("confirm", "确认备案 / confirm the filing (sets the lead department)", ConfirmBody), async (c) =>
    c.json(await Dispute.confirm({ ...c.req.valid("json"), id: c.req.valid("param").disputeId }), 200),
  )
  .openapi(stepRoute("reject", "退回备案 / send the filing back", Dispute.ReasonBody), async (c) =>
    c.json(await Dispute.reject({ ...c.req.valid("json"), id: c.req.valid("param").disputeId }), 200),
  )
  .openapi(stepRoute("escalate", "提请编办协调 / escalate to the establishment office", Dispute.ReasonBody), async (c) =>
    c.json(await Dispute.escalate({ ...c.req.valid("json"), id: c.req.valid("param").disputeId }), 200),
  )
  .openapi(stepRoute("decide", "编办裁定牵头部门 / decide the lead department", Dispute.DecideBody), async (c) =>
    c.json(await Dispute.decide({ ...c.req.valid("json"), id: c.req.valid("param").disputeId }), 200),
  )
  .openapi(stepRoute("withdraw", "撤回争议 / withdraw", Dispute.ReasonBody), async (c) =>
    c.json(await Dispute.withdraw({ ...c.req.valid("json"), id: c.req.valid("param").disputeId }), 200),
  );
