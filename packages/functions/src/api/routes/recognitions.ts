import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Recognition } from "@supervision/core/recognition/index";
import { PageInput, pageOf } from "@supervision/core/util/page";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

/** Comma-separated item codes in a query string. */
export function itemList(s: string | undefined): string[] {
  return (s ?? "")
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
}

const LookupQuery = PageInput.extend({
  creditCode: z.string().meta({ description: "统一社会信用代码 / unified social credit code", example: "91350102MA2Y0X0T31" }),
  itemCodes: z.string().optional().meta({ description: "事项编码，逗号分隔 / item codes, comma-separated", example: "FJ-SP-001,FJ-SP-002" }),
  on: z.string().optional().meta({ description: "检查时点（ISO 时间），默认现在 / the instant to check, now by default" }),
});

export const recognitions = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("recognition.read", {
      method: "get",
      path: "/",
      summary: "全省互认结果（按主体）/ results recognised province-wide for an entity",
      description: "只读省级互认登记簿中的记录，不含出具地的案卷。Reads the province registry only: the shared record, never the issuing tenant's case file.",
      tags: ["recognition"],
      request: { query: LookupQuery },
      responses: { 200: json(pageOf(Recognition.Info).meta({ id: "RecognitionPage" }), "有效的互认结果（分页）") },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await Recognition.lookup({ creditCode: q.creditCode, itemCodes: itemList(q.itemCodes), on: q.on, limit: q.limit, cursor: q.cursor }), 200);
    },
  )
  .openapi(
    protectedRoute("recognition.read", {
      method: "get",
      path: "/issued",
      summary: "本级出具的互认结果，分页 / results this tenant issued for recognition, one page",
      tags: ["recognition"],
      request: { query: PageInput },
      responses: { 200: json(pageOf(Recognition.IssuedInfo).meta({ id: "IssuedRecognitionPage" }), "本级出具") },
    }),
    async (c) => c.json(await Recognition.issued(c.req.valid("query")), 200),
  );
