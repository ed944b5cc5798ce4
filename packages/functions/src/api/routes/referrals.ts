import { OpenAPIHono, z } from "@hono/zod-openapi";
import { JudicialRequest } from "@supervision/core/referral/judicial-request";
import { Referral } from "@supervision/core/referral/index";
import { PageInput, pageOf } from "@supervision/core/util/page";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Params = z.object({ referralId: Referral.Id });
const RequestParams = z.object({ requestId: JudicialRequest.Id });

/** A step's body: the core input without the ID, which comes from the path. */
function stepRoute<P extends string, S extends z.ZodObject>(
  permission: "referral.decide" | "referral.write" | "referral.judicial",
  path: P,
  summary: string,
  schema: S,
) {
  return protectedRoute(permission, {
    method: "post",
    path,
    summary,
    tags: ["referral"],
    request: { params: Params, body: { content: { "application/json": { schema } }, required: true } },
    responses: { 200: json(Referral.Info, "已办理"), 409: { description: "状态不符或版本过期 / wrong state or stale version" } },
  });
}

const withId = (referralId: string) => ({ id: referralId });

export const referrals = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("referral.read", {
      method: "get",
      path: "/",
      summary: "行刑衔接案件，分页 / criminal referrals, one page (an officer: their department's; a judicial user: those addressed to them)",
      tags: ["referral"],
      request: { query: PageInput },
      responses: { 200: json(pageOf(Referral.Info).meta({ id: "ReferralPage" }), "移送案件") },
    }),
    async (c) => c.json(await Referral.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("referral.write", {
      method: "post",
      path: "/",
      summary: "提出移送：办案小组、涉嫌罪名、证据清单 / open a transfer (team, offence, evidence)",
      tags: ["referral"],
      request: { body: { content: { "application/json": { schema: Referral.OpenInput } }, required: true } },
      responses: { 201: json(Referral.Info, "已提出") },
    }),
    async (c) => c.json(await Referral.open(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("referral.read", {
      method: "get",
      path: "/{referralId}",
      summary: "移送案件详情 / one referral with its steps and clocks",
      tags: ["referral"],
      request: { params: Params },
      responses: { 200: json(Referral.Info, "移送案件") },
    }),
    async (c) => c.json(await Referral.fromID(c.req.valid("param").referralId), 200),
  )
  .openapi(
    stepRoute(
      "referral.decide",
      "/{referralId}/decision",
      "机关负责人决定是否移送（3日内）/ the agency head decides (within 3 days)",
      Referral.DecideInput.omit({ id: true }).meta({ id: "ReferralDecideBody", example: { version: 1, approve: true, reason: "经审查，涉嫌犯罪，同意移送公安机关。" } }),
    ),
    async (c) => c.json(await Referral.decide({ ...c.req.valid("json"), ...withId(c.req.valid("param").referralId) }), 200),
  )
  .openapi(
    stepRoute(
      "referral.write",
      "/{referralId}/transfer",
      "移送公安机关（批准后24小时内）/ transfer to the police (within 24 hours of approval)",
      Referral.TransferInput.omit({ id: true }).meta({ id: "ReferralTransferBody", example: { version: 2, note: "移送书及证据材料已送达公安机关。" } }),
    ),
    async (c) => c.json(await Referral.transfer({ ...c.req.valid("json"), ...withId(c.req.valid("param").referralId) }), 200),
  )
  .openapi(
    stepRoute(
      "referral.judicial",
      "/{referralId}/police-decision",
      "公安机关决定是否立案（受理后3日内）/ the police decide whether to open a case (within 3 days)",
      Referral.PoliceDecisionInput.omit({ id: true }).meta({ id: "ReferralPoliceDecisionBody", example: { version: 3, openCase: true, reason: "符合立案条件，决定立案侦查。" } }),
    ),
    async (c) => c.json(await Referral.policeDecision({ ...c.req.valid("json"), ...withId(c.req.valid("param").referralId) }), 200),
  )
  .openapi(
    stepRoute(
      "referral.write",
      "/{referralId}/supervision",
      "提请检察院立案监督 / ask the procuratorate to supervise after a refusal",
      Referral.SupervisionInput.omit({ id: true }).meta({
        id: "ReferralSupervisionBody",
        example: { version: 4, procuratorateDepartmentId: "dep_0X0D8SVE7Z0QAY8RS7EQ3AFRPW", note: "公安机关不予立案理由不成立，提请立案监督。" },
      }),
    ),
    async (c) => c.json(await Referral.requestSupervision({ ...c.req.valid("json"), ...withId(c.req.valid("param").referralId) }), 200),
  )
  .openapi(
    stepRoute(
      "referral.judicial",
      "/{referralId}/explanation-request",
      "检察院要求公安机关说明不立案理由 / the procuratorate asks the police to explain",
      Referral.ExplanationRequestInput.omit({ id: true }).meta({ id: "ReferralExplanationRequestBody", example: { version: 5, note: "请于7日内书面说明不立案理由。" } }),
    ),
    async (c) => c.json(await Referral.requestExplanation({ ...c.req.valid("json"), ...withId(c.req.valid("param").referralId) }), 200),
  )
  .openapi(
    stepRoute(
      "referral.judicial",
      "/{referralId}/explanation",
      "公安机关说明不立案理由（7日内）/ the police explain (within 7 days)",
      Referral.ExplainInput.omit({ id: true }).meta({ id: "ReferralExplainBody", example: { version: 6, explanation: "经审查，现有证据不足以证明涉案金额达到立案标准。" } }),
    ),
    async (c) => c.json(await Referral.explain({ ...c.req.valid("json"), ...withId(c.req.valid("param").referralId) }), 200),
  );

export const judicialRequests = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("referral.read", {
      method: "get",
      path: "/",
      summary: "司法机关反向协助请求，分页 / requests from judicial organs, one page (each user sees their own side)",
      tags: ["referral"],
      request: { query: PageInput },
      responses: { 200: json(pageOf(JudicialRequest.Info).meta({ id: "JudicialRequestPage" }), "协助请求") },
    }),
    async (c) => c.json(await JudicialRequest.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("referral.judicial", {
      method: "post",
      path: "/",
      summary: "司法机关提出检验、鉴定、涉案物品保管或销毁请求 / a judicial organ asks a department for help",
      tags: ["referral"],
      request: { body: { content: { "application/json": { schema: JudicialRequest.CreateInput } }, required: true } },
      responses: { 201: json(JudicialRequest.Info, "已提出") },
    }),
    async (c) => c.json(await JudicialRequest.create(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("referral.read", {
      method: "get",
      path: "/{requestId}",
      summary: "协助请求详情 / one judicial request",
      tags: ["referral"],
      request: { params: RequestParams },
      responses: { 200: json(JudicialRequest.Info, "协助请求") },
    }),
    async (c) => c.json(await JudicialRequest.fromID(c.req.valid("param").requestId), 200),
  )
  .openapi(
    protectedRoute("referral.write", {
      method: "post",
      path: "/{requestId}/answer",
      summary: "答复司法机关的协助请求 / answer a judicial request",
      tags: ["referral"],
      request: {
        params: RequestParams,
        body: {
          content: {
            "application/json": {
              schema: JudicialRequest.AnswerInput.omit({ id: true }).meta({ id: "JudicialRequestAnswerBody", example: { version: 1, answer: "已委托省食品检验所检验，报告编号 JY-2026-131 随附。" } }),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(JudicialRequest.Info, "已答复") },
    }),
    async (c) => c.json(await JudicialRequest.answer({ ...c.req.valid("json"), id: c.req.valid("param").requestId }), 200),
  );
