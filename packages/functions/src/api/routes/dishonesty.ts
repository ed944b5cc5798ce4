import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Permission } from "@supervision/core/auth/roles";
import { Credit } from "@supervision/core/credit/index";
import { Dishonesty } from "@supervision/core/dishonesty/index";
import { CreditCode } from "@supervision/core/entity/credit-code";
import { current as policy } from "@supervision/core/policy/index";
import { ErrorSchema, json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

/** 严重失信主体名单 (失信联合惩戒) and 信用修复: one listing per business and
 * category, each step a POST carrying the version the user saw; every change
 * of a published listing is sent to 信用中国（福建） (credit-platform queue). */

const Params = z.object({ listingId: Dishonesty.Id });

function stepRoute<P extends string, S extends z.ZodType>(permission: Permission, path: P, summary: string, body: S) {
  return protectedRoute(permission, {
    method: "post",
    path: `/{listingId}/${path}` as const,
    summary,
    tags: ["dishonesty"],
    request: { params: Params, body: { content: { "application/json": { schema: body } }, required: true } },
    responses: {
      200: json(Dishonesty.Info, "名单记录（已更新）/ the listing, updated"),
      409: json(ErrorSchema, "步骤不合顺序、期限未到或版本已过期 / step out of order, a window not ended, or a stale version"),
    },
  });
}

const Text = z.object({ zh: z.string(), en: z.string() });
const CategoriesResponse = z
  .object({
    categories: z.array(
      z.object({ code: z.string(), name: Text, legalBasis: z.string(), measures: z.array(z.string()), window: z.object({ amount: z.number(), unit: z.string() }), repairAfter: z.object({ amount: z.number(), unit: z.string() }), source: z.string() }),
    ),
    measures: z.array(z.object({ code: z.string(), name: Text, basis: z.string() })),
    noticeWindow: z.object({ amount: z.number(), unit: z.string(), source: z.string() }),
  })
  .meta({ id: "DishonestCategories" });

const RecordsQuery = z.object({ creditCode: CreditCode.meta({ example: "91350102MA2Y7K8L9Q" }) });
const RecordsResponse = z
  .object({ items: z.array(z.object({ id: z.string().optional(), kind: z.string(), outcome: z.string(), at: z.string(), ref: z.string().optional() })) })
  .meta({ id: "DishonestBasisRecords" });

export const dishonesty = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("dishonesty.read", {
      method: "get",
      path: "/",
      summary: "严重失信主体名单（本级，分页）/ this region's severe-dishonesty listings, one page",
      tags: ["dishonesty"],
      request: { query: Dishonesty.ListInput },
      responses: { 200: json(Dishonesty.ListPage, "名单记录（分页，新到旧）") },
    }),
    async (c) => c.json(await Dishonesty.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("dishonesty.read", {
      method: "get",
      path: "/categories",
      summary: "法定名单类别与联合惩戒措施 / the statutory categories and joint measures",
      tags: ["dishonesty"],
      responses: { 200: json(CategoriesResponse, "类别与措施（含法律依据）") },
    }),
    (c) => {
      const notice = policy().dishonesty.noticeWindow;
      return c.json(
        {
          categories: Dishonesty.CategoryCodes.map((code) => {
            const k = Dishonesty.Categories[code];
            return { code, name: { zh: k.zh, en: k.en }, legalBasis: k.legalBasis, measures: [...k.measures], window: k.window, repairAfter: k.repairAfter, source: k.source };
          }),
          measures: Dishonesty.MeasureCodes.map((code) => ({ code, name: { zh: Dishonesty.Measures[code].zh, en: Dishonesty.Measures[code].en }, basis: Dishonesty.Measures[code].basis })),
          noticeWindow: { ...notice.duration, source: notice.source },
        },
        200,
      );
    },
  )
  .openapi(
    protectedRoute("dishonesty.read", {
      method: "get",
      path: "/records",
      summary: "主体的信用记录（可作为列入依据）/ a business's credit records (the possible basis)",
      tags: ["dishonesty"],
      request: { query: RecordsQuery },
      responses: { 200: json(RecordsResponse, "信用记录（新到旧，最多 200 条）") },
    }),
    async (c) => c.json({ items: await Credit.records(c.req.valid("query").creditCode) }, 200),
  )
  .openapi(
    protectedRoute("dishonesty.propose", {
      method: "post",
      path: "/",
      summary: "拟列入严重失信主体名单 / propose a listing",
      tags: ["dishonesty"],
      request: { body: { content: { "application/json": { schema: Dishonesty.ProposeInput } }, required: true } },
      responses: { 201: json(Dishonesty.Info, "已拟列入") },
    }),
    async (c) => c.json(await Dishonesty.propose(c.req.valid("json")), 201),
  )
  .openapi(
    protectedRoute("dishonesty.read", {
      method: "get",
      path: "/{listingId}",
      summary: "名单记录详情：各步骤、报送回执与停滞消息 / one listing with its steps, receipts and stalled messages",
      tags: ["dishonesty"],
      request: { params: Params },
      responses: { 200: json(Dishonesty.Detail, "名单记录") },
    }),
    async (c) => c.json(await Dishonesty.fromID(c.req.valid("param").listingId), 200),
  )
  .openapi(stepRoute("dishonesty.propose", "notify", "告知当事人（陈述申辩期开始）/ notify the business", Dishonesty.NotifyInput), async (c) =>
    c.json(await Dishonesty.notify(c.req.valid("param").listingId, c.req.valid("json")), 200),
  )
  .openapi(stepRoute("dishonesty.propose", "statement", "记录陈述申辩 / record the business's statement", Dishonesty.StatementInput), async (c) =>
    c.json(await Dishonesty.statement(c.req.valid("param").listingId, c.req.valid("json")), 200),
  )
  .openapi(stepRoute("dishonesty.decide", "list", "列入名单（告知期满后）/ list, once the notice window has ended", Dishonesty.EnterInput), async (c) =>
    c.json(await Dishonesty.enter(c.req.valid("param").listingId, c.req.valid("json")), 200),
  )
  .openapi(stepRoute("dishonesty.decide", "measures", "调整联合惩戒措施 / change the joint measures", Dishonesty.MeasuresInput), async (c) =>
    c.json(await Dishonesty.changeMeasures(c.req.valid("param").listingId, c.req.valid("json")), 200),
  )
  .openapi(stepRoute("dishonesty.propose", "repair", "申请信用修复（附证明材料）/ apply for credit repair with evidence", Dishonesty.RepairApplyInput), async (c) =>
    c.json(await Dishonesty.applyRepair(c.req.valid("param").listingId, c.req.valid("json")), 200),
  )
  .openapi(stepRoute("dishonesty.decide", "repair-decision", "信用修复审核决定 / decide the repair application", Dishonesty.RepairDecideInput), async (c) =>
    c.json(await Dishonesty.decideRepair(c.req.valid("param").listingId, c.req.valid("json")), 200),
  )
  .openapi(stepRoute("dishonesty.decide", "withdraw", "撤回拟列入 / withdraw the proposal", Dishonesty.WithdrawInput), async (c) =>
    c.json(await Dishonesty.withdraw(c.req.valid("param").listingId, c.req.valid("json")), 200),
  );
