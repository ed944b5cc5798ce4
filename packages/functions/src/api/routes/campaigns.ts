import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Campaign } from "@supervision/core/campaign/index";

import { PageInput } from "@supervision/core/util/page";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Params = z.object({ campaignId: Campaign.Id });

export const campaigns = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("campaign.read", {
      method: "get",
      path: "/",
      summary: "专项整治，分页 / special campaigns, one page",
      tags: ["campaign"],
      request: { query: PageInput },
      responses: { 200: json(Campaign.ListPage, "专项整治") },
    }),
    async (c) => c.json(await Campaign.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("campaign.write", {
      method: "post",
      path: "/",
      summary: "发起专项整治 / start a special campaign across departments",
      tags: ["campaign"],
      request: { body: { content: { "application/json": { schema: Campaign.CreateInput } }, required: true } },
      responses: { 201: json(Campaign.Info, "已发起") },
    }),
    async (c) => c.json(await Campaign.create(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("campaign.read", {
      method: "get",
      path: "/{campaignId}",
      summary: "专项整治详情 / one campaign",
      tags: ["campaign"],
      request: { params: Params },
      responses: { 200: json(Campaign.Info, "专项整治") },
    }),
    async (c) => c.json(await Campaign.fromID(c.req.valid("param").campaignId), 200),
  )
  .openapi(
    protectedRoute("campaign.write", {
      method: "post",
      path: "/{campaignId}/businesses",
      summary: "纳入主体（每户一条线索，按线索规则归并为联合检查任务）/ put businesses under the campaign",
      tags: ["campaign"],
      request: { params: Params, body: { content: { "application/json": { schema: Campaign.AddBody } }, required: true } },
      responses: {
        200: json(
          z.object({ campaign: Campaign.Info, clues: z.array(z.object({ id: z.string(), creditCode: z.string(), status: z.enum(["unmatched", "tasked"]), taskId: z.string().optional() })) }).meta({ id: "CampaignAdded" }),
          "已纳入",
        ),
      },
    }),
    async (c) => c.json(await Campaign.addBusinesses({ ...c.req.valid("json"), id: c.req.valid("param").campaignId }), 200),
  )
  .openapi(
    protectedRoute("campaign.write", {
      method: "post",
      path: "/{campaignId}/close",
      summary: "结束专项整治 / end a campaign",
      tags: ["campaign"],
      request: { params: Params, body: { content: { "application/json": { schema: Campaign.CloseBody } }, required: true } },
      responses: { 200: json(Campaign.Info, "已结束") },
    }),
    async (c) => c.json(await Campaign.close({ ...c.req.valid("json"), id: c.req.valid("param").campaignId }), 200),
  );


