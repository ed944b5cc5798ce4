import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Inspection } from "@supervision/core/inspection/index";
import { Recognition } from "@supervision/core/recognition/index";
import { PageInput, pageOf } from "@supervision/core/util/page";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";
import { itemList } from "./recognitions";

const Params = z.object({ inspectionId: Inspection.Id });

const CheckQuery = z.object({
  creditCode: z.string().meta({ description: "统一社会信用代码 / unified social credit code", example: "91350102MA2Y0X0T31" }),
  itemCodes: z.string().meta({ description: "事项编码，逗号分隔 / item codes, comma-separated", example: "FJ-SP-001" }),
  plannedDate: z.string().optional().meta({ description: "计划检查日期 YYYY-MM-DD / planned date" }),
});

const CheckResult = z
  .object({ on: z.string(), recognised: z.array(Recognition.Info), coveredItems: z.array(z.string()), uncoveredItems: z.array(z.string()) })
  .meta({ id: "InspectionCheck" });

const CloseResult = z.object({ inspection: Inspection.Info, recognition: Recognition.IssuedInfo.optional() }).meta({ id: "InspectionClosed" });

export const inspections = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("recognition.read", {
      method: "get",
      path: "/check",
      summary: "安排检查前查询互认结果 / recognised results still valid for an entity and items",
      tags: ["inspection"],
      request: { query: CheckQuery },
      responses: { 200: json(CheckResult, "互认结果") },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await Inspection.check({ creditCode: q.creditCode, itemCodes: itemList(q.itemCodes), plannedDate: q.plannedDate }), 200);
    },
  )
  .openapi(
    protectedRoute("recognition.read", {
      method: "get",
      path: "/",
      summary: "本级检查任务，分页 / inspections of this tenant, one page (an officer or inspector: their department's)",
      tags: ["inspection"],
      request: { query: PageInput },
      responses: { 200: json(pageOf(Inspection.Info).meta({ id: "InspectionPage" }), "检查任务") },
    }),
    async (c) => c.json(await Inspection.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("inspection.schedule", {
      method: "post",
      path: "/",
      summary: "安排检查 / schedule an inspection (409 when a recognised result covers it, unless overrideReason)",
      tags: ["inspection"],
      request: { body: { content: { "application/json": { schema: Inspection.ScheduleInput } }, required: true } },
      responses: {
        201: json(Inspection.Info, "已安排"),
        409: { description: "已有互认有效结果 / duplicates a recognised result (details name each)" },
      },
    }),
    async (c) => c.json(await Inspection.schedule(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("recognition.read", {
      method: "get",
      path: "/{inspectionId}",
      summary: "检查任务详情 / one inspection",
      tags: ["inspection"],
      request: { params: Params },
      responses: { 200: json(Inspection.Info, "检查任务") },
    }),
    async (c) => c.json(await Inspection.fromID(c.req.valid("param").inspectionId), 200),
  )
  .openapi(
    protectedRoute("recognition.write", {
      method: "post",
      path: "/{inspectionId}/close",
      summary: "办结检查，可设为全省互认 / close with a result, recognisable province-wide",
      tags: ["inspection"],
      request: {
        params: Params,
        body: {
          content: {
            "application/json": {
              schema: Inspection.CloseBody.meta({
                id: "InspectionCloseBody",
                example: { version: 1, outcome: "compliant", findings: "现场检查未发现问题，进货查验记录齐全。", recognisable: true, validDays: 180 },
              }),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(CloseResult, "已办结") },
    }),
    async (c) => c.json(await Inspection.close({ ...c.req.valid("json"), id: c.req.valid("param").inspectionId }), 200),
  );
