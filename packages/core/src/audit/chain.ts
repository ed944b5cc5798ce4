import { canonicalJson, sha256 } from "../util/hash";

/** Pure rules of the audit chain, no I/O. */

/** What an event says for the trail: parameters of a message code (the
 * action), rendered in the reader's language; never sentences. */
export type Summary = Record<string, unknown>;

export const GENESIS_HASH = "0".repeat(64);

export interface ChainEvent {
  tenantId: string;
  seq: number;
  id: string;
  action: string;
  targetType: string;
  targetId: string;
  actor: unknown;
  at: string;
  stateHash: string;
  prevHash: string;
  hash: string;
}

export function eventHash(e: Omit<ChainEvent, "hash">): string {
  return sha256(
    canonicalJson({
      tenantId: e.tenantId,
      seq: e.seq,
      id: e.id,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      actor: e.actor,
      at: e.at,
      stateHash: e.stateHash,
      prevHash: e.prevHash,
    }),
  );
}

export type Break = {
  seq: number;
  id: string;
  reason: "hash_mismatch" | "link_mismatch" | "sequence_gap" | "head_mismatch";
};

/** Walk events in ascending seq; name the first broken link. */
export function verifyChain(events: ChainEvent[], head?: { seq: number; hash: string }): { ok: boolean; count: number; firstBroken?: Break } {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const e of events) {
    if (e.seq !== expectedSeq) return { ok: false, count: events.length, firstBroken: { seq: e.seq, id: e.id, reason: "sequence_gap" } };
    if (e.prevHash !== prev) return { ok: false, count: events.length, firstBroken: { seq: e.seq, id: e.id, reason: "link_mismatch" } };
    if (eventHash(e) !== e.hash) return { ok: false, count: events.length, firstBroken: { seq: e.seq, id: e.id, reason: "hash_mismatch" } };
    prev = e.hash;
    expectedSeq++;
  }
  const last = events[events.length - 1];
  if (head && (head.seq !== (last?.seq ?? 0) || head.hash !== (last?.hash ?? GENESIS_HASH))) {
    return { ok: false, count: events.length, firstBroken: { seq: head.seq, id: "head", reason: "head_mismatch" } };
  }
  return { ok: true, count: events.length };
}
