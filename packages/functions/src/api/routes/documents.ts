import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Permission } from "@supervision/core/auth/roles";
import { Document } from "@supervision/core/document/index";
import { json, protectedRoute } from "../common";
import type { AppEnv } from "../env";

/** 文书: one route per kind, each under the permission that reads its record. */
const route = (path: string, permission: Permission, summary: string) =>
  protectedRoute(permission, {
    method: "get",
    path,
    summary,
    tags: ["documents"],
    request: { params: z.object({ id: z.string().min(3).max(40) }) },
    responses: { 200: json(Document.Info, "文书内容（门户排版打印） / the document's content, laid out and printed by the portal") },
  });

export const documents = new OpenAPIHono<AppEnv>()
  .openapi(route("/assistance-letter/{id}", "assistance.read", "协助函 / assistance letter"), async (c) => c.json(await Document.assistanceLetter(c.req.valid("param").id), 200))
  .openapi(route("/supervision-letter/{id}", "assistance.coordinate", "督办函 / supervision letter on an escalation"), async (c) =>
    c.json(await Document.supervisionLetter(c.req.valid("param").id), 200),
  )
  .openapi(route("/dispute-ruling/{id}", "dispute.read", "争议裁定书 / ruling on a lead-department dispute"), async (c) => c.json(await Document.disputeRuling(c.req.valid("param").id), 200))
  .openapi(route("/case-transfer/{id}", "referral.read", "案件移送书 / case transfer to the police"), async (c) => c.json(await Document.caseTransfer(c.req.valid("param").id), 200))
  .openapi(route("/inspection-notice/{id}", "recognition.read", "检查通知书 / inspection notice to the business"), async (c) =>
    c.json(await Document.inspectionNotice(c.req.valid("param").id), 200),
  );
