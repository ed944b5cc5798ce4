import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Alert } from "@supervision/core/alert/index";
import { pageOf } from "@supervision/core/util/page";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Params = z.object({ alertId: Alert.Id });
const FollowUpBody = Alert.FollowUpInput.omit({ id: true }).meta({ id: "AlertFollowUp", example: { version: 1, status: "found", note: "已排查辖区 3 家经营户，发现 1 家在售，已下架封存。" } });

export const alerts = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("alert.follow", {
      method: "get",
      path: "/",
      summary: "预警：收到的或发出的，分页 / alerts received (inbox) or sent, one page",
      tags: ["alert"],
      request: { query: Alert.ListInput },
      responses: { 200: json(pageOf(Alert.Info).meta({ id: "AlertPage" }), "预警，一页") },
    }),
    async (c) => c.json(await Alert.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("alert.send", {
      method: "post",
      path: "/",
      summary: "发出预警（全省或一个设区市） / send an alert to every tenant or one city's tenants",
      tags: ["alert"],
      request: { body: { content: { "application/json": { schema: Alert.SendInput } }, required: true } },
      responses: { 201: json(Alert.Info, "已发出") },
    }),
    async (c) => c.json(await Alert.send(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("alert.follow", {
      method: "get",
      path: "/{alertId}",
      summary: "预警详情（发出方可见各地反馈） / one alert (the sender sees each follow-up)",
      tags: ["alert"],
      request: { params: Params },
      responses: { 200: json(Alert.Detail, "预警") },
    }),
    async (c) => c.json(await Alert.fromID(c.req.valid("param").alertId), 200),
  )
  .openapi(
    protectedRoute("alert.follow", {
      method: "post",
      path: "/{alertId}/follow-up",
      summary: "记录本级排查反馈 / record this tenant's follow-up",
      tags: ["alert"],
      request: { params: Params, body: { content: { "application/json": { schema: FollowUpBody } }, required: true } },
      responses: { 200: json(Alert.Info, "已反馈") },
    }),
    async (c) => c.json(await Alert.followUp({ ...c.req.valid("json"), id: c.req.valid("param").alertId }), 200),
  );
