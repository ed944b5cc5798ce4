export * as Anchor from "./index";

import * as z from "zod";
import { Audit } from "../audit/index";
import { Clock } from "../clock";
import { useTenant } from "../context";
import { Message } from "../message/index";
import { commit } from "../outbox/commit";
import { Tenant } from "../tenant/index";

/** Anchoring audit chains (DESIGN §6, "traceable afterwards"): once a day
 * every tenant sends its chain head to its superior (a county to its city, a
 * city to the province; the province to itself), which keeps it. Whoever
 * rewrites a tenant's history, even rehashing every event after the change,
 * cannot change what the superior holds: verify compares the chain with those
 * heads and names the first that no longer matches. */

/** Who keeps a tenant's anchors: its superior; the province keeps its own. */
export function holderOf(tenantId: string): string {
  return Tenant.get(tenantId)?.parentId ?? tenantId;
}

const AnchoredPayload = z.object({ seq: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/), anchoredAt: z.iso.datetime() });

/** A tenant's chain head, kept by its superior (on the superior's own chain too,
 * so rewriting a county also means rewriting its city, anchored in turn at the province). */
export const Anchored = Message.define<z.infer<typeof AnchoredPayload>>({
  type: "audit.anchored",
  queue: "assistance",
  version: 1,
  versions: { 1: AnchoredPayload },
  async handle(p, envelope) {
    const subject = envelope.fromTenant;
    if (holderOf(subject) !== envelope.toTenant) throw new Message.PoisonMessage(`forged: ${envelope.toTenant} does not keep the anchors of ${subject}`);
    const latest = await Audit.latestAnchorHeld(subject);
    // Out of order or repeated: a head never moves backwards.
    if (latest && latest.seq >= p.seq) return { skip: `an anchor at seq ${latest.seq} is already held` };
    const anchor = { subject, seq: p.seq, hash: p.hash, anchoredAt: p.anchoredAt };
    return {
      action: "audit.anchor.receive",
      target: { type: "auditAnchor", id: `${subject}#${p.seq}` },
      state: anchor,
      summary: { from: subject, seq: p.seq },
      items: () => [Audit.anchorItem(anchor, envelope.id)],
    };
  },
});

/** Send the current tenant's head to its superior, unless nothing happened
 * since the last anchor (its last event is that anchor). */
export async function anchorHead(): Promise<{ anchored: boolean; seq?: number }> {
  const tenantId = useTenant();
  const last = await Audit.lastEvent(tenantId);
  if (!last || last.action === "audit.anchor") return { anchored: false };
  const head = await Audit.head(tenantId);
  if (!head) return { anchored: false };
  const holder = holderOf(tenantId);
  await commit({
    action: "audit.anchor",
    target: { type: "auditChain", id: tenantId },
    state: { seq: head.seq, hash: head.hash, holder },
    summary: { seq: head.seq, to: holder },
    items: () => [],
    messages: [Anchored.create(holder, { seq: head.seq, hash: head.hash, anchoredAt: Clock.iso() })],
  });
  return { anchored: true, seq: head.seq };
}

/** Verify the current tenant's chain, including against the heads its superior keeps. */
export function verify(input: z.input<typeof Audit.VerifyInput> = {}) {
  return Audit.verify(input, holderOf);
}
