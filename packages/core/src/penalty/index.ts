export * as Penalty from "./index";

import * as z from "zod";
import { ItemCode } from "../catalogue/item";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { commit } from "../outbox/commit";
import { Tx } from "../dynamo/tx";
import { CreditCode } from "../entity/credit-code";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { Department } from "../department";
import { Policy } from "../policy";
import { Recognition } from "../recognition";
import { factHash, normaliseFact } from "../recognition/rules";
import { Tenant } from "../tenant";
import { fn } from "../util/fn";
import { createId, idSchema } from "../util/id";
import { PenaltyEntity, PenaltyFactEntity, type PenaltyItem } from "./penalty.entity";

/** 行政处罚 with 一事不二罚 (行政处罚法 Art. 29): a violation fact already
 * penalised anywhere in the province is not penalised again.
 *
 * Cross-region flow, synchronous by design: the deciding tenant claims the
 * fact in the province registry (`350000#penalty-fact#<credit code>`, one item
 * per normalised fact) with a conditional put inside its own commit. Two
 * tenants deciding on the same fact at the same moment race on that one item:
 * DynamoDB lets exactly one transaction create it and the other is refused,
 * naming the first decision (tenant, decision number, date). The claim carries
 * only that; the penalty file stays in the deciding tenant's partition. A
 * penalty is also an enforcement result: it is recorded for recognition
 * through the recognition queue like a closed inspection. */

export const Id = idSchema("pen");
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "recognition.date_format" });

export const Measures = ["warning", "fine", "confiscation", "suspension", "revocation", "detention-of-goods", "other"] as const;
export const Measure = z.enum(Measures);

export const Fact = z.object({
  itemCode: ItemCode,
  /** The clause broken, e.g. 《食品安全法》第一百二十四条第一款. */
  clause: z.string().trim().min(2).max(200),
  /** The Beijing date of the act. */
  actDate: IsoDate,
  description: z.string().trim().min(2).max(2000),
});

export const Info = z
  .object({
    id: Id,
    creditCode: z.string(),
    entityName: z.string(),
    fact: Fact,
    decisionNo: z.string(),
    decidedOn: z.string(),
    measure: Measure,
    amount: z.number().optional(),
    departmentId: z.string().optional(),
    recognitionId: z.string().optional(),
    recordedBy: z.object({ id: z.string(), name: z.string() }).loose(),
    recordedAt: z.string(),
  })
  .meta({ id: "Penalty" });
export type Info = z.infer<typeof Info>;

/** The one mapping of a stored penalty to what the API shows: the row's own fields, checked against Info. */
function toInfo(r: PenaltyItem): Info {
  return Info.parse({ ...r, recordedBy: { id: r.recordedBy.id, name: r.recordedBy.name } } satisfies z.input<typeof Info>);
}

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
  })
  .refine((v) => v.measure !== "fine" || v.amount !== undefined, { message: "penalty.amount_required", path: ["amount"] })
  .meta({
    id: "PenaltyRecord",
    example: {
      creditCode: "91350102MA2Y1A2B3B",
      entityName: "福州示例食品销售有限公司",
      fact: { itemCode: "FJ-SP-001", clause: "《食品安全法》第一百二十四条第一款", actDate: "2026-11-02", description: "销售超过保质期的预包装食品" },
      decisionNo: "示例市监罚〔2026〕1号",
      measure: "fine",
      amount: 5000,
    },
  });

/** The first decision on a fact, as named in a refusal. */
export interface FirstDecision {
  tenantId: string;
  tenantName: string;
  decisionNo: string;
  decidedOn: string;
}

class FactTaken extends Error {}

/** Who decided on this fact first, if anyone did. */
export async function firstDecision(creditCode: string, fact: z.input<typeof Fact>): Promise<FirstDecision | undefined> {
  const hash = factHash(creditCode, fact);
  const claim = (await PenaltyFactEntity.get({ creditCode: creditCode.toUpperCase(), factHash: hash }).go({ consistent: true })).data;
  if (!claim) return undefined;
  return { tenantId: claim.tenantId, tenantName: Tenant.nameOf(claim.tenantId), decisionNo: claim.decisionNo, decidedOn: claim.decidedOn };
}

function alreadyPenalised(first: FirstDecision) {
  return new VisibleError("penalty.already_penalised", { tenant: first.tenantName, decisionNo: first.decisionNo, date: first.decidedOn }, 409, first);
}

export const record = fn(RecordInput, async (input) => {
  const tenantId = useTenant();
  const actor = useActor();
  const first = await firstDecision(input.creditCode, input.fact);
  if (first) throw alreadyPenalised(first);
  const now = Clock.now();
  const decidedOn = input.decidedOn ?? Policy.shanghaiDate(now);
  const hash = factHash(input.creditCode, input.fact);
  const departmentId = actor.type === "user" ? actor.departmentId : undefined;
  const department = departmentId ? await Department.fromID(departmentId).catch(() => undefined) : undefined;
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
  const penalty = {
    tenantId,
    id,
    creditCode: input.creditCode,
    entityName: input.entityName,
    fact: input.fact,
    factHash: hash,
    decisionNo: input.decisionNo,
    decidedOn,
    measure: input.measure,
    amount: input.amount,
    departmentId: department?.id,
    recognitionId: recognition.info.id,
    recordedBy: actorRef(actor),
    recordedAt: now.toISOString(),
  };
  const claim = {
    creditCode: input.creditCode,
    factHash: hash,
    fact: normaliseFact(input.creditCode, input.fact),
    tenantId,
    decisionNo: input.decisionNo,
    decidedOn,
    claimedAt: now.toISOString(),
  };
  try {
    await commit({
      action: "penalty.record",
      target: { type: "penalty", id },
      state: penalty,
      summary: { creditCode: penalty.creditCode, decisionNo: penalty.decisionNo, factHash: hash, measure: penalty.measure, amount: penalty.amount },
      items: () => [
        Tx.put(PenaltyEntity.create(penalty)),
        // The claim: created only if no one holds it (ElectroDB's create is a conditional put).
        Tx.put(PenaltyFactEntity.create(claim)),
        ...recognition.items(),
      ],
      messages: [recognition.message],
      onConditionFailed: (index) => (index === 1 ? new FactTaken() : new ConflictError()),
    });
  } catch (err) {
    if (!(err instanceof FactTaken)) throw err;
    const winner = await firstDecision(input.creditCode, input.fact);
    throw winner ? alreadyPenalised(winner) : new ConflictError();
  }
  return toInfo(penalty);
});

export async function list(): Promise<Info[]> {
  const res = await PenaltyEntity.query.byTenant({ tenantId: useTenant() }).go({ pages: "all" });
  return res.data.map(toInfo).sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
}

export const fromID = fn(Id, async (id) => {
  const res = await PenaltyEntity.get({ tenantId: useTenant(), id }).go();
  if (!res.data) throw new NotFoundError("penalty.not_found");
  return toInfo(res.data);
});
