import * as z from "zod";

/** Warning rules as data (预警规则, issue 14): the kinds, their parameters,
 * the province's defaults, what "tighter" means for a tenant, and the pure
 * evaluation of a clue or a planned inspection against them. No I/O: the
 * module (index.ts) reads the signals and hands them in. */

export const Kinds = ["clue-count", "grade", "reading", "repeat-findings", "over-cap", "multi-body", "duplicate"] as const;
export type Kind = (typeof Kinds)[number];

/** 红色 > 橙色 > 黄色. */
export const Levels = ["yellow", "orange", "red"] as const;
export type Level = (typeof Levels)[number];
export const LevelNames: Record<Level, { zh: string; en: string }> = {
  red: { zh: "红色预警", en: "Red" },
  orange: { zh: "橙色预警", en: "Orange" },
  yellow: { zh: "黄色预警", en: "Yellow" },
};

export const KindNames: Record<Kind, { zh: string; en: string }> = {
  "clue-count": { zh: "一定期间内线索数量", en: "Clues within a window" },
  grade: { zh: "信用等级较低的主体有线索", en: "A clue about a low-grade business" },
  reading: { zh: "监测读数超过阈值", en: "A monitoring reading over its threshold" },
  "repeat-findings": { zh: "近期检查反复发现问题", en: "Repeated findings in recent inspections" },
  "over-cap": { zh: "检查次数达到年度上限（高频检查）", en: "Inspections at the yearly cap (too frequent)" },
  "multi-body": { zh: "短期内多个主体检查同一企业（高频检查）", en: "Several bodies inspect within a short span" },
  duplicate: { zh: "与已有检查重复（重复检查）", en: "Duplicates an inspection already planned" },
};

/** Which kinds a clue fires and which a planned inspection fires. */
export const ClueKinds: readonly Kind[] = ["clue-count", "grade", "reading", "repeat-findings"];
export const InspectionKinds: readonly Kind[] = ["over-cap", "multi-body", "duplicate"];

const Grade = z.enum(["A", "B", "C", "D"]);
const Name = z.object({ zh: z.string().trim().min(2).max(60), en: z.string().trim().min(2).max(120) });

const common = {
  /** Stable key: a tenant's rule with a province rule's id tightens that rule. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: "warning.rule_id" }),
  name: Name,
  /** The items the rule watches; empty = every item. */
  itemCodes: z.array(z.string().trim().min(1).max(40)).max(50).default([]),
  level: z.enum(Levels),
  enabled: z.boolean().default(true),
};

export const Rule = z.discriminatedUnion("kind", [
  z.object({ ...common, kind: z.literal("clue-count"), params: z.object({ count: z.number().int().min(2).max(1000), days: z.number().int().min(1).max(365) }) }),
  z.object({ ...common, kind: z.literal("grade"), params: z.object({ grades: z.array(Grade).min(1).max(4) }) }),
  z.object({
    ...common,
    kind: z.literal("reading"),
    params: z.object({ metric: z.string().trim().min(1).max(60), threshold: z.number().finite(), unit: z.string().trim().min(1).max(20) }),
  }),
  z.object({ ...common, kind: z.literal("repeat-findings"), params: z.object({ count: z.number().int().min(2).max(50), days: z.number().int().min(1).max(1825) }) }),
  /** Warn when a body's tasks this year reach its cap minus `ahead`. */
  z.object({ ...common, kind: z.literal("over-cap"), params: z.object({ ahead: z.number().int().min(0).max(5) }) }),
  /** Warn when this many bodies (counting the new one) inspect the business within `days`. */
  z.object({ ...common, kind: z.literal("multi-body"), params: z.object({ bodies: z.number().int().min(2).max(20), days: z.number().int().min(1).max(365) }) }),
  /** Warn when another task of the business falls within `days` of the planned date. */
  z.object({ ...common, kind: z.literal("duplicate"), params: z.object({ days: z.number().int().min(0).max(365) }) }),
]);
export type Rule = z.infer<typeof Rule>;
export type RuleInput = z.input<typeof Rule>;

export const RuleSet = z.array(Rule).max(100);

/** The platform's defaults; the province may change them (versioned), a tenant only tighten them. */
export const DEFAULT_RULES: Rule[] = [
  { id: "clues-3-in-30", name: { zh: "30 日内同一主体 3 条线索", en: "3 clues about one business in 30 days" }, kind: "clue-count", itemCodes: [], level: "orange", enabled: true, params: { count: 3, days: 30 } },
  { id: "grade-c-d", name: { zh: "信用等级 C、D 类主体有线索", en: "A clue about a grade C or D business" }, kind: "grade", itemCodes: [], level: "orange", enabled: true, params: { grades: ["C", "D"] } },
  { id: "cold-chain-temp", name: { zh: "冷链温度超过 -15℃", en: "Cold-chain temperature above −15 °C" }, kind: "reading", itemCodes: [], level: "red", enabled: true, params: { metric: "cold-chain-temperature", threshold: -15, unit: "℃" } },
  { id: "findings-2-in-365", name: { zh: "一年内 2 次检查发现问题", en: "Problems found twice in a year" }, kind: "repeat-findings", itemCodes: [], level: "yellow", enabled: true, params: { count: 2, days: 365 } },
  { id: "yearly-cap", name: { zh: "检查次数达到年度上限", en: "Inspections at the yearly cap" }, kind: "over-cap", itemCodes: [], level: "orange", enabled: true, params: { ahead: 0 } },
  { id: "bodies-2-in-30", name: { zh: "30 日内 2 个以上执法主体检查", en: "2 or more bodies inspect within 30 days" }, kind: "multi-body", itemCodes: [], level: "yellow", enabled: true, params: { bodies: 2, days: 30 } },
  { id: "duplicate-7", name: { zh: "7 日内已有检查（重复检查）", en: "Another inspection within 7 days (duplicate)" }, kind: "duplicate", itemCodes: [], level: "orange", enabled: true, params: { days: 7 } },
];

// ---------------------------------------------------------------- validation and tightening

export interface Issue {
  field: string;
  rule: string;
  params: Record<string, unknown>;
}

/** Issues of a rule set as a whole: duplicate ids. (Fields are checked by the schema.) */
export function setIssues(rules: readonly Rule[], prefix = "rules"): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (seen.has(r.id)) issues.push({ field: `${prefix}.${i}.id`, rule: "warning.rule_duplicate", params: { id: r.id } });
    seen.add(r.id);
  });
  return issues;
}

const levelRank = (l: Level) => Levels.indexOf(l);

/** How a tenant's version of a province rule may differ: only stricter. */
export function tighteningIssues(tenant: readonly Rule[], province: readonly Rule[]): Issue[] {
  const issues = setIssues(tenant);
  const byId = new Map(province.map((r) => [r.id, r]));
  tenant.forEach((t, i) => {
    const p = byId.get(t.id);
    if (!p) return; // a rule of the tenant's own: an addition only tightens
    const at = (field: string, params: Record<string, unknown> = {}) => issues.push({ field: `rules.${i}.${field}`, rule: "warning.not_stricter", params: { id: t.id, field, ...params } });
    if (t.kind !== p.kind) return void issues.push({ field: `rules.${i}.kind`, rule: "warning.kind_changed", params: { id: t.id, kind: p.kind } });
    if (p.enabled && !t.enabled) at("enabled");
    if (levelRank(t.level) < levelRank(p.level)) at("level", { province: p.level });
    // Fewer items watched is looser; empty means every item.
    if (p.itemCodes.length === 0 ? t.itemCodes.length !== 0 : t.itemCodes.length !== 0 && !p.itemCodes.every((c) => t.itemCodes.includes(c))) at("itemCodes");
    const tp = t.params as Record<string, unknown>;
    const pp = p.params as Record<string, unknown>;
    const lower = (k: string) => (tp[k] as number) > (pp[k] as number) && at(`params.${k}`, { province: pp[k] });
    const higher = (k: string) => (tp[k] as number) < (pp[k] as number) && at(`params.${k}`, { province: pp[k] });
    switch (p.kind) {
      case "clue-count":
      case "repeat-findings":
        lower("count");
        higher("days");
        break;
      case "grade":
        if (!p.params.grades.every((g) => (tp.grades as string[]).includes(g))) at("params.grades", { province: p.params.grades.join("、") });
        break;
      case "reading":
        if (tp.metric !== p.params.metric || tp.unit !== p.params.unit) at("params.metric", { province: `${p.params.metric} (${p.params.unit})` });
        lower("threshold");
        break;
      case "over-cap":
        higher("ahead");
        break;
      case "multi-body":
        lower("bodies");
        higher("days");
        break;
      case "duplicate":
        higher("days");
        break;
    }
  });
  return issues;
}

/** The rules in force for a tenant: the province's, each replaced by the tenant's tighter version, then the tenant's own. */
export function merge(province: readonly Rule[], tenant: readonly Rule[]): Rule[] {
  const mine = new Map(tenant.map((r) => [r.id, r]));
  const ids = new Set(province.map((r) => r.id));
  return [...province.map((p) => mine.get(p.id) ?? p), ...tenant.filter((t) => !ids.has(t.id))];
}

// ---------------------------------------------------------------- facts

/** A fact that fired a rule: a message code and its parameters (rendered in the reader's language). */
export interface Fact {
  code: string;
  params: Record<string, string | number>;
}

/** A fact as one string, `code {json}`: the contract's `facts: string[]`. */
export function factString(f: Fact): string {
  const keys = Object.keys(f.params).sort();
  return `${f.code} ${JSON.stringify(Object.fromEntries(keys.map((k) => [k, f.params[k]])))}`;
}

export function parseFact(s: string): Fact {
  const i = s.indexOf(" ");
  if (i < 0) return { code: s, params: {} };
  try {
    return { code: s.slice(0, i), params: JSON.parse(s.slice(i + 1)) as Fact["params"] };
  } catch {
    return { code: s.slice(0, i), params: {} };
  }
}

export interface Fired {
  ruleId: string;
  ruleName: { zh: string; en: string };
  facts: string[];
  level: Level;
  kind: Kind;
}

const fired = (r: Rule, facts: Fact[]): Fired => ({ ruleId: r.id, ruleName: r.name, facts: facts.map(factString), level: r.level, kind: r.kind });

const DAY = 86_400_000;
const within = (dates: readonly string[], at: Date, days: number) => dates.filter((d) => at.getTime() - Date.parse(d) < days * DAY && Date.parse(d) <= at.getTime() + DAY).length;

const watches = (r: Rule, itemCodes: readonly string[]) => r.itemCodes.length === 0 || itemCodes.length === 0 || r.itemCodes.some((c) => itemCodes.includes(c));

export interface ClueFacts {
  itemCodes: readonly string[];
  source: string;
  reading?: { metric: string; value: number; unit: string };
  grade?: string;
  at: Date;
}

export interface ClueSignals {
  /** When earlier clues about the business arrived (ISO), this one included. */
  clueDates: readonly string[];
  /** When inspections of the business found problems (ISO). */
  findingDates: readonly string[];
}

/** The clue rules a clue fires, each with the facts that fired it. */
export function evaluateClue(rules: readonly Rule[], facts: ClueFacts, signals: ClueSignals): Fired[] {
  const out: Fired[] = [];
  for (const r of rules) {
    if (!r.enabled || !ClueKinds.includes(r.kind) || !watches(r, facts.itemCodes)) continue;
    switch (r.kind) {
      case "clue-count": {
        const n = within(signals.clueDates, facts.at, r.params.days);
        if (n >= r.params.count) out.push(fired(r, [{ code: "warning.fact.clue_count", params: { count: n, days: r.params.days, limit: r.params.count } }]));
        break;
      }
      case "grade":
        if (facts.grade && (r.params.grades as string[]).includes(facts.grade)) out.push(fired(r, [{ code: "warning.fact.grade", params: { grade: facts.grade, source: facts.source } }]));
        break;
      case "reading": {
        const x = facts.reading;
        if (x && x.metric === r.params.metric && x.unit === r.params.unit && x.value > r.params.threshold) {
          out.push(fired(r, [{ code: "warning.fact.reading", params: { metric: x.metric, value: x.value, unit: x.unit, threshold: r.params.threshold } }]));
        }
        break;
      }
      case "repeat-findings": {
        const n = within(signals.findingDates, facts.at, r.params.days);
        if (n >= r.params.count) out.push(fired(r, [{ code: "warning.fact.findings", params: { count: n, days: r.params.days, limit: r.params.count } }]));
        break;
      }
      default:
        break;
    }
  }
  return out;
}

export interface PlannedInspection {
  /** The bodies that would inspect (names for the facts). */
  bodies: readonly { id: string; name: string }[];
  /** The planned date (YYYY-MM-DD). */
  on: string;
}

export interface InspectionSignals {
  /** The business's tasks this year: period and bodies. */
  tasks: readonly { id: string; from: string; to: string; bodyIds: readonly string[] }[];
  /** Each body's count this year and its cap. */
  caps: readonly { bodyId: string; count: number; cap: number }[];
  /** Results recognised province-wide still valid on the day (any tenant). */
  recognised: readonly { tenantName: string; date: string; itemCodes: readonly string[] }[];
  /** Names of bodies not in `bodies` (tasks of others). */
  names?: Readonly<Record<string, string>>;
}

const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** 重复检查、高频检查: what a planned inspection of a business fires. */
export function evaluateInspection(rules: readonly Rule[], planned: PlannedInspection, signals: InspectionSignals): Fired[] {
  const out: Fired[] = [];
  const name = (id: string) => planned.bodies.find((b) => b.id === id)?.name ?? signals.names?.[id] ?? id;
  const on = dayMs(planned.on);
  const gap = (t: { from: string; to: string }) => (on < dayMs(t.from) ? dayMs(t.from) - on : on > dayMs(t.to) ? on - dayMs(t.to) : 0) / DAY;
  for (const r of rules) {
    if (!r.enabled || !InspectionKinds.includes(r.kind)) continue;
    switch (r.kind) {
      case "over-cap": {
        const facts: Fact[] = signals.caps
          .filter((c) => planned.bodies.some((b) => b.id === c.bodyId) && c.count + r.params.ahead >= c.cap)
          .map((c) => ({ code: "warning.fact.over_cap", params: { body: name(c.bodyId), count: c.count, cap: c.cap } }));
        if (facts.length) out.push(fired(r, facts));
        break;
      }
      case "multi-body": {
        const near = signals.tasks.filter((t) => gap(t) <= r.params.days);
        const bodies = new Set([...near.flatMap((t) => t.bodyIds), ...planned.bodies.map((b) => b.id)]);
        if (near.length && bodies.size >= r.params.bodies) {
          out.push(fired(r, [{ code: "warning.fact.bodies", params: { count: bodies.size, days: r.params.days, limit: r.params.bodies, bodies: [...bodies].map(name).join("、") } }]));
        }
        break;
      }
      case "duplicate": {
        const facts: Fact[] = signals.tasks
          .filter((t) => gap(t) <= r.params.days)
          .map((t) => ({ code: "warning.fact.duplicate", params: { from: t.from, to: t.to, bodies: t.bodyIds.map(name).join("、") } }));
        for (const x of signals.recognised) facts.push({ code: "warning.fact.recognised", params: { tenant: x.tenantName, date: x.date, items: x.itemCodes.join("、") } });
        if (facts.length) out.push(fired(r, facts));
        break;
      }
      default:
        break;
    }
  }
  return out;
}
