import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Assignment } from "@supervision/core/assignment/index";
import { pageOf } from "@supervision/core/util/page";
import { Department } from "@supervision/core/department/index";
import { ItemCode } from "@supervision/core/catalogue/item";
import { ErrorSchema, json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

/** 属地监管责任: who answers for each item in force here. */

const CodeParams = z.object({ code: ItemCode.meta({ example: "FJ-SP-001" }) });

const AssignBody = Assignment.AssignFields.omit({ code: true }).meta({
  id: "AssignmentAssignBody",
  example: {
    leadDepartmentId: Department.standardId("350102", "market"),
    cooperatingDepartmentIds: [Department.standardId("350102", "health")],
    office: "食品经营监管科",
    person: "陈静",
  },
});
const AnswerBody = Assignment.AnswerInput.omit({ code: true }).meta({ id: "AssignmentAnswerBody", example: { office: "卫生监督所", person: "李明" } });

const Named = z.object({ code: z.string(), name: z.string() });
const CoverageInfo = z
  .object({
    version: z.number().int(),
    items: z.number().int(),
    assigned: z.number().int(),
    unassigned: z.array(Named),
    needsReview: z.array(Named),
    departmentsWithoutItems: z.array(z.string()),
    complete: z.boolean(),
  })
  .meta({ id: "AssignmentCoverage" });
const OutstandingInfo = z
  .object({
    departmentId: z.string().optional(),
    toAnswer: z.array(z.object({ code: z.string(), itemName: z.string(), leadDepartmentId: z.string(), departmentId: z.string() })),
    waitingOn: z.array(z.object({ code: z.string(), itemName: z.string(), leadDepartmentId: z.string(), pending: z.array(z.string()) })),
  })
  .meta({ id: "AssignmentOutstanding" });

const BulkResult = z
  .object({
    count: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    merkleRoot: z.string(),
    auditId: z.string().optional(),
    items: z.array(Assignment.Info),
  })
  .meta({ id: "AssignmentBulkResult" });

export const assignments = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("assignment.read", {
      method: "get",
      path: "/",
      summary: "属地责任清单，按事项编码分页，可按状态、牵头部门筛选 / local responsibilities, one page by item code; filter by status or lead department",
      tags: ["assignment"],
      request: { query: Assignment.ListInput },
      responses: { 200: json(pageOf(Assignment.Info).meta({ id: "AssignmentPage" }), "属地责任") },
    }),
    async (c) => c.json(await Assignment.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("assignment.read", {
      method: "get",
      path: "/coverage",
      summary: "落实情况：未落实事项、待复核事项、无事项部门 / coverage report",
      tags: ["assignment"],
      responses: { 200: json(CoverageInfo, "落实情况") },
    }),
    async (c) => c.json(await Assignment.coverage(), 200),
  )
  .openapi(
    protectedRoute("assignment.read", {
      method: "get",
      path: "/outstanding",
      summary: "待答复与待对方答复的事项 / calls to answer and calls waiting on others",
      tags: ["assignment"],
      responses: { 200: json(OutstandingInfo, "待办") },
    }),
    async (c) => c.json(await Assignment.outstanding(), 200),
  )
  .openapi(
    protectedRoute("assignment.write", {
      method: "post",
      path: "/bulk",
      summary: "批量落实属地责任（最多 90 项，一个事务、一条审计事件，Merkle 根覆盖每一行） / assign many items at once (one transaction, one audit event over every row)",
      description:
        "每行同单项落实；任一行有误返回 400，details 按 rows.N.字段 列出每处错误，不保存任何内容。/ Any invalid row → 400 with every error as rows.N.field; nothing is stored.",
      tags: ["assignment"],
      request: {
        body: {
          content: {
            "application/json": {
              schema: Assignment.BulkInput.meta({
                id: "AssignmentBulkBody",
                example: {
                  rows: [
                    { code: "FJ-SP-001", leadDepartmentId: Department.standardId("350102", "market"), cooperatingDepartmentIds: [Department.standardId("350102", "health")], office: "食品经营监管科", person: "陈静" },
                  ],
                  via: "bulk",
                },
              }),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(BulkResult, "已落实"), 409: json(ErrorSchema, "版本已过期 / stale version") },
    }),
    async (c) => c.json(await Assignment.assignMany(c.req.valid("json")), 200),
  )
  .openapi(
    protectedRoute("assignment.write", {
      method: "post",
      path: "/import",
      summary: "导入属地责任表（第一行为中文列名；dryRun 只校验） / import the assignment sheet (first row = Chinese headers; dryRun validates only)",
      description:
        "列：事项编码、事项名称（仅阅读）、牵头部门、配合部门（“、”分隔）、责任处室、责任人、版本（导出时的版本）。任何一行有误即返回 400 和逐行错误，不保存任何内容。/ Any invalid row → 400 with every row's errors; nothing stored.",
      tags: ["assignment"],
      request: {
        body: {
          content: {
            "application/json": {
              schema: Assignment.ImportInput.meta({
                id: "AssignmentImportBody",
                example: { rows: [[...Assignment.SheetColumns], ["FJ-SP-001", "食品经营许可", "市场监督管理局", "卫生健康委员会", "食品经营监管科", "陈静", ""]], dryRun: true },
              }),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(Assignment.ImportResult, "校验通过或已保存 / valid or saved"), 400: json(ErrorSchema, "逐行错误 / errors per row") },
    }),
    async (c) => c.json(await Assignment.importSheet(c.req.valid("json")), 200),
  )
  .openapi(
    protectedRoute("assignment.read", {
      method: "get",
      path: "/{code}",
      summary: "事项的属地责任 / the assignment of one item",
      tags: ["assignment"],
      request: { params: CodeParams },
      responses: { 200: json(Assignment.Info, "属地责任") },
    }),
    async (c) => c.json(await Assignment.get(c.req.valid("param").code), 200),
  )
  .openapi(
    protectedRoute("assignment.write", {
      method: "put",
      path: "/{code}",
      summary: "落实属地责任（修改须带 version） / assign local responsibility",
      tags: ["assignment"],
      request: { params: CodeParams, body: { content: { "application/json": { schema: AssignBody } }, required: true } },
      responses: { 200: json(Assignment.Info, "已落实"), 409: json(ErrorSchema, "版本已过期 / stale version") },
    }),
    async (c) => c.json(await Assignment.assign({ ...c.req.valid("json"), code: c.req.valid("param").code }), 200),
  )
  .openapi(
    protectedRoute("assignment.answer", {
      method: "post",
      path: "/{code}/answer",
      summary: "配合部门答复：明确责任处室和责任人 / a cooperating department names its office",
      tags: ["assignment"],
      request: { params: CodeParams, body: { content: { "application/json": { schema: AnswerBody } }, required: true } },
      responses: { 200: json(Assignment.Info, "已答复") },
    }),
    async (c) => c.json(await Assignment.answer({ ...c.req.valid("json"), code: c.req.valid("param").code }), 200),
  );
