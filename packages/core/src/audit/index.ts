export * as Audit from "./index";

import * as z from "zod";
import { useLocale, useTenant } from "../context";
import type { Locale } from "../i18n/index";
import { AuditEventEntity, AuditHeadEntity, type AuditEventItem } from "./audit.entity";
import { verifyChain } from "./chain";
import { describe } from "./describe";

export { verifyChain, eventHash, GENESIS_HASH } from "./chain";
export { describe } from "./describe";

export const Info = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    tenantId: z.string(),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string() }),
    actor: z.object({ type: z.string(), id: z.string(), name: z.string(), tenantId: z.string().optional(), role: z.string().optional() }),
    at: z.string(),
    stateHash: z.string(),
    prevHash: z.string(),
    hash: z.string(),
    summary: z.record(z.string(), z.unknown()).optional(),
    /** What happened, in the reader's language: the action's text filled with the summary. */
    text: z.string(),
  })
  .meta({ id: "AuditEvent" });
export type Info = z.infer<typeof Info>;

function toInfo(e: AuditEventItem, locale: Locale): Info {
  return {
    id: e.id,
    seq: e.seq,
    tenantId: e.tenantId,
    action: e.action,
    target: { type: e.targetType, id: e.targetId },
    actor: e.actor,
    at: e.at,
    stateHash: e.stateHash,
    prevHash: e.prevHash,
    hash: e.hash,
    summary: e.summary ?? undefined,
    text: describe(e, locale),
  };
}

export const ListInput = z.object({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The current tenant's trail, newest first. */
export async function list(input: z.input<typeof ListInput> = {}) {
  const { cursor, limit } = ListInput.parse(input);
  const res = await AuditEventEntity.query
    .chain({ tenantId: useTenant() })
    .go({ order: "desc", limit, cursor: cursor ?? null });
  const locale = useLocale();
  return { items: res.data.map((e) => toInfo(e, locale)), cursor: res.cursor ?? null };
}

/** Recompute the whole chain of the current tenant; names the first broken link. */
export async function verify() {
  const tenantId = useTenant();
  const events = (await AuditEventEntity.query.chain({ tenantId }).go({ pages: "all", order: "asc" })).data;
  const head = (await AuditHeadEntity.get({ tenantId }).go({ consistent: true })).data;
  return { tenantId, ...verifyChain(events, head ? { seq: head.seq, hash: head.hash } : undefined), head: head ? { seq: head.seq, hash: head.hash } : null };
}
