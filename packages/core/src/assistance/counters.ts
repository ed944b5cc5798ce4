import { useTenant } from "../context";
import { owns, scopeOf } from "../department/scope";
import { Tx, type TxItem } from "../dynamo/tx";
import { Clock } from "../clock";
import { shanghaiDate } from "../policy/deadline";
import { CountersEntity, MonthCountersEntity, RequestEntity } from "./assistance.entity";
import { EmptyCounters, runningClock, type Counters, type RequestType, type Stage } from "./rules";

/** Assistance's own figures, for the dashboard to read: the counters kept in
 * the transaction of each change, and the open requests past their running clock. */

/** The running totals and this month's (Asia/Shanghai) bucket, both in the change's transaction. */
export function countersAdd(tenantId: string, add: Partial<Counters>): TxItem[] {
  const month = shanghaiDate(Clock.now()).slice(0, 7);
  return [Tx.update(CountersEntity.update({ tenantId }).add(add)), Tx.update(MonthCountersEntity.update({ tenantId, month }).add(add))];
}

/** At most this many months are read for one range (five years). */
export const MAX_MONTHS = 60;

/** This tenant's counters per month from `from` to `to` (YYYY-MM, inclusive),
 * months with nothing counted left out: one key range of at most MAX_MONTHS items. */
export async function monthlyCounters(from: string, to: string): Promise<(Counters & { month: string })[]> {
  const res = await MonthCountersEntity.query.byMonth({ tenantId: useTenant() }).between({ month: from }, { month: to }).go({ pages: "all", count: MAX_MONTHS });
  return res.data.map((item) => {
    const out = { ...EmptyCounters };
    for (const k of Object.keys(out) as (keyof Counters)[]) out[k] = Number(item[k] ?? 0);
    return { ...out, month: item.month };
  });
}

/** This tenant's counters (all zero before its first request). */
export async function counters(): Promise<Counters> {
  const item = (await CountersEntity.get({ tenantId: useTenant() }).go({ consistent: true })).data;
  const out = { ...EmptyCounters };
  for (const k of Object.keys(out) as (keyof Counters)[]) out[k] = Number(item?.[k] ?? 0);
  return out;
}

/** One open request past the due time of its running stage. */
export interface OverdueItem {
  id: string;
  box: "inbox" | "sent";
  stage: Stage;
  type: RequestType;
  /** The other party: the sender of an inbox copy, the receiver of a sent one. */
  otherTenant: string;
  departmentId?: string;
  dueAt: string;
}

export interface Overdue {
  /** Most overdue first. */
  items: OverdueItem[];
  /** Received requests this tenant owes an acknowledgement or an answer for, and sent ones other tenants owe it. */
  counts: { owedAcknowledge: number; owedAnswer: number; awaited: number };
  /** More than `limit` in a box: the items and counts stop there. */
  truncated: boolean;
}

/** At most this many overdue requests per box are read for one dashboard. */
export const MAX_OVERDUE_PER_BOX = 1000;

const overdueAttributes = ["id", "box", "status", "type", "fromTenant", "toTenant", "departmentId", "senderDepartmentId", "ackDueAt", "dueAt"] as const;

/** Open requests of this tenant whose running clock was past due at `before`:
 * two index ranges (by the running stage's due time) that hold only what is
 * overdue, each read to at most `limit` items. Department-scoped like every
 * list an officer sees: an officer gets the copies their department owns (the
 * inbox copy routed to it, the sent copy it sent); overseers and the platform
 * (the roll-up job), or `all`, get the whole tenant's. */
export async function overdue(before: string | Date, limit = MAX_OVERDUE_PER_BOX, options: { all?: boolean } = {}): Promise<Overdue> {
  const tenantId = useTenant();
  const scope = options.all ? ({ all: true } as const) : scopeOf();
  const at = typeof before === "string" ? before : before.toISOString();
  const range = (box: "inbox" | "sent") =>
    RequestEntity.query.open({ tenantId, box }).lt({ openSlot: `${at}#~` }).go({ pages: "all", count: limit + 1, attributes: [...overdueAttributes] });
  const [inbox, sent] = await Promise.all([range("inbox"), range("sent")]);
  const truncated = inbox.data.length > limit || sent.data.length > limit;
  const items: OverdueItem[] = [];
  for (const r of [...inbox.data.slice(0, limit), ...sent.data.slice(0, limit)]) {
    const clock = runningClock(r, Date.parse(at));
    if (!clock?.overdue) continue;
    if (!owns((r.box === "inbox" ? r.departmentId : r.senderDepartmentId) ?? undefined, scope)) continue;
    items.push({ id: r.id, box: r.box, stage: clock.stage, type: r.type, otherTenant: r.box === "inbox" ? r.fromTenant : r.toTenant, departmentId: r.departmentId ?? undefined, dueAt: clock.dueAt });
  }
  items.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const inboxItems = items.filter((i) => i.box === "inbox");
  return {
    items,
    counts: {
      owedAcknowledge: inboxItems.filter((i) => i.stage === "acknowledge").length,
      owedAnswer: inboxItems.filter((i) => i.stage === "answer").length,
      awaited: items.length - inboxItems.length,
    },
    truncated,
  };
}
