import type { EntityItem } from "electrodb";
import { Clock } from "../clock";
import { useLocale, useTenant } from "../context";
import { Tx, type TxItem } from "../dynamo/tx";
import { NotFoundError } from "../error";
import { beyondCalendar } from "../policy/deadline";
import { page, PageInput, type Page } from "../util/page";
import { Tenant } from "../tenant/index";
import { RequestEntity } from "./assistance.entity";
import { dueSlot, openSlot, runningClock } from "./rules";
import { Info } from "./schemas";
import { departmentName, renderNote } from "./thread";

/** A tenant's copy of a request as the table stores it. */
export type Row = EntityItem<typeof RequestEntity>;
/** A copy before its index slots are derived from it. */
export type CopyFields = Omit<Row, "openSlot" | "dueSlot">;

/** The copy with the sort keys of its two indexes, derived from its running clock. */
export function withSlots(copy: CopyFields): Row {
  return { ...copy, openSlot: openSlot(copy), dueSlot: dueSlot(copy) };
}

/** The one mapping of a stored copy to what the API shows. A list (not
 * `full`) hides a confidential request's entity and every request's facts. */
export function toInfo(r: Row, full: boolean): Info {
  const hide = !full && r.confidentiality === "confidential";
  return Info.parse({
    id: r.id,
    ...Tenant.copyFields(r),
    toTenant: r.toTenant,
    toTenantName: Tenant.nameOf(r.toTenant),
    type: r.type,
    confidentiality: r.confidentiality,
    creditCode: hide ? undefined : r.creditCode,
    entityName: hide ? undefined : (r.entityName ?? undefined),
    itemCodes: hide ? undefined : r.itemCodes,
    facts: full ? r.facts : undefined,
    attachments: full ? r.attachments : undefined,
    departmentType: r.departmentType ?? undefined,
    senderDepartmentId: r.senderDepartmentId ?? undefined,
    departmentId: r.departmentId ?? undefined,
    departmentName: r.departmentId ? departmentName(r.toTenant, r.departmentId, useLocale()) : undefined,
    departmentSource: r.departmentSource ?? undefined,
    status: r.status,
    sentAt: r.sentAt,
    sentBy: { id: r.sentBy?.id ?? "", name: r.sentBy?.name ?? "" },
    receivedAt: r.receivedAt ?? undefined,
    ackDueAt: r.ackDueAt,
    dueAt: r.dueAt,
    ackDueBeyondCalendar: beyondCalendar(r.ackDueAt),
    dueBeyondCalendar: beyondCalendar(r.dueAt),
    acknowledgedAt: r.acknowledgedAt ?? undefined,
    answeredAt: r.answeredAt ?? undefined,
    declineReason: r.declineReason ?? undefined,
    withdrawReason: r.withdrawNote ? renderNote(r.withdrawNote, useLocale()) : (r.withdrawReason ?? undefined),
    answer: full ? (r.answer ?? undefined) : undefined,
    escalatedStages: r.escalatedStages ?? [],
    escalations: r.escalations ?? undefined,
    designatedBy: r.designatedBy ?? undefined,
    overdue: runningClock(r, Clock.nowMs())?.overdue ?? false,
    version: r.version,
    updatedAt: r.updatedAt,
  });
}

/** This tenant's copy of a request. With `likely`, that box is read first and
 * the other only if it holds nothing: one read instead of two. */
export async function findCopy(id: string, likely?: "inbox" | "sent"): Promise<Row | undefined> {
  const tenantId = useTenant();
  if (likely) {
    const first = await RequestEntity.get({ tenantId, box: likely, id }).go({ consistent: true });
    if (first.data) return first.data;
    return (await RequestEntity.get({ tenantId, box: likely === "inbox" ? "sent" : "inbox", id }).go({ consistent: true })).data ?? undefined;
  }
  const [inbox, sent] = await Promise.all([
    RequestEntity.get({ tenantId, box: "inbox", id }).go({ consistent: true }),
    RequestEntity.get({ tenantId, box: "sent", id }).go({ consistent: true }),
  ]);
  return inbox.data ?? sent.data ?? undefined;
}

export async function mustCopy(id: string): Promise<Row> {
  const copy = await findCopy(id);
  if (!copy) throw new NotFoundError("assistance.not_found");
  return copy;
}

/** One page of a box, newest first, optionally of one status (filtered within the page read, so a page may hold fewer than `limit`). */
export async function listCopies(box: "inbox" | "sent", input: PageInput, status?: Row["status"]): Promise<Page<Row>> {
  const q = RequestEntity.query.byBox({ tenantId: useTenant(), box });
  return status ? page(q.where((a, op) => op.eq(a.status, status)), input) : page(q, input);
}

/** The department that owns a copy: the sender's copy its sending department, the receiver's the department it was routed to. */
export function ownerOf(r: Pick<Row, "box" | "departmentId" | "senderDepartmentId">): string | undefined {
  return (r.box === "inbox" ? r.departmentId : r.senderDepartmentId) ?? undefined;
}

export function putCopy(copy: CopyFields): TxItem {
  return Tx.put(RequestEntity.put(withSlots(copy)));
}

/** Replace a copy only if nobody changed it since it was read (optimistic versioning). */
export function replaceCopy(copy: CopyFields, expectedVersion: number): TxItem {
  return Tx.put(RequestEntity.put(withSlots(copy)).where((a, op) => op.eq(a.version, expectedVersion)));
}
