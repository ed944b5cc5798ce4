export * as Alert from "./index";

import * as z from "zod";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { commit } from "../outbox/commit";
import { Tx } from "../dynamo/tx";
import { CreditCode } from "../entity/credit-code";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { Message } from "../message/index";
import { Tenant } from "../tenant/index";
import { fieldError } from "../util/field-error";
import { fn } from "../util/fn";
import { mapPage, page, PageInput, type Page } from "../util/page";
import { createId, idSchema } from "../util/id";
import { AlertEntity, FanoutPendingEntity, FollowUpEntity, type AlertItem, type FollowUpItem } from "./alert.entity";

/** 预警协同 (一级发起、全网协同): a tenant alerts every tenant, or one city's
 * tenants, about an entity or a product; each records its follow-up, and the
 * sender sees the counts through messages back. */

export const Id = idSchema("alr");
const tenantCode = z.string().regex(/^\d{6}$/);
export const Levels = ["blue", "yellow", "orange", "red"] as const;
export const FollowUpStatuses = ["handling", "found", "not-found"] as const;

/** Messages per commit: 94 tenants fit one transaction only barely (plus the alert, the audit event and its head). */
export const FANOUT_CHUNK = 40;

export const Info = z
  .object({
    id: Id,
    ...Tenant.CopyFields.shape,
    scope: z.enum(["all", "city"]),
    cityId: z.string().optional(),
    recipients: z.number().int(),
    delivered: z.number().int(),
    level: z.enum(Levels),
    title: z.string(),
    body: z.string(),
    creditCode: z.string().optional(),
    entityName: z.string().optional(),
    productName: z.string().optional(),
    sentBy: z.object({ id: z.string(), name: z.string() }).loose(),
    sentAt: z.string(),
    receivedAt: z.string().optional(),
    followUp: z.object({ status: z.enum(FollowUpStatuses), note: z.string().optional(), at: z.string(), by: z.string().optional() }).optional(),
    counts: z.object({ followed: z.number(), found: z.number(), notFound: z.number(), handling: z.number() }).optional(),
    version: z.number().int(),
  })
  .meta({ id: "Alert" });
export type Info = z.infer<typeof Info>;

const FollowUpInfo = z.object({ tenantId: z.string(), tenantName: z.string(), status: z.enum(FollowUpStatuses), note: z.string().optional(), at: z.string() });
export const Detail = Info.extend({ followUps: z.array(FollowUpInfo).optional() }).meta({ id: "AlertDetail" });

function toInfo(a: AlertItem): Info {
  return Info.parse({
    id: a.id,
    ...Tenant.copyFields(a),
    scope: a.scope,
    cityId: a.cityId ?? undefined,
    recipients: a.toTenants.length,
    delivered: a.box === "sent" ? (a.deliveredTo ?? []).length : 1,
    level: a.level,
    title: a.title,
    body: a.body,
    creditCode: a.creditCode ?? undefined,
    entityName: a.entityName ?? undefined,
    productName: a.productName ?? undefined,
    sentBy: { id: a.sentBy.id, name: a.sentBy.name },
    sentAt: a.sentAt,
    receivedAt: a.receivedAt ?? undefined,
    followUp: a.followUp ? { status: a.followUp.status, note: a.followUp.note ?? undefined, at: a.followUp.at, by: a.followUp.by ?? undefined } : undefined,
    counts: a.box === "sent" ? { followed: a.followed ?? 0, found: a.found ?? 0, notFound: a.notFound ?? 0, handling: a.handling ?? 0 } : undefined,
    version: a.version,
  });
}

const SentPayload = z.object({
  alertId: Id,
  scope: z.enum(["all", "city"]),
  cityId: tenantCode.optional(),
  recipients: z.number().int().positive(),
  level: z.enum(Levels),
  title: z.string().min(1).max(100),
  body: z.string().min(1).max(5000),
  creditCode: CreditCode.optional(),
  entityName: z.string().max(200).optional(),
  productName: z.string().max(200).optional(),
  sentAt: z.iso.datetime(),
});
type SentPayload = z.infer<typeof SentPayload>;

function targetsOf(from: string, scope: "all" | "city", cityId?: string): string[] {
  const all = scope === "all" ? Tenant.all().map((t) => t.id) : [cityId!, ...Tenant.descendants(cityId!).map((t) => t.id)];
  return all.filter((t) => t !== from);
}

export const Delivered = Message.define<SentPayload>({
  type: "alert.sent",
  queue: "assistance",
  version: 1,
  versions: { 1: SentPayload },
  async handle(p, envelope) {
    const me = envelope.toTenant;
    if (p.scope === "city" && (!p.cityId || (p.cityId !== me && !Tenant.isBelow(me, p.cityId)))) {
      throw new Message.PoisonMessage(`forged: ${me} is not in city ${p.cityId} the alert ${p.alertId} targets`);
    }
    const copy = {
      tenantId: me,
      box: "inbox" as const,
      id: p.alertId,
      fromTenant: envelope.fromTenant,
      scope: p.scope,
      cityId: p.cityId,
      toTenants: [me],
      level: p.level,
      title: p.title,
      body: p.body,
      creditCode: p.creditCode,
      entityName: p.entityName,
      productName: p.productName,
      sentBy: envelope.actor,
      sentAt: p.sentAt,
      receivedAt: Clock.iso(),
      version: 1,
    };
    return {
      action: "alert.receive",
      target: { type: "alert", id: p.alertId },
      state: copy,
      summary: { title: p.title },
      items: () => [Tx.put(AlertEntity.put(copy))],
    };
  },
});

const FollowedPayload = z.object({ alertId: Id, status: z.enum(FollowUpStatuses), note: z.string().max(2000).optional(), at: z.iso.datetime() });

export const Followed = Message.define<z.infer<typeof FollowedPayload>>({
  type: "alert.followed",
  queue: "assistance",
  version: 1,
  versions: { 1: FollowedPayload },
  async handle(p, envelope) {
    const me = envelope.toTenant;
    const from = envelope.fromTenant;
    const sent = (await AlertEntity.get({ tenantId: me, box: "sent", id: p.alertId }).go({ consistent: true })).data;
    if (!sent) throw new Message.PoisonMessage(`no alert ${p.alertId} sent by ${me}`);
    if (!sent.toTenants.includes(from)) throw new Message.PoisonMessage(`forged: ${from} was not alerted by ${p.alertId}`);
    const prev = (await FollowUpEntity.get({ tenantId: me, alertId: p.alertId, fromTenant: from }).go({ consistent: true })).data;
    // Out of order: an older follow-up never replaces a newer one.
    if (prev && prev.at >= p.at) {
      return { action: "alert.follow-up.stale", target: { type: "alert", id: p.alertId }, state: prev, summary: { from }, items: () => [] };
    }
    const key = (s: FollowUpItem["status"]) => (s === "not-found" ? "notFound" : s);
    const add: Partial<Record<"followed" | "found" | "notFound" | "handling", number>> = { [key(p.status)]: 1 };
    if (!prev) add.followed = 1;
    else add[key(prev.status)] = (add[key(prev.status)] ?? 0) - 1;
    const fu: FollowUpItem = { tenantId: me, alertId: p.alertId, fromTenant: from, status: p.status, note: p.note, by: envelope.actor, at: p.at };
    return {
      action: "alert.follow-up.receive",
      target: { type: "alert", id: p.alertId },
      state: fu,
      summary: { from, status: p.status },
      items: () => [
        Tx.put(FollowUpEntity.put(fu)),
        Tx.update(AlertEntity.update({ tenantId: me, box: "sent", id: p.alertId }).add(add)),
      ],
    };
  },
});

export const SendInput = z
  .object({
    scope: z.enum(["all", "city"]),
    /** For scope "city": the city whose tenants (the city and its counties) are alerted. */
    cityId: tenantCode.optional(),
    level: z.enum(Levels).default("yellow"),
    title: z.string().trim().min(2).max(100),
    body: z.string().trim().min(1).max(5000),
    creditCode: CreditCode.optional(),
    entityName: z.string().trim().max(200).optional(),
    productName: z.string().trim().max(200).optional(),
  })
  .meta({
    id: "AlertSend",
    example: {
      scope: "city",
      cityId: "350100",
      level: "orange",
      title: "某品牌冷冻肉品涉嫌无检疫证明",
      body: "请各地排查辖区内经营该批次产品的单位，并反馈排查结果。",
      creditCode: "91350100M000100Y43",
      productName: "冷冻猪肉（批次 20261120）",
    },
  });

/** Fan out in several commits when there are many targets; each commit records which tenants it covered, so a failure part-way leaves a resumable record, never a duplicate. */
export const send = fn(SendInput, async (input) => {
  const from = useTenant();
  if (!input.creditCode && !input.productName) throw new VisibleError("assistance.alert_subject");
  if (input.scope === "city") {
    const city = input.cityId ? Tenant.get(input.cityId) : undefined;
    if (!city || city.level !== "city") throw fieldError("assistance.alert_city", "cityId", { cityId: input.cityId ?? "—" });
  }
  const targets = targetsOf(from, input.scope, input.cityId);
  if (targets.length === 0) throw new VisibleError("assistance.alert_no_targets");
  const sentAt = Clock.iso();
  const alert = {
    tenantId: from,
    box: "sent" as const,
    id: createId("alr"),
    fromTenant: from,
    scope: input.scope,
    cityId: input.scope === "city" ? input.cityId : undefined,
    toTenants: targets,
    deliveredTo: [] as string[],
    level: input.level,
    title: input.title,
    body: input.body,
    creditCode: input.creditCode,
    entityName: input.entityName,
    productName: input.productName,
    sentBy: actorRef(useActor()),
    sentAt,
    followed: 0,
    found: 0,
    notFound: 0,
    handling: 0,
    version: 1,
  };
  const payload: Omit<SentPayload, "alertId"> = {
    scope: alert.scope,
    cityId: alert.cityId,
    recipients: targets.length,
    level: alert.level,
    title: alert.title,
    body: alert.body,
    creditCode: alert.creditCode,
    entityName: alert.entityName,
    productName: alert.productName,
    sentAt,
  };
  await commit({
    action: "alert.send",
    target: { type: "alert", id: alert.id },
    state: alert,
    summary: { title: alert.title, recipients: targets.length },
    // The pending marker goes with the alert: a fan-out cut short is found and resumed by the job.
    items: () => [Tx.put(AlertEntity.create(alert)), Tx.put(FanoutPendingEntity.put({ tenantId: from, alertId: alert.id, sentAt }))],
  });
  await fanOut(alert.id, payload);
  return toInfo((await AlertEntity.get({ tenantId: from, box: "sent", id: alert.id }).go({ consistent: true })).data!);
});

/** Send the alert to the targets not yet covered, one commit per chunk. Safe to call again. */
async function fanOut(id: string, payload: Omit<SentPayload, "alertId">) {
  const from = useTenant();
  for (;;) {
    const alert = (await AlertEntity.get({ tenantId: from, box: "sent", id }).go({ consistent: true })).data!;
    const done = new Set(alert.deliveredTo ?? []);
    const chunk = alert.toTenants.filter((t) => !done.has(t)).slice(0, FANOUT_CHUNK);
    if (chunk.length === 0) {
      // Nothing left to send: only a marker without its final commit (none today) could remain.
      await FanoutPendingEntity.delete({ tenantId: from, alertId: id, sentAt: alert.sentAt }).go();
      return;
    }
    const deliveredTo = [...(alert.deliveredTo ?? []), ...chunk];
    const last = deliveredTo.length >= alert.toTenants.length;
    await commit({
      action: "alert.fan-out",
      target: { type: "alert", id },
      state: { id, deliveredTo },
      summary: { count: chunk.length },
      items: () => [
        Tx.update(
          AlertEntity.patch({ tenantId: from, box: "sent", id })
            .set({ deliveredTo, version: alert.version + 1 })
            .where((a, op) => op.eq(a.version, alert.version)),
        ),
        ...(last ? [Tx.delete(FanoutPendingEntity.delete({ tenantId: from, alertId: id, sentAt: alert.sentAt }))] : []),
      ],
      messages: chunk.map((t) => Delivered.create(t, { alertId: id, ...payload })),
    });
  }
}

/** How long a fan-out may run before the job takes it for interrupted (a
 * live one finishes in seconds; resuming a live one only costs a lost race). */
export const RESUME_AFTER_MS = 2 * 60_000;

/** The current tenant's alerts whose fan-out stopped part-way, oldest first
 * (at most `limit`; only those sent before `RESUME_AFTER_MS` ago). */
export async function interrupted(limit = 50): Promise<string[]> {
  const before = new Date(Clock.nowMs() - RESUME_AFTER_MS).toISOString();
  const res = await FanoutPendingEntity.query.pending({ tenantId: useTenant() }).lt({ sentAt: before }).go({ limit });
  return res.data.map((m) => m.alertId);
}

/** Resume every interrupted fan-out of the current tenant (the job, per tenant). */
export async function resumeInterrupted(): Promise<{ resumed: number }> {
  let resumed = 0;
  for (const id of await interrupted()) {
    await resume(id);
    resumed++;
  }
  return { resumed };
}

/** Resume a fan-out that stopped part-way (e.g. the process died between commits). */
export const resume = fn(Id, async (id) => {
  const a = (await AlertEntity.get({ tenantId: useTenant(), box: "sent", id }).go({ consistent: true })).data;
  if (!a) throw new NotFoundError("assistance.alert_not_found");
  await fanOut(id, {
    scope: a.scope,
    cityId: a.cityId ?? undefined,
    recipients: a.toTenants.length,
    level: a.level,
    title: a.title,
    body: a.body,
    creditCode: a.creditCode ?? undefined,
    entityName: a.entityName ?? undefined,
    productName: a.productName ?? undefined,
    sentAt: a.sentAt,
  });
});

export const ListInput = PageInput.extend({ box: z.enum(["inbox", "sent"]).default("inbox") });

/** One page of the tenant's alerts in one box, newest first (IDs are ULIDs
 * minted when the alert was sent, so descending ID is descending send time). */
export async function list(input: z.input<typeof ListInput> = {}): Promise<Page<Info>> {
  const { box, ...rest } = ListInput.parse(input);
  return mapPage(await page(AlertEntity.query.byBox({ tenantId: useTenant(), box }), rest, "desc"), toInfo);
}

async function mustCopy(id: string) {
  const tenantId = useTenant();
  for (const box of ["inbox", "sent"] as const) {
    const r = (await AlertEntity.get({ tenantId, box, id }).go({ consistent: true })).data;
    if (r) return r;
  }
  throw new NotFoundError("assistance.alert_not_found");
}

export const fromID = fn(Id, async (id) => {
  const a = await mustCopy(id);
  if (a.box !== "sent") return Detail.parse(toInfo(a));
  const fus = await FollowUpEntity.query.byAlert({ tenantId: a.tenantId, alertId: id }).go({ pages: "all" });
  return Detail.parse({
    ...toInfo(a),
    followUps: fus.data.map((f) => ({ tenantId: f.fromTenant, tenantName: Tenant.nameOf(f.fromTenant), status: f.status, note: f.note ?? undefined, at: f.at })),
  });
});

export const FollowUpInput = z.object({
  id: Id,
  version: z.number().int().positive(),
  status: z.enum(FollowUpStatuses),
  note: z.string().trim().max(2000).optional(),
});

/** The receiving tenant records its follow-up (排查反馈); the sender is told by message. */
export const followUp = fn(FollowUpInput, async (input) => {
  const tenantId = useTenant();
  const a = (await AlertEntity.get({ tenantId, box: "inbox", id: input.id }).go({ consistent: true })).data;
  if (!a) throw new NotFoundError("assistance.alert_not_found");
  if (a.version !== input.version) throw new ConflictError();
  const at = Clock.iso();
  const by = actorRef(useActor());
  const followUp = { status: input.status, note: input.note, at, by: by.name };
  const next = { ...a, followUp, version: a.version + 1 };
  await commit({
    action: "alert.follow-up",
    target: { type: "alert", id: input.id },
    state: next,
    summary: { status: input.status },
    items: () => [
      // The whole record, not an update expression: the event's state hash is the stored record's, re-checked by verify.
      Tx.put(AlertEntity.put(next).where((x, op) => op.eq(x.version, input.version))),
    ],
    messages: [Followed.create(a.fromTenant, { alertId: input.id, status: input.status, note: input.note, at })],
    onConditionFailed: () => new ConflictError(),
  });
  return toInfo(next);
});
