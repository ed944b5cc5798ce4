export * as Penalty from "./index";

import * as z from "zod";
import { IsoDate } from "../util/date";
import { ItemCode } from "../catalogue/item";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { commit } from "../outbox/commit";
import { Tx } from "../dynamo/tx";
import { CreditCode } from "../entity/credit-code";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { Credit } from "../credit";
import { Department } from "../department";
import { Disclosure } from "../disclosure";
import { Enforcement } from "../enforcement";
import { Policy } from "../policy";
import { Recognition } from "../recognition";
import { Tenant } from "../tenant";
import { fn } from "../util/fn";
import { canonicalJson, sha256 } from "../util/hash";
import { createId, idSchema } from "../util/id";
import { PenaltyEntity, PenaltyFactEntity, PenaltyPartyEntity, PenaltyVisitEntity, type ClaimItem, type PenaltyItem } from "./penalty.entity";
import {
  actIdentity,
  compare,
  daysBetween,
  decisionCovers,
  isFine,
  MAX_PERIOD_DAYS,
  MIN_DECISION_REASON,
  normaliseText,
  registryWindow,
  type ActInput,
  type MatchReason,
} from "./rules";

export { MIN_DECISION_REASON, normaliseText } from "./rules";

/** 行政处罚 and "same act, one fine" (行政处罚法 Art. 29, RULES.md).
 *
 * A fine claims its act in the province-wide registry of fine claims
 * (`350000#penalty-fact#<credit code>`, partitioned by party): one item per
 * act, identified by the party, the act's date or period and the normalised
 * conduct — the law and item cited are context only, so another department
 * citing its own law for the same act is refused, whatever the wording. The
 * claim is a conditional put in the fine's own commit, so two regions fining
 * one act at the same moment cannot both succeed. Earlier fines on the same
 * party with overlapping dates, or on the same item close in time, are near
 * matches: shown to the officer, and the fine goes through only with a
 * recorded decision (a reason, stored and audited) covering each of them. A
 * per-party sequence item in the same partition is bumped by every fine, so
 * two fines on one party commit one after the other and neither misses the
 * other's near match. Other kinds of penalty (warning, confiscation, licence
 * measures) never touch the registry: a fine never blocks them.
 *
 * A penalty belongs to the acting officer's department (from the verified
 * token); officers list and read their own department's, the tenant's admins
 * and auditors all of them. A penalty is also an enforcement result, recorded
 * for recognition through the recognition queue. */

export const Id = idSchema("pen");
// The one date rule of every input (util/date.ts).

export const Measures = ["warning", "fine", "confiscation", "suspension", "revocation", "detention-of-goods", "other"] as const;
export const Measure = z.enum(Measures);

export const Fact = z
  .object({
    itemCode: ItemCode,
    /** The clause broken, e.g. 《食品安全法》第一百二十四条第一款 (context; shown, never the act's identity). */
    clause: z.string().trim().min(2).max(200),
    /** The Beijing date of the act, or the first day of a continuing act. */
    actDate: IsoDate,
    /** The last day of a continuing act (连续或者继续状态), inclusive. */
    actUntil: IsoDate.optional(),
    /** The conduct (违法行为) in a few words; with the party and the dates it identifies the act. The description stands for it when absent. */
    conduct: z.string().trim().min(2).max(200).optional(),
    description: z.string().trim().min(2).max(2000),
  })
  .refine((f) => !f.actUntil || f.actUntil >= f.actDate, { message: "penalty.period_order", path: ["actUntil"] })
  .refine((f) => !f.actUntil || daysBetween(f.actDate, f.actUntil) <= MAX_PERIOD_DAYS, { message: "penalty.period_too_long", path: ["actUntil"], params: { max: MAX_PERIOD_DAYS } })
  .refine((f) => normaliseText(f.conduct ?? f.description).length >= 2, { message: "penalty.conduct_empty", path: ["conduct"] });
export type Fact = z.infer<typeof Fact>;

/** An earlier fine as a refusal or a near match shows it: only what the registry shares. */
export const Match = z
  .object({
    /** The registry's key of the earlier act; a decision names the keys it covers. */
    key: z.string(),
    tenantId: z.string(),
    tenantName: z.string(),
    departmentName: z.string().optional(),
    decisionNo: z.string(),
    decidedOn: z.string(),
    actFrom: z.string(),
    actTo: z.string(),
    itemCode: z.string(),
    clause: z.string(),
    conduct: z.string(),
    reasons: z.array(z.enum(["same-act", "dates", "items", "conduct", "clause"])),
  })
  .meta({ id: "PenaltyMatch" });
export type Match = z.infer<typeof Match>;

export const Info = z
  .object({
    id: Id,
    creditCode: z.string(),
    entityName: z.string(),
    fact: z.object({
      itemCode: z.string(),
      clause: z.string(),
      actDate: z.string(),
      actUntil: z.string().optional(),
      conduct: z.string().optional(),
      description: z.string(),
    }),
    decisionNo: z.string(),
    decidedOn: z.string(),
    measure: Measure,
    amount: z.number().optional(),
    departmentId: z.string().optional(),
    departmentName: z.string().optional(),
    recognitionId: z.string().optional(),
    /** The officer's recorded decision to fine although earlier fines were near matches. */
    nearMatchDecision: z
      .object({ reason: z.string(), matches: z.array(Match), decidedBy: z.object({ id: z.string(), name: z.string() }).loose() })
      .optional(),
    recordedBy: z.object({ id: z.string(), name: z.string() }).loose(),
    recordedAt: z.string(),
  })
  .meta({ id: "Penalty" });
export type Info = z.infer<typeof Info>;

/** The one mapping of a stored penalty to what the API shows: the row's own fields, checked against Info. */
function toInfo({ owner: _owner, ...r }: PenaltyItem): Info {
  return Info.parse({ ...r, recordedBy: { id: r.recordedBy.id, name: r.recordedBy.name } } satisfies z.input<typeof Info>);
}

export const NearMatchDecision = z.object({
  /** Why this is another act (or why the fine stands): stored with the penalty and audited. */
  reason: z.string().trim().min(MIN_DECISION_REASON).max(500),
  /** The keys of the near matches shown (from the 409); each near match must be covered. */
  matches: z.array(z.string().max(100)).max(200),
});

export const RecordInput = z
  .object({
    creditCode: CreditCode,
    entityName: z.string().trim().min(2).max(100),
    fact: Fact,
    /** 处罚决定书文号, e.g. 鼓市监罚〔2026〕15号. */
    decisionNo: z.string().trim().min(4).max(60),
    /** The decision's Beijing date; today when omitted. */
    decidedOn: IsoDate.optional(),
    measure: Measure,
    /** Yuan; required for a fine. */
    amount: z.number().positive().max(1e10).optional(),
    /** Required for a fine with near matches: the officer's recorded decision. */
    nearMatchDecision: NearMatchDecision.optional(),
    /** The joint visit whose result (立案) this penalty decides; the visit shows it (Visit.fromID). */
    visitId: idSchema("vst").optional(),
    /** 一公开: an ordinary-procedure penalty is published (warnings never); a summary-procedure one (简易程序) is not. Default ordinary. */
    procedure: z.enum(["ordinary", "summary"]).optional(),
  })
  .refine((v) => v.measure !== "fine" || v.amount !== undefined, { message: "penalty.amount_required", path: ["amount"] })
  .meta({
    id: "PenaltyRecord",
    example: {
      creditCode: "91350102MA2Y1A2B3B",
      entityName: "福州示例食品销售有限公司",
      fact: {
        itemCode: "FJ-SP-001",
        clause: "《食品安全法》第一百二十四条第一款",
        actDate: "2026-11-02",
        conduct: "销售超过保质期的预包装食品",
        description: "2026年11月2日现场检查发现货架上陈列超过保质期的预包装食品 12 件",
      },
      decisionNo: "示例市监罚〔2026〕1号",
      measure: "fine",
      amount: 5000,
    },
  });

/** The first decision on an act, as named in a refusal. */
export interface FirstDecision {
  tenantId: string;
  tenantName: string;
  decisionNo: string;
  decidedOn: string;
}

/** What of a fact identifies its act. */
function actOf(creditCode: string, fact: z.output<typeof Fact>): ActInput {
  return {
    creditCode,
    actDate: fact.actDate,
    actUntil: fact.actUntil,
    conduct: fact.conduct ?? fact.description,
    itemCode: fact.itemCode,
    clause: fact.clause,
  };
}

function actKeyOf(act: ActInput): string {
  return sha256(canonicalJson(actIdentity(act))).slice(0, 32);
}

function toMatch(c: ClaimItem, reasons: MatchReason[]): Match {
  return {
    key: c.actKey,
    tenantId: c.tenantId,
    tenantName: Tenant.nameOf(c.tenantId),
    departmentName: c.departmentName,
    decisionNo: c.decisionNo,
    decidedOn: c.decidedOn,
    actFrom: c.actFrom,
    actTo: c.actTo,
    itemCode: c.itemCode,
    clause: c.clause,
    conduct: c.conduct,
    reasons,
  };
}

/** A bound on one registry read: a party with more fines than this near one act is not a real case. */
const MAX_CLAIM_PAGES = 10;
const CLAIM_PAGE = 100;

/** The party's fines the new one must be compared with (one key range of its registry partition, in pages), and the party's sequence. */
async function compareWithRegistry(act: ActInput): Promise<{ same?: Match; near: Match[]; seq: number }> {
  const creditCode = act.creditCode.toUpperCase();
  const head = (await PenaltyPartyEntity.get({ creditCode }).go({ consistent: true })).data;
  const window = registryWindow(act);
  const near: Match[] = [];
  let same: Match | undefined;
  let cursor: string | null = null;
  for (let page = 0; page < MAX_CLAIM_PAGES; page++) {
    const res: { data: ClaimItem[]; cursor: string | null } = await PenaltyFactEntity.query
      .byFact({ creditCode })
      .between({ actFrom: window.from }, { actFrom: window.to + "~" })
      .go({ consistent: true, limit: CLAIM_PAGE, cursor });
    for (const claim of res.data) {
      const c = compare(act, { ...claim, key: claim.actKey });
      if (c.sameAct) same ??= toMatch(claim, c.reasons);
      else if (c.reasons.length) near.push(toMatch(claim, c.reasons));
    }
    cursor = res.cursor;
    if (!cursor) break;
  }
  near.sort((a, b) => b.actFrom.localeCompare(a.actFrom) || a.key.localeCompare(b.key));
  return { same, near, seq: head?.seq ?? 0 };
}

/** Earlier fines on this party the given fine would be compared with: the same act, and the near matches. */
export const matches = fn(z.object({ creditCode: CreditCode, fact: Fact }), async (input) => {
  const { same, near } = await compareWithRegistry(actOf(input.creditCode, input.fact));
  return { sameAct: same ?? null, near };
});

function alreadyPenalised(first: Match) {
  const details: FirstDecision & { match: Match } = { tenantId: first.tenantId, tenantName: first.tenantName, decisionNo: first.decisionNo, decidedOn: first.decidedOn, match: first };
  return new VisibleError("penalty.already_penalised", { tenant: first.tenantName, decisionNo: first.decisionNo, date: first.decidedOn }, 409, details);
}

function nearMatchesFound(near: Match[], stale: boolean) {
  return new VisibleError(stale ? "penalty.near_matches_changed" : "penalty.near_matches", { count: near.length, min: MIN_DECISION_REASON }, 409, {
    field: "nearMatchDecision",
    rule: "penalty.near_matches",
    nearMatches: near,
  });
}

class ActTaken extends Error {}
class PartyMoved extends Error {}

/** How often a fine is retried when another fine on the same party committed in between. */
const MAX_ATTEMPTS = 6;

export const record = fn(RecordInput, async (input) => {
  const tenantId = useTenant();
  const actor = useActor();
  const scope = Department.scopeOf(actor);
  // The penalty is the acting officer's department's, from the verified token; an officer of none cannot record one.
  const departmentId = actor.type === "user" ? actor.departmentId : undefined;
  if (!scope.all && !departmentId) throw new VisibleError("penalty.department_required", {}, 403);
  const department = departmentId ? await Department.find(departmentId) : undefined;
  // 分批下放: a township (or any body) penalises only within its listed items.
  if (departmentId) await Enforcement.assertMayAct(departmentId, [input.fact.itemCode], { purpose: "penalty", on: input.decidedOn });
  const act = actOf(input.creditCode, input.fact);
  const actKey = actKeyOf(act);
  const identity = actIdentity(act);
  const fine = isFine(input.measure);

  for (let attempt = 1; ; attempt++) {
    let near: Match[] = [];
    let seq = 0;
    if (fine) {
      const found = await compareWithRegistry(act);
      if (found.same) throw alreadyPenalised(found.same);
      near = found.near;
      seq = found.seq;
      const decision = input.nearMatchDecision;
      if (near.length && !(decision && decisionCovers(decision.matches, near.map((m) => m.key)))) throw nearMatchesFound(near, !!decision);
    }
    const now = Clock.now();
    const decidedOn = input.decidedOn ?? Policy.shanghaiDate(now);
    const id = createId("pen");
    const recognition = Recognition.issue({
      creditCode: input.creditCode,
      entityName: input.entityName,
      itemCodes: [input.fact.itemCode],
      outcome: "penalised",
      at: now,
      validDays: Policy.current().recognition.penaltyValidity.duration.amount,
      issuingDepartment: department?.name,
      source: "penalty",
      sourceId: id,
    });
    const nearMatchDecision = near.length ? { reason: input.nearMatchDecision!.reason, matches: near, decidedBy: actorRef(actor) } : undefined;
    const penalty = {
      tenantId,
      id,
      creditCode: input.creditCode,
      entityName: input.entityName,
      fact: input.fact,
      factHash: actKey,
      decisionNo: input.decisionNo,
      decidedOn,
      measure: input.measure,
      amount: input.amount,
      departmentId,
      departmentName: department?.name,
      owner: departmentId ?? "-",
      recognitionId: recognition.info.id,
      nearMatchDecision,
      ...(input.visitId ? { visitId: input.visitId } : {}),
      recordedBy: actorRef(actor),
      recordedAt: now.toISOString(),
    };
    const creditCode = identity.party;
    const claim = {
      creditCode,
      actFrom: identity.from,
      actTo: identity.to,
      actKey,
      conduct: act.conduct,
      conductKey: identity.conduct,
      itemCode: act.itemCode.toUpperCase(),
      clause: act.clause,
      clauseKey: normaliseText(act.clause),
      tenantId,
      departmentName: department?.name,
      decisionNo: input.decisionNo,
      decidedOn,
      claimedAt: now.toISOString(),
    };
    try {
      await commit({
        action: nearMatchDecision ? "penalty.record_near_match" : "penalty.record",
        target: { type: "penalty", id },
        state: penalty,
        summary: {
          creditCode: penalty.creditCode,
          decisionNo: penalty.decisionNo,
          factHash: actKey,
          measure: penalty.measure,
          amount: penalty.amount,
          ...(nearMatchDecision ? { reason: nearMatchDecision.reason, matches: near.map((m) => `${m.tenantName} ${m.decisionNo}`).join("、") } : {}),
        },
        items: () => [
          Tx.put(PenaltyEntity.create(penalty)),
          ...(fine
            ? [
                // The claim: created only if no one holds this act (ElectroDB's create is a conditional put).
                Tx.put(PenaltyFactEntity.create(claim)),
                // The party's sequence: moved only from the value this fine was compared at.
                seq === 0
                  ? Tx.put(PenaltyPartyEntity.create({ creditCode, seq: 1 }))
                  : Tx.update(
                      PenaltyPartyEntity.patch({ creditCode })
                        .set({ seq: seq + 1 })
                        .where((a, op) => op.eq(a.seq, seq)),
                    ),
              ]
            : []),
          ...recognition.items(),
          // Last, so the indexes above keep their meaning: the link the visit shows (立案 → this penalty).
          ...(input.visitId ? [Tx.put(PenaltyVisitEntity.put({ tenantId, visitId: input.visitId, penaltyId: id, itemCode: input.fact.itemCode }))] : []),
          // 一公开: pending publication, due 20 working days after the decision (warnings and summary procedure: nothing).
          ...Disclosure.pendingFor({
            kind: "penalty",
            sourceId: id,
            creditCode: penalty.creditCode,
            entityName: penalty.entityName,
            bodies: [department?.name ?? Tenant.nameOf(tenantId)],
            occurredOn: decidedOn,
            departmentId,
            penalty: { decisionNo: penalty.decisionNo, measure: penalty.measure, amount: penalty.amount, clause: input.fact.clause, conduct: input.fact.conduct, procedure: input.procedure ?? "ordinary" },
          }),
        ],
        messages: [recognition.message],
        onConditionFailed: (index) => (index === 1 ? new ActTaken() : index === 2 ? new PartyMoved() : new ConflictError()),
      });
      // 信用风险分类: the penalty is a credit record; regrading never undoes the penalty.
      await Credit.note({ creditCode: penalty.creditCode, kind: "penalty", outcome: penalty.measure, at: penalty.decidedOn, ref: penalty.decisionNo, sourceId: penalty.id }).catch(() => undefined);
      return toInfo(penalty);
    } catch (err) {
      // Another fine on this party committed first: compare again with it in view.
      if ((err instanceof ActTaken || err instanceof PartyMoved) && attempt < MAX_ATTEMPTS) continue;
      if (err instanceof ActTaken || err instanceof PartyMoved) throw new ConflictError();
      throw err;
    }
  }
});

export const ListInput = z.object({
  /** The `cursor` of the previous page. */
  cursor: Id.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** The penalties recorded from a visit (its 立案 results), by item: a visit has a few. */
export async function ofVisit(visitId: string): Promise<{ id: string; itemCode: string }[]> {
  const res = await PenaltyVisitEntity.query.byVisit({ tenantId: useTenant(), visitId }).go({ limit: 100 });
  return res.data.map((p) => ({ id: p.penaltyId, itemCode: p.itemCode ?? "" }));
}

/** Penalties of the tenant, newest first, a page at a time: an officer sees
 * their own department's, the tenant's admins and auditors all of them. */
export async function list(input: z.input<typeof ListInput> = {}): Promise<{ items: Info[]; cursor: string | null }> {
  const parsed = ListInput.safeParse(input);
  if (!parsed.success) throw new VisibleError("penalty.cursor", {}, 400, [{ field: "cursor", rule: "penalty.cursor" }]);
  const { cursor, limit } = parsed.data;
  const tenantId = useTenant();
  const scope = Department.scopeOf();
  const departmentId = Department.ownDepartment(scope);
  if (!scope.all && !departmentId) return { items: [], cursor: null };
  const query = scope.all ? PenaltyEntity.query.byTenant({ tenantId }) : PenaltyEntity.query.byDepartment({ tenantId, owner: departmentId! });
  const ranged = cursor ? query.lt({ id: cursor }) : query;
  // One more than the page tells whether another page follows.
  const res = await ranged.go({ order: "desc", limit: limit + 1 });
  const rows = res.data.slice(0, limit);
  return { items: rows.map(toInfo), cursor: res.data.length > limit ? rows[rows.length - 1]!.id : null };
}

/** One penalty; another department's is not found for an officer (nothing of it is revealed). */
export const fromID = fn(Id, async (id) => {
  const res = await PenaltyEntity.get({ tenantId: useTenant(), id }).go();
  if (!res.data || !Department.owns(res.data.departmentId)) throw new NotFoundError("penalty.not_found");
  return toInfo(res.data);
});
