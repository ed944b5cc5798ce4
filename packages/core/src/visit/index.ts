export * as Visit from "./index";

import * as z from "zod";
import { Business } from "../business";
import { Catalogue } from "../catalogue";
import { ItemCode } from "../catalogue/item";
import { Clock } from "../clock";
import { actorRef, useActor, useLocale, useTenant, type Actor } from "../context";
import { Credit } from "../credit";
import { Department } from "../department";
import { Draw } from "../draw";
import { Tx, type TxItem } from "../dynamo/tx";
import { Enforcement } from "../enforcement";
import { CreditCode } from "../entity/credit-code";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { Disclosure } from "../disclosure";
import { Evidence } from "../evidence";
import { translate } from "../i18n/index";
import { Inspection } from "../inspection";
import { Inspector } from "../inspector";
import { commit, type OutgoingMessage } from "../outbox/commit";
import { Penalty } from "../penalty";
import { Plan } from "../plan";
import { Policy } from "../policy";
import { deadline, shanghaiDate } from "../policy/deadline";
import { Recognition } from "../recognition";
import { Referral } from "../referral";
import { Tenant } from "../tenant";
import { Warning } from "../warning";
import { IsoDate } from "../util/date";
import { fieldError } from "../util/field-error";
import { fn } from "../util/fn";
import { sha256 } from "../util/hash";
import { createId, idSchema } from "../util/id";
import { mapPage, page, PageInput, type Page } from "../util/page";
import {
  checklistLines,
  exemptFromCap,
  figures,
  joinable,
  newCode,
  newest,
  OriginKinds,
  Outcomes,
  overlaps,
  recognitionOutcome,
  SIGNATURES_NEEDED,
  Statuses,
  takesAnswers,
  takesResults,
  tenantOfCode,
  type Line,
} from "./rules";
import {
  VisitAnswerEntity,
  VisitBusinessYearEntity,
  VisitChecklistEntity,
  VisitDepartmentEntity,
  VisitEntity,
  VisitFileEntity,
  VisitReportEntity,
  VisitYearEntity,
  RateWindowEntity,
  type StoredBody,
  type StoredInspector,
  type StoredResult,
  type CapMark,
  type VisitAnswerItem,
  type VisitItem,
  type VisitReportItem,
} from "./visit.entity";

export { CODE_PATTERN, exemptFromCap, Outcomes, Statuses } from "./rules";

/** 综合查一次、一表通查、扫码入企 (RULES.md "Inspections of businesses"): one
 * visit to a business covers every body's items in a window — a task from a
 * draw, a plan, a case or a clue joins an open visit of the same business with
 * an overlapping window instead of making a second. Only listed bodies, listed
 * items and certified, unconflicted officers; counted against each body's
 * yearly cap (case and special checks excepted). Approved by the head before
 * (an emergency after, recorded as such), the business told the items, the
 * inspectors and its right to ask for recusal; one combined checklist from the
 * items' work guides answered by each body's own inspectors (idempotent by the
 * device's clientId, files checked by hash); results per item signed by two
 * inspectors; closing sends recognisable results to the registry, results to
 * credit records and disclosure, and counts the year's figures — all in the
 * closing commit. A registered code opens a public page, no sign-in. */

export const Id = idSchema("vst");
export const ReportId = idSchema("vrp");
const MAX_BODIES = 10;

const Ref = z.object({ id: z.string(), name: z.string() });
const Window = z.object({ from: z.string(), to: z.string() });
const FileRef = z.object({ sha256: z.string(), name: z.string(), size: z.number().int(), type: z.string() });

export const Info = z
  .object({
    id: Id,
    code: z.string(),
    tenantId: z.string(),
    tenantName: z.string(),
    status: z.enum(Statuses),
    origin: z.object({ kind: z.enum(OriginKinds), ref: z.string().optional() }),
    creditCode: z.string(),
    entityName: z.string(),
    window: Window,
    emergency: z.boolean(),
    bodies: z.array(z.object({ bodyId: z.string(), bodyName: z.string(), departmentId: z.string(), itemCodes: z.array(z.string()), inspectorIds: z.array(z.string()) })),
    inspectors: z.array(z.object({ id: z.string(), name: z.string(), certificateNo: z.string(), bodyId: z.string() })),
    approval: z.object({ by: Ref, at: z.string(), afterTheFact: z.boolean() }).optional(),
    notice: z.object({ at: z.string(), recusalRight: z.literal(true) }).optional(),
    signatures: z.array(z.object({ inspectorId: z.string(), name: z.string(), at: z.string() })),
    results: z.array(
      z.object({
        itemCode: z.string(),
        itemName: z.string(),
        bodyId: z.string(),
        outcome: z.enum(Outcomes),
        rectifyBy: z.string().optional(),
        recheck: z.object({ at: z.string(), outcome: z.enum(["pass", "fail"]), note: z.string() }).optional(),
        note: z.string().optional(),
        recognisable: z.boolean().optional(),
        recognitionId: z.string().optional(),
        penaltyId: z.string().optional(),
        referralId: z.string().optional(),
      }),
    ),
    rating: z.object({ stars: z.number().int(), comment: z.string().optional(), at: z.string() }).optional(),
    version: z.number().int(),
  })
  .meta({ id: "Visit" });
export type Info = z.infer<typeof Info>;

/** Links from the penalty and criminal-transfer flows, by item (filled on read). */
export interface Links {
  penalties: { id: string; itemCode: string }[];
  referrals: { id: string; itemCode?: string }[];
}

function toInfo(r: VisitItem, links: Links = { penalties: [], referrals: [] }): Info {
  const usedReferrals = new Set<string>();
  return Info.parse({
    id: r.id,
    code: r.code,
    tenantId: r.tenantId,
    tenantName: Tenant.nameOf(r.tenantId),
    status: r.status,
    origin: r.origin,
    creditCode: r.creditCode,
    entityName: r.entityName,
    window: { from: r.windowFrom, to: r.windowTo },
    emergency: r.emergency,
    bodies: r.bodies.map((b) => ({ bodyId: b.bodyId, bodyName: b.bodyName, departmentId: b.departmentId, itemCodes: b.itemCodes, inspectorIds: b.inspectorIds })),
    inspectors: r.inspectors.map((i) => ({ id: i.id, name: i.name, certificateNo: i.certificateNo, bodyId: i.bodyId })),
    ...(r.approval ? { approval: r.approval } : {}),
    ...(r.notice ? { notice: { at: r.notice.at, recusalRight: true } } : {}),
    signatures: r.signatures,
    results: r.results.map((x) => {
      const penaltyId = x.outcome === "case" ? links.penalties.find((p) => p.itemCode === x.itemCode)?.id : undefined;
      let referralId: string | undefined;
      if (x.outcome === "transfer") {
        referralId = (links.referrals.find((l) => l.itemCode === x.itemCode) ?? links.referrals.find((l) => !l.itemCode && !usedReferrals.has(l.id)))?.id;
        if (referralId) usedReferrals.add(referralId);
      }
      return {
        itemCode: x.itemCode,
        itemName: x.itemName,
        bodyId: x.bodyId,
        outcome: x.outcome,
        ...(x.rectifyBy ? { rectifyBy: x.rectifyBy } : {}),
        ...(x.recheck ? { recheck: { at: x.recheck.at, outcome: x.recheck.outcome, note: x.recheck.note } } : {}),
        ...(x.note ? { note: x.note } : {}),
        ...(x.recognisable !== undefined ? { recognisable: x.recognisable } : {}),
        ...(x.recognitionId ? { recognitionId: x.recognitionId } : {}),
        ...(penaltyId ? { penaltyId } : {}),
        ...(referralId ? { referralId } : {}),
      };
    }),
    ...(r.rating ? { rating: r.rating } : {}),
    version: r.version,
  } satisfies z.input<typeof Info>);
}

const who = (actor: Actor = useActor()) => {
  switch (actor.type) {
    case "user":
      return { id: actor.userId, name: actor.name };
    case "machine":
      return { id: actor.clientId, name: actor.clientId };
    default:
      return { id: "system", name: actor.reason };
  }
};

// ---------------------------------------------------------------- create

const BodyInput = z.object({
  bodyId: Enforcement.Id,
  itemCodes: z.array(ItemCode).min(1).max(20),
  inspectorIds: z.array(Inspector.Id).min(1).max(10),
});

export const CreateInput = z
  .object({
    origin: z.object({ kind: z.enum(OriginKinds), ref: z.string().trim().min(1).max(80).optional() }),
    creditCode: CreditCode,
    entityName: z.string().trim().min(2).max(100),
    window: z.object({ from: IsoDate, to: IsoDate }),
    emergency: z.boolean().default(false),
    /** For a drawn task: omitted, the bodies, items and drawn inspectors come from the draw's result line. */
    bodies: z.array(BodyInput).min(1).max(MAX_BODIES).optional(),
    /** Required when a recognised result still covers any of the items (执法互认), or a duplicate / too-frequent
     * inspection warning fires (重复检查、高频检查, as for a clue task): recorded with the visit. */
    overrideReason: z.string().trim().min(Inspection.MIN_OVERRIDE_REASON).max(500).optional(),
    /** Who ordered a case-driven or special check, and why (outside the yearly cap). */
    exception: z.string().trim().min(4).max(300).optional(),
  })
  .refine((v) => v.window.to >= v.window.from, { message: "visit.window_order", path: ["window", "to"] })
  .refine((v) => v.origin.kind === "draw" || v.bodies !== undefined, { message: "visit.bodies_required", path: ["bodies"] })
  .refine((v) => v.origin.kind !== "draw" || v.origin.ref !== undefined, { message: "visit.draw_ref_required", path: ["origin", "ref"] })
  .meta({
    id: "VisitCreate",
    example: {
      origin: { kind: "plan", ref: "pln_01HZX3Q6Y1B2C3D4E5F6G7H8J9" },
      creditCode: "91350102MA2Y0X0T31",
      entityName: "福州示例餐饮管理有限公司",
      window: { from: "2026-12-10", to: "2026-12-20" },
      bodies: [{ bodyId: "enb_01HZX3Q6Y1B2C3D4E5F6G7H8J9", itemCodes: ["FJ-SP-001"], inspectorIds: ["isp_01HZX3Q6Y1B2C3D4E5F6G7H8J9", "isp_01HZX3Q6Y1B2C3D4E5F6G7H8JA"] }],
    },
  });

/** A drawn task's line for the business: its bodies, items and drawn inspectors. */
async function fromDraw(drawId: string, creditCode: string): Promise<z.output<typeof BodyInput>[]> {
  const parsed = Draw.Id.safeParse(drawId);
  if (!parsed.success) throw fieldError("visit.draw_line_not_found", "origin.ref", { creditCode });
  for (let n: number | null = 0; n !== null; ) {
    const p: Awaited<ReturnType<typeof Draw.resultPage>> | undefined = await Draw.resultPage(useTenant(), drawId, n).catch(() => undefined);
    if (!p) break;
    const line = p.tasks.find((t: Draw.ResultLine) => t.c === creditCode);
    if (line) {
      // Each body inspects the drawn items of its own plans.
      const plans = await Promise.all(line.plans.map((id: string) => Plan.fromID(id)));
      return line.bodies.map((b: string) => ({
        bodyId: b,
        itemCodes: [...new Set(plans.filter((p) => p.bodyIds.includes(b)).flatMap((p) => p.itemCodes))].filter((code) => line.items.includes(code)),
        inspectorIds: line.inspectors[b] ?? [],
      }));
    }
    n = p.next;
  }
  throw fieldError("visit.draw_line_not_found", "origin.ref", { creditCode });
}

/** The item name and work guide (检查内容、检查方法) in force, or the code alone when the catalogue does not hold it. */
async function guides(codes: string[]): Promise<Map<string, { name: string; content: string[]; methods: string[] }>> {
  const out = new Map<string, { name: string; content: string[]; methods: string[] }>();
  for (const code of new Set(codes)) {
    const item = await Catalogue.item(code).catch(() => undefined);
    out.set(code, item ? { name: item.name, content: item.workGuide.content, methods: item.workGuide.methods } : { name: code, content: [code], methods: ["现场检查"] });
  }
  return out;
}

/** The writes counting new bodies against the yearly cap (refused past it unless exempt), merged into an overlapping task of the business. */
async function capWrite(input: { creditCode: string; year: number; visitId: string; window: { from: string; to: string }; newBodies: StoredBody[]; exempt: boolean; joinedId?: string; exception?: string }): Promise<{ items: TxItem[]; mark: CapMark }> {
  const bucket = (await Plan.readBuckets(input.year, [Plan.bucketOf(input.creditCode)])).values().next().value!;
  const entry: Plan.CounterEntry = bucket.entries[input.creditCode] ?? { n: {}, t: [] };
  const merged = entry.t.find((t) => t.id === input.joinedId) ?? entry.t.find((t) => overlaps(t, input.window));
  const counted = input.newBodies.filter((b) => !merged?.b.includes(b.bodyId));
  if (!input.exempt && counted.length) {
    const caps = await Plan.capsOf(input.year, counted.map((b) => b.bodyId));
    for (const b of counted) {
      const count = entry.n[b.bodyId] ?? 0;
      if (count >= caps[b.bodyId]!) {
        throw new VisibleError("visit.over_cap", { name: b.bodyName, count, cap: caps[b.bodyId], year: input.year }, 409, [
          { field: "bodies", rule: "visit.over_cap", params: { bodyId: b.bodyId, count, cap: caps[b.bodyId] } },
        ]);
      }
    }
  }
  // Case-driven and special checks are recorded as exceptions, not counted (RULES.md).
  if (!input.exempt) for (const b of counted) entry.n[b.bodyId] = (entry.n[b.bodyId] ?? 0) + 1;
  const ids = input.newBodies.map((b) => b.bodyId);
  const added = merged ? ids.filter((b) => !merged.b.includes(b)) : ids;
  if (merged) {
    merged.b = [...new Set([...merged.b, ...ids])].sort();
    if (input.exception) merged.x = input.exception;
  } else entry.t.push({ id: input.visitId, ...input.window, b: [...ids].sort(), ...(input.exception ? { x: input.exception } : {}) });
  bucket.entries[input.creditCode] = entry;
  const mark: CapMark = { year: input.year, taskId: merged?.id ?? input.visitId, counted: input.exempt ? [] : counted.map((b) => b.bodyId), added };
  return { items: [Plan.bucketWrite(input.year, bucket)], mark };
}

/** Two marks of one visit (made, then joined): what it counted and added in all. */
function addMarks(a: CapMark | undefined, b: CapMark): CapMark {
  if (!a) return b;
  return { ...a, counted: [...new Set([...a.counted, ...b.counted])], added: [...new Set([...a.added, ...b.added])] };
}

const ATTEMPTS = 4;

/** Make a visit, or join the open visit of the same business whose window overlaps. */
export const create = fn(CreateInput, async (input) => {
  const tenantId = useTenant();
  const actor = useActor();
  const bodiesIn = input.bodies ?? (await fromDraw(input.origin.ref!, input.creditCode));
  // One entry per body (a body named twice is merged).
  const byBody = new Map<string, z.output<typeof BodyInput>>();
  for (const b of bodiesIn) {
    const had = byBody.get(b.bodyId);
    byBody.set(b.bodyId, had ? { bodyId: b.bodyId, itemCodes: [...new Set([...had.itemCodes, ...b.itemCodes])], inspectorIds: [...new Set([...had.inspectorIds, ...b.inspectorIds])] } : { ...b, itemCodes: [...new Set(b.itemCodes)], inspectorIds: [...new Set(b.inspectorIds)] });
  }
  const on = input.window.from;
  const bodies: StoredBody[] = [];
  for (const [i, b] of [...byBody.values()].entries()) {
    const body = await Enforcement.fromID(b.bodyId).catch(() => undefined);
    if (!body || body.status !== "active") throw fieldError("visit.body_unknown", `bodies.${i}.bodyId`, { bodyId: b.bodyId });
    // 清单之外无检查: each body inspects only its own listed items.
    await Enforcement.assertMayAct([b.bodyId], b.itemCodes, { purpose: "inspection", on });
    bodies.push({ bodyId: body.id, bodyName: body.name, departmentId: body.departmentId, itemCodes: b.itemCodes, inspectorIds: b.inspectorIds });
  }
  // An officer makes visits for their own department's body (others joining), never for others alone.
  const scope = Department.scopeOf(actor);
  if (!scope.all && !bodies.some((b) => b.departmentId === scope.departmentId)) throw fieldError("department.not_member", "bodies", { departmentId: scope.departmentId ?? "-" });
  // Only certified, qualified, unconflicted officers of the bodies on the visit; at least two.
  const township = (await Business.getMany([input.creditCode]))[0]?.township;
  const allIds = [...new Set(bodies.flatMap((b) => b.inspectorIds))];
  const people = await Inspector.assertRecordable({ inspectorIds: allIds, on, itemCodes: [], creditCode: input.creditCode, township, bodyIds: bodies.map((b) => b.bodyId) });
  const byId = new Map(people.map((p) => [p.id, p]));
  for (const [i, b] of bodies.entries()) {
    for (const id of b.inspectorIds) {
      const p = byId.get(id)!;
      if (p.bodyId !== b.bodyId) throw new VisibleError("inspector.not_certified", { name: p.name, reason: Inspector.reasonText("not-qualified", p, on, b.itemCodes) }, 400, [{ field: `bodies.${i}.inspectorIds`, rule: "inspector.not_certified" }]);
      const reason = Inspector.ineligibility(p, on, b.itemCodes, { creditCode: input.creditCode, township });
      if (reason) throw new VisibleError("inspector.not_certified", { name: p.name, reason: Inspector.reasonText(reason, p, on, b.itemCodes) }, 400, [{ field: `bodies.${i}.inspectorIds`, rule: "inspector.not_certified" }]);
    }
  }
  const inspectors: StoredInspector[] = people.map((p) => ({ id: p.id, name: p.name, certificateNo: p.certificateNo ?? "", bodyId: p.bodyId, ...(p.userId ? { userId: p.userId } : {}) }));
  // 执法互认: a result recognised province-wide still covering the items stops the visit unless a reason is given.
  const allItems = [...new Set(bodies.flatMap((b) => b.itemCodes))];
  const found = await Inspection.check({ creditCode: input.creditCode, itemCodes: allItems, plannedDate: on });
  if (found.recognised.length && !input.overrideReason) {
    const names = found.recognised
      .map((r) => `${r.issuingTenantName} ${r.resultDate} ${Recognition.OutcomeNames[r.outcome].zh}（有效至 ${Recognition.lastValidDate(r.validUntil)}）`)
      .join("；");
    throw new VisibleError("inspection.duplicate_recognised", { results: names, count: found.recognised.length, min: Inspection.MIN_OVERRIDE_REASON }, 409, found.recognised.map(Recognition.summary));
  }
  const exempt = exemptFromCap(input.origin.kind);
  // A drawn task was counted by the draw (its task is in the counters); others count here.
  const year = Number(on.slice(0, 4));
  const exception = exempt ? `${input.origin.kind}: ${input.exception ?? input.origin.ref ?? "-"}` : undefined;
  // 重复检查、高频检查 (contract 4): the clue pre-task check's rule — anything fired, going ahead needs a recorded reason.
  // At the cap, a counted visit is refused outright (visit.over_cap, below): that warning asks a reason only of the exempt ones.
  const warnings = (await inspectionWarnings(input.creditCode, input.window, bodies.map((b) => b.bodyId), allItems)).filter((w) => exempt || w.kind !== "over-cap");
  if (warnings.length && !input.overrideReason) {
    const findings = warnings.map((w) => w.ruleName[useLocale() === "en" ? "en" : "zh"]).join("、");
    throw new VisibleError("visit.reason_required", { findings, min: Inspection.MIN_OVERRIDE_REASON }, 409, [
      { field: "overrideReason", rule: "visit.reason_required", params: { findings, min: Inspection.MIN_OVERRIDE_REASON } },
      // The warnings themselves, for the form to show (no `rule`: passed through as they are).
      ...warnings.map((w) => ({ warning: { ruleId: w.ruleId, ruleName: w.ruleName, facts: w.facts, level: w.level } })),
    ]);
  }

  for (let attempt = 1; ; attempt++) {
    const open = await openVisitOf(input.creditCode, input.window);
    try {
      if (open) return await join(open, { bodies, inspectors, input, year, exempt, exception, warnings });
      return await makeNew({ bodies, inspectors, input, year, exempt, exception, warnings });
    } catch (err) {
      if (err instanceof ConflictError && attempt < ATTEMPTS) continue;
      throw err;
    }
  }
});

/** What Warning.checkInspection fires for the planned visit (the same check as a clue task's pre-task check).
 * A visit that merges into a task already in the yearly counters — its draw's own task, an overlapping visit
 * of the business it joins — IS that task, not a duplicate of it (综合查一次): checked only when it makes a new one. */
async function inspectionWarnings(creditCode: string, window: { from: string; to: string }, bodyIds: string[], itemCodes: string[]): Promise<Warning.Fired[]> {
  const status = await Plan.capStatus({ creditCode, year: Number(window.from.slice(0, 4)), bodyIds });
  if (status.tasks.some((t) => overlaps(t, window))) return [];
  return Warning.checkInspection({ creditCode, bodyIds, on: window.from, itemCodes });
}

/** The open visit of the business (not yet on site) whose window overlaps; a business has a handful a year. */
async function openVisitOf(creditCode: string, window: { from: string; to: string }): Promise<VisitItem | undefined> {
  const tenantId = useTenant();
  const res = await VisitEntity.query.byBusiness({ tenantId, creditCode }).go({ order: "desc", limit: 50 });
  const hit = res.data.find((v) => joinable(v.status) && overlaps({ from: v.windowFrom, to: v.windowTo }, window));
  return hit ? (await VisitEntity.get({ tenantId, id: hit.id }).go({ consistent: true })).data ?? undefined : undefined;
}

interface Prepared {
  bodies: StoredBody[];
  inspectors: StoredInspector[];
  input: z.output<typeof CreateInput>;
  year: number;
  exempt: boolean;
  exception?: string;
  warnings: Warning.Fired[];
}

/** What create answers: the visit, whether it joined an open one, and the duplicate/too-frequent warnings gone ahead on. */
export type Created = Info & { joined: boolean; warnings: Warning.Fired[] };

async function makeNew(p: Prepared): Promise<Created> {
  const tenantId = useTenant();
  const id = createId("vst");
  const g = await guides(p.bodies.flatMap((b) => b.itemCodes));
  const lines = checklistLines(p.bodies, (code) => g.get(code)!);
  const caps = p.input.origin.kind === "draw" ? await capWrite({ creditCode: p.input.creditCode, year: p.year, visitId: id, window: p.input.window, newBodies: p.bodies, exempt: true }) : await capWrite({ creditCode: p.input.creditCode, year: p.year, visitId: id, window: p.input.window, newBodies: p.bodies, exempt: p.exempt, exception: p.exception });
  const warned = p.warnings.map((w) => w.ruleId);
  const row: VisitItem = {
    tenantId,
    id,
    code: newCode(tenantId),
    status: "draft",
    origin: p.input.origin,
    origins: [p.input.origin],
    creditCode: p.input.creditCode,
    entityName: p.input.entityName,
    windowFrom: p.input.window.from,
    windowTo: p.input.window.to,
    emergency: p.input.emergency,
    bodies: p.bodies,
    inspectors: p.inspectors,
    signatures: [],
    results: [],
    ...(p.input.overrideReason ? { overrideReason: p.input.overrideReason } : {}),
    ...(p.exception ? { exception: p.exception } : {}),
    cap: caps.mark,
    ...(warned.length ? { warnings: warned } : {}),
    createdBy: actorRef(),
    createdAt: Clock.iso(),
    version: 1,
  };
  await commit({
    action: "visit.create",
    target: { type: "visit", id },
    state: row,
    summary: { entityName: row.entityName, creditCode: row.creditCode, bodies: p.bodies.map((b) => b.bodyName).join("、"), from: row.windowFrom, to: row.windowTo, origin: p.input.origin.kind, ...(warned.length ? { warnings: warned.join("、") } : {}) },
    items: () => [
      Tx.put(VisitEntity.create(row)),
      Tx.put(VisitChecklistEntity.put({ tenantId, visitId: id, lines })),
      ...[...new Set(p.bodies.map((b) => b.departmentId))].map((departmentId) => Tx.put(VisitDepartmentEntity.put({ tenantId, departmentId, visitId: id }))),
      ...caps.items,
    ],
    onConditionFailed: () => new ConflictError(),
  });
  return { ...toInfo(row), joined: false, warnings: p.warnings };
}

async function join(current: VisitItem, p: Prepared): Promise<Created> {
  const tenantId = useTenant();
  const bodies = current.bodies.map((b) => ({ ...b }));
  const added: StoredBody[] = [];
  for (const nb of p.bodies) {
    const had = bodies.find((b) => b.bodyId === nb.bodyId);
    if (had) {
      had.itemCodes = [...new Set([...had.itemCodes, ...nb.itemCodes])];
      had.inspectorIds = [...new Set([...had.inspectorIds, ...nb.inspectorIds])];
    } else {
      bodies.push(nb);
      added.push(nb);
    }
  }
  const inspectors = [...current.inspectors];
  for (const i of p.inspectors) if (!inspectors.some((x) => x.id === i.id)) inspectors.push(i);
  const g = await guides(bodies.flatMap((b) => b.itemCodes));
  const lines = checklistLines(bodies, (code) => g.get(code)!);
  const caps = await capWrite({ creditCode: current.creditCode, year: p.year, visitId: current.id, window: { from: current.windowFrom, to: current.windowTo }, newBodies: added, exempt: p.exempt || p.input.origin.kind === "draw", joinedId: current.id, exception: p.exception });
  const changed = added.length > 0 || bodies.some((b, i) => JSON.stringify(b) !== JSON.stringify(current.bodies[i]));
  // New bodies or items on an approved visit go back to the head: the approval covered what it listed.
  const reapprove = changed && current.status === "approved";
  const next: VisitItem = {
    ...current,
    bodies,
    inspectors,
    origins: [...current.origins, p.input.origin],
    // A visit made before marks were kept has none: its cancellation falls back to its own task entry.
    ...(current.cap ? { cap: addMarks(current.cap, caps.mark) } : {}),
    status: reapprove ? "draft" : current.status,
    ...(reapprove ? { approval: undefined, notice: undefined } : {}),
    version: current.version + 1,
  };
  if (reapprove) {
    delete next.approval;
    delete next.notice;
  }
  await commit({
    action: "visit.join",
    target: { type: "visit", id: current.id },
    state: next,
    summary: { entityName: current.entityName, bodies: (added.length ? added : p.bodies).map((b) => b.bodyName).join("、"), origin: p.input.origin.kind, reapprove },
    items: () => [
      Tx.put(VisitEntity.put(next).where((a, op) => op.eq(a.version, current.version))),
      Tx.put(VisitChecklistEntity.put({ tenantId, visitId: current.id, lines })),
      ...added.filter((b) => !current.bodies.some((c) => c.departmentId === b.departmentId)).map((b) => Tx.put(VisitDepartmentEntity.put({ tenantId, departmentId: b.departmentId, visitId: current.id }))),
      ...caps.items,
    ],
    onConditionFailed: () => new ConflictError(),
  });
  return { ...toInfo(next), joined: true, warnings: p.warnings };
}

// ---------------------------------------------------------------- reads

async function linksOf(visitId: string): Promise<Links> {
  const [penalties, referrals] = await Promise.all([linkedPenalties(visitId), linkedReferrals(visitId)]);
  return { penalties, referrals };
}

/** Penalties and transfers recorded with this visit's ID, each flow's own lookup. */
function linkedPenalties(visitId: string) {
  return Penalty.ofVisit(visitId);
}
function linkedReferrals(visitId: string) {
  return Referral.ofVisit(visitId);
}

async function load(id: string, consistent = true): Promise<VisitItem> {
  const r = (await VisitEntity.get({ tenantId: useTenant(), id }).go({ consistent })).data;
  // Another department's visit is not found (no hint it exists).
  if (!r || !Department.ownsAny(r.bodies.map((b) => b.departmentId))) throw new NotFoundError("visit.not_found");
  return r;
}

export const fromID = fn(Id, async (id) => {
  const r = await load(id, false);
  return toInfo(r, await linksOf(id));
});

export const ListInput = PageInput.extend({ status: z.enum(Statuses).optional() });

/** One page of the visits the actor sees, newest first: an officer's or inspector's department's, all for the overseers. `status` filters within the page. */
export async function list(input: z.input<typeof ListInput> = {}): Promise<Page<Info>> {
  const { status, ...pageInput } = ListInput.parse(input);
  const tenantId = useTenant();
  const scope = Department.scopeOf();
  let result: Page<Info>;
  if (scope.all) result = mapPage(await page(VisitEntity.query.byTenant({ tenantId }), pageInput), (r) => toInfo(r));
  else if (!scope.departmentId) return { items: [], cursor: null };
  else {
    const mine = await page(VisitDepartmentEntity.query.byDepartment({ tenantId, departmentId: scope.departmentId }), pageInput);
    const got = mine.items.length ? await VisitEntity.get(mine.items.map((m) => ({ tenantId, id: m.visitId }))).go() : { data: [] };
    const byId = new Map(got.data.map((r) => [r.id, r]));
    result = { items: mine.items.map((m) => byId.get(m.visitId)).filter((r): r is VisitItem => !!r).map((r) => toInfo(r)), cursor: mine.cursor };
  }
  return status ? { items: result.items.filter((v) => v.status === status), cursor: result.cursor } : result;
}

// ---------------------------------------------------------------- approve, notify

const VersionBody = z.object({ version: z.number().int().positive() });
export const ApproveBody = VersionBody.extend({ afterTheFact: z.boolean().default(false) }).meta({ id: "VisitApprove", example: { version: 1 } });
export const ApproveInput = ApproveBody.extend({ id: Id });

/** The head approves before the visit; an emergency visit is approved after the fact, recorded as such. */
export const approve = fn(ApproveInput, async (input) => {
  const current = await load(input.id);
  if (current.version !== input.version) throw new ConflictError();
  if (current.approval) throw new VisibleError("visit.already_approved", {}, 409);
  if (current.status !== "draft" && !(current.emergency && current.status === "in-progress")) throw new VisibleError("visit.step_not_allowed", { status: current.status, step: "approve" }, 409);
  if (input.afterTheFact && !current.emergency) throw fieldError("visit.after_the_fact_not_emergency", "afterTheFact");
  // An emergency visit already on site can only be approved after the fact.
  const afterTheFact = input.afterTheFact || current.status === "in-progress";
  const approval = { by: who(), at: Clock.iso(), afterTheFact };
  const next: VisitItem = { ...current, approval, status: current.status === "draft" ? "approved" : current.status, version: current.version + 1 };
  await put(current, next, afterTheFact ? "visit.approve_after" : "visit.approve", { entityName: current.entityName });
  return toInfo(next);
});

export const NotifyBody = VersionBody.meta({ id: "VisitNotify", example: { version: 2 } });
export const NotifyInput = NotifyBody.extend({ id: Id });

/** The business is told the items, the inspectors and its right to ask for recusal (检查通知). */
export const notify = fn(NotifyInput, async (input) => {
  const current = await load(input.id);
  if (current.version !== input.version) throw new ConflictError();
  if (!current.approval) throw new VisibleError("visit.not_approved", {}, 409);
  if (current.status === "closed" || current.status === "cancelled") throw new VisibleError("visit.step_not_allowed", { status: current.status, step: "notify" }, 409);
  const notice = { at: Clock.iso(), recusalRight: true as const, by: who() };
  const next: VisitItem = { ...current, notice, version: current.version + 1 };
  await put(current, next, "visit.notify", {
    entityName: current.entityName,
    items: current.bodies.flatMap((b) => b.itemCodes).join("、"),
    inspectors: current.inspectors.map((i) => `${i.name}（${i.certificateNo}）`).join("、"),
  });
  return toInfo(next);
});

export const CancelBody = z
  .object({ version: z.number().int().positive(), reason: z.string().trim().min(Inspection.MIN_OVERRIDE_REASON).max(500) })
  .meta({ id: "VisitCancel", example: { version: 2, reason: "企业已于检查前注销，经负责人同意取消本次检查" } });
export const CancelInput = CancelBody.extend({ id: Id });

/** Cancel a visit before it is signed: recorded with its reason and audited; what it counted against the
 * yearly caps is taken back in the same commit; a business already told of the visit (检查通知) sees the
 * cancellation on the code page (扫码入企) it was given. */
export const cancel = fn(CancelInput, async (input) => {
  for (let attempt = 1; ; attempt++) {
    const current = await load(input.id);
    if (current.version !== input.version) throw new ConflictError();
    if (!cancellable(current.status)) throw new VisibleError("visit.step_not_allowed", { status: current.status, step: "cancel" }, 409);
    const scope = Department.scopeOf();
    if (!scope.all && !current.bodies.some((b) => b.departmentId === scope.departmentId)) throw new VisibleError("visit.not_your_body", { body: current.bodies.map((b) => b.bodyName).join("、") }, 403);
    const cancellation = { at: Clock.iso(), by: who(), reason: input.reason, businessNotified: !!current.notice };
    const next: VisitItem = { ...current, status: "cancelled", cancellation, version: current.version + 1 };
    const release = await capRelease(current);
    try {
      await commit({
        action: "visit.cancel",
        target: { type: "visit", id: current.id },
        state: next,
        summary: { entityName: current.entityName, reason: input.reason, businessNotified: cancellation.businessNotified, released: release.mark.counted.length },
        items: () => [Tx.put(VisitEntity.put(next).where((a, op) => op.eq(a.version, current.version))), ...release.items],
        // The visit changed under us: the caller's version is stale. The counters changed: read them again.
        onConditionFailed: (i) => (i === 0 ? new ConflictError() : new CountersMoved()),
      });
    } catch (err) {
      if (err instanceof CountersMoved && attempt < ATTEMPTS) continue;
      if (err instanceof CountersMoved) throw new ConflictError();
      throw err;
    }
    return toInfo(next, await linksOf(current.id));
  }
});

class CountersMoved extends Error {}

/** Before signing a visit may be cancelled; a signed visit's results stand (closed or not). */
function cancellable(status: VisitItem["status"]): boolean {
  return status === "draft" || status === "approved" || status === "in-progress";
}

/** The counters' writes taking back what the visit wrote: its counts against the caps, its own task entry
 * (or the bodies it added to a task it merged into). A visit made before marks were kept: its own entry,
 * and its bodies' counts unless drawn (the draw counted them) or exempt. */
async function capRelease(v: VisitItem): Promise<{ items: TxItem[]; mark: CapMark }> {
  const mark: CapMark = v.cap ?? {
    year: Number(v.windowFrom.slice(0, 4)),
    taskId: v.id,
    counted: v.origin.kind === "draw" || exemptFromCap(v.origin.kind) ? [] : v.bodies.map((b) => b.bodyId),
    added: [],
  };
  const bucket = (await Plan.readBuckets(mark.year, [Plan.bucketOf(v.creditCode)])).values().next().value!;
  const entry = bucket.entries[v.creditCode];
  if (!entry) return { items: [], mark: { ...mark, counted: [] } };
  for (const b of mark.counted) entry.n[b] = Math.max(0, (entry.n[b] ?? 0) - 1);
  const task = entry.t.findIndex((t) => t.id === mark.taskId);
  if (task >= 0 && mark.taskId === v.id) entry.t.splice(task, 1);
  else if (task >= 0) entry.t[task]!.b = entry.t[task]!.b.filter((b) => !mark.added.includes(b));
  return { items: [Plan.bucketWrite(mark.year, bucket)], mark };
}

/** The whole record written on the version read, with its audit event. */
async function put(current: VisitItem, next: VisitItem, action: string, summary: Record<string, unknown>, extra: { items?: TxItem[]; messages?: OutgoingMessage[] } = {}) {
  await commit({
    action,
    target: { type: "visit", id: current.id },
    state: next,
    summary: summary as never,
    items: () => [Tx.put(VisitEntity.put(next).where((a, op) => op.eq(a.version, current.version))), ...(extra.items ?? [])],
    messages: extra.messages ?? [],
    onConditionFailed: (i) => (i === 0 ? new ConflictError() : new VisibleError("visit.step_not_allowed", { status: current.status, step: action }, 409)),
  });
}

// ---------------------------------------------------------------- checklist and answers

async function linesOf(visitId: string): Promise<Line[]> {
  return (await VisitChecklistEntity.get({ tenantId: useTenant(), visitId }).go({ consistent: true })).data?.lines ?? [];
}

async function answersOf(visitId: string): Promise<VisitAnswerItem[]> {
  // Bounded by the lines (tens) times the devices' retries; read in pages of the partition.
  return (await VisitAnswerEntity.query.byVisit({ tenantId: useTenant(), visitId }).go({ pages: "all" })).data;
}

export const Answer = z.object({
  value: z.enum(["yes", "no", "na"]),
  note: z.string().optional(),
  files: z.array(FileRef),
  by: Ref,
  at: z.string(),
  clientId: z.string(),
});
export const Checklist = z
  .object({
    lines: z.array(z.object({ lineId: z.string(), bodyId: z.string(), bodyName: z.string(), itemCode: z.string(), itemName: z.string(), content: z.string(), method: z.string(), answer: Answer.optional() })),
  })
  .meta({ id: "VisitChecklist" });

/** The combined checklist (一表通查) with each line's newest answer. */
export const checklist = fn(Id, async (id) => {
  await load(id, false);
  const [lines, answers] = await Promise.all([linesOf(id), answersOf(id)]);
  const latest = new Map<string, VisitAnswerItem>();
  for (const a of answers) latest.set(a.lineId, newest(latest.get(a.lineId), a));
  return Checklist.parse({
    lines: lines.map((l) => {
      const a = latest.get(l.lineId);
      return { ...l, ...(a ? { answer: { value: a.value, ...(a.note ? { note: a.note } : {}), files: a.files, by: a.by, at: a.at, clientId: a.clientId } } : {}) };
    }),
  });
});

const FileInput = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: "visit.file_hash_format" }), name: z.string().trim().min(1).max(200), size: z.number().int().min(0).max(Evidence.MAX_FILE_BYTES), type: z.string().trim().min(1).max(100) });
export const AnswersBody = z
  .object({
    answers: z
      .array(
        z.object({
          clientId: z.uuid(),
          lineId: z.string().min(1).max(200),
          value: z.enum(["yes", "no", "na"]),
          note: z.string().trim().max(2000).optional(),
          files: z.array(FileInput).max(20).default([]),
          capturedAt: z.iso.datetime({ offset: true }),
        }),
      )
      .min(1)
      .max(40),
  })
  .meta({
    id: "VisitAnswers",
    example: { answers: [{ clientId: "5f0c3a52-8f5e-4b8e-9d3c-0c1f6f0a2b11", lineId: "enb_01HZX3Q6Y1B2C3D4E5F6G7H8J9.FJ-SP-001.1", value: "yes", capturedAt: "2026-12-10T09:30:00+08:00" }] },
  });
export const AnswersInput = AnswersBody.extend({ id: Id });
export const AnswersResult = z
  .object({ accepted: z.array(z.string()), duplicates: z.array(z.string()), rejected: z.array(z.object({ clientId: z.string(), code: z.string(), message: z.string() })) })
  .meta({ id: "VisitAnswersResult" });

/** The inspector records of the signed-in user on this visit. */
function myInspectors(v: VisitItem, actor: Actor = useActor()): StoredInspector[] {
  if (actor.type !== "user") return [];
  return v.inspectors.filter((i) => i.userId === actor.userId);
}

/** Answers from a device, synced: each acts once by its clientId (a batch sent again, or late, is safe); only
 * the line's body's inspectors answer it; an unapproved visit (unless an emergency) takes none. */
export const answers = fn(AnswersInput, async (input) => {
  const tenantId = useTenant();
  const current = await load(input.id);
  if (!takesAnswers(current.status, current.emergency)) throw new VisibleError(current.approval ? "visit.step_not_allowed" : "visit.not_approved", { status: current.status, step: "answers" }, 409);
  const mine = new Set(myInspectors(current).map((i) => i.bodyId));
  const lines = new Map((await linesOf(input.id)).map((l) => [l.lineId, l]));
  const seen = (await VisitAnswerEntity.get(input.answers.map((a) => ({ tenantId, visitId: input.id, clientId: a.clientId }))).go({ consistent: true })).data;
  const seenIds = new Set(seen.map((s) => s.clientId));
  const accepted: VisitAnswerItem[] = [];
  const duplicates: string[] = [];
  const rejected: { clientId: string; code: string; message: string }[] = [];
  const reject = (clientId: string, code: string, params: Record<string, unknown> = {}) => rejected.push({ clientId, code, message: translate(code, useLocale(), params) });
  const at = Clock.iso();
  for (const a of input.answers) {
    if (seenIds.has(a.clientId) || accepted.some((x) => x.clientId === a.clientId)) {
      duplicates.push(a.clientId);
      continue;
    }
    const line = lines.get(a.lineId);
    if (!line) reject(a.clientId, "visit.line_unknown", { lineId: a.lineId });
    else if (!mine.has(line.bodyId)) reject(a.clientId, "visit.not_your_line", { body: line.bodyName });
    else accepted.push({ tenantId, visitId: input.id, clientId: a.clientId, lineId: a.lineId, value: a.value, ...(a.note ? { note: a.note } : {}), files: a.files, capturedAt: new Date(a.capturedAt).toISOString(), by: who(), at });
  }
  if (accepted.length) {
    // Two devices sending the same clientId at once: one commits, the other gets a 409 and finds it a duplicate on its next sync.
    await commit({
      action: "visit.answers",
      target: { type: "visit", id: input.id },
      state: { visitId: input.id, answers: accepted },
      summary: { entityName: current.entityName, count: accepted.length },
      items: () => [
        // The visit still takes answers when they land (not closed or signed meanwhile); it is on site now.
        Tx.update(
          VisitEntity.patch({ tenantId, id: input.id })
            .set({ status: "in-progress" })
            .where((a, op) => `(${op.eq(a.status, "approved")} OR ${op.eq(a.status, "in-progress")}${current.emergency ? ` OR ${op.eq(a.status, "draft")}` : ""})`),
        ),
        ...accepted.map((row) => Tx.put(VisitAnswerEntity.create(row))),
      ],
      onConditionFailed: (i) => (i === 0 ? new VisibleError("visit.step_not_allowed", { status: "-", step: "answers" }, 409) : new ConflictError()),
    });
  }
  return AnswersResult.parse({ accepted: accepted.map((a) => a.clientId), duplicates, rejected });
});

// ---------------------------------------------------------------- files

export const FileUploadBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    type: z.string().trim().min(1).max(100),
    contentBase64: z.string().min(1),
    /** Computed on the device when the file was captured; the server checks it. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, { message: "visit.file_hash_format" }),
  })
  .meta({ id: "VisitFileUpload", example: { name: "现场照片.txt", type: "text/plain", contentBase64: "5qOA5p+l", sha256: "8ba2b7a0f8f0a9a8b9a0c0d7a3c2f8b2f1f8d0b5c9a6e2d3f4a5b6c7d8e9f0a1" } });
export const FileUploadInput = FileUploadBody.extend({ id: Id });
export const FileInfo = FileInput.meta({ id: "VisitFile" });

/** A file captured on site: its hash is checked against the bytes, stored once per content. */
export const uploadFile = fn(FileUploadInput, async (input) => {
  const tenantId = useTenant();
  const current = await load(input.id);
  if (myInspectors(current).length === 0 && !Department.scopeOf().all) throw new VisibleError("visit.not_an_inspector", {}, 403);
  if (!/^[A-Za-z0-9+/=\s]+$/.test(input.contentBase64)) throw fieldError("visit.file_data", "contentBase64");
  const bytes = Buffer.from(input.contentBase64, "base64");
  if (bytes.length === 0) throw fieldError("visit.file_data", "contentBase64");
  Evidence.Blob.checkSize(bytes.length);
  const actual = sha256(bytes);
  if (actual !== input.sha256) throw fieldError("visit.file_hash_mismatch", "sha256", { expected: input.sha256, actual });
  const ref = { sha256: actual, name: input.name, size: bytes.length, type: input.type };
  const existing = (await VisitFileEntity.get({ tenantId, visitId: input.id, sha256: actual }).go({ consistent: true })).data;
  if (existing) return { file: FileInfo.parse({ sha256: existing.sha256, name: existing.name, size: existing.size, type: existing.type }), created: false };
  const manifest = (await Evidence.Blob.exists(tenantId, actual)) ? null : await Evidence.Blob.store(tenantId, actual, bytes);
  await commit({
    action: "visit.file",
    target: { type: "visit", id: input.id },
    state: ref,
    summary: { name: input.name, size: bytes.length, sha256: actual },
    items: () => [...(manifest ? [manifest] : []), Tx.put(VisitFileEntity.put({ tenantId, visitId: input.id, ...ref, by: who(), at: Clock.iso() }))],
  });
  return { file: FileInfo.parse(ref), created: true };
});

/** A visit's file, hash re-checked on read (the blob store refuses a mismatch). */
export const FileReadInput = z.object({ id: Id, sha256: z.string().regex(/^[0-9a-f]{64}$/) });
export const readFile = fn(FileReadInput, async ({ id, sha256: hash }) => {
  const tenantId = useTenant();
  await load(id, false);
  const f = (await VisitFileEntity.get({ tenantId, visitId: id, sha256: hash }).go()).data;
  if (!f) throw new NotFoundError("visit.file_not_found");
  const bytes = await Evidence.Blob.read(tenantId, hash);
  if (!bytes) throw new NotFoundError("visit.file_not_found");
  return { name: f.name, type: f.type, bytes };
});

// ---------------------------------------------------------------- results, sign-off, re-check

export const ResultsBody = z
  .object({
    version: z.number().int().positive(),
    results: z
      .array(
        z
          .object({
            itemCode: ItemCode,
            bodyId: Enforcement.Id,
            outcome: z.enum(Outcomes),
            /** 责令整改: the date the business must have put it right by. */
            rectifyBy: IsoDate.optional(),
            note: z.string().trim().max(2000).optional(),
            recognisable: z.boolean().optional(),
            validDays: z.number().int().min(1).optional(),
          })
          .refine((r) => r.outcome !== "rectify" || r.rectifyBy !== undefined, { message: "visit.rectify_by_required", path: ["rectifyBy"] })
          .refine((r) => !r.recognisable || r.validDays !== undefined, { message: "recognition.valid_days_required", path: ["validDays"] })
          .refine((r) => !r.recognisable || r.outcome === "pass" || r.outcome === "rectify", { message: "visit.recognisable_outcome", path: ["recognisable"] }),
      )
      .min(1)
      .max(40),
  })
  .meta({ id: "VisitResults", example: { version: 3, results: [{ itemCode: "FJ-SP-001", bodyId: "enb_01HZX3Q6Y1B2C3D4E5F6G7H8J9", outcome: "pass", recognisable: true, validDays: 180 }] } });
export const ResultsInput = ResultsBody.extend({ id: Id });

/** Results per item (合格 / 责令整改 / 立案 / 移送), by the body's own people; a changed result clears signatures already given. */
export const results = fn(ResultsInput, async (input) => {
  const current = await load(input.id);
  if (current.version !== input.version) throw new ConflictError();
  if (!takesResults(current.status, !!current.approval)) throw new VisibleError(current.approval ? "visit.step_not_allowed" : "visit.not_approved", { status: current.status, step: "results" }, 409);
  const scope = Department.scopeOf();
  const max = Policy.current().recognition.maxValidity.duration.amount;
  const today = shanghaiDate(Clock.now());
  const g = await guides(input.results.map((r) => r.itemCode));
  const list = [...current.results];
  for (const [i, r] of input.results.entries()) {
    const body = current.bodies.find((b) => b.bodyId === r.bodyId);
    if (!body || !body.itemCodes.includes(r.itemCode)) throw fieldError("visit.item_not_on_visit", `results.${i}.itemCode`, { itemCode: r.itemCode });
    if (!Department.owns(body.departmentId, scope)) throw fieldError("visit.not_your_body", `results.${i}.bodyId`, { body: body.bodyName }, 403);
    if (r.rectifyBy && r.rectifyBy < today) throw fieldError("visit.rectify_by_past", `results.${i}.rectifyBy`, { today });
    if (r.recognisable && r.validDays! > max) throw fieldError("recognition.valid_days_max", `results.${i}.validDays`, { max });
    const stored: StoredResult = {
      itemCode: r.itemCode,
      itemName: g.get(r.itemCode)!.name,
      bodyId: r.bodyId,
      outcome: r.outcome,
      ...(r.rectifyBy ? { rectifyBy: r.rectifyBy } : {}),
      ...(r.note ? { note: r.note } : {}),
      ...(r.recognisable !== undefined ? { recognisable: r.recognisable } : {}),
      ...(r.recognisable ? { validDays: r.validDays } : {}),
      by: who(),
      at: Clock.iso(),
    };
    const at = list.findIndex((x) => x.itemCode === r.itemCode && x.bodyId === r.bodyId);
    if (at >= 0) list[at] = stored;
    else list.push(stored);
  }
  const next: VisitItem = { ...current, results: list, signatures: [], status: current.status === "approved" ? "in-progress" : current.status, version: current.version + 1 };
  await put(current, next, "visit.results", { entityName: current.entityName, results: input.results.map((r) => `${r.itemCode}:${r.outcome}`).join("、") });
  return toInfo(next, await linksOf(current.id));
});

export const SignBody = VersionBody.meta({ id: "VisitSign", example: { version: 4 } });
export const SignInput = SignBody.extend({ id: Id });

/** Sign-off by the visit's inspectors (the signed-in user's inspector record); two signatures make it signed. */
export const sign = fn(SignInput, async (input) => {
  const current = await load(input.id);
  if (current.version !== input.version) throw new ConflictError();
  if (!takesResults(current.status, !!current.approval)) throw new VisibleError(current.approval ? "visit.step_not_allowed" : "visit.not_approved", { status: current.status, step: "sign" }, 409);
  const missing = current.bodies.flatMap((b) => b.itemCodes.filter((c) => !current.results.some((r) => r.bodyId === b.bodyId && r.itemCode === c)).map((c) => `${b.bodyName} ${c}`));
  if (missing.length) throw new VisibleError("visit.results_missing", { items: missing.join("、") }, 409);
  const me = myInspectors(current).find((i) => !current.signatures.some((s) => s.inspectorId === i.id));
  if (!me) throw new VisibleError(myInspectors(current).length ? "visit.already_signed" : "visit.not_an_inspector", {}, myInspectors(current).length ? 409 : 403);
  const signatures = [...current.signatures, { inspectorId: me.id, name: me.name, at: Clock.iso() }];
  const next: VisitItem = { ...current, signatures, status: signatures.length >= SIGNATURES_NEEDED ? "signed" : current.status, version: current.version + 1 };
  await put(current, next, "visit.sign", { entityName: current.entityName, name: me.name, count: signatures.length });
  return toInfo(next);
});

export const RecheckBody = z
  .object({ version: z.number().int().positive(), itemCode: ItemCode, bodyId: Enforcement.Id.optional(), outcome: z.enum(["pass", "fail"]), note: z.string().trim().min(2).max(2000) })
  .meta({ id: "VisitRecheck", example: { version: 6, itemCode: "FJ-SP-001", outcome: "pass", note: "整改到位，复查合格" } });
export const RecheckInput = RecheckBody.extend({ id: Id });

/** The re-check of an item ordered to be put right (责令整改 → 复查). */
export const recheck = fn(RecheckInput, async (input) => {
  const current = await load(input.id);
  if (current.version !== input.version) throw new ConflictError();
  const i = current.results.findIndex((r) => r.itemCode === input.itemCode && r.outcome === "rectify" && (!input.bodyId || r.bodyId === input.bodyId));
  if (i < 0) throw fieldError("visit.no_rectification", "itemCode", { itemCode: input.itemCode });
  const result = current.results[i]!;
  const body = current.bodies.find((b) => b.bodyId === result.bodyId)!;
  if (!Department.owns(body.departmentId)) throw fieldError("visit.not_your_body", "itemCode", { body: body.bodyName }, 403);
  if (result.recheck) throw new VisibleError("visit.already_rechecked", { itemCode: input.itemCode }, 409);
  const at = Clock.iso();
  const list = current.results.map((r, n) => (n === i ? { ...r, recheck: { at, outcome: input.outcome, note: input.note, by: who() } } : r));
  const next: VisitItem = { ...current, results: list, version: current.version + 1 };
  await put(current, next, "visit.recheck", { entityName: current.entityName, itemCode: input.itemCode, outcome: input.outcome });
  // A failed re-check is a further record of the business (信用风险分类); regrading never undoes it.
  if (input.outcome === "fail") await Credit.note({ creditCode: current.creditCode, kind: "inspection", outcome: "non-compliant", at, sourceId: `${current.id}.${input.itemCode}.recheck` }).catch(() => undefined);
  return toInfo(next);
});

export const CloseBody = VersionBody.meta({ id: "VisitClose", example: { version: 6 } });
export const CloseInput = CloseBody.extend({ id: Id });

/** Close a signed visit: recognisable results to the registry, results to disclosure and the year's figures — one commit; then credit records. */
export const close = fn(CloseInput, async (input) => {
  const current = await load(input.id);
  if (current.version !== input.version) throw new ConflictError();
  if (current.status !== "signed") throw new VisibleError(current.approval ? "visit.step_not_allowed" : "visit.not_approved", { status: current.status, step: "close" }, 409);
  const at = Clock.now();
  const built = await closeItems(current, at);
  const next: VisitItem = { ...current, results: built.results, status: "closed", closedAt: at.toISOString(), version: current.version + 1 };
  await put(current, next, "visit.close", { entityName: current.entityName, count: current.results.length, recognised: built.recognised }, { items: built.items, messages: built.messages });
  // 信用风险分类: each result is a record of the business; regrading never undoes the closing.
  for (const r of current.results) {
    await Credit.note({ creditCode: current.creditCode, kind: "inspection", outcome: r.outcome === "pass" ? "compliant" : "non-compliant", at: next.closedAt!, sourceId: `${current.id}.${r.bodyId}.${r.itemCode}`.slice(0, 80) }).catch(() => undefined);
  }
  return toInfo(next, await linksOf(current.id));
});

/** The closing commit's own writes besides the visit: recognised results (执法互认), the disclosure record
 * (一公开, contract 2) and the year's figures (contract 3). */
async function closeItems(v: VisitItem, at: Date) {
  const results = v.results.map((r) => ({ ...r }));
  const items: TxItem[] = [];
  const messages: OutgoingMessage[] = [];
  let recognised = 0;
  for (const r of results) {
    if (!r.recognisable) continue;
    const body = v.bodies.find((b) => b.bodyId === r.bodyId);
    const rec = Recognition.issue({
      creditCode: v.creditCode,
      entityName: v.entityName,
      itemCodes: [r.itemCode],
      outcome: recognitionOutcome(r.outcome),
      at,
      validDays: r.validDays!,
      issuingDepartment: body?.bodyName,
      source: "inspection",
      sourceId: v.id,
    });
    r.recognitionId = rec.info.id;
    items.push(...rec.items());
    messages.push(rec.message);
    recognised++;
  }
  const year = Number(v.windowFrom.slice(0, 4));
  const caps = await Plan.capsOf(year, v.bodies.map((b) => b.bodyId));
  items.push(...countClosed(v, Math.min(...Object.values(caps))));
  const entityType = (await Business.getMany([v.creditCode]))[0]?.type;
  items.push(...disclosureItems(v, results, shanghaiDate(at), entityType));
  return { results, items, messages, recognised };
}

/** The results' disclosure record (一公开), due 20 working days after the close, in the closing commit. */
function disclosureItems(v: VisitItem, results: StoredResult[], occurredOn: string, entityType?: string): TxItem[] {
  return Disclosure.pendingFor({
    kind: "inspection",
    sourceId: v.id,
    creditCode: v.creditCode,
    entityName: v.entityName,
    ...(entityType ? { entityType } : {}),
    bodies: v.bodies.map((b) => b.bodyName),
    occurredOn,
    results: results.map((r) => ({ itemCode: r.itemCode, itemName: r.itemName, outcome: r.outcome })),
    departmentId: v.bodies[0]!.departmentId,
  });
}

// ---------------------------------------------------------------- year figures (contract 3)

export function yearKey(tenantId: string, year: number) {
  return { tenantId, year };
}

/** The writes counting a closed visit in its year: visits, joint visits, and the business's count against its cap. */
export function countClosed(v: VisitItem, cap: number): TxItem[] {
  const year = Number(v.windowFrom.slice(0, 4));
  return [
    Tx.update(VisitYearEntity.update({ tenantId: v.tenantId, year }).add({ visits: 1, joint: v.bodies.length > 1 ? 1 : 0 })),
    Tx.update(VisitBusinessYearEntity.update({ tenantId: v.tenantId, year, creditCode: v.creditCode }).add({ count: 1 }).set({ entityName: v.entityName, cap })),
  ];
}

export const StatsInput = z.object({ year: z.coerce.number().int().min(2020).max(2100).optional() });
export const Stats = z
  .object({
    year: z.number().int(),
    visits: z.number().int(),
    joint: z.number().int(),
    perBusiness: z.array(z.object({ creditCode: z.string(), entityName: z.string(), count: z.number().int(), cap: z.number().int() })),
    noCodeReports: z.number().int(),
    ratings: z.object({ count: z.number().int(), mean: z.number() }),
  })
  .meta({ id: "VisitStats" });
export type Stats = z.infer<typeof Stats>;

/** How many businesses the per-business figures list (the most visited first). */
const PER_BUSINESS = 50;

/** The year's figures of this tenant, from its counters (no scan of visits): for the dashboard and the indicators. */
export async function yearFigures(year: number): Promise<Stats> {
  const tenantId = useTenant();
  const [row, businesses] = await Promise.all([
    VisitYearEntity.get({ tenantId, year }).go().then((r) => r.data),
    // A bounded read: at most a few pages of one year's businesses.
    VisitBusinessYearEntity.query.byYear({ tenantId, year }).go({ limit: 1000 }),
  ]);
  const perBusiness = businesses.data
    .map((b) => ({ creditCode: b.creditCode, entityName: b.entityName, count: b.count ?? 0, cap: b.cap }))
    .sort((a, b) => b.count - a.count || a.creditCode.localeCompare(b.creditCode))
    .slice(0, PER_BUSINESS);
  return Stats.parse({ year, ...figures(row ?? {}), perBusiness });
}

export const stats = fn(StatsInput, async ({ year }) => yearFigures(year ?? Number(shanghaiDate(Clock.now()).slice(0, 4))));

export const BusinessYear = z.object({ creditCode: z.string(), entityName: z.string(), count: z.number().int(), cap: z.number().int() }).meta({ id: "VisitBusinessYear" });
export const BusinessesInput = PageInput.extend(StatsInput.shape);

/** Every business visited in the year with its count against the cap, a page at a time (by credit code):
 * the whole list behind `perBusiness`, which shows only the most visited. */
export async function yearBusinesses(input: z.input<typeof BusinessesInput> = {}): Promise<Page<z.infer<typeof BusinessYear>>> {
  const { year, ...pageInput } = BusinessesInput.parse(input);
  const y = year ?? Number(shanghaiDate(Clock.now()).slice(0, 4));
  return mapPage(await page(VisitBusinessYearEntity.query.byYear({ tenantId: useTenant(), year: y }), pageInput), (b) => ({ creditCode: b.creditCode, entityName: b.entityName, count: b.count ?? 0, cap: b.cap }));
}

// ---------------------------------------------------------------- public (扫码入企)

export const PublicInfo = z
  .object({
    tenantName: z.string(),
    status: z.enum(Statuses),
    window: Window,
    bodies: z.array(z.object({ name: z.string() })),
    inspectors: z.array(z.object({ name: z.string(), certificateNo: z.string() })),
    items: z.array(z.object({ code: z.string(), name: z.string() })),
    emergency: z.boolean(),
    approvedAt: z.string().nullable(),
    /** Set when the visit was cancelled (status "cancelled"). */
    cancelledAt: z.string().optional(),
  })
  .meta({ id: "VisitPublic" });

export const CodeParam = z.string().regex(/^\d{6}[a-z2-9]{16}$/, { message: "visit.code_format" });

async function byCode(code: string, options: { cancelled?: boolean } = {}): Promise<VisitItem> {
  const tenantId = tenantOfCode(code);
  if (!tenantId || !Tenant.exists(tenantId) || tenantId !== useTenant()) throw new NotFoundError("visit.code_not_found");
  const hit = (await VisitEntity.query.byCode({ tenantId, code }).go({ limit: 1 })).data[0];
  // A cancelled visit's code shows that it was cancelled (the business told of it learns so); nothing else is done with it.
  if (!hit || (hit.status === "cancelled" && !options.cancelled)) throw new NotFoundError("visit.code_not_found");
  return (await VisitEntity.get({ tenantId, id: hit.id }).go({ consistent: true })).data!;
}

export function tenantExists(tenantId: string): boolean {
  return Tenant.exists(tenantId);
}

/** The tenant a public code names (the public route reads as that tenant). */
export function tenantOf(code: string): string | undefined {
  const t = tenantOfCode(code);
  return t && Tenant.exists(t) ? t : undefined;
}

/** What the business sees when it scans the code: who, for which body, which items, when — nothing else. */
export const publicView = fn(CodeParam, async (code) => {
  const v = await byCode(code, { cancelled: true });
  const g = await guides(v.bodies.flatMap((b) => b.itemCodes));
  return PublicInfo.parse({
    tenantName: Tenant.nameOf(v.tenantId),
    status: v.status,
    window: { from: v.windowFrom, to: v.windowTo },
    bodies: v.bodies.map((b) => ({ name: b.bodyName })),
    inspectors: v.inspectors.map((i) => ({ name: i.name, certificateNo: i.certificateNo })),
    items: [...new Set(v.bodies.flatMap((b) => b.itemCodes))].map((code) => ({ code, name: g.get(code)!.name })),
    emergency: v.emergency,
    approvedAt: v.approval?.at ?? null,
    ...(v.cancellation ? { cancelledAt: v.cancellation.at } : {}),
  });
});

export const RatingBody = z
  .object({ stars: z.number().int().min(1).max(5), comment: z.string().trim().max(500).optional() })
  .meta({ id: "VisitRating", example: { stars: 5, comment: "检查人员出示了执法证，一次查完多个事项" } });
export const RatingInput = RatingBody.extend({ code: CodeParam });

/** The business rates the visit once, after it (signed or closed). */
export const rate = fn(RatingInput, async (input) => {
  const v = await byCode(input.code);
  if (v.status !== "signed" && v.status !== "closed") throw new VisibleError("visit.rating_too_early", {}, 409);
  if (v.rating) throw new VisibleError("visit.rating_exists", {}, 409);
  const rating = { stars: input.stars, ...(input.comment ? { comment: input.comment } : {}), at: Clock.iso() };
  const year = Number(v.windowFrom.slice(0, 4));
  await commit({
    action: "visit.rate",
    target: { type: "visit", id: v.id },
    state: { visitId: v.id, rating },
    summary: { entityName: v.entityName, stars: input.stars },
    items: () => [
      // Once: the condition holds only while no rating is stored (the version is the staff's, untouched).
      Tx.update(VisitEntity.patch({ tenantId: v.tenantId, id: v.id }).set({ rating }).where((a, op) => op.notExists(a.rating))),
      Tx.update(VisitYearEntity.update({ tenantId: v.tenantId, year }).add({ ratingCount: 1, ratingSum: input.stars })),
    ],
    onConditionFailed: () => new VisibleError("visit.rating_exists", {}, 409),
  });
  return { rated: true as const, at: rating.at };
});

export const ReportBody = z
  .object({
    tenantId: z.string().regex(/^\d{6}$/, { message: "visit.report_tenant" }),
    code: z.string().trim().max(40).optional(),
    creditCode: CreditCode,
    entityName: z.string().trim().min(2).max(100),
    occurredOn: IsoDate,
    description: z.string().trim().min(4).max(2000),
    contact: z.string().trim().max(100).optional(),
  })
  .meta({
    id: "VisitReport",
    example: { tenantId: "350102", creditCode: "91350102MA2Y0X0T31", entityName: "福州示例餐饮管理有限公司", occurredOn: "2026-12-10", description: "两名检查人员到店检查，未出示检查码" },
  });

export const ReportInfo = z
  .object({
    id: ReportId,
    kind: z.enum(["no-code", "mismatch", "registered"]),
    code: z.string().optional(),
    visitId: z.string().optional(),
    creditCode: z.string(),
    entityName: z.string(),
    occurredOn: z.string(),
    description: z.string(),
    contact: z.string().optional(),
    departmentId: z.string(),
    dueAt: z.string(),
    beyondCalendar: z.boolean(),
    overdue: z.boolean(),
    receivedAt: z.string(),
  })
  .meta({ id: "VisitReportInfo" });

function toReport(r: VisitReportItem): z.infer<typeof ReportInfo> {
  return ReportInfo.parse({
    id: r.id,
    kind: r.kind,
    ...(r.code ? { code: r.code } : {}),
    ...(r.visitId ? { visitId: r.visitId } : {}),
    creditCode: r.creditCode,
    entityName: r.entityName,
    occurredOn: r.occurredOn,
    description: r.description,
    ...(r.contact ? { contact: r.contact } : {}),
    departmentId: r.departmentId,
    dueAt: r.dueAt,
    beyondCalendar: r.beyondCalendar,
    overdue: Clock.nowMs() > Date.parse(r.dueAt),
    receivedAt: r.receivedAt,
  });
}

/** The tenant's enforcement-supervision office (司法局行政执法监督), which receives reports. */
async function supervisionOffice(): Promise<Department.Info> {
  const office = (await Department.list()).find((d) => d.type === "enforcement-supervision" && d.status === "active");
  if (!office) throw new VisibleError("visit.no_supervision_office", {}, 409);
  return office;
}

/** A business reports a visit that showed no code, or a code that does not match it: to the office, with a clock. */
export const report = fn(ReportBody, async (input) => {
  const tenantId = useTenant();
  if (input.tenantId !== tenantId) throw fieldError("visit.report_tenant", "tenantId");
  let kind: "no-code" | "mismatch" | "registered" = "no-code";
  let visitId: string | undefined;
  if (input.code) {
    const v = tenantOfCode(input.code) === tenantId ? await byCode(input.code).catch(() => undefined) : undefined;
    kind = v && v.creditCode === input.creditCode ? "registered" : "mismatch";
    visitId = v?.creditCode === input.creditCode ? v.id : undefined;
  }
  const office = await supervisionOffice();
  const now = Clock.now();
  const due = deadline(now, Policy.current().visit.answerReport.duration);
  const row: VisitReportItem = {
    tenantId,
    id: createId("vrp"),
    kind,
    ...(input.code ? { code: input.code } : {}),
    ...(visitId ? { visitId } : {}),
    creditCode: input.creditCode,
    entityName: input.entityName,
    occurredOn: input.occurredOn,
    description: input.description,
    ...(input.contact ? { contact: input.contact } : {}),
    departmentId: office.id,
    dueAt: due.dueAt,
    beyondCalendar: due.beyondCalendar,
    receivedAt: now.toISOString(),
  };
  const year = Number(input.occurredOn.slice(0, 4));
  await commit({
    action: "visit.report",
    target: { type: "visit-report", id: row.id },
    state: row,
    summary: { entityName: row.entityName, kind, dueAt: row.dueAt },
    items: () => [
      Tx.put(VisitReportEntity.create(row)),
      ...(kind === "registered" ? [] : [Tx.update(VisitYearEntity.update({ tenantId, year }).add({ noCodeReports: 1 }))]),
    ],
  });
  return { id: row.id, kind, dueAt: row.dueAt };
});

/** The reports, for the enforcement-supervision office and the overseers (newest first). */
export async function reports(input: PageInput = {}) {
  const scope = Department.scopeOf();
  if (!scope.all) {
    const office = await supervisionOffice().catch(() => undefined);
    if (!office || office.id !== scope.departmentId) throw new VisibleError("visit.not_supervision_office", {}, 403);
  }
  return mapPage(await page(VisitReportEntity.query.byTenant({ tenantId: useTenant() }), input), toReport);
}

// ---------------------------------------------------------------- public submissions: a simple rate limit

/** Public POSTs (rating, report, objection) a client may send per route in one fixed window. */
export const PUBLIC_POST_LIMIT = { perWindow: 10, windowSeconds: 60 } as const;

/** Count one public submission of `client` (its address) to `route` in the current fixed window, in the
 * tenant's own partition (one UpdateItem, the row expiring with the window); past the limit a 429 with the
 * seconds until the window ends (the route sends them as Retry-After). */
export async function admit(route: string, client: string, limit: { perWindow: number; windowSeconds: number } = PUBLIC_POST_LIMIT): Promise<{ count: number; retryAfter: number }> {
  const nowS = Math.floor(Clock.nowMs() / 1000);
  const window = Math.floor(nowS / limit.windowSeconds);
  const end = (window + 1) * limit.windowSeconds;
  const key = `${route}#${sha256(Buffer.from(client)).slice(0, 32)}`;
  const res = await RateWindowEntity.update({ tenantId: useTenant(), key, window }).add({ n: 1 }).set({ expiresAt: end + limit.windowSeconds }).go({ response: "all_new" });
  const count = res.data.n ?? 1;
  const retryAfter = Math.max(1, end - nowS);
  if (count > limit.perWindow) throw new VisibleError("visit.rate_limited", { seconds: retryAfter }, 429, [{ field: "(request)", rule: "visit.rate_limited", params: { seconds: retryAfter, retryAfter } }]);
  return { count, retryAfter };
}
