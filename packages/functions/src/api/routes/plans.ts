import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Plan } from "@supervision/core/plan/index";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Page = z.object({ items: z.array(Plan.Info), cursor: z.string().optional() }).meta({ id: "InspectionPlanPage" });
const Filing = z
  .object({
    year: z.number(),
    deadline: z.string(),
    pastDeadline: z.boolean(),
    bodies: z.array(z.object({ bodyId: z.string(), name: z.string(), filed: z.boolean(), late: z.boolean(), planIds: z.array(z.string()) })),
    unfiled: z.array(z.object({ bodyId: z.string(), name: z.string() })),
  })
  .meta({ id: "PlanFiling" });
const TaskRef = z.object({ id: z.string(), from: z.string(), to: z.string(), b: z.array(z.string()), x: z.string().optional() });
const CapStatus = z
  .object({ creditCode: z.string(), year: z.number(), bodies: z.array(z.object({ bodyId: z.string(), count: z.number(), cap: z.number(), state: z.enum(["clear", "approaching", "at-cap"]) })), tasks: z.array(TaskRef) })
  .meta({ id: "PlanCapStatus" });
const CapQuery = z.object({ creditCode: z.string(), year: z.coerce.number().int(), bodyIds: z.string().meta({ description: "执法主体编号，逗号分隔 / body IDs, comma-separated" }) });
const TaskResult = z
  .object({ creditCode: z.string(), task: TaskRef, merged: z.boolean(), counts: z.record(z.string(), z.number()), exception: Plan.Exception.optional() })
  .meta({ id: "PlanTask" });

/** 年度检查计划, filing status, caps and tasks outside draws. */
export const plans = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("plan.read", { method: "get", path: "/", summary: "某年度的检查计划 / plans of a year", tags: ["plan"], request: { query: Plan.ListInput }, responses: { 200: json(Page, "计划") } }),
    async (c) => c.json(await Plan.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("plan.write", {
      method: "post",
      path: "/",
      summary: "报送年度检查计划（一个或多个执法主体）/ file a yearly plan (one body, or several: joint)",
      tags: ["plan"],
      request: { body: { content: { "application/json": { schema: Plan.FileInput } }, required: true } },
      responses: { 201: json(Plan.Info, "已报送") },
    }),
    async (c) => c.json(await Plan.file(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("plan.read", { method: "get", path: "/filing", summary: "报送情况：谁尚未报送 / who has filed and who has not", tags: ["plan"], request: { query: Plan.FilingInput }, responses: { 200: json(Filing, "报送情况") } }),
    async (c) => c.json(await Plan.filing(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("plan.read", { method: "get", path: "/caps", summary: "主体本年度被各执法主体检查的次数与上限（安排前提示）/ a business's yearly count against each body's cap", tags: ["plan"], request: { query: CapQuery }, responses: { 200: json(CapStatus, "次数与上限") } }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await Plan.capStatus({ creditCode: q.creditCode, year: q.year, bodyIds: q.bodyIds.split(",").filter(Boolean) }), 200);
    },
  )
  .openapi(
    protectedRoute("plan.write", {
      method: "post",
      path: "/tasks",
      summary: "创建计划外检查任务（计入年度上限；上级交办可作例外）/ create a task outside a draw",
      tags: ["plan"],
      request: { body: { content: { "application/json": { schema: Plan.TaskInput } }, required: true } },
      responses: { 201: json(TaskResult, "已创建"), 409: { description: "已达年度上限 / at the yearly cap" } },
    }),
    async (c) => c.json(await Plan.createTask(c.req.valid("json")), 201),
  );
