import { OpenAPIHono, z } from "@hono/zod-openapi";
import { downloadHeaders } from "@supervision/core/util/download";
import { AssistanceRequest } from "@supervision/core/assistance/index";
import { PageInput, pageOf } from "@supervision/core/util/page";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Params = z.object({ requestId: AssistanceRequest.Id });
const EscParams = z.object({ escalationId: AssistanceRequest.EscalationId });

const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });

const VersionBody = z.object({ version: z.number().int().positive() }).meta({ id: "AssistanceAccept", example: { version: 1 } });
const ReasonBody = z
  .object({ version: z.number().int().positive(), text: z.string().trim().min(1).max(10000) })
  .meta({ id: "AssistanceReason", example: { version: 1, text: "该主体不在本辖区登记经营，请向实际经营地所在区协查。" } });
const PostBody = z
  .object({ version: z.number().int().positive(), text: z.string().trim().min(1).max(10000), attachments: z.array(AssistanceRequest.AttachmentRef).max(10).default([]) })
  .meta({ id: "AssistancePost", example: { version: 1, text: "请补充涉案批次的进货单据编号。" } });
const AnswerBody = z
  .object({
    version: z.number().int().positive(),
    text: z.string().trim().min(1).max(10000),
    findings: z.string().trim().max(10000).optional(),
    attachments: z.array(AssistanceRequest.AttachmentRef).max(10).default([]),
  })
  .meta({ id: "AssistanceAnswer", example: { version: 2, text: "已现场核查：该公司仓储的冷冻肉品均附检疫证明。", findings: "抽查 12 批次，未发现无证产品。" } });
const ReassignBody = AssistanceRequest.ReassignInput.omit({ id: true }).meta({ id: "AssistanceReassign", example: { version: 1, departmentType: "market" } });
const DesignateBody = AssistanceRequest.DesignateInput.omit({ id: true }).meta({ id: "AssistanceDesignate", example: { version: 1, tenantId: "350104" } });
const Ack = z.object({ version: z.number() });

export const assistance = new OpenAPIHono<AppEnv>()
  // Fixed paths first, so they are not taken for a request ID.
  .openapi(
    protectedRoute("assistance.coordinate", {
      method: "get",
      path: "/escalations",
      summary: "协调督办：逾期提请本级协调的请求 / overdue requests escalated to this tenant",
      tags: ["assistance"],
      request: { query: PageInput },
      responses: { 200: json(pageOf(AssistanceRequest.EscalationInfo).meta({ id: "EscalationPage" }), "督办事项（分页）") },
    }),
    async (c) => c.json(await AssistanceRequest.escalations(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("assistance.coordinate", {
      method: "get",
      path: "/escalations/{escalationId}",
      summary: "督办事项详情 / one escalation",
      tags: ["assistance"],
      request: { params: EscParams },
      responses: { 200: json(AssistanceRequest.EscalationInfo, "督办事项") },
    }),
    async (c) => c.json(await AssistanceRequest.escalation(c.req.valid("param").escalationId), 200),
  )
  .openapi(
    protectedRoute("assistance.coordinate", {
      method: "post",
      path: "/escalations/{escalationId}/reassign",
      summary: "协调：原承办方限期办结或改由其他部门承办 / reassign to the same tenant with a new deadline or department",
      tags: ["assistance"],
      request: { params: EscParams, ...body(ReassignBody) },
      responses: { 200: json(AssistanceRequest.EscalationInfo, "已协调") },
    }),
    async (c) => c.json(await AssistanceRequest.reassign({ ...c.req.valid("json"), id: c.req.valid("param").escalationId }), 200),
  )
  .openapi(
    protectedRoute("assistance.coordinate", {
      method: "post",
      path: "/escalations/{escalationId}/designate",
      summary: "跨区域确定承办监管机构 / designate another tenant to handle it",
      tags: ["assistance"],
      request: { params: EscParams, ...body(DesignateBody) },
      responses: { 200: json(AssistanceRequest.EscalationInfo, "已指定") },
    }),
    async (c) => c.json(await AssistanceRequest.designate({ ...c.req.valid("json"), id: c.req.valid("param").escalationId }), 200),
  )
  .openapi(
    protectedRoute("assistance.send", {
      method: "post",
      path: "/attachments",
      summary: "上传附件（按内容哈希保存，≤256 KB） / upload an attachment (stored by content hash, ≤256 KB)",
      tags: ["assistance"],
      request: body(AssistanceRequest.UploadInput),
      responses: { 201: json(AssistanceRequest.AttachmentRef, "已上传"), 413: { description: "附件过大 / too large" } },
    }),
    async (c) => c.json(await AssistanceRequest.upload(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("assistance.read", {
      method: "get",
      path: "/attachments",
      summary: "下载本级有权查看的附件 / download an attachment this tenant holds",
      tags: ["assistance"],
      request: { query: AssistanceRequest.DownloadInput },
      responses: { 200: { description: "文件 / the bytes", content: { "application/octet-stream": { schema: z.string() } } } },
    }),
    async (c) => {
      const file = await AssistanceRequest.download(c.req.valid("query"));
      return c.body(new Uint8Array(file.bytes), 200, { ...downloadHeaders(file), "x-content-sha256": file.hash }) as never;
    },
  )
  .openapi(
    protectedRoute("assistance.read", {
      method: "get",
      path: "/",
      summary: "协助请求：收件箱或已发送，分页，可按状态筛选 / requests received (inbox) or sent, one page, optionally of one status",
      tags: ["assistance"],
      request: { query: AssistanceRequest.ListInput },
      responses: { 200: json(pageOf(AssistanceRequest.Info).meta({ id: "AssistanceRequestPage" }), "协助请求") },
    }),
    async (c) => c.json(await AssistanceRequest.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("assistance.send", {
      method: "post",
      path: "/",
      summary: "发起跨区域协助请求 / send an assistance request to another tenant",
      tags: ["assistance"],
      request: body(AssistanceRequest.SendInput),
      responses: { 201: json(AssistanceRequest.Info, "已发送") },
    }),
    async (c) => c.json(await AssistanceRequest.send(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("assistance.read", {
      method: "get",
      path: "/{requestId}",
      summary: "协助请求详情与往来记录 / one request with its thread",
      tags: ["assistance"],
      request: { params: Params },
      responses: { 200: json(AssistanceRequest.Detail, "协助请求") },
    }),
    async (c) => c.json(await AssistanceRequest.fromID(c.req.valid("param").requestId), 200),
  )
  .openapi(
    protectedRoute("assistance.handle", {
      method: "post",
      path: "/{requestId}/accept",
      summary: "受理 / accept",
      tags: ["assistance"],
      request: { params: Params, ...body(VersionBody) },
      responses: { 200: json(AssistanceRequest.Info, "已受理"), 409: json(Ack, "版本冲突或状态不允许 / conflict") },
    }),
    async (c) => c.json(await AssistanceRequest.accept({ ...c.req.valid("json"), id: c.req.valid("param").requestId }), 200),
  )
  .openapi(
    protectedRoute("assistance.handle", {
      method: "post",
      path: "/{requestId}/decline",
      summary: "说明理由拒绝 / decline with reasons",
      tags: ["assistance"],
      request: { params: Params, ...body(ReasonBody) },
      responses: { 200: json(AssistanceRequest.Info, "已拒绝") },
    }),
    async (c) => c.json(await AssistanceRequest.decline({ ...c.req.valid("json"), id: c.req.valid("param").requestId }), 200),
  )
  .openapi(
    protectedRoute("assistance.handle", {
      method: "post",
      path: "/{requestId}/posts",
      summary: "提问（承办方）或答复提问（请求方） / a question (receiver) or reply (sender) in the thread",
      tags: ["assistance"],
      request: { params: Params, ...body(PostBody) },
      responses: { 200: json(AssistanceRequest.Info, "已发送") },
    }),
    async (c) => c.json(await AssistanceRequest.post({ ...c.req.valid("json"), id: c.req.valid("param").requestId }), 200),
  )
  .openapi(
    protectedRoute("assistance.handle", {
      method: "post",
      path: "/{requestId}/answer",
      summary: "答复结果与证据 / answer with results and evidence",
      tags: ["assistance"],
      request: { params: Params, ...body(AnswerBody) },
      responses: { 200: json(AssistanceRequest.Info, "已答复") },
    }),
    async (c) => c.json(await AssistanceRequest.answer({ ...c.req.valid("json"), id: c.req.valid("param").requestId }), 200),
  )
  .openapi(
    protectedRoute("assistance.send", {
      method: "post",
      path: "/{requestId}/withdraw",
      summary: "撤回（请求方） / withdraw (sender)",
      tags: ["assistance"],
      request: { params: Params, ...body(ReasonBody) },
      responses: { 200: json(AssistanceRequest.Info, "已撤回") },
    }),
    async (c) => c.json(await AssistanceRequest.withdraw({ ...c.req.valid("json"), id: c.req.valid("param").requestId }), 200),
  );
