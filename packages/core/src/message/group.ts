import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { chainEvents, tryHoldChain, type ChainHold } from "../audit/append";
import { Limits, itemKey } from "../dynamo/tx";
import { sendPrepared, type PreparedCommit } from "../outbox/commit";
import { maybeContext, withContext, type Context } from "../context";

type Entry = { prepared: PreparedCommit; context: Context | undefined; resolve: (r: "committed" | "alone") => void };

/** The messages of one delivered batch, committed together: each message's
 * change is prepared as usual (handler, items, audit event, consumed marker),
 * and once no message of the batch is still running its handler, all that
 * share no item commit in ONE transaction, and their outgoing messages leave
 * in one send. On DynamoDB a transaction costs far more than an item, so a
 * batch of ten pays for one instead of ten. Each message still commits with
 * its own change, audit event and marker, and a message that shares an item
 * with another of the batch (two for one tenant: the same chain head), or
 * whose item fails a condition, commits alone through the normal path.
 *
 * Messages for the same tenant append to the same audit chain: the group
 * holds that chain for all of them (`withTenantChain`), and at commit their
 * events are chained one after another with ONE head write (`chainEvents`),
 * so N messages for one tenant are one transaction, not N in turn.
 *
 * A transaction never spans tenants: in the cloud each tenant's writes are
 * signed with credentials limited to its own partitions (dynamodb:LeadingKeys),
 * so the entries are split by receiving tenant and each part commits in that
 * tenant's context (captured at submit), the parts side by side. */
export class ConsumeGroup {
  private open: number;
  private waiting: Entry[] = [];
  private chains = new Map<string, ChainHold>();
  constructor(size: number) {
    this.open = size;
  }
  /** Run `fn` as an appender to the tenant's chain, sharing the group's hold
   * with the batch's other messages for that tenant. `busy` when another unit
   * of this process is appending to it (the message then leaves the group). */
  async withTenantChain<T>(tenantId: string, fn: () => Promise<T>): Promise<T | typeof BUSY> {
    let hold = this.chains.get(tenantId);
    if (!hold || hold.released) {
      hold = tryHoldChain(tenantId);
      if (!hold) return BUSY;
      this.chains.set(tenantId, hold);
    }
    return hold.run(fn);
  }

  /** The message will not join the group's commit (done, failed, or alone). */
  release() {
    this.open--;
    this.flushIfReady();
  }
  submit(prepared: PreparedCommit): Promise<"committed" | "alone"> {
    return new Promise((resolve) => {
      this.waiting.push({ prepared, context: maybeContext(), resolve });
      this.open--;
      this.flushIfReady();
    });
  }
  private flushIfReady() {
    if (this.open > 0 || this.waiting.length === 0) return;
    const entries = this.waiting;
    this.waiting = [];
    const byTenant = new Map<string, Entry[]>();
    for (const e of entries) {
      const tenant = e.context?.tenantId ?? "";
      byTenant.set(tenant, [...(byTenant.get(tenant) ?? []), e]);
    }
    for (const part of byTenant.values()) {
      const context = part[0]!.context;
      if (context) void withContext(context, () => this.flush(part));
      else void this.flush(part);
    }
  }
  private async flush(entries: Entry[]) {
    let pending = entries;
    for (let round = 0; pending.length > 0; round++) {
      const { together, alone } = partition(pending);
      for (const e of alone) e.resolve("alone");
      if (together.length === 0 || round === 3) {
        for (const e of together) e.resolve("alone");
        return;
      }
      chain(together);
      try {
        await sendPrepared(together.map((e) => e.prepared));
        for (const e of together) e.resolve("committed");
        return;
      } catch (err) {
        // The entries whose items all passed can go again as they are; the
        // others commit alone (fresh head, or a duplicate recognised there).
        const reasons = err instanceof TransactionCanceledException ? (err.CancellationReasons ?? []) : undefined;
        if (!reasons) {
          for (const e of together) e.resolve("alone");
          return;
        }
        let offset = 0;
        pending = [];
        let headLost = false;
        for (const e of together) {
          const mine = reasons.slice(offset, offset + e.prepared.items.length);
          offset += e.prepared.items.length;
          if (e.prepared.event && mine.at(-1)?.Code && mine.at(-1)?.Code !== "None" && e.prepared.event.items.length === 2) headLost = true;
          if (mine.every((r) => !r.Code || r.Code === "None")) pending.push(e);
          else e.resolve("alone");
        }
        // The chain's head moved: every event chained on it is stale; all go alone (fresh head).
        if (headLost) {
          for (const e of pending) e.resolve("alone");
          return;
        }
      }
    }
  }
}

export const BUSY = Symbol("chain busy");

/** The entries' events (all of one tenant: a part) chained one after another, one head write for all. */
function chain(entries: Entry[]) {
  const withEvents = entries.filter((e) => e.prepared.event);
  const chained = chainEvents(withEvents.map((e) => e.prepared.event!));
  withEvents.forEach((e, i) => {
    const p = e.prepared;
    const event = chained[i]!;
    p.items = [...p.items.slice(0, p.items.length - p.event!.items.length), ...event.items];
    p.event = event;
  });
}

/** In order, the entries that fit one transaction with no item written twice; the rest go alone. */
function partition<T extends { prepared: PreparedCommit }>(entries: T[]) {
  const keys = new Set<string>();
  const together: T[] = [];
  const alone: T[] = [];
  let count = 0;
  let bytes = 0;
  for (const e of entries) {
    // The audit event and the chain head are not clashes between messages:
    // `chain` gives each event its own seq and writes the head once.
    const eventCount = e.prepared.event?.items.length ?? 0;
    const mine = e.prepared.items.slice(0, e.prepared.items.length - eventCount).map(itemKey);
    const size = JSON.stringify(e.prepared.items).length;
    const clash = mine.some((k) => keys.has(k)) || new Set(mine).size !== mine.length;
    if (clash || count + mine.length + eventCount > Limits.transactItems || bytes + size > Limits.transactBytes) {
      alone.push(e);
      continue;
    }
    for (const k of mine) keys.add(k);
    count += mine.length + eventCount;
    bytes += size;
    together.push(e);
  }
  return { together, alone };
}

export function group(size: number) {
  return new ConsumeGroup(size);
}

