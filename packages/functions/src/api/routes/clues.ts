import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Clue } from "@supervision/core/clue/index";
import { Inspection } from "@supervision/core/inspection/index";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Params = z.object({ clueId: Clue.Id });
const TaskParams = z.object({ taskId: Clue.TaskId });
const PrecheckQuery = z.object({ plannedDate: z.string().optional().meta({ description: "计划检查日期 YYYY-MM-DD / planned date", example: "2026-12-15" }) });

export const clues = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("clue.intake", {
      method: "post",
      path: "/intake",
      summary: "来源系统报送线索（机器凭据，每批至多 100 条）/ a source system's batch of clues (machine credentials only)",
      description:
        "Contract v1: `{contractVersion:\"1\", clues:[ClueIntakeV1…]}`. Each clue is checked on its own: the good ones land (`accepted`), a resent `externalId` is reported in `duplicates`, the bad ones are listed in `rejected` with each field (`clues.<n>.<field>`) and rule. None good → 400 naming every field. The tenant is the token's; a user token → 403.",
      tags: ["clue"],
      request: { body: { content: { "application/json": { schema: Clue.IntakeBatch } }, required: true } },
      responses: { 200: json(Clue.IntakeResult, "已接收 / accepted, duplicates and rejected clues") },
    }),
    async (c) => c.json(await Clue.intake(c.req.valid("json")), 200),
  )
  .openapi(
    protectedRoute("clue.intake", {
      method: "get",
      path: "/intake/schema",
      summary: "线索接入契约（JSON Schema）/ the intake contract as JSON Schema",
      tags: ["clue"],
      responses: { 200: json(z.object({ contractVersion: z.string(), maxBatch: z.number(), clue: z.record(z.string(), z.unknown()) }), "契约 / contract") },
    }),
    async (c) => c.json({ contractVersion: Clue.CONTRACT_VERSION, maxBatch: Clue.MAX_BATCH, clue: z.toJSONSchema(Clue.IntakeClueV1, { io: "input" }) as Record<string, unknown> }, 200),
  )
  .openapi(
    protectedRoute("clue.read", {
      method: "get",
      path: "/",
      summary: "线索，分页（status=unmatched 待匹配）/ clues, one page (an officer: their department's)",
      tags: ["clue"],
      request: { query: Clue.ListInput },
      responses: { 200: json(Clue.ListPage, "线索") },
    }),
    async (c) => c.json(await Clue.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("clue.write", {
      method: "post",
      path: "/",
      summary: "登记线索（门户）/ file a clue from the portal",
      tags: ["clue"],
      request: { body: { content: { "application/json": { schema: Clue.FileInput } }, required: true } },
      responses: { 201: json(Clue.Info, "已登记") },
    }),
    async (c) => c.json(await Clue.file(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("clue.read", {
      method: "get",
      path: "/tasks",
      summary: "由线索形成的联合检查任务，分页 / joint tasks formed from clues, one page",
      tags: ["clue"],
      request: { query: Clue.TaskListInput },
      responses: { 200: json(Clue.TaskPage, "任务") },
    }),
    async (c) => c.json(await Clue.tasks(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("clue.read", {
      method: "get",
      path: "/tasks/{taskId}",
      summary: "联合检查任务 / one joint task",
      tags: ["clue"],
      request: { params: TaskParams },
      responses: { 200: json(Clue.TaskInfo, "任务") },
    }),
    async (c) => c.json(await Clue.taskFromID(c.req.valid("param").taskId), 200),
  )
  .openapi(
    protectedRoute("clue.read", {
      method: "get",
      path: "/tasks/{taskId}/precheck",
      summary: "安排检查前核查：近期任务、互认结果、年度上限、重复/高频检查预警 / the check before a task becomes an inspection",
      tags: ["clue"],
      request: { params: TaskParams, query: PrecheckQuery },
      responses: { 200: json(Clue.Precheck, "核查结果") },
    }),
    async (c) => c.json(await Clue.precheck({ id: c.req.valid("param").taskId, plannedDate: c.req.valid("query").plannedDate }), 200),
  )
  .openapi(
    protectedRoute("inspection.schedule", {
      method: "post",
      path: "/tasks/{taskId}/proceed",
      summary: "任务转为检查（核查有发现时须填写理由）/ schedule the task as one inspection (a reason when the check found anything)",
      tags: ["clue"],
      request: { params: TaskParams, body: { content: { "application/json": { schema: Clue.ProceedBody } }, required: true } },
      responses: {
        200: json(z.object({ task: Clue.TaskInfo, inspection: Inspection.Info }).meta({ id: "ClueTaskScheduled" }), "已安排"),
        409: { description: "核查有发现而未填写理由 / the check found something and no reason was given" },
      },
    }),
    async (c) => c.json(await Clue.proceed({ ...c.req.valid("json"), id: c.req.valid("param").taskId }), 200),
  )
  .openapi(
    protectedRoute("clue.read", {
      method: "get",
      path: "/{clueId}",
      summary: "线索详情（含匹配候选及置信度）/ one clue with its match candidates and confidence",
      tags: ["clue"],
      request: { params: Params },
      responses: { 200: json(Clue.Info, "线索") },
    }),
    async (c) => c.json(await Clue.fromID(c.req.valid("param").clueId), 200),
  )
  .openapi(
    protectedRoute("clue.write", {
      method: "post",
      path: "/{clueId}/match",
      summary: "确认或更正线索所指主体 / confirm or correct the business a clue is about",
      tags: ["clue"],
      request: { params: Params, body: { content: { "application/json": { schema: Clue.MatchBody } }, required: true } },
      responses: { 200: json(Clue.Info, "已匹配") },
    }),
    async (c) => c.json(await Clue.confirmMatch({ ...c.req.valid("json"), id: c.req.valid("param").clueId }), 200),
  );
