import * as z from "zod";
import { IsoDate } from "../util/date";
import type { Grade } from "../business/names";

/** 信用风险分类: the province's scoring rules as data (versioned; the default
 * below ships with the platform), and the pure scoring of one business's
 * records against them. No I/O. */

const Bonus = z.number().min(0).max(100);
const Deduction = z.number().min(-100).max(0);

export const ScoringConfig = z
  .object({
    version: z.number().int().min(1),
    /** Where the rules come from (the province's classification measures). */
    source: z.string().min(1).max(300),
    effectiveFrom: IsoDate,
    /** Every business starts here. */
    base: z.number().min(0).max(1000),
    /** Lowest score of each grade; below `C` is D. */
    thresholds: z.object({ A: z.number(), B: z.number(), C: z.number() }),
    /** Records older than this are not scored. */
    windowYears: z.number().int().min(1).max(10),
    /** Weights: a bonus is 0…100 and a deduction −100…0 (a sign the other way, or one rule outweighing the
     * whole scale, is a slip the 400 names by field). */
    points: z.object({
      /** Operating for at least `establishedYears`. */
      established: Bonus,
      establishedYears: z.number().int().min(0),
      /** Registered less than `newMonths` ago. */
      newBusiness: z.number().min(-100).max(100),
      newMonths: z.number().int().min(0),
      expiredLicence: Deduction,
      inspectionCompliant: Bonus,
      /** At most this much from compliant inspections together. */
      inspectionCompliantCap: Bonus,
      inspectionNonCompliant: Deduction,
      penaltyWarning: Deduction,
      penaltyFine: Deduction,
      /** Suspension, revocation: the heaviest measures. */
      penaltySevere: Deduction,
      penaltyOther: Deduction,
      assistanceFinding: Deduction,
    }),
    /** A business on a severe-dishonesty list (失信) is D whatever its score. */
    dishonestIsD: z.boolean(),
  })
  .refine((c) => c.thresholds.A > c.thresholds.B && c.thresholds.B > c.thresholds.C, { message: "credit.scoring_invalid", path: ["thresholds"] })
  .meta({ id: "CreditScoringConfig" });
export type ScoringConfig = z.infer<typeof ScoringConfig>;

/** The platform's default until the province publishes its own: the shape of
 * SAMR's 企业信用风险分类管理 (registration, licences, inspection results,
 * penalties, other departments' findings); the points are a local example. */
export const DEFAULT_SCORING: ScoringConfig = {
  version: 1,
  source: "平台默认（参照市场监管总局企业信用风险分类管理，分值为示例，省级可发布新版本替换）",
  effectiveFrom: "2026-01-01",
  base: 80,
  thresholds: { A: 90, B: 70, C: 50 },
  windowYears: 3,
  points: {
    established: 5,
    establishedYears: 3,
    newBusiness: 0,
    newMonths: 12,
    expiredLicence: -10,
    inspectionCompliant: 5,
    inspectionCompliantCap: 10,
    inspectionNonCompliant: -15,
    penaltyWarning: -5,
    penaltyFine: -20,
    penaltySevere: -40,
    penaltyOther: -10,
    assistanceFinding: -10,
  },
  dishonestIsD: true,
};

export const RecordKinds = ["inspection", "penalty", "assistance", "dishonest"] as const;
export type RecordKind = (typeof RecordKinds)[number];

/** One record of a business as scoring sees it. */
export interface CreditRecord {
  kind: RecordKind;
  /** inspection: compliant | non-compliant; penalty: the measure (warning, fine, suspension, revocation, …); assistance/dishonest: free. */
  outcome: string;
  /** When it happened (ISO instant or date). */
  at: string;
  /** For the reasons shown: a decision number, an inspection, a finding. */
  ref?: string;
  /** The record's ID (its source's ID when noted with one, e.g. the penalty's): a listing names the records it rests on. */
  id?: string;
}

export interface Registration {
  registeredOn?: string;
  licences: { kind: string; number: string; validUntil?: string }[];
}

export interface Scored {
  grade: Grade;
  score: number;
  reasons: string[];
}

const fmt = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");

function monthsBetween(from: string, to: Date): number {
  const f = new Date(from.length === 10 ? `${from}T00:00:00+08:00` : from);
  return (to.getTime() - f.getTime()) / (30.4375 * 86_400_000);
}

/** The grade of one business from its registration and records, with a reason per rule that applied. */
export function score(config: ScoringConfig, reg: Registration, records: readonly CreditRecord[], now: Date): Scored {
  const p = config.points;
  const reasons: string[] = [];
  let total = config.base;
  const add = (points: number, text: string) => {
    if (points === 0) return;
    total += points;
    reasons.push(`${text}（${fmt(points)}）`);
  };
  if (reg.registeredOn) {
    const months = monthsBetween(reg.registeredOn, now);
    if (months >= p.establishedYears * 12) add(p.established, `成立满 ${p.establishedYears} 年`);
    else if (months < p.newMonths) add(p.newBusiness, `成立不满 ${p.newMonths} 个月`);
  }
  const today = now.toISOString().slice(0, 10);
  for (const l of reg.licences) if (l.validUntil && l.validUntil < today) add(p.expiredLicence, `${l.kind}（${l.number}）已于 ${l.validUntil} 过期`);
  const since = new Date(now.getTime() - config.windowYears * 365.25 * 86_400_000);
  const recent = records.filter((r) => new Date(r.at.length === 10 ? `${r.at}T00:00:00+08:00` : r.at) >= since);
  const compliant = recent.filter((r) => r.kind === "inspection" && r.outcome === "compliant").length;
  if (compliant) add(Math.min(p.inspectionCompliantCap, compliant * p.inspectionCompliant), `近 ${config.windowYears} 年检查合格 ${compliant} 次`);
  const failed = recent.filter((r) => r.kind === "inspection" && r.outcome === "non-compliant");
  if (failed.length) add(failed.length * p.inspectionNonCompliant, `近 ${config.windowYears} 年检查不合格 ${failed.length} 次`);
  for (const r of recent.filter((x) => x.kind === "penalty")) {
    const severe = r.outcome === "suspension" || r.outcome === "revocation";
    const points = r.outcome === "warning" ? p.penaltyWarning : r.outcome === "fine" ? p.penaltyFine : severe ? p.penaltySevere : p.penaltyOther;
    add(points, `${r.at.slice(0, 10)} 受到行政处罚（${PenaltyWords[r.outcome] ?? r.outcome}${r.ref ? `，${r.ref}` : ""}）`);
  }
  const findings = recent.filter((r) => r.kind === "assistance");
  if (findings.length) add(findings.length * p.assistanceFinding, `近 ${config.windowYears} 年跨区域协助查实问题 ${findings.length} 项`);
  const dishonest = config.dishonestIsD && listedNow(recent);
  const t = config.thresholds;
  const grade: Grade = dishonest ? "D" : total >= t.A ? "A" : total >= t.B ? "B" : total >= t.C ? "C" : "D";
  if (dishonest) reasons.push("列入严重失信主体名单，直接评为 D 类");
  if (reasons.length === 0) reasons.push("暂无加减分记录");
  reasons.push(`得分 ${total}（基础分 ${config.base}）→ ${grade} 类（A ≥ ${t.A}，B ≥ ${t.B}，C ≥ ${t.C}；评分规则第 ${config.version} 版）`);
  return { grade, score: total, reasons };
}

/** Outcomes of a `dishonest` record that end the listing its `ref` names (dishonesty/ notes them on removal). */
export const DISHONEST_ENDED = ["removed", "expired", "repaired"] as const;

/** Is the business on a severe-dishonesty list now: a listing record whose listing has no later removal record. */
function listedNow(records: readonly CreditRecord[]): boolean {
  const ended = new Set(records.filter((r) => r.kind === "dishonest" && (DISHONEST_ENDED as readonly string[]).includes(r.outcome)).map((r) => r.ref));
  return records.some((r) => r.kind === "dishonest" && !(DISHONEST_ENDED as readonly string[]).includes(r.outcome) && !(r.ref && ended.has(r.ref)));
}

const PenaltyWords: Record<string, string> = {
  warning: "警告",
  fine: "罚款",
  confiscation: "没收",
  suspension: "责令停产停业",
  revocation: "吊销许可证件",
  "detention-of-goods": "扣押财物",
  other: "其他",
};
