export * as Credit from "./index";

import * as z from "zod";
import { Business } from "../business/index";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { Tx } from "../dynamo/tx";
import { CreditCode } from "../entity/credit-code";
import { NotFoundError, VisibleError } from "../error";
import { commit } from "../outbox/commit";
import { PROVINCE_ID } from "../tenant/index";
import { createId } from "../util/id";
import { mapPage, page, type PageInput } from "../util/page";
import { CreditRecordEntity, CreditScoringEntity } from "./credit.entity";
import { DEFAULT_SCORING, RecordKinds, ScoringConfig, score, type CreditRecord, type Scored } from "./scoring";

export { DEFAULT_SCORING, RecordKinds, ScoringConfig, score, type CreditRecord, type Scored } from "./scoring";

/** 信用风险分类: a grade A–D per business, scored from its registration,
 * licences and records (inspection results, penalties, assistance findings,
 * dishonesty listings) by the province's versioned rules, with the reasons
 * shown. Recomputed whenever a record is noted; a changed grade moves the
 * business in the directory's roster in the same transaction (Business.setGrade),
 * so the next draw sees it.
 *
 * The scoring rules are this module's own data (DEFAULT_SCORING until the
 * province publishes a version): the Policy config had no credit section when
 * this was built. */

/** How many of a business's records are scored (newest first): a bounded read. */
const MAX_RECORDS = 200;

export const RecordInput = z.object({
  creditCode: CreditCode,
  kind: z.enum(RecordKinds, { message: "credit.record_kind" }),
  outcome: z.string().trim().min(1).max(40),
  /** When it happened: YYYY-MM-DD or an ISO instant. */
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/),
  ref: z.string().trim().max(100).optional(),
  /** The inspection, penalty or finding it comes from: noting the same source twice records it once. */
  sourceId: z.string().trim().max(80).optional(),
});

/** The rules in force: the latest version the province published, else the default. */
export async function scoring(): Promise<ScoringConfig> {
  const res = await CreditScoringEntity.query.byVersion({ scope: PROVINCE_ID }).go({ order: "desc", limit: 1 });
  const latest = res.data[0];
  return latest ? ScoringConfig.parse(JSON.parse(latest.body)) : DEFAULT_SCORING;
}

/** The province publishes the next version of the scoring rules (version = current + 1). */
export async function publishScoring(input: z.input<typeof ScoringConfig>): Promise<ScoringConfig> {
  if (useTenant() !== PROVINCE_ID) throw new VisibleError("auth.forbidden", { role: "tenant", permission: "credit.scoring" }, 403);
  const config = ScoringConfig.parse(input);
  const current = await scoring();
  if (config.version !== current.version + 1) throw new VisibleError("credit.scoring_invalid", { reason: `version must be ${current.version + 1}` }, 409);
  const item = { scope: PROVINCE_ID, version: config.version, versionKey: String(config.version).padStart(6, "0"), body: JSON.stringify(config), publishedBy: actorRef(useActor()).name, publishedAt: Clock.iso() };
  await commit({
    action: "credit.scoring",
    target: { type: "creditScoring", id: String(config.version) },
    state: config,
    summary: { version: config.version },
    items: () => [Tx.put(CreditScoringEntity.create(item))],
  });
  return config;
}

async function recordsOf(tenantId: string, creditCode: string): Promise<CreditRecord[]> {
  const res = await CreditRecordEntity.query.byBusiness({ tenantId, creditCode }).go({ order: "desc", limit: MAX_RECORDS });
  return res.data.map((r) => ({ kind: r.kind, outcome: r.outcome, at: r.at, ref: r.ref, id: r.id }));
}

export interface Explained extends Scored {
  creditCode: string;
  current: Business.Grade;
  records: CreditRecord[];
  rulesVersion: number;
}

/** What the rules give the business now, and why (nothing written). */
export async function explain(creditCode: string): Promise<Explained> {
  const code = CreditCode.parse(creditCode);
  const business = await Business.fromCode(code);
  const [config, records] = await Promise.all([scoring(), recordsOf(useTenant(), code)]);
  const scored = score(config, { registeredOn: business.registeredOn, licences: business.licences }, records, Clock.now());
  return { ...scored, creditCode: code, current: business.grade, records, rulesVersion: config.version };
}

/** Score the business again and store the grade (and move it in the roster) if it changed. */
export async function recompute(creditCode: string): Promise<Business.Info> {
  const e = await explain(creditCode);
  return Business.setGrade({ creditCode: e.creditCode, grade: e.grade, source: `credit-v${e.rulesVersion}`, reasons: e.reasons });
}

/** Note a record of a business (an inspection result, a penalty, an assistance finding) and regrade it.
 * The hook the inspection, penalty and assistance modules call after their own commit. A business
 * not in this tenant's directory is not graded here: nothing is written. */
export async function note(input: z.input<typeof RecordInput>): Promise<Business.Info | undefined> {
  const r = RecordInput.parse(input);
  const tenantId = useTenant();
  // Only businesses of this tenant's directory are graded here; others leave no trace (their own county grades them).
  if ((await Business.getMany([r.creditCode])).length === 0) return undefined;
  const id = r.sourceId ?? createId("imp").replace(/^imp_/, "rec_");
  const item = { tenantId, creditCode: r.creditCode, id, kind: r.kind, outcome: r.outcome, at: r.at, ref: r.ref, recordedBy: actorRef(useActor()).name, recordedAt: Clock.iso() };
  const existing = (await CreditRecordEntity.get({ tenantId, creditCode: r.creditCode, at: r.at, id }).go({ consistent: true })).data;
  if (!existing) {
    await commit({
      action: "credit.record",
      target: { type: "creditRecord", id },
      state: item,
      summary: { creditCode: r.creditCode, kind: r.kind, outcome: r.outcome },
      items: () => [Tx.put(CreditRecordEntity.create(item))],
    });
  }
  try {
    return await recompute(r.creditCode);
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

/** The records of one business, newest first (a bounded page). */
export async function records(creditCode: string): Promise<CreditRecord[]> {
  return recordsOf(useTenant(), CreditCode.parse(creditCode));
}

/** Who published each version of the scoring rules and when (newest first; the default has no row). */
export const ScoringVersion = z
  .object({ version: z.number().int(), source: z.string(), effectiveFrom: z.string(), publishedBy: z.string(), publishedAt: z.string() })
  .meta({ id: "CreditScoringVersion" });
export type ScoringVersion = z.infer<typeof ScoringVersion>;

export async function scoringVersions(input: PageInput = {}) {
  const res = await page(CreditScoringEntity.query.byVersion({ scope: PROVINCE_ID }), input, "desc");
  return mapPage(res, (r): ScoringVersion => {
    // Read as stored: an older version was valid by the rules of its day.
    const c = JSON.parse(r.body) as { source: string; effectiveFrom: string };
    return { version: r.version, source: c.source, effectiveFrom: c.effectiveFrom, publishedBy: r.publishedBy, publishedAt: r.publishedAt };
  });
}
