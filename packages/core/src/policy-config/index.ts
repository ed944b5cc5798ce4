export * as PolicyConfig from "./index";

import * as z from "zod";
import { Clock } from "../clock";
import { actorRef, maybeContext, useActor, useTenant } from "../context";
import { Tx } from "../dynamo/tx";
import { ConflictError, VisibleError } from "../error";
import { commit } from "../outbox/commit";
import { Policy } from "../policy";
import { PROVINCE_ID } from "../tenant";
import { fn } from "../util/fn";
import { canonicalJson } from "../util/hash";
import { PolicyRecordEntity, type PolicyRecordItem } from "./policy-config.entity";

/** Rules as data (DESIGN §4, RULES.md): the province's configuration of every
 * number the rules use, each with its source, versioned and audited, with the
 * working-day calendar years it adds; and each tenant's tightening, only ever
 * stricter. Read into the process's Policy cache with a version check at most
 * every CHECK_MS per scope, never on every request. */

const CHECK_MS = Number(process.env.POLICY_CHECK_SECONDS ?? 30) * 1000;

// ---------------------------------------------------------------- schemas

const DurationSchema = z.object({ amount: z.number().int().min(1).max(10_000), unit: z.enum(Policy.Units) });
const ProvinceRuleSchema = z.object({ duration: DurationSchema.optional(), value: z.number().optional(), source: z.string().trim().max(500) });
const TenantRuleSchema = z.object({ duration: DurationSchema.optional(), value: z.number().optional(), reason: z.string().trim().max(500).optional() });
const CalendarYearSchema = z.object({
  holidays: z.record(z.string().trim().min(1).max(30), z.array(z.string()).max(40)),
  workdays: z.array(z.string()).max(20),
  source: z.string().trim().max(500),
});
const Stored = {
  province: z.record(z.string(), ProvinceRuleSchema),
  tenant: z.record(z.string(), TenantRuleSchema),
  calendar: z.record(z.string(), CalendarYearSchema),
};

const Value = z.union([z.object({ duration: DurationSchema }), z.object({ value: z.number() })]);

/** One rule as a reader sees it: in force, the province's value and source, the default, and this tenant's tightening. */
export const RuleView = z
  .object({
    path: z.string(),
    zh: z.string(),
    en: z.string(),
    kind: z.enum(["clock", "share", "days", "count"]),
    tighten: z.enum(["shorter", "higher", "lower"]),
    value: Value,
    province: Value,
    source: z.string(),
    defaultValue: Value,
    defaultSource: z.string(),
    tenant: z.object({ value: Value, reason: z.string().optional() }).optional(),
  })
  .meta({ id: "PolicyRule" });

export const Info = z
  .object({
    tenantId: z.string(),
    provinceVersion: z.number().int(),
    tenantVersion: z.number().int(),
    updatedAt: z.string().optional(),
    rules: z.array(RuleView),
    calendar: z.object({
      lastYear: z.number().int(),
      years: z.array(z.object({ year: z.number().int(), source: z.string(), holidays: z.number().int(), workdays: z.number().int(), addedBy: z.enum(["shipped", "province"]) })),
    }),
  })
  .meta({ id: "Policy" });
export type Info = z.infer<typeof Info>;

// ---------------------------------------------------------------- reading into the cache

const pad = (v: number) => `v#${String(v).padStart(6, "0")}`;
const HEAD = "head";

async function readHead(tenantId: string, scope: "province" | "tenant"): Promise<PolicyRecordItem | undefined> {
  return (await PolicyRecordEntity.get({ tenantId, scope, key: HEAD }).go({ consistent: true })).data ?? undefined;
}

function installProvince(head: PolicyRecordItem | undefined) {
  if (!head) return Policy.install({ version: 0, rules: {}, calendar: {} });
  Policy.install({ version: head.version, rules: Stored.province.parse(JSON.parse(head.rules)), calendar: Stored.calendar.parse(JSON.parse(head.calendar ?? "{}")) });
}

function installTenant(tenantId: string, head: PolicyRecordItem | undefined) {
  Policy.installTenant(tenantId, head ? { version: head.version, rules: Stored.tenant.parse(JSON.parse(head.rules)) } : { version: 0, rules: {} });
}

const actingTenant = () => maybeContext()?.tenantId;

let provinceCheckedAt = -Infinity;
const tenantCheckedAt = new Map<string, number>();

/** The version check: at most once per CHECK_MS per scope, one small read of
 * the head's version; the whole configuration only when it changed. A failed
 * check keeps the rules already installed (the next request tries again). */
export async function refresh(tenantId: string | undefined = maybeContext()?.tenantId): Promise<void> {
  Policy.resolveTenantWith(actingTenant);
  const now = Date.now();
  const work: Promise<void>[] = [];
  if (now - provinceCheckedAt >= CHECK_MS) {
    provinceCheckedAt = now;
    work.push(
      (async () => {
        const v = await PolicyRecordEntity.get({ tenantId: PROVINCE_ID, scope: "province", key: HEAD }).go({ attributes: ["version"] });
        if ((v.data?.version ?? 0) !== Policy.installed().province.version) installProvince(await readHead(PROVINCE_ID, "province"));
      })().catch((err) => {
        provinceCheckedAt = -Infinity;
        console.error(JSON.stringify({ level: "warn", message: "policy check failed; keeping the rules in force", error: String(err) }));
      }),
    );
  }
  if (tenantId && tenantId !== PROVINCE_ID && now - (tenantCheckedAt.get(tenantId) ?? -Infinity) >= CHECK_MS) {
    tenantCheckedAt.set(tenantId, now);
    work.push(
      (async () => {
        const v = await PolicyRecordEntity.get({ tenantId, scope: "tenant", key: HEAD }).go({ attributes: ["version"] });
        if ((v.data?.version ?? 0) !== (Policy.installed().tenant(tenantId)?.version ?? -1)) installTenant(tenantId, await readHead(tenantId, "tenant"));
      })().catch((err) => {
        tenantCheckedAt.delete(tenantId);
        console.error(JSON.stringify({ level: "warn", message: "tenant policy check failed; keeping the rules in force", error: String(err) }));
      }),
    );
  }
  await Promise.all(work);
}

/** Forget when we last checked (tests; after a restore). */
export function forgetChecks() {
  provinceCheckedAt = -Infinity;
  tenantCheckedAt.clear();
}

// ---------------------------------------------------------------- the view

/** The rules in force for the current tenant, each with its source, and the calendar. */
export async function current(): Promise<Info> {
  const tenantId = useTenant();
  forgetChecks();
  await refresh(tenantId);
  const installed = Policy.installed();
  const tenant = tenantId === PROVINCE_ID ? undefined : installed.tenant(tenantId);
  const inForce = new Map(Policy.entries(Policy.current()).map((e) => [e.path, e]));
  const province = new Map(Policy.entries(Policy.provinceCurrent()).map((e) => [e.path, e]));
  const rules = Policy.entries().map((d) => {
    const p = province.get(d.path)!;
    const t = tenant?.rules[d.path];
    return {
      path: d.path,
      zh: d.zh,
      en: d.en,
      kind: d.kind,
      tighten: d.tighten,
      value: inForce.get(d.path)!.value,
      province: p.value,
      source: p.source,
      defaultValue: d.value,
      defaultSource: d.source,
      ...(t ? { tenant: { value: t.duration ? { duration: t.duration } : { value: t.value! }, ...(t.reason ? { reason: t.reason } : {}) } } : {}),
    };
  });
  const years = Policy.calendarYears();
  return {
    tenantId,
    provinceVersion: installed.province.version,
    tenantVersion: tenant?.version ?? 0,
    rules,
    calendar: {
      lastYear: Policy.lastCalendarYear(),
      years: Object.entries(years)
        .map(([year, y]) => ({
          year: Number(year),
          source: y.source,
          holidays: new Set(Object.values(y.holidays).flat()).size,
          workdays: y.workdays.length,
          addedBy: Policy.ShippedYears[year] ? ("shipped" as const) : ("province" as const),
        }))
        .sort((a, b) => a.year - b.year),
    },
  };
}

// ---------------------------------------------------------------- changing

function issuesError(issues: { field: string; rule: string; params: Record<string, unknown> }[]): VisibleError {
  return new VisibleError("request.invalid", {}, 400, issues.map((i) => ({ field: i.field, rule: i.rule, params: i.params })));
}

function mustBeProvinceAdmin() {
  const actor = useActor();
  if (useTenant() !== PROVINCE_ID || actor.type === "system" || actor.role !== "province-admin") throw new VisibleError("policy.province_only", {}, 403);
}

const valueText = (v: { duration?: Policy.Duration; value?: number } | undefined) =>
  !v ? "default" : v.duration ? `${v.duration.amount} ${v.duration.unit}` : String(v.value);

function changesOf(before: Record<string, { duration?: Policy.Duration; value?: number; source?: string }>, after: typeof before): string[] {
  const paths = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return paths
    .filter((p) => canonicalJson(before[p] ?? null) !== canonicalJson(after[p] ?? null))
    .map((p) => `${p}: ${valueText(before[p])} → ${valueText(after[p])}${after[p]?.source ? ` (${after[p]!.source})` : ""}`);
}

async function writeVersion(scope: "province" | "tenant", expected: number, next: { rules: string; calendar?: string; changes: string[]; note?: string }, audit: { action: string; summary: Record<string, unknown> }) {
  const tenantId = useTenant();
  const version = expected + 1;
  const record = { tenantId, scope, version, ...next, updatedAt: Clock.iso(), updatedBy: actorRef() };
  await commit({
    action: audit.action,
    target: { type: "policy", id: `${tenantId}#${scope}` },
    state: { version, rules: next.rules, calendar: next.calendar ?? null },
    summary: { version, ...audit.summary },
    items: () => [
      expected === 0
        ? Tx.put(PolicyRecordEntity.create({ ...record, key: HEAD }))
        : Tx.update(
            PolicyRecordEntity.patch({ tenantId, scope, key: HEAD })
              .set({ version, rules: next.rules, ...(next.calendar !== undefined ? { calendar: next.calendar } : {}), changes: next.changes, note: next.note ?? "", updatedAt: record.updatedAt, updatedBy: record.updatedBy })
              .where((a, op) => op.eq(a.version, expected)),
          ),
      Tx.put(PolicyRecordEntity.create({ ...record, key: pad(version) })),
    ],
    onConditionFailed: () => new ConflictError(),
  });
  // This process sees its own change at once; others at their next check.
  if (scope === "province") installProvince(await readHead(tenantId, "province"));
  else installTenant(tenantId, await readHead(tenantId, "tenant"));
  return version;
}

async function provinceHead() {
  const head = await readHead(PROVINCE_ID, "province");
  return {
    version: head?.version ?? 0,
    rules: head ? Stored.province.parse(JSON.parse(head.rules)) : {},
    calendar: head ? Stored.calendar.parse(JSON.parse(head.calendar ?? "{}")) : {},
  };
}

export const UpdateProvinceInput = z
  .object({
    /** The version edited; a stale one is a 409, never a lost change. 0 before the first. */
    version: z.number().int().min(0),
    /** Rules to set, by path, each with its source. `null` returns a rule to the platform's default. */
    rules: z.record(z.string(), ProvinceRuleSchema.nullable()),
    note: z.string().trim().max(500).optional(),
  })
  .meta({
    id: "PolicyProvinceUpdate",
    example: { version: 0, rules: { "assistance.acknowledge": { duration: { amount: 5, unit: "working-days" }, source: "闽政办〔2027〕1号 第三条" } }, note: "按省政府办公厅通知调整" },
  });

/** 省级修改规则: values and their sources; versioned and audited. */
export const updateProvince = fn(UpdateProvinceInput, async (input) => {
  mustBeProvinceAdmin();
  const head = await provinceHead();
  if (input.version !== head.version) throw new ConflictError("request.conflict");
  const set = Object.fromEntries(Object.entries(input.rules).filter((e): e is [string, z.infer<typeof ProvinceRuleSchema>] => e[1] !== null));
  const issues = Policy.provinceIssues(set);
  for (const path of Object.keys(input.rules)) if (input.rules[path] === null && !Policy.entryOf(path)) issues.push({ field: `rules.${path}`, rule: "policy.rule_unknown", params: { path } });
  if (issues.length) throw issuesError(issues);
  const next = { ...head.rules, ...set };
  for (const [path, v] of Object.entries(input.rules)) if (v === null) delete next[path];
  const changes = changesOf(head.rules, next);
  await writeVersion("province", head.version, { rules: canonicalJson(next), calendar: canonicalJson(head.calendar), changes, note: input.note }, { action: "policy.update", summary: { changes, note: input.note } });
  return current();
});

export const AddYearInput = z
  .object({
    version: z.number().int().min(0),
    year: z.number().int().min(2000).max(2199),
    holidays: z.record(z.string().trim().min(1).max(30), z.array(z.string()).min(1).max(40)),
    workdays: z.array(z.string()).max(20).default([]),
    source: z.string().trim().max(500),
  })
  .meta({
    id: "PolicyCalendarYear",
    example: { version: 1, year: 2027, holidays: { 元旦: ["2027-01-01"], 春节: ["2027-02-06", "2027-02-07"] }, workdays: ["2027-02-13"], source: "国务院办公厅关于2027年部分节假日安排的通知" },
  });

/** 添加下一年工作日历: the State Council's notice, once published. */
export const addYear = fn(AddYearInput, async (input) => {
  mustBeProvinceAdmin();
  const head = await provinceHead();
  if (input.version !== head.version) throw new ConflictError("request.conflict");
  // Checked against the calendar as stored, not as this process last saw it.
  const lastHeld = Math.max(...Object.keys({ ...Policy.ShippedYears, ...head.calendar }).map(Number));
  const entry = { holidays: input.holidays, workdays: [...new Set(input.workdays)].sort(), source: input.source };
  const issues = Policy.yearIssues(input.year, entry, lastHeld);
  if (issues.length) throw issuesError(issues);
  const calendar = { ...head.calendar, [String(input.year)]: entry };
  const changes = [`calendar.${input.year}: ${new Set(Object.values(entry.holidays).flat()).size} days off, ${entry.workdays.length} make-up days (${entry.source})`];
  await writeVersion("province", head.version, { rules: canonicalJson(head.rules), calendar: canonicalJson(calendar), changes }, { action: "policy.calendar_add", summary: { year: input.year, source: input.source } });
  return current();
});

export const TightenInput = z
  .object({
    version: z.number().int().min(0),
    /** Rules to tighten, by path; `null` drops a tightening (back to the province's rule). */
    rules: z.record(z.string(), TenantRuleSchema.nullable()),
  })
  .meta({ id: "PolicyTighten", example: { version: 0, rules: { "assistance.acknowledge": { duration: { amount: 5, unit: "days" }, reason: "本级承诺 5 日内受理" } } } });

/** 本级收紧: a tenant's stricter values, checked against the province's rules in force. */
export const tighten = fn(TightenInput, async (input) => {
  const tenantId = useTenant();
  if (tenantId === PROVINCE_ID) throw new VisibleError("policy.tenant_not_province", {}, 400);
  const head = await readHead(tenantId, "tenant");
  const version = head?.version ?? 0;
  if (input.version !== version) throw new ConflictError("request.conflict");
  forgetChecks();
  await refresh(tenantId);
  const before = head ? Stored.tenant.parse(JSON.parse(head.rules)) : {};
  const set = Object.fromEntries(Object.entries(input.rules).filter((e): e is [string, z.infer<typeof TenantRuleSchema>] => e[1] !== null));
  const issues = Policy.tighteningIssues(set, Policy.provinceCurrent());
  if (issues.length) throw issuesError(issues);
  const next = { ...before, ...set };
  for (const [path, v] of Object.entries(input.rules)) if (v === null) delete next[path];
  const changes = changesOf(before, next);
  await writeVersion("tenant", version, { rules: canonicalJson(next), changes }, { action: "policy.tighten", summary: { changes } });
  return current();
});

export const VersionsInput = z.object({
  scope: z.enum(["province", "tenant"]).default("province"),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(1000).optional(),
});

export const VersionInfo = z
  .object({ version: z.number().int(), changes: z.array(z.string()), note: z.string().optional(), updatedAt: z.string(), updatedBy: z.object({ name: z.string() }) })
  .meta({ id: "PolicyVersion" });

/** The history, newest first, a page at a time: what each version changed, who and when. */
export const versions = fn(VersionsInput, async (input) => {
  const tenantId = input.scope === "province" ? PROVINCE_ID : useTenant();
  const res = await PolicyRecordEntity.query
    .byKey({ tenantId, scope: input.scope })
    .begins({ key: "v#" })
    .go({ order: "desc", limit: input.limit, cursor: input.cursor ?? null });
  return {
    items: res.data.map((r) => VersionInfo.parse({ version: r.version, changes: r.changes ?? [], ...(r.note ? { note: r.note } : {}), updatedAt: r.updatedAt, updatedBy: { name: r.updatedBy.name } })),
    cursor: res.cursor ?? null,
  };
});
