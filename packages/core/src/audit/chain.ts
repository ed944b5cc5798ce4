import { canonicalJson, sha256 } from "../util/hash";

/** Pure rules of the audit chain, no I/O. */

/** What an event says for the trail: parameters of a message code (the
 * action), rendered in the reader's language; never sentences. */
export type Summary = Record<string, unknown>;

export const GENESIS_HASH = "0".repeat(64);

/** The hash format new events are written in. v1 (before) left the summary
 * out; v2 covers every field an event stores: the summary and the key of the
 * record whose state it hashed. Old events keep verifying under v1; once a
 * chain has a v2 event, a later v1 event is a downgrade and breaks it. */
export const HASH_VERSION = 2;

/** The record an event's state hash was taken of (its key in the table). */
export interface StateKey {
  pk: string;
  sk: string;
}

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
  /** Hash format; absent = 1. */
  v?: number | null;
  summary?: Summary | null;
  stateKey?: StateKey | null;
}

export function eventHash(e: Omit<ChainEvent, "hash">): string {
  const v1 = {
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
  };
  const version = e.v ?? 1;
  if (version === 1) return sha256(canonicalJson(v1));
  return sha256(canonicalJson({ ...v1, v: version, summary: e.summary ?? null, stateKey: e.stateKey ?? null }));
}

export type BreakReason = "hash_mismatch" | "link_mismatch" | "sequence_gap" | "head_mismatch" | "state_mismatch" | "anchor_mismatch";
export const BreakReasons = ["hash_mismatch", "link_mismatch", "sequence_gap", "head_mismatch", "state_mismatch", "anchor_mismatch"] as const;

export type Break = { seq: number; id: string; reason: BreakReason };

/** Where a walk over the chain stands: the next expected sequence number,
 * the hash it must link to, and the highest hash format seen. Small and
 * fixed-size, so a long chain is verified page by page in bounded memory. */
export interface WalkState {
  expectedSeq: number;
  prevHash: string;
  maxVersion: number;
}

export const START: WalkState = { expectedSeq: 1, prevHash: GENESIS_HASH, maxVersion: 1 };

/** Check the next event against the walk so far; returns the new state or the break. */
export function step(state: WalkState, e: ChainEvent): { state: WalkState } | { broken: Break } {
  if (e.seq !== state.expectedSeq) return { broken: { seq: e.seq, id: e.id, reason: "sequence_gap" } };
  if (e.prevHash !== state.prevHash) return { broken: { seq: e.seq, id: e.id, reason: "link_mismatch" } };
  const version = e.v ?? 1;
  // A v1 event after a v2 one: someone rewrote it in the older, weaker format.
  if (version < state.maxVersion || version > HASH_VERSION) return { broken: { seq: e.seq, id: e.id, reason: "hash_mismatch" } };
  if (eventHash(e) !== e.hash) return { broken: { seq: e.seq, id: e.id, reason: "hash_mismatch" } };
  return { state: { expectedSeq: e.seq + 1, prevHash: e.hash, maxVersion: version } };
}

/** Walk events in ascending seq; name the first broken link. */
export function verifyChain(events: ChainEvent[], head?: { seq: number; hash: string }): { ok: boolean; count: number; firstBroken?: Break } {
  let state = START;
  for (const e of events) {
    const r = step(state, e);
    if ("broken" in r) return { ok: false, count: events.length, firstBroken: r.broken };
    state = r.state;
  }
  const end = endCheck(state, head);
  if (end) return { ok: false, count: events.length, firstBroken: end };
  return { ok: true, count: events.length };
}

/** At the end of the walk, the head must name the last event. */
export function endCheck(state: WalkState, head?: { seq: number; hash: string }): Break | undefined {
  if (head && (head.seq !== state.expectedSeq - 1 || head.hash !== state.prevHash)) return { seq: head.seq, id: "head", reason: "head_mismatch" };
  return undefined;
}
