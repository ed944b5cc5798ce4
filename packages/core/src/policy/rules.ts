import { PolicyDefaults, type Duration } from "./defaults";
import { durationAtMost } from "./deadline";

/** Every number of PolicyDefaults as one editable rule, addressed by a path
 * such as `assistance.acknowledge`. The province sets a rule's value and its
 * source (configuration, versioned); a tenant may only tighten it, in the
 * direction the rule names. Pure, browser-safe: the portal uses the same
 * checks the API does. */

export type Rules = typeof PolicyDefaults;
export type Group = keyof Rules;

/** What makes a value stricter. */
export type Tighten = "shorter" | "higher" | "lower";

export type RuleValue = { duration: Duration } | { value: number };

export interface RuleEntry {
  path: string;
  group: Group;
  key: string;
  zh: string;
  en: string;
  /** clock: a duration; share: 0–1; days or count: a whole or decimal number. */
  kind: "clock" | "share" | "days" | "count";
  tighten: Tighten;
  value: RuleValue;
  source: string;
}

const UNITS = ["hours", "days", "working-days", "months"] as const;
export const Units = UNITS;

type AnyRule = { duration?: Duration; value?: number; kind?: string; zh: string; en: string; source: string };

/** The rules of a rule set, in a stable order (groups and keys as declared). */
export function entries(rules: Rules = PolicyDefaults): RuleEntry[] {
  const out: RuleEntry[] = [];
  for (const group of Object.keys(rules) as Group[]) {
    for (const [key, raw] of Object.entries(rules[group]) as [string, AnyRule][]) {
      const kind: RuleEntry["kind"] = raw.duration ? "clock" : raw.kind === "share-at-least" ? "share" : raw.kind === "days-at-most" ? "days" : "count";
      const tighten: Tighten = kind === "clock" || kind === "days" ? (kind === "clock" ? "shorter" : "lower") : "higher";
      out.push({ path: `${group}.${key}`, group, key, zh: raw.zh, en: raw.en, kind, tighten, value: raw.duration ? { duration: raw.duration } : { value: raw.value! }, source: raw.source });
    }
  }
  return out;
}

const known = new Map(entries().map((e) => [e.path, e]));
export const Paths = [...known.keys()];

export function entryOf(path: string): RuleEntry | undefined {
  return known.get(path);
}

/** A province override: the value and where it comes from. */
export interface ProvinceRule {
  duration?: Duration;
  value?: number;
  source: string;
}
/** A tenant's tightening: the stricter value and, optionally, why. */
export interface TenantRule {
  duration?: Duration;
  value?: number;
  reason?: string;
}

export interface Issue {
  field: string;
  rule: "policy.rule_unknown" | "policy.value_kind" | "policy.value_range" | "policy.source_required" | "policy.not_stricter";
  params: Record<string, unknown>;
}

/** Is the value the right shape and range for the rule? */
function valueIssues(entry: RuleEntry, v: { duration?: Duration; value?: number }, field: string): Issue[] {
  if (entry.kind === "clock") {
    if (!v.duration || v.value !== undefined) return [{ field, rule: "policy.value_kind", params: { path: entry.path, kind: "duration" } }];
    const { amount, unit } = v.duration;
    if (!Number.isInteger(amount) || amount < 1 || amount > 10_000 || !UNITS.includes(unit)) {
      return [{ field: `${field}.duration`, rule: "policy.value_range", params: { path: entry.path, min: 1, max: 10_000 } }];
    }
    return [];
  }
  if (v.value === undefined || v.duration) return [{ field, rule: "policy.value_kind", params: { path: entry.path, kind: "value" } }];
  const [min, max] = entry.kind === "share" ? [0, 1] : entry.kind === "days" ? [0, 3650] : [1, 100];
  if (!Number.isFinite(v.value) || v.value < min || v.value > max || (entry.kind === "count" && !Number.isInteger(v.value))) {
    return [{ field: `${field}.value`, rule: "policy.value_range", params: { path: entry.path, min, max } }];
  }
  return [];
}

/** Problems with a province configuration: unknown rules, wrong shapes, a missing source. */
export function provinceIssues(rules: Record<string, ProvinceRule>): Issue[] {
  const issues: Issue[] = [];
  for (const [path, rule] of Object.entries(rules)) {
    const field = `rules.${path}`;
    const entry = known.get(path);
    if (!entry) {
      issues.push({ field, rule: "policy.rule_unknown", params: { path } });
      continue;
    }
    issues.push(...valueIssues(entry, rule, field));
    if (!rule.source || rule.source.trim().length < 4) issues.push({ field: `${field}.source`, rule: "policy.source_required", params: { path } });
  }
  return issues;
}

/** Is `tenant` at least as strict as `province` for this rule? */
export function isStricter(entry: RuleEntry, tenant: RuleValue, province: RuleValue): boolean {
  if ("duration" in tenant && "duration" in province) return durationAtMost(tenant.duration, province.duration);
  if ("value" in tenant && "value" in province) return entry.tighten === "higher" ? tenant.value >= province.value : tenant.value <= province.value;
  return false;
}

/** Problems with a tenant's tightening against the province's rules in force. */
export function tighteningIssues(rules: Record<string, TenantRule>, province: Rules): Issue[] {
  const issues: Issue[] = [];
  const base = new Map(entries(province).map((e) => [e.path, e]));
  for (const [path, rule] of Object.entries(rules)) {
    const field = `rules.${path}`;
    const entry = base.get(path);
    if (!entry) {
      issues.push({ field, rule: "policy.rule_unknown", params: { path } });
      continue;
    }
    const shape = valueIssues(entry, rule, field);
    if (shape.length) {
      issues.push(...shape);
      continue;
    }
    const value: RuleValue = rule.duration ? { duration: rule.duration } : { value: rule.value! };
    if (!isStricter(entry, value, entry.value)) {
      issues.push({ field, rule: "policy.not_stricter", params: { path, name: entry.zh, nameEn: entry.en, province: describe(entry.value, "zh"), provinceEn: describe(entry.value, "en"), direction: entry.tighten } });
    }
  }
  return issues;
}

const UNIT_NAMES: Record<Duration["unit"], { zh: string; en: string }> = {
  hours: { zh: "小时", en: "hours" },
  days: { zh: "日", en: "days" },
  "working-days": { zh: "个工作日", en: "working days" },
  months: { zh: "个月", en: "months" },
};

/** A value as people read it: 7 日, 80%, 16. */
export function describe(v: RuleValue, lang: "zh" | "en"): string {
  if ("duration" in v) return lang === "zh" ? `${v.duration.amount} ${UNIT_NAMES[v.duration.unit].zh}` : `${v.duration.amount} ${UNIT_NAMES[v.duration.unit].en}`;
  return v.value > 0 && v.value <= 1 && !Number.isInteger(v.value) ? `${Math.round(v.value * 1000) / 10}%` : String(v.value);
}

/** The rules in force: the defaults, the province's overrides (value and source), then a tenant's tightening. */
export function merge(province: Record<string, ProvinceRule>, tenant: Record<string, TenantRule> = {}): Rules {
  const out = structuredClone(PolicyDefaults) as unknown as Record<string, Record<string, AnyRule>>;
  const apply = (path: string, v: { duration?: Duration; value?: number }, source?: string) => {
    const [group, key] = path.split(".") as [string, string];
    const rule = out[group]?.[key];
    if (!rule) return;
    if (v.duration && rule.duration) rule.duration = { ...v.duration };
    if (v.value !== undefined && rule.value !== undefined) rule.value = v.value;
    if (source) rule.source = source;
  };
  for (const [path, v] of Object.entries(province)) apply(path, v, v.source);
  for (const [path, v] of Object.entries(tenant)) apply(path, v);
  return out as unknown as Rules;
}
