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
import { Policy } from "../policy";
import { canonicalJson, merkleRoot, sha256 } from "../util/hash";
import { mapPage, page, PageInput, type Page } from "../util/page";
import { Warning } from "../warning";
import { DEFAULT_WEIGHTS, rankKey, score, Weights, type Reason, type Signals } from "./model";
import { RiskJobEntity, RiskRankEntity, RiskScoreEntity, RiskWeightsEntity, type RiskJobItem, type RiskRankItem } from "./risk.entity";

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
  const changes = changedPaths(current, next);
  const row = { scope: PROVINCE_ID, versionKey: String(next.version).padStart(6, "0"), version: next.version, body: JSON.stringify(next), changes, publishedBy: actorRef(), publishedAt: Clock.iso() };
  await commit({
    action: "risk.weights",
    target: { type: "riskWeights", id: String(next.version) },
    state: next,
    summary: { version: next.version, changes: changes.join(", ") },
    items: () => [Tx.put(RiskWeightsEntity.create(row))],
    onConditionFailed: () => new ConflictError(),
  });
  return next;
}

/** The dotted paths of the weights that differ (the version itself aside). */
function changedPaths(a: Weights, b: Weights): string[] {
  const flat = (w: Weights) => {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(w)) {
      if (k === "version") continue;
      if (typeof v === "number") out[k] = v;
      else for (const [kk, vv] of Object.entries(v)) out[`${k}.${kk}`] = vv as number;
    }
    return out;
  };
  const fa = flat(a);
  return Object.entries(flat(b))
    .filter(([k, v]) => fa[k] !== v)
    .map(([k]) => k);
}

export const WeightsVersion = z
  .object({
    version: z.number().int(),
    weights: Weights,
    changes: z.array(z.string()),
    publishedBy: z.object({ name: z.string() }),
    publishedAt: z.string(),
  })
  .meta({ id: "RiskWeightsVersion" });
export type WeightsVersion = z.infer<typeof WeightsVersion>;

/** Every published version, newest first (one page; the platform default, version 1, has no row). */
export async function weightVersions(input: PageInput = {}): Promise<Page<WeightsVersion>> {
  const res = await page(RiskWeightsEntity.query.byVersion({ scope: PROVINCE_ID }), input, "desc");
  // Read as stored: an older version was valid by the checks of its day.
  return mapPage(res, (r) => ({ version: r.version, weights: JSON.parse(r.body) as Weights, changes: r.changes ?? [], publishedBy: { name: r.publishedBy.name }, publishedAt: r.publishedAt }));
}

// ---------------------------------------------------------------- scoring a business

/** What a caller's own commit adds that a read cannot see yet (contract-warning.md): its clues' instants, the levels of
 * the warnings it fires, the IDs of the warnings it decides. */
export interface Pending {
  clues?: readonly string[];
  warnings?: readonly ("yellow" | "orange" | "red")[];
  closedWarnings?: readonly string[];
}

/** What the model reads of one business now (plus what the caller's commit adds). */
export async function signalsOf(creditCode: string, w: Weights, pending: Pending = {}): Promise<Signals & { entityName?: string }> {
  const [clues, open, business, records] = await Promise.all([
    Warning.clueDates(creditCode, w.clueDays),
    Warning.openFor(creditCode),
    Business.fromCode(creditCode).catch(() => undefined),
    Credit.records(creditCode),
  ]);
  const closed = new Set(pending.closedWarnings ?? []);
  return {
    clues: [...clues, ...(pending.clues ?? [])],
    warnings: [...open.filter((x) => !closed.has(x.id)).map((x) => x.level), ...(pending.warnings ?? [])],
    ...(business ? { grade: business.grade, entityName: business.name, ...(business.registeredOn ? { registeredOn: business.registeredOn } : {}) } : {}),
    inspections: records.filter((r) => r.kind === "inspection").map((r) => ({ at: r.at, found: r.outcome === "non-compliant" })),
    penalties: records.filter((r) => r.kind === "penalty").map((r) => r.at),
  };
}

interface Rescored {
  info: Info;
  /** Empty when nothing shown changed (same score, reasons, name, grade and weights): nothing to write. */
  items: TxItem[];
}

async function rescoreOne(creditCode: string, w: Weights, pending?: Pending): Promise<Rescored> {
  const tenantId = useTenant();
  const s = await signalsOf(creditCode, w, pending);
  const scored = score(w, s, Clock.now());
  const before = (await RiskScoreEntity.get({ tenantId, creditCode }).go({ consistent: true })).data;
  const key = rankKey(scored.score, creditCode);
  const same =
    before &&
    before.rankKey === key &&
    before.weightsVersion === w.version &&
    before.entityName === s.entityName &&
    before.grade === s.grade &&
    canonicalJson(before.reasons) === canonicalJson(scored.reasons);
  if (same) return { info: toInfo(before), items: [] };
  const updatedAt = Clock.iso();
  const common = { tenantId, creditCode, ...(s.entityName ? { entityName: s.entityName } : {}), ...(s.grade ? { grade: s.grade } : {}), score: scored.score, reasons: scored.reasons, updatedAt };
  const row = { ...common, rankKey: key, weightsVersion: w.version };
  // Conditioned on the rank key read: two re-scores of one business at once cannot both move its row (one fails, re-reads).
  const items: TxItem[] = [Tx.put(before ? RiskScoreEntity.put(row).where((a, op) => op.eq(a.rankKey, before.rankKey)) : RiskScoreEntity.create(row))];
  if (before && before.rankKey !== key) items.push(Tx.delete(RiskRankEntity.delete({ tenantId, rankKey: before.rankKey })));
  items.push(Tx.put(RiskRankEntity.put({ ...common, rankKey: key })));
  return { info: toInfo(common), items };
}

/** Re-score one business and move its row in the ranking now (one commit; nothing when nothing changed). */
export async function refresh(creditCode: string): Promise<Info> {
  const code = CreditCode.parse(creditCode);
  const w = await weights();
  for (let attempt = 0; ; attempt++) {
    const r = await rescoreOne(code, w);
    if (!r.items.length) return r.info;
    try {
      await commit({
        action: "risk.rescore",
        target: { type: "risk", id: code },
        state: r.info,
        summary: { count: 1, creditCode: code },
        items: () => r.items,
        onConditionFailed: () => new ConflictError(),
      });
      return r.info;
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= 3) throw err;
    }
  }
}

/**
 * For a caller's own commit (contract-warning.md: clue ingest, a warning's
 * decision): the items that move these businesses' rows in the ranking, with
 * what that commit adds (`pending`, by credit code). At most 3 items a
 * business, none for one whose score is unchanged. The score rows carry a
 * condition: a concurrent re-score fails the caller's commit (redo it).
 */
export async function refreshItems(creditCodes: readonly string[], pending: Record<string, Pending> = {}): Promise<{ items: () => TxItem[]; infos: Info[] }> {
  const w = await weights();
  const codes = [...new Set(creditCodes.map((c) => CreditCode.parse(c)))];
  const done = await Promise.all(codes.map((c) => rescoreOne(c, w, pending[c])));
  return { items: () => done.flatMap((d) => d.items), infos: done.map((d) => d.info) };
}

/** Businesses a commit of the re-score holds: 25 × at most 3 items, under DynamoDB's 100 with the audit event. */
const PER_COMMIT = 25;

/**
 * Re-score many businesses now (after a batch of clues, a warning's decision,
 * the nightly job): 25 to a commit, each commit ONE audit event whose state is
 * the Merkle root of the rows it changed; unchanged businesses write nothing.
 * A commit that meets a concurrent re-score is redone with fresh reads.
 */
export async function refreshMany(creditCodes: readonly string[], onProgress?: (done: number) => void): Promise<{ count: number; changed: number }> {
  const w = await weights();
  const codes = [...new Set(creditCodes.map((c) => CreditCode.parse(c)))];
  let changed = 0;
  for (let i = 0; i < codes.length; i += PER_COMMIT) {
    const slice = codes.slice(i, i + PER_COMMIT);
    for (let attempt = 0; ; attempt++) {
      const batch = (await Promise.all(slice.map((c) => rescoreOne(c, w)))).filter((b) => b.items.length);
      if (!batch.length) break;
      const root = merkleRoot(batch.map((b) => sha256(`${b.info.creditCode}|${b.info.score}`)));
      try {
        await commit({
          action: "risk.rescore",
          target: { type: "risk", id: `batch#${root.slice(0, 16)}` },
          state: { count: batch.length, merkleRoot: root },
          summary: { count: batch.length },
          items: () => batch.flatMap((b) => b.items),
          onConditionFailed: () => new ConflictError(),
        });
        changed += batch.length;
        break;
      } catch (err) {
        if (!(err instanceof ConflictError) || attempt >= 3) throw err;
      }
    }
    onProgress?.(Math.min(codes.length, i + PER_COMMIT));
  }
  return { count: codes.length, changed };
}

/** The API's and the demo's name for `refreshMany`. */
export const rescore = refreshMany;

// ---------------------------------------------------------------- the nightly re-score (jobs/risk-rescore.ts)

const GRADES = ["A", "B", "C", "D"] as const;
export const JOB_PAGE = 200;

export interface JobProgress {
  tenantId: string;
  runDay: string;
  done: boolean;
  scored: number;
  changed: number;
  /** Where it stopped (grade roster and last credit code) when cut short. */
  grade: string;
  after: string;
}

/**
 * 每日重新评分: scores go stale as time passes (clue windows close, a year
 * without inspection adds points, a credit record ages out), so every
 * business of the tenant's directory is re-scored once a day — page by page
 * (`JOB_PAGE` credit codes of the per-grade rosters), the progress saved after
 * each page, so a run cut short (`deadline`) resumes where it stopped; a day
 * already done is skipped. Returns the tenant's progress.
 */
export async function rescoreDirectory(options: { deadline?: number; pageSize?: number; maxPages?: number } = {}): Promise<JobProgress> {
  const tenantId = useTenant();
  const runDay = Policy.shanghaiDate(Clock.now());
  const saved = (await RiskJobEntity.get({ tenantId }).go({ consistent: true })).data;
  let state: RiskJobItem =
    saved && saved.runDay === runDay
      ? saved
      : { tenantId, runDay, grade: "A", after: "", done: false, scored: 0, changed: 0, startedAt: Clock.iso(), updatedAt: Clock.iso() };
  const view = (): JobProgress => ({ tenantId, runDay, done: state.done, scored: state.scored, changed: state.changed, grade: state.grade, after: state.after });
  if (state.done) return view();
  const size = Math.min(options.pageSize ?? JOB_PAGE, 1000);
  // Progress is the job's own bookkeeping, not a business fact: a plain write (the re-scores it drives are audited commits).
  const save = async () => {
    state = { ...state, updatedAt: Clock.iso() };
    await RiskJobEntity.put(state).go();
  };
  let pages = 0;
  for (const grade of GRADES.slice(Math.max(0, GRADES.indexOf(state.grade as (typeof GRADES)[number])))) {
    if (grade !== state.grade) state = { ...state, grade, after: "" };
    for await (const chunk of Business.roster(grade)) {
      const todo = chunk.filter((c) => c > state.after);
      for (let i = 0; i < todo.length; i += size) {
        // Out of time (the Lambda's limit) or of the page budget: stop here, the next run resumes.
        if ((options.deadline && Date.now() > options.deadline) || (options.maxPages !== undefined && pages >= options.maxPages)) {
          await save();
          return view();
        }
        const page = todo.slice(i, i + size);
        const r = await refreshMany(page);
        pages++;
        state = { ...state, after: page[page.length - 1]!, scored: state.scored + r.count, changed: state.changed + r.changed };
        await save();
      }
    }
  }
  state = { ...state, done: true };
  await save();
  return view();
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
