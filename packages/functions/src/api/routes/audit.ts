import { OpenAPIHono, z } from "@hono/zod-openapi";
import { Audit } from "@supervision/core/audit/index";
import { Anchor } from "@supervision/core/anchor/index";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

const Page = z.object({ items: z.array(Audit.Info), cursor: z.string().nullable() }).meta({ id: "AuditPage" });
const Verification = z
  .object({
    tenantId: z.string(),
    ok: z.boolean(),
    count: z.number().int(),
    from: z.number().int(),
    to: z.number().int(),
    head: z.object({ seq: z.number(), hash: z.string() }).nullable(),
    complete: z.boolean(),
    cursor: z.string().nullable(),
    progress: z.object({ checked: z.number().int(), total: z.number().int() }),
    states: z.object({ checked: z.number().int(), skipped: z.number().int() }),
    anchors: z.object({ checked: z.number().int() }),
    firstBroken: z.object({ seq: z.number(), id: z.string(), reason: z.enum(Audit.BreakReasons) }).optional(),
  })
  .meta({ id: "AuditVerification" });

/** One call checks at most this many events (a Lambda's time is bounded); the rest by `cursor`. */
const VERIFY_PAGE = 2000;

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
      summary: "校验哈希链（分段，带进度）/ verify the hash chain, a range at a time with progress",
      description:
        "每次最多校验 limit（默认 2000）条事件；未到链头时返回 cursor，带上它继续。校验事件哈希与链接、状态哈希与现存记录、上级保存的锚点。 / Checks up to `limit` events per call (default 2000); pass the returned `cursor` to continue. Checks event hashes and links, state hashes against records that still exist, and the anchors the superior holds.",
      tags: ["audit"],
      request: { query: Audit.VerifyInput },
      responses: { 200: json(Verification, "校验结果") },
    }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json(await Anchor.verify({ ...q, limit: q.limit ?? VERIFY_PAGE }), 200);
    },
  );
