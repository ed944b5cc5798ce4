import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Audit } from "@supervision/core/audit/index";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Page = z.object({ items: z.array(Audit.Info), cursor: z.string().nullable() }).meta({ id: "AuditPage" });
const Verification = z
  .object({
    tenantId: z.string(),
    ok: z.boolean(),
    count: z.number().int(),
    head: z.object({ seq: z.number(), hash: z.string() }).nullable(),
    firstBroken: z
      .object({ seq: z.number(), id: z.string(), reason: z.enum(["hash_mismatch", "link_mismatch", "sequence_gap", "head_mismatch"]) })
      .optional(),
  })
  .meta({ id: "AuditVerification" });

export const audit = new OpenAPIHono<AppEnv>()
  .openapi(
    protectedRoute("audit.read", {
      method: "get",
      path: "/",
      summary: "审计留痕 / the audit trail of my tenant, newest first",
      tags: ["audit"],
      request: { query: Audit.ListInput },
      responses: { 200: json(Page, "审计事件") },
    }),
    async (c) => c.json(await Audit.list(c.req.valid("query")), 200),
  )
  .openapi(
    protectedRoute("audit.read", {
      method: "get",
      path: "/verify",
      summary: "校验哈希链 / verify the hash chain",
      tags: ["audit"],
      responses: { 200: json(Verification, "校验结果") },
    }),
    async (c) => c.json(await Audit.verify(), 200),
  );
