import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Notice } from "@supervision/core/notice/index";
import { pageOf } from "@supervision/core/util/page";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const NoticeParams = z.object({ noticeId: Notice.Id });

export const notices = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("notice.read", {
      method: "get",
      path: "/",
      summary: "通知列表 / notices received (inbox) or sent",
      tags: ["notice"],
      request: { query: Notice.ListInput },
      responses: { 200: json(pageOf(Notice.Info).meta({ id: "NoticePage" }), "通知（分页）") },
    }),
    async (c) => c.json(await Notice.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("notice.send", {
      method: "post",
      path: "/",
      summary: "向下级发送通知 / send a notice to tenants below",
      tags: ["notice"],
      request: { body: { content: { "application/json": { schema: Notice.SendInput } }, required: true } },
      responses: { 201: json(Notice.Info, "已发送") },
    }),
    async (c) => c.json(await Notice.send(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("notice.read", {
      method: "get",
      path: "/{noticeId}",
      summary: "通知详情 / one notice",
      tags: ["notice"],
      request: { params: NoticeParams },
      responses: { 200: json(Notice.Info, "通知") },
    }),
    async (c) => c.json(await Notice.fromID(c.req.valid("param").noticeId), 200),
  )
  .openapi(
    protectedRoute("notice.acknowledge", {
      method: "post",
      path: "/{noticeId}/acknowledge",
      summary: "签收通知 / acknowledge a notice",
      tags: ["notice"],
      request: {
        params: NoticeParams,
        body: {
          content: { "application/json": { schema: Notice.AcknowledgeInput.omit({ id: true }).meta({ id: "NoticeAcknowledgeBody", example: { version: 1 } }) } },
          required: true,
        },
      },
      responses: { 200: json(Notice.Info, "已签收") },
    }),
    async (c) => c.json(await Notice.acknowledge({ ...c.req.valid("json"), id: c.req.valid("param").noticeId }), 200),
  );
