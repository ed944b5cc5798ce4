export * as Dispute from "./index";

import * as z from "zod";
import { ItemCode } from "../catalogue/item";
import { Clock } from "../clock";
import { actorRef, useActor, useLocale, useTenant, type Actor } from "../context";
import { Department } from "../department/index";
import { commit } from "../outbox/commit";
import { Tx, type TxItem } from "../dynamo/tx";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { translate } from "../i18n/index";
import { PROVINCE_ID } from "../tenant/index";
import { fn } from "../util/fn";
import { mapPage, page, PageInput, type Page } from "../util/page";
import { createId, idSchema } from "../util/id";
import { DisputeEntity, DisputeEntryEntity, type DisputeEntryItem, type DisputeItem } from "./dispute.entity";
import { leadDecision, resolveItem } from "./lead";
import * as Machine from "./state";

export { Machine };
export type { State, Step, Role as DisputeRole } from "./state";

/** 监管职责争议: when no department or several claim an item, a department opens
 * a dispute naming the departments concerned; they negotiate in its thread.
 * Agreed: the host files the agreement with the establishment office (备案),
 * which confirms it (or sends it back). Not agreed: the host escalates to the
 * establishment office (协调), which decides. The confirmation or decision sets
 * the item's lead department for the tenant in the same transaction.
 *
 * The establishment office of a tenant is its 机构编制委员会办公室: the active
 * department(s) of type `establishment` (every tenant level has one). A user
 * acts for it when the token's department is that office; at the province the
 * province administrator (省职转办) may also arbitrate (DESIGN.md §3). A
 * tenant administrator does NOT act for it: the supervision office may be a
 * party, and arbiter and party stay apart. */

export const Id = idSchema("dsp");
const DepId = Department.Id;

const DepartmentRef = z.object({ id: z.string(), name: z.string() });
const ActorRef = z.object({ type: z.string(), id: z.string(), name: z.string() }).loose();

export const Entry = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    step: z.enum(Machine.Steps),
    text: z.string().optional(),
    detail: z.record(z.string(), z.unknown()).optional(),
    by: ActorRef,
    department: DepartmentRef.optional(),
    at: z.string(),
  })
  .meta({ id: "DisputeEntry" });
export type Entry = z.infer<typeof Entry>;

export const Info = z
  .object({
    id: Id,
    tenantId: z.string(),
    kind: z.enum(["overlap", "unclaimed"]),
    itemCode: z.string().optional(),
    itemName: z.string().optional(),
    subject: z.string().optional(),
    reason: z.string(),
    departments: z.array(DepartmentRef),
    host: DepartmentRef,
    status: z.enum(Machine.States),
    proposal: z
      .object({
        lead: DepartmentRef,
        terms: z.string(),
        proposedBy: DepartmentRef,
        acceptedBy: z.array(z.string()),
        at: z.string(),
      })
      .optional(),
    filing: z.object({ at: z.string(), by: ActorRef, note: z.string().optional() }).optional(),
    escalation: z.object({ at: z.string(), by: ActorRef, reason: z.string() }).optional(),
    outcome: z
      .object({
        how: z.enum(["agreement", "decision", "withdrawn"]),
        lead: DepartmentRef.optional(),
        reasoning: z.string().optional(),
        assignmentUpdated: z.boolean(),
        at: z.string(),
        by: ActorRef,
      })
      .optional(),
    openedBy: ActorRef,
    openedAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "Dispute" });
export type Info = z.infer<typeof Info>;

export const Detail = Info.extend({
  thread: z.array(Entry),
  /** What the current user is in this dispute and the steps they may take now. */
  you: z.object({ roles: z.array(z.enum(Machine.Roles)), steps: z.array(z.enum(Machine.Steps)) }),
}).meta({ id: "DisputeDetail" });
export type Detail = z.infer<typeof Detail>;

/** One stored dispute. */
type Stored = DisputeItem;
type Deps = Map<string, Department.Info>;

async function departments(): Promise<Deps> {
  return new Map((await Department.list()).map((d) => [d.id, d]));
}

const ref = (deps: Deps, id: string) => ({ id, name: deps.get(id)?.name ?? id });

/** The one mapping of a stored dispute to what the API shows (departments by name). */
function toInfo(d: Stored, deps: Deps): Info {
  const p = d.proposal;
  const o = d.outcome;
  return Info.parse({
    id: d.id,
    tenantId: d.tenantId,
    kind: d.kind,
    itemCode: d.itemCode ?? undefined,
    itemName: d.itemName ?? undefined,
    subject: d.subject ?? undefined,
    reason: d.reason,
    departments: d.departmentIds.map((id) => ref(deps, id)),
    host: ref(deps, d.hostDepartmentId),
    status: d.status,
    proposal: p
      ? { lead: ref(deps, p.leadDepartmentId), terms: p.terms, proposedBy: ref(deps, p.proposedBy), acceptedBy: p.acceptedBy, at: p.at }
      : undefined,
    filing: d.filing ?? undefined,
    escalation: d.escalation ?? undefined,
    outcome: o ? { ...o, lead: o.leadDepartmentId ? ref(deps, o.leadDepartmentId) : undefined, leadDepartmentId: undefined } : undefined,
    openedBy: d.openedBy,
    openedAt: d.openedAt,
    updatedAt: d.updatedAt,
    version: d.version,
  });
}

function actingDepartment(actor: Actor = useActor()): string | undefined {
  return actor.type === "user" ? actor.departmentId : undefined;
}

/** Is the actor the tenant's establishment office (or, at the province, the province administrator)? */
export function actsForEstablishment(deps: Deps, actor: Actor = useActor(), tenantId = useTenant()): boolean {
  if (actor.type !== "system" && actor.role === "province-admin" && tenantId === PROVINCE_ID) return true;
  const dep = actingDepartment(actor);
  const d = dep ? deps.get(dep) : undefined;
  return !!d && d.type === "establishment" && d.status === "active";
}

/** The actor's roles in one dispute. */
export function rolesIn(d: Pick<Stored, "departmentIds" | "hostDepartmentId">, deps: Deps, actor: Actor = useActor()): Machine.Role[] {
  const dep = actingDepartment(actor);
  const roles: Machine.Role[] = [];
  if (dep && d.departmentIds.includes(dep)) roles.push("party");
  if (dep && dep === d.hostDepartmentId) roles.push("host");
  if (actsForEstablishment(deps, actor)) roles.push("establishment");
  return roles.length ? roles : ["other"];
}

/** Steps the actor may take now: the machine's, less what the data forbids
 * (a party accepts a proposal once; the proposer has accepted already). */
function stepsFor(d: Stored, roles: Machine.Role[]): Machine.Step[] {
  const dep = actingDepartment();
  return Machine.allowed(d.status, roles).filter((s) => {
    if ((s === "accept" || s === "decline") && dep && d.proposal?.acceptedBy?.includes(dep)) return false;
    return true;
  });
}

function fieldError(code: "dispute.department_unknown" | "dispute.arbiter_is_party" | "dispute.lead_not_party" | "dispute.host_not_allowed", field: string, status = 400) {
  const message = translate(code, useLocale());
  return new VisibleError(code, {}, status, [{ field, rule: code, message }]);
}

function activeDepartment(deps: Deps, id: string, field: string): Department.Info {
  const d = deps.get(id);
  // Never echo the ID: it may be another tenant's.
  if (!d || d.status !== "active") throw fieldError("dispute.department_unknown", field);
  if (d.type === "establishment") throw fieldError("dispute.arbiter_is_party", field);
  return d;
}

// ---------------------------------------------------------------- reading

async function load(id: string): Promise<Stored> {
  const res = await DisputeEntity.get({ tenantId: useTenant(), id }).go({ consistent: true });
  if (!res.data) throw new NotFoundError("dispute.not_found");
  return res.data;
}

/** A stored thread entry as the API shows it. */
function toEntry(e: DisputeEntryItem, deps: Deps): Entry {
  return Entry.parse({
    id: e.id,
    seq: e.seq,
    step: e.step,
    text: e.text ?? undefined,
    detail: e.detail ?? undefined,
    by: e.by,
    department: e.departmentId ? ref(deps, e.departmentId) : undefined,
    at: e.at,
  });
}

async function thread(id: string, deps: Deps): Promise<Entry[]> {
  const res = await DisputeEntryEntity.query.byDispute({ tenantId: useTenant(), disputeId: id }).go({ pages: "all" });
  return res.data.sort((a, b) => a.seq - b.seq).map((e) => toEntry(e, deps));
}

function detail(d: Stored, deps: Deps, entries: Entry[]): Detail {
  const roles = rolesIn(d, deps);
  return { ...toInfo(d, deps), thread: entries, you: { roles, steps: stepsFor(d, roles) } };
}

export const ListInput = PageInput.extend({ open: z.enum(["true", "false"]).optional().meta({ description: "true: 未结束的；false: 已结束的 / true: not yet ended; false: ended" }) });

/** One page of the tenant's disputes, newest first; `open=true` only those not
 * yet ended (filtered within the page read, so a page may hold fewer than `limit`). */
export const list = fn(ListInput, async ({ open, ...pageInput }): Promise<Page<Info>> => {
  // Build the filtered query only when asked: ElectroDB's `where` changes the
  // chain it is called on, so an unused filter would still narrow the list.
  const q = () => DisputeEntity.query.byTenant({ tenantId: useTenant() });
  const query = open
    ? q().where((a, op) => {
        const ended = `(${Machine.Final.map((s) => op.eq(a.status, s)).join(" OR ")})`;
        return open === "true" ? `NOT ${ended}` : ended;
      })
    : q();
  const [res, deps] = await Promise.all([page(query, pageInput), departments()]);
  return mapPage(res, (d) => toInfo(d, deps));
});

export const fromID = fn(Id, async (id) => {
  const [d, deps] = await Promise.all([load(id), departments()]);
  return detail(d, deps, await thread(id, deps));
});

// ---------------------------------------------------------------- opening

const OpenFields = z.object({
  /** The catalogue item in dispute… */
  itemCode: ItemCode.optional(),
  /** …or, for something not yet in the catalogue (a new industry), what it is. */
  subject: z.string().trim().min(2).max(100).optional(),
  /** `overlap`: several departments claim it (or disclaim it to each other); `unclaimed`: no department claims it. */
  kind: z.enum(["overlap", "unclaimed"]).default("overlap"),
  departmentIds: z.array(DepId).min(1).max(20),
  /** Defaults to the opener's own department. */
  hostDepartmentId: DepId.optional(),
  reason: z.string().trim().min(5).max(2000),
});

export const OpenInput = OpenFields.superRefine((v, ctx) => {
  if (!!v.itemCode === !!v.subject) ctx.addIssue({ code: "custom", message: "dispute.item_or_subject", path: [v.itemCode ? "subject" : "itemCode"] });
  if (new Set(v.departmentIds).size !== v.departmentIds.length) ctx.addIssue({ code: "custom", message: "dispute.too_few_departments", path: ["departmentIds"] });
  if (v.kind === "overlap" && v.departmentIds.length < 2) ctx.addIssue({ code: "custom", message: "dispute.too_few_departments", path: ["departmentIds"] });
}).meta({
  id: "DisputeOpen",
  example: {
    subject: "低空经济（无人机航拍服务）",
    kind: "unclaimed",
    departmentIds: ["dep_01JD0000000000000000000000"],
    reason: "新业态尚无明确的监管部门，需明确牵头部门。",
  },
});

export const open = fn(OpenInput, async (input) => {
  const tenantId = useTenant();
  const actor = useActor();
  const deps = await departments();
  input.departmentIds.forEach((id, i) => activeDepartment(deps, id, `departmentIds.${i}`));
  const own = actingDepartment(actor);
  const host = input.hostDepartmentId ?? own;
  if (!host) throw new VisibleError("dispute.no_department", {}, 400, [{ field: "hostDepartmentId", rule: "required", message: translate("dispute.no_department", useLocale()) }]);
  if (host !== own && !input.departmentIds.includes(host)) throw fieldError("dispute.host_not_allowed", "hostDepartmentId");
  activeDepartment(deps, host, "hostDepartmentId");
  const item = input.itemCode ? await resolveItem(input.itemCode) : undefined;
  Machine.next(null, "open", []);

  const at = Clock.iso();
  const by = actorRef(actor);
  const d: Stored = {
    tenantId,
    id: createId("dsp"),
    kind: input.kind,
    ...(item ? { itemCode: item.code, itemName: item.name } : { subject: input.subject }),
    reason: input.reason,
    departmentIds: input.departmentIds,
    hostDepartmentId: host,
    status: "negotiating",
    openedBy: by,
    openedAt: at,
    updatedAt: at,
    version: 1,
  };
  const entry: DisputeEntryItem = { tenantId, disputeId: d.id, id: createId("pst"), seq: 1, step: "open", text: input.reason, by, departmentId: own, at };
  await commit({
    action: "dispute.open",
    target: { type: "dispute", id: d.id },
    state: d,
    summary: { item: d.itemCode ?? d.subject, departments: d.departmentIds.length },
    items: () => [Tx.put(DisputeEntity.create(d)), Tx.put(DisputeEntryEntity.create(entry))],
  });
  return detail(d, deps, [toEntry(entry, deps)]);
});

// ---------------------------------------------------------------- steps

const Version = z.number().int().positive();
const Text = (max: number) => z.string().trim().min(1).max(max);

interface Outcome {
  /** Attributes to set on the dispute, and to remove. */
  set?: Partial<Pick<Stored, "proposal" | "filing" | "escalation" | "outcome">>;
  remove?: ("proposal" | "filing")[];
  /** Override the machine's next state (accept by the last party → agreed). */
  lastAcceptance?: boolean;
  text?: string;
  detail?: Record<string, unknown>;
  summary?: Record<string, unknown>;
  /** Writes that belong to the same change (the item's lead department). */
  extra?: TxItem[];
}

/** One step: checked against the machine and the actor's roles, then the
 * dispute update, a thread entry and the audit event in one transaction. */
async function act(step: Exclude<Machine.Step, "open">, input: { id: string; version: number }, make: (d: Stored, deps: Deps, roles: Machine.Role[]) => Promise<Outcome> | Outcome) {
  const tenantId = useTenant();
  const [d, deps] = await Promise.all([load(input.id), departments()]);
  const roles = rolesIn(d, deps);
  Machine.next(d.status, step, roles);
  if (d.version !== input.version) throw new ConflictError();
  const out = await make(d, deps, roles);
  const status = Machine.next(d.status, step, roles, { lastAcceptance: out.lastAcceptance });
  const at = Clock.iso();
  const by = actorRef();
  const version = d.version + 1;
  const set = { ...out.set, status, updatedAt: at, version };
  const nextState: Stored = { ...d, ...set };
  for (const k of out.remove ?? []) delete nextState[k];
  const own = actingDepartment();
  const entry: DisputeEntryItem = {
    tenantId,
    disputeId: d.id,
    id: createId("pst"),
    seq: version,
    step,
    ...(out.text ? { text: out.text } : {}),
    ...(out.detail ? { detail: out.detail } : {}),
    by,
    ...(own ? { departmentId: own } : {}),
    at,
  };
  await commit({
    action: `dispute.${step}`,
    target: { type: "dispute", id: d.id },
    state: nextState,
    summary: { from: d.status, to: status, ...out.summary },
    items: () => [
      // The whole record, not an update expression: the event's state hash is the stored record's, re-checked by verify.
      Tx.put(DisputeEntity.put(nextState).where((a, op) => op.eq(a.version, input.version))),
      Tx.put(DisputeEntryEntity.create(entry)),
      ...(out.extra ?? []),
    ],
    onConditionFailed: () => new ConflictError(),
  });
  return detail(nextState, deps, await thread(d.id, deps));
}

const StepBase = z.object({ id: Id, version: Version });

/** The proposal on the table: the machine allows accept and confirm only in states that have one. */
function proposalOf(d: Stored): NonNullable<Stored["proposal"]> {
  if (!d.proposal) throw new Error(`dispute ${d.id} (${d.status}) has no proposal`);
  return d.proposal;
}

export const PostBody = z.object({ version: Version, text: Text(5000) }).meta({ id: "DisputePost", example: { version: 1, text: "我局认为该事项涉及场所安全，应由住建部门牵头。" } });
export const PostInput = StepBase.extend({ text: Text(5000) });
/** 发表意见: a party, the host or the establishment office writes in the thread. */
export const post = fn(PostInput, (input) => act("post", input, () => ({ text: input.text })));

export const ProposeBody = z
  .object({ version: Version, leadDepartmentId: DepId, terms: Text(2000) })
  .meta({ id: "DisputePropose", example: { version: 1, leadDepartmentId: "dep_01JD0000000000000000000000", terms: "由市场监管部门牵头，住建部门配合。" } });
export const ProposeInput = StepBase.extend({ leadDepartmentId: DepId, terms: Text(2000) });
/** 提出协商意见: a party proposes the lead department; the proposer accepts it at once. */
export const propose = fn(ProposeInput, (input) =>
  act("propose", input, (d) => {
    if (!d.departmentIds.includes(input.leadDepartmentId)) throw fieldError("dispute.lead_not_party", "leadDepartmentId");
    const by = actingDepartment()!;
    const acceptedBy = [by];
    const proposal = { leadDepartmentId: input.leadDepartmentId, terms: input.terms, proposedBy: by, acceptedBy, at: Clock.iso() };
    return {
      set: { proposal },
      lastAcceptance: d.departmentIds.every((id) => acceptedBy.includes(id)),
      text: input.terms,
      detail: { leadDepartmentId: input.leadDepartmentId },
      summary: { lead: input.leadDepartmentId },
    };
  }),
);

export const VersionBody = z.object({ version: Version }).meta({ id: "DisputeVersion", example: { version: 1 } });
export const AgreeInput = StepBase;
/** 同意协商意见: each party accepts; the last acceptance makes it agreed. */
export const agree = fn(AgreeInput, (input) =>
  act("accept", input, (d) => {
    const by = actingDepartment()!;
    const proposal = proposalOf(d);
    if (proposal.acceptedBy.includes(by)) throw new VisibleError("dispute.already_accepted", {}, 409);
    const now = [...proposal.acceptedBy, by];
    return {
      set: { proposal: { ...proposal, acceptedBy: now } },
      lastAcceptance: d.departmentIds.every((id) => now.includes(id)),
      summary: { accepted: now.length, of: d.departmentIds.length },
    };
  }),
);

export const ReasonBody = z.object({ version: Version, reason: Text(2000) }).meta({ id: "DisputeReason", example: { version: 1, reason: "双方分歧较大，提请编办协调。" } });
export const DeclineInput = StepBase.extend({ reason: Text(2000) });
/** 不同意协商意见: the proposal is dropped; negotiation goes on. */
export const decline = fn(DeclineInput, (input) =>
  act("decline", input, (d) => {
    const by = actingDepartment()!;
    if (d.proposal?.acceptedBy?.includes(by)) throw new VisibleError("dispute.already_accepted", {}, 409);
    return { remove: ["proposal"], text: input.reason, detail: { proposal: d.proposal } };
  }),
);

export const NoteBody = z.object({ version: Version, note: Text(2000).optional() }).meta({ id: "DisputeNote", example: { version: 1, note: "协商一致，报请备案。" } });
export const FileInput = StepBase.extend({ note: Text(2000).optional() });
/** 报编办备案: the host files the agreement with the establishment office. */
export const fileAgreement = fn(FileInput, (input) =>
  act("file", input, (d) => ({
    set: { filing: { at: Clock.iso(), by: actorRef(), ...(input.note ? { note: input.note } : {}) } },
    text: input.note,
    summary: { lead: d.proposal?.leadDepartmentId },
  })),
);

export const ConfirmInput = StepBase.extend({ note: Text(2000).optional() });
/** 确认备案: the establishment office confirms; the agreed lead department is set for the item. */
export const confirm = fn(ConfirmInput, (input) =>
  act("confirm", input, async (d) => {
    const lead = proposalOf(d).leadDepartmentId;
    const extra = await leadDecision(d, lead);
    return {
      set: { outcome: { how: "agreement", leadDepartmentId: lead, ...(input.note ? { reasoning: input.note } : {}), assignmentUpdated: extra.length > 0, at: Clock.iso(), by: actorRef() } },
      text: input.note,
      detail: { leadDepartmentId: lead },
      summary: { lead, item: d.itemCode ?? d.subject },
      extra,
    };
  }),
);

export const RejectInput = StepBase.extend({ reason: Text(2000) });
/** 退回备案: the establishment office sends the filing back; negotiation starts again. */
export const reject = fn(RejectInput, (input) =>
  act("reject", input, (d) => ({ remove: ["proposal", "filing"], text: input.reason, detail: { proposal: d.proposal } })),
);

export const EscalateInput = StepBase.extend({ reason: Text(2000) });
/** 提请编办协调: the host escalates when the parties do not agree. */
export const escalate = fn(EscalateInput, (input) =>
  act("escalate", input, () => ({ remove: ["proposal"], set: { escalation: { at: Clock.iso(), by: actorRef(), reason: input.reason } }, text: input.reason })),
);

export const DecideBody = z
  .object({ version: Version, leadDepartmentId: DepId, reasoning: Text(2000) })
  .meta({ id: "DisputeDecide", example: { version: 1, leadDepartmentId: "dep_01JD0000000000000000000000", reasoning: "依据部门职责规定，由市场监管部门牵头。" } });
export const DecideInput = StepBase.extend({ leadDepartmentId: DepId, reasoning: Text(2000) });
/** 作出裁定: the establishment office names the lead department (any active department of the tenant). */
export const decide = fn(DecideInput, (input) =>
  act("decide", input, async (d, deps) => {
    activeDepartment(deps, input.leadDepartmentId, "leadDepartmentId");
    const extra = await leadDecision(d, input.leadDepartmentId);
    return {
      set: { outcome: { how: "decision", leadDepartmentId: input.leadDepartmentId, reasoning: input.reasoning, assignmentUpdated: extra.length > 0, at: Clock.iso(), by: actorRef() } },
      text: input.reasoning,
      detail: { leadDepartmentId: input.leadDepartmentId },
      summary: { lead: input.leadDepartmentId, item: d.itemCode ?? d.subject },
      extra,
    };
  }),
);

export const WithdrawInput = StepBase.extend({ reason: Text(2000) });
/** 撤回争议: the host withdraws it before it is agreed or escalated. */
export const withdraw = fn(WithdrawInput, (input) =>
  act("withdraw", input, () => ({
    remove: ["proposal"],
    set: { outcome: { how: "withdrawn", reasoning: input.reason, assignmentUpdated: false, at: Clock.iso(), by: actorRef() } },
    text: input.reason,
  })),
);
