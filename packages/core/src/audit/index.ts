export * as Audit from "./index";

import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Clock } from "../clock";
import { useConfig } from "../config";
import { useLocale, useTenant } from "../context";
import { useDynamo } from "../dynamo/client";
import { Limits, Tx, type TxItem } from "../dynamo/tx";
import type { Locale } from "../i18n/index";
import { fieldError } from "../util/field-error";
import { hashState } from "../util/hash";
import { page, PageInput } from "../util/page";
import { STAMP } from "./append";
import { AuditAnchorEntity, AuditEventEntity, AuditHeadEntity, type AuditEventItem } from "./audit.entity";
import { endCheck, START, step, type Break, type ChainEvent, type WalkState } from "./chain";
import { describe } from "./describe";

export { verifyChain, eventHash, GENESIS_HASH, HASH_VERSION, BreakReasons } from "./chain";
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
    /** Hash format of the event (1: before the summary was hashed). */
    v: z.number().int(),
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
    v: e.v ?? 1,
    text: describe(e, locale),
  };
}

export const ListInput = PageInput;

/** The current tenant's trail, newest first, a page at a time (a cursor of
 * anything but this trail is a 400 naming `cursor`). */
export async function list(input: z.input<typeof ListInput> = {}) {
  const res = await page(AuditEventEntity.query.chain({ tenantId: useTenant() }), input, "desc");
  const locale = useLocale();
  return { items: res.items.map((e) => toInfo(e, locale)), cursor: res.cursor };
}

/** The current tenant's chain head, or none before the first event. */
export async function head(tenantId = useTenant()): Promise<{ seq: number; hash: string } | null> {
  const h = (await AuditHeadEntity.get({ tenantId }).go({ consistent: true })).data;
  return h ? { seq: h.seq, hash: h.hash } : null;
}

/** The last event of a chain (the anchor job skips a tenant whose last event is its previous anchor). */
export async function lastEvent(tenantId = useTenant()) {
  const res = await AuditEventEntity.query.chain({ tenantId }).go({ order: "desc", limit: 1 });
  return res.data[0] ? { seq: res.data[0].seq, action: res.data[0].action, hash: res.data[0].hash } : undefined;
}

// ---------------------------------------------------------------- anchors

export const AnchorInput = z.object({
  subject: z.string().regex(/^\d{6}$/),
  seq: z.number().int().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  anchoredAt: z.iso.datetime(),
});

/** The write that keeps a subordinate's head in the current tenant (its superior, or the province itself). */
export function anchorItem(input: z.infer<typeof AnchorInput>, messageId: string): TxItem {
  return Tx.put(AuditAnchorEntity.put({ holder: useTenant(), ...input, receivedAt: Clock.iso(), messageId }));
}

/** The latest anchor the current tenant holds of `subject` (to refuse an older one). */
export async function latestAnchorHeld(subject: string) {
  const res = await AuditAnchorEntity.query.anchor({ holder: useTenant(), subject }).go({ order: "desc", limit: 1 });
  return res.data[0];
}

// ---------------------------------------------------------------- verify

export const VerifyInput = z.object({
  /** Where the previous call stopped (its `cursor`); from the first event when absent. */
  cursor: z.string().max(500).optional(),
  /** At most this many events in this call; the rest by `cursor`. */
  limit: z.coerce.number().int().min(1).max(5000).optional(),
});

interface VerifyCursor {
  seq: number;
  hash: string;
  v: number;
}

function encodeCursor(s: WalkState): string {
  return Buffer.from(JSON.stringify({ seq: s.expectedSeq, hash: s.prevHash, v: s.maxVersion } satisfies VerifyCursor)).toString("base64url");
}

function decodeVerifyCursor(cursor: string): WalkState {
  try {
    const c = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<VerifyCursor>;
    if (Number.isInteger(c.seq) && c.seq! >= 1 && typeof c.hash === "string" && /^[0-9a-f]{64}$/.test(c.hash) && (c.v === 1 || c.v === 2)) {
      return { expectedSeq: c.seq!, prevHash: c.hash, maxVersion: c.v };
    }
  } catch {
    /* below */
  }
  throw fieldError("audit.cursor_invalid", "cursor");
}

/** Who holds a tenant's anchors: its superior; the province holds its own. */
export type AnchorHolder = (tenantId: string) => string;

export interface Verification {
  tenantId: string;
  ok: boolean;
  /** Events checked by this call. */
  count: number;
  /** The first and last sequence numbers checked by this call. */
  from: number;
  to: number;
  head: { seq: number; hash: string } | null;
  /** The walk reached the head (else continue with `cursor`). */
  complete: boolean;
  cursor: string | null;
  progress: { checked: number; total: number };
  /** Records re-hashed against their event's state hash, and events whose record is gone or was written again by a later event. */
  states: { checked: number; skipped: number };
  /** Anchors the superior holds that were compared with the chain. */
  anchors: { checked: number };
  firstBroken?: Break;
}

const PAGE = 100;

/** Recompute the current tenant's chain, a page of events at a time (memory
 * bounded whatever the chain's length): each event's hash and link; each
 * state hash against the record it names, where that record still exists
 * and no later event wrote it; and the heads the superior holds (anchors)
 * against the events they name, so a history rewritten and rehashed from
 * some point on still no longer matches. Stops at the first break. */
export async function verify(input: z.input<typeof VerifyInput> = {}, holderOf?: AnchorHolder): Promise<Verification> {
  const { cursor, limit } = VerifyInput.parse(input);
  const tenantId = useTenant();
  let state = cursor ? decodeVerifyCursor(cursor) : START;
  const from = state.expectedSeq;
  const max = limit ?? Number.POSITIVE_INFINITY;
  const currentHead = await head(tenantId);
  const holder = holderOf?.(tenantId);
  const states = { checked: 0, skipped: 0 };
  const anchors = { checked: 0 };
  let count = 0;
  let firstBroken: Break | undefined;
  let pageCursor: string | null = null;
  let exhausted = false;
  while (!firstBroken && count < max) {
    const take = Math.min(PAGE, max - count);
    const res: { data: unknown[]; cursor: string | null } = await AuditEventEntity.query
      .chain({ tenantId })
      // The range starts where this call starts; later pages continue by the page cursor.
      .gte({ seq: from })
      .go({ order: "asc", limit: take, cursor: pageCursor });
    const events = res.data as unknown as ChainEvent[];
    if (events.length === 0) {
      exhausted = true;
      break;
    }
    const records = await recordsOf(events);
    const held = holder ? await anchorsHeld(holder, tenantId, events[0]!.seq, events.at(-1)!.seq) : new Map<number, string>();
    for (const e of events) {
      const r = step(state, e);
      if ("broken" in r) {
        firstBroken = r.broken;
        break;
      }
      const anchored = held.get(e.seq);
      if (anchored !== undefined) {
        anchors.checked++;
        if (anchored !== e.hash) {
          firstBroken = { seq: e.seq, id: e.id, reason: "anchor_mismatch" };
          break;
        }
      }
      if (e.stateKey) {
        const record = records.get(keyString(e.stateKey));
        const stamp = record?.[STAMP];
        if (!record || (typeof stamp === "number" && stamp > e.seq)) states.skipped++;
        else if (stamp !== e.seq || hashState(record) !== e.stateHash) {
          firstBroken = { seq: e.seq, id: e.id, reason: "state_mismatch" };
          break;
        } else states.checked++;
      }
      state = r.state;
      count++;
    }
    pageCursor = res.cursor ?? null;
    if (!pageCursor) {
      exhausted = true;
      break;
    }
  }
  const to = state.expectedSeq - 1;
  const reachedHead = !firstBroken && (exhausted || (currentHead !== null && to >= currentHead.seq));
  if (!firstBroken && reachedHead) {
    firstBroken = endCheck(state, currentHead ?? undefined);
    // The superior holds a head past the end of this chain: events were removed from the end.
    if (!firstBroken && holder) {
      const later = await anchorsHeld(holder, tenantId, to + 1, Number.MAX_SAFE_INTEGER, 1);
      if (later.size) firstBroken = { seq: [...later.keys()][0]!, id: "head", reason: "anchor_mismatch" };
    }
  }
  return {
    tenantId,
    ok: !firstBroken,
    count,
    from,
    to,
    head: currentHead,
    complete: reachedHead || !!firstBroken,
    cursor: firstBroken || reachedHead ? null : encodeCursor(state),
    progress: { checked: to, total: currentHead?.seq ?? 0 },
    states,
    anchors,
    ...(firstBroken ? { firstBroken } : {}),
  };
}

const keyString = (k: { pk: string; sk: string }) => `${k.pk}\u0000${k.sk}`;

/** The records a page of events names, read in batches (absent = deleted since). */
async function recordsOf(events: ChainEvent[]): Promise<Map<string, Record<string, unknown>>> {
  const keys = [...new Map(events.filter((e) => e.stateKey).map((e) => [keyString(e.stateKey!), { pk: e.stateKey!.pk, sk: e.stateKey!.sk }])).values()];
  const out = new Map<string, Record<string, unknown>>();
  const table = useConfig().TABLE_NAME;
  for (let i = 0; i < keys.length; i += Limits.batchGet) {
    let request: Record<string, { Keys: Record<string, unknown>[]; ConsistentRead: boolean }> | undefined = {
      [table]: { Keys: keys.slice(i, i + Limits.batchGet), ConsistentRead: true },
    };
    for (let round = 0; request && Object.keys(request).length && round < 10; round++) {
      const res = await useDynamo().send(new BatchGetCommand({ RequestItems: request }));
      for (const item of res.Responses?.[table] ?? []) out.set(keyString(item as { pk: string; sk: string }), item);
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return out;
}

/** The heads `holder` keeps of `subject` between two sequence numbers. */
async function anchorsHeld(holder: string, subject: string, fromSeq: number, toSeq: number, limit?: number): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  let cursor: string | null = null;
  do {
    const res: { data: { seq: number; hash: string }[]; cursor: string | null } = await AuditAnchorEntity.query
      .anchor({ holder, subject })
      .between({ seq: fromSeq }, { seq: Math.min(toSeq, 999_999_999_999) })
      .go({ cursor, limit: limit ?? 100 });
    for (const a of res.data) out.set(a.seq, a.hash);
    cursor = limit ? null : res.cursor;
  } while (cursor);
  return out;
}

