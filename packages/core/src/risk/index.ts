export * as Risk from "./index";

import * as z from "zod";
import { Business } from "../business";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { Credit } from "../credit";
import { Tx, type TxItem } from "../dynamo/tx";
import { CreditCode } from "../entity/credit-code";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { commit } from "../outbox/commit";
import { PROVINCE_ID } from "../tenant";
import { merkleRoot, sha256 } from "../util/hash";
import { mapPage, page, PageInput, type Page } from "../util/page";
import { Warning } from "../warning";
import { DEFAULT_WEIGHTS, rankKey, score, Weights, type Reason, type Signals } from "./model";
import { RiskRankEntity, RiskScoreEntity, RiskWeightsEntity, type RiskRankItem } from "./risk.entity";

/** 风险排名 (issue 14): each tenant's businesses ranked by risk from their
 * clues, undecided warnings, credit grade and inspection history, each with
 * the reasons that raised it. The ranking is an index kept per tenant (a row
 * per business under a sort key of descending score), moved in the same
 * commit as the business's new score, so a page of it is one Query. */

export { backtest, DEFAULT_WEIGHTS, rankKey, score, Weights, type BacktestResult, type History, type Reason, type Scored, type Signals } from "./model";

const ReasonSchema = z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])), points: z.number() });

export const Info = z
  .object({
    rank: z.number().int().optional(),
    creditCode: z.string(),
    entityName: z.string().optional(),
    grade: z.string().optional(),
    score: z.number(),
    reasons: z.array(ReasonSchema),
    updatedAt: z.string(),
  })
  .meta({ id: "RiskEntry" });
export type Info = z.infer<typeof Info>;

const toInfo = (r: { creditCode: string; entityName?: string; grade?: string; score: number; reasons: Reason[]; updatedAt: string }): Info =>
  Info.parse({ creditCode: r.creditCode, ...(r.entityName ? { entityName: r.entityName } : {}), ...(r.grade ? { grade: r.grade } : {}), score: r.score, reasons: r.reasons, updatedAt: r.updatedAt });

// ---------------------------------------------------------------- weights: versioned data

/** The weights in force: the province's latest version, else the default. */
export async function weights(): Promise<Weights> {
  const res = await RiskWeightsEntity.query.byVersion({ scope: PROVINCE_ID }).go({ order: "desc", limit: 1 });
  return res.data[0] ? Weights.parse(JSON.parse(res.data[0].body)) : DEFAULT_WEIGHTS;
}

/** The province publishes the next version (version = current + 1; each weight checked). */
export async function publishWeights(input: z.input<typeof Weights>): Promise<Weights> {
  const actor = useActor();
  if (useTenant() !== PROVINCE_ID || actor.type === "system" || actor.role !== "province-admin") throw new VisibleError("risk.province_only", {}, 403);
  const next = Weights.parse(input);
  const current = await weights();
  if (next.version !== current.version + 1) throw new VisibleError("risk.version", { expected: current.version + 1 }, 409);
  const row = { scope: PROVINCE_ID, versionKey: String(next.version).padStart(6, "0"), version: next.version, body: JSON.stringify(next), publishedBy: actorRef(), publishedAt: Clock.iso() };
  await commit({
    action: "risk.weights",
    target: { type: "riskWeights", id: String(next.version) },
    state: next,
    summary: { version: next.version },
    items: () => [Tx.put(RiskWeightsEntity.create(row))],
    onConditionFailed: () => new ConflictError(),
  });
  return next;
}

// ---------------------------------------------------------------- scoring a business

/** What the model reads of one business now. */
export async function signalsOf(creditCode: string, w: Weights): Promise<Signals & { entityName?: string }> {
  const [clues, open, business, records] = await Promise.all([
    Warning.clueDates(creditCode, w.clueDays),
    Warning.openFor(creditCode),
    Business.fromCode(creditCode).catch(() => undefined),
    Credit.records(creditCode),
  ]);
  return {
    clues,
    warnings: open.map((x) => x.level),
    ...(business ? { grade: business.grade, entityName: business.name, ...(business.registeredOn ? { registeredOn: business.registeredOn } : {}) } : {}),
    inspections: records.filter((r) => r.kind === "inspection").map((r) => ({ at: r.at, found: r.outcome === "non-compliant" })),
    penalties: records.filter((r) => r.kind === "penalty").map((r) => r.at),
  };
}

interface Rescored {
  info: Info;
  items: TxItem[];
}

async function rescoreOne(creditCode: string, w: Weights): Promise<Rescored> {
  const tenantId = useTenant();
  const s = await signalsOf(creditCode, w);
  const scored = score(w, s, Clock.now());
  const before = (await RiskScoreEntity.get({ tenantId, creditCode }).go({ consistent: true })).data;
  const key = rankKey(scored.score, creditCode);
  const updatedAt = Clock.iso();
  const common = { tenantId, creditCode, ...(s.entityName ? { entityName: s.entityName } : {}), ...(s.grade ? { grade: s.grade } : {}), score: scored.score, reasons: scored.reasons, updatedAt };
  const items: TxItem[] = [Tx.put(RiskScoreEntity.put({ ...common, rankKey: key, weightsVersion: w.version }))];
  if (before && before.rankKey !== key) items.push(Tx.delete(RiskRankEntity.delete({ tenantId, rankKey: before.rankKey })));
  items.push(Tx.put(RiskRankEntity.put({ ...common, rankKey: key })));
  return { info: toInfo(common), items };
}

/** Re-score one business and move its row in the ranking (after a clue, a warning's decision, a result). */
export async function refresh(creditCode: string): Promise<Info> {
  const code = CreditCode.parse(creditCode);
  const r = await rescoreOne(code, await weights());
  await commit({
    action: "risk.rescore",
    target: { type: "risk", id: code },
    state: r.info,
    summary: { count: 1, creditCode: code },
    items: () => r.items,
  });
  return r.info;
}

/** Re-score many businesses, 25 to a commit, each commit one audit event whose state is the Merkle root of its rows. */
export async function rescore(creditCodes: readonly string[], onProgress?: (done: number) => void): Promise<{ count: number }> {
  const w = await weights();
  const codes = [...new Set(creditCodes)];
  for (let i = 0; i < codes.length; i += 25) {
    const batch = await Promise.all(codes.slice(i, i + 25).map((c) => rescoreOne(c, w)));
    const root = merkleRoot(batch.map((b) => sha256(`${b.info.creditCode}|${b.info.score}`)));
    await commit({
      action: "risk.rescore",
      target: { type: "risk", id: `batch#${i / 25}` },
      state: { count: batch.length, merkleRoot: root },
      summary: { count: batch.length },
      items: () => batch.flatMap((b) => b.items),
    });
    onProgress?.(Math.min(codes.length, i + 25));
  }
  return { count: codes.length };
}

// ---------------------------------------------------------------- reading the ranking

export const ListInput = PageInput;

/** One page of the ranking, highest risk first, each with its reasons: one Query of the index. */
export async function list(input: z.input<typeof ListInput> = {}): Promise<Page<Info>> {
  const tenantId = useTenant();
  return mapPage(await page(RiskRankEntity.query.byRank({ tenantId }), input, "asc"), (r: RiskRankItem) => toInfo(r));
}

/** One business's score and reasons. */
export async function fromCode(creditCode: string): Promise<Info> {
  const code = CreditCode.parse(creditCode);
  const r = (await RiskScoreEntity.get({ tenantId: useTenant(), creditCode: code }).go()).data;
  if (!r) throw new NotFoundError("risk.not_found");
  return toInfo(r);
}
