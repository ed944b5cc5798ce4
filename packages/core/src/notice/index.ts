export * as Notice from "./index";

import * as z from "zod";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { commit } from "../outbox/commit";
import { Tx } from "../dynamo/tx";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { Message } from "../message";
import { Tenant } from "../tenant";
import { fieldError } from "../util/field-error";
import { fn } from "../util/fn";
import { mapPage, page, PageInput, type Page } from "../util/page";
import { createId, idSchema } from "../util/id";
import { NoticeEntity, type NoticeItem } from "./notice.entity";

/** 通知: a superior tenant tells the tenants below it something, through the
 * assistance queue; each receiver keeps its own copy and signs for it (签收). */

export const Id = idSchema("ntc");

export const Info = z
  .object({
    id: Id,
    ...Tenant.CopyFields.shape,
    toTenants: z.array(z.string()),
    title: z.string(),
    body: z.string(),
    sentBy: z.object({ id: z.string(), name: z.string() }).loose(),
    sentAt: z.string(),
    receivedAt: z.string().optional(),
    acknowledgedAt: z.string().optional(),
    version: z.number().int(),
  })
  .meta({ id: "Notice" });
export type Info = z.infer<typeof Info>;

/** The one mapping of a stored notice to what the API shows: the row's own fields, checked against Info. */
function toInfo(n: NoticeItem): Info {
  return Info.parse({ ...n, ...Tenant.copyFields(n), sentBy: { id: n.sentBy.id, name: n.sentBy.name } } satisfies z.input<typeof Info>);
}

const Payload = z.object({
  noticeId: Id,
  title: z.string().min(1).max(100),
  body: z.string().min(1).max(5000),
  toTenants: z.array(z.string()).min(1),
  sentAt: z.string(),
});

export const Delivered = Message.define<z.infer<typeof Payload>>({
  type: "notice.sent",
  queue: "assistance",
  version: 1,
  versions: { 1: Payload },
  async handle(payload, envelope) {
    const copy = {
      tenantId: envelope.toTenant,
      box: "inbox" as const,
      id: payload.noticeId,
      fromTenant: envelope.fromTenant,
      toTenants: payload.toTenants,
      title: payload.title,
      body: payload.body,
      sentBy: envelope.actor,
      sentAt: payload.sentAt,
      receivedAt: Clock.iso(),
      version: 1,
    };
    return {
      action: "notice.receive",
      target: { type: "notice", id: payload.noticeId },
      state: copy,
      summary: { title: payload.title },
      items: () => [Tx.put(NoticeEntity.create(copy))],
    };
  },
});

export const SendInput = z
  .object({
    title: z.string().trim().min(2).max(100),
    body: z.string().trim().min(1).max(5000),
    /** Tenants below the sender; omitted means every tenant directly below. */
    toTenants: z
      .array(z.string().regex(/^\d{6}$/))
      .min(1)
      .max(95)
      .optional(),
  })
  .meta({ id: "NoticeSend", example: { title: "关于开展燃气安全联合检查的通知", body: "请各地于12月15日前完成辖区燃气经营企业联合检查。" } });

export const send = fn(SendInput, async (input) => {
  const from = useTenant();
  const targets = input.toTenants ? [...new Set(input.toTenants)] : Tenant.children(from).map((t) => t.id);
  if (targets.length === 0) throw fieldError("notice.no_targets", "toTenants");
  for (const t of targets) {
    if (!Tenant.exists(t) || !Tenant.isBelow(t, from)) throw new VisibleError("notice.target_not_below", { tenantId: t });
  }
  const sentAt = Clock.iso();
  const notice = {
    tenantId: from,
    box: "sent" as const,
    id: createId("ntc"),
    fromTenant: from,
    toTenants: targets,
    title: input.title,
    body: input.body,
    sentBy: actorRef(useActor()),
    sentAt,
    version: 1,
  };
  const messages = targets.map((to) =>
    Delivered.create(to, { noticeId: notice.id, title: notice.title, body: notice.body, toTenants: targets, sentAt }),
  );
  await commit({
    action: "notice.send",
    target: { type: "notice", id: notice.id },
    state: notice,
    summary: { title: notice.title, recipients: targets.length },
    items: () => [Tx.put(NoticeEntity.create(notice))],
    messages,
  });
  return toInfo(notice);
});

export const ListInput = PageInput.extend({ box: z.enum(["sent", "inbox"]).default("inbox") });

/** One page of a box, newest first. */
export const list = fn(ListInput, async ({ box, ...pageInput }): Promise<Page<Info>> => {
  return mapPage(await page(NoticeEntity.query.byBox({ tenantId: useTenant(), box }), pageInput), toInfo);
});

export const fromID = fn(Id, async (id) => {
  const tenantId = useTenant();
  for (const box of ["inbox", "sent"] as const) {
    const res = await NoticeEntity.get({ tenantId, box, id }).go();
    if (res.data) return toInfo(res.data);
  }
  throw new NotFoundError("notice.not_found");
});

export const AcknowledgeInput = z.object({ id: Id, version: z.number().int().positive() }).meta({ id: "NoticeAcknowledge" });

/** 签收: the receiving tenant confirms it has read the notice. */
export const acknowledge = fn(AcknowledgeInput, async (input) => {
  const tenantId = useTenant();
  const res = await NoticeEntity.get({ tenantId, box: "inbox", id: input.id }).go();
  if (!res.data) throw new NotFoundError("notice.not_found");
  if (res.data.acknowledgedAt) throw new VisibleError("notice.already_acknowledged", {}, 409);
  const at = Clock.iso();
  const by = actorRef(useActor());
  const next = { ...res.data, acknowledgedAt: at, acknowledgedBy: by, version: res.data.version + 1 };
  await commit({
    action: "notice.acknowledge",
    target: { type: "notice", id: input.id },
    state: next,
    summary: { title: next.title },
    items: () => [
      // The whole record, not an update expression: the event's state hash is the stored record's, re-checked by verify.
      Tx.put(NoticeEntity.put(next).where((a, op) => op.eq(a.version, input.version))),
    ],
    onConditionFailed: () => new ConflictError(),
  });
  return toInfo(next);
});
