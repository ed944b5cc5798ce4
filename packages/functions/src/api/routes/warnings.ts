import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Risk } from "@supervision/core/risk/index";
import { Warning } from "@supervision/core/warning/index";
import { pageOf } from "@supervision/core/util/page";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Params = z.object({ warningId: Warning.Id });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } }, required: true } });
const conflict = { 409: { description: "版本已变或已处置 / stale version or already decided" } };

const Fired = z
  .object({ ruleId: z.string(), ruleName: z.object({ zh: z.string(), en: z.string() }), facts: z.array(z.string()), level: z.enum(Warning.Levels), kind: z.enum(Warning.Kinds) })
  .meta({ id: "WarningFired" });

const CheckQuery = z.object({
  creditCode: z.string().meta({ description: "统一社会信用代码 / credit code", example: "91350102MA2Y0X0T31" }),
  bodyIds: z.string().meta({ description: "执法主体编号，逗号分隔 / enforcement body IDs, comma-separated", example: "enb_01HZX3Q6Y1B2C3D4E5F6G7H8J9" }),
  on: z.string().meta({ description: "计划检查日期 YYYY-MM-DD / planned date", example: "2026-12-15" }),
  itemCodes: z.string().optional().meta({ description: "事项编码，逗号分隔 / item codes", example: "FJ-SP-001" }),
});
const list = (s: string | undefined) => (s ?? "").split(",").map((x) => x.trim()).filter(Boolean);

/** 预警: the department's inbox with its clocks, acknowledge and decide, overdue, the rules (province / tenant), 重复高频检查. */
export const warnings = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("warning.read", {
      method: "get",
      path: "/",
      summary: "预警，分页（工作人员只见本部门的） / warnings, one page (an officer: their department's)",
      tags: ["warning"],
      request: { query: Warning.ListInput },
      responses: { 200: json(pageOf(Warning.Info).meta({ id: "WarningPage" }), "预警") },
    }),
    async (c) => c.json(await Warning.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("warning.read", {
      method: "get",
      path: "/overdue",
      summary: "逾期未签收或未处置的预警 / overdue warnings (acknowledge or decide)",
      tags: ["warning"],
      responses: { 200: json(z.object({ count: z.number().int(), items: z.array(Warning.OverdueItem) }).meta({ id: "WarningOverdueList" }), "逾期") },
    }),
    async (c) => c.json(await Warning.overdue(), 200),
  )
  .openapi(
    protectedRoute("warning.read", {
      method: "get",
      path: "/check-inspection",
      summary: "安排检查前的重复检查、高频检查预警 / duplicate and too-frequent inspection warnings before a task",
      tags: ["warning"],
      request: { query: CheckQuery },
      responses: { 200: json(z.object({ fired: z.array(Fired) }).meta({ id: "WarningInspectionCheck" }), "触发的规则") },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const itemCodes = list(q.itemCodes);
      return c.json({ fired: await Warning.checkInspection({ creditCode: q.creditCode, bodyIds: list(q.bodyIds), on: q.on, ...(itemCodes.length ? { itemCodes } : {}) }) }, 200);
    },
  )
  .openapi(
    protectedRoute("warning.read", {
      method: "get",
      path: "/rules",
      summary: "预警规则：省级、本级收紧与现行 / warning rules: the province's, this tenant's, in force",
      tags: ["warning"],
      responses: { 200: json(Warning.RulesView, "预警规则") },
    }),
    async (c) => c.json(await Warning.rules(), 200),
  )
  .openapi(
    protectedRoute("warning.read", {
      method: "get",
      path: "/rules/versions",
      summary: "预警规则的历史版本 / versions of the warning rules",
      tags: ["warning"],
      request: { query: Warning.VersionsInput },
      responses: { 200: json(pageOf(Warning.VersionInfo).meta({ id: "WarningRulesVersionPage" }), "版本") },
    }),
    async (c) => c.json(await Warning.versions(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("warning.rules", {
      method: "put",
      path: "/rules/province",
      summary: "省级修改预警规则（带版本） / the province sets the warning rules (versioned)",
      tags: ["warning"],
      request: body(Warning.UpdateRulesInput),
      responses: { 200: json(Warning.RulesView, "已修改"), ...conflict },
    }),
    async (c) => c.json(await Warning.updateProvince(c.req.valid("json")), 200),
  )
  .openapi(
    protectedRoute("warning.rules", {
      method: "put",
      path: "/rules/tenant",
      summary: "本级收紧预警规则（只能更严） / this tenant tightens the warning rules (stricter only)",
      tags: ["warning"],
      request: body(Warning.UpdateRulesInput),
      responses: { 200: json(Warning.RulesView, "已修改"), ...conflict },
    }),
    async (c) => c.json(await Warning.tighten(c.req.valid("json")), 200),
  )
  .openapi(
    protectedRoute("warning.read", {
      method: "get",
      path: "/{warningId}",
      summary: "一条预警 / one warning",
      tags: ["warning"],
      request: { params: Params },
      responses: { 200: json(Warning.Info, "预警") },
    }),
    async (c) => c.json(await Warning.fromID(c.req.valid("param").warningId), 200),
  )
  .openapi(
    protectedRoute("warning.handle", {
      method: "post",
      path: "/{warningId}/acknowledge",
      summary: "签收预警（1 个工作日内） / acknowledge (within 1 working day)",
      tags: ["warning"],
      request: { params: Params, ...body(Warning.AcknowledgeBody) },
      responses: { 200: json(Warning.Info, "已签收"), ...conflict },
    }),
    async (c) => c.json(await Warning.acknowledge({ id: c.req.valid("param").warningId, ...c.req.valid("json") }), 200),
  )
  .openapi(
    protectedRoute("warning.handle", {
      method: "post",
      path: "/{warningId}/decide",
      summary: "核实并决定检查或不予处置（说明理由，5 个工作日内） / decide: inspect or no action, with reasons (within 5 working days)",
      tags: ["warning"],
      request: { params: Params, ...body(Warning.DecideBody) },
      responses: { 200: json(Warning.Info, "已处置"), ...conflict },
    }),
    async (c) => {
      const decided = await Warning.decide({ id: c.req.valid("param").warningId, ...c.req.valid("json") });
      // A decided warning no longer counts in the business's risk score: its row in the ranking moves now
      // (core's risk/ reads warning/, so warning/ cannot call it; the nightly re-score catches a failure here).
      await Risk.refreshMany([decided.creditCode]).catch(() => undefined);
      return c.json(decided, 200);
    },
  );
