export * as Warning from "./index";

import * as z from "zod";
import { Business } from "../business";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { Credit } from "../credit";
import { Department } from "../department";
import { Tx, type TxItem } from "../dynamo/tx";
import { CreditCode } from "../entity/credit-code";
import { Enforcement } from "../enforcement";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { commit } from "../outbox/commit";
import { Plan } from "../plan";
import { Policy } from "../policy";
import { Recognition } from "../recognition";
import { PROVINCE_ID } from "../tenant";
import { IsoDate } from "../util/date";
import { fn } from "../util/fn";
import { canonicalJson } from "../util/hash";
import { createId, idSchema } from "../util/id";
import { mapPage, page, PageInput, type Page } from "../util/page";
import * as R from "./rules";
import { WarningClockEntity, WarningEntity, WarningRulesEntity, WarningSignalEntity, type WarningItem } from "./warning.entity";

/** 预警 (issue 14, RULES.md "Warnings"): rules as data fire warnings on a
 * clue (in the clue's own commit) or before an inspection is planned (重复检查、
 * 高频检查); each warning belongs to the lead department with two clocks
 * (acknowledge within 1 working day, decide within 5), and overdue ones reach
 * the tenant's dashboard and, by its upward report, its superior's. Not the
 * `alert/` module (协查预警 between regions). */

export {
  DEFAULT_RULES,
  evaluateClue as evaluateClueRules,
  evaluateInspection as evaluateInspectionRules,
  factString,
  KindNames,
  Kinds,
  LevelNames,
  Levels,
  merge,
  parseFact,
  Rule,
  RuleSet,
  tighteningIssues,
  type Fact,
  type Fired,
  type Kind,
  type Level,
} from "./rules";

export const Id = idSchema("wrn");

/** A decision's reasons: at least this long. */
export const MIN_REASON = 10;

const Name = z.object({ zh: z.string(), en: z.string() });
const By = z.object({ id: z.string(), name: z.string() });

export const Info = z
  .object({
    id: Id,
    creditCode: z.string(),
    entityName: z.string().optional(),
    departmentId: z.string().nullable(),
    ruleId: z.string(),
    ruleName: Name,
    kind: z.string(),
    level: z.enum(R.Levels),
    facts: z.array(z.string()),
    origin: z.enum(["clue", "inspection"]),
    ref: z.string().optional(),
    source: z.string().optional(),
    itemCodes: z.array(z.string()),
    status: z.enum(["open", "acknowledged", "decided"]),
    createdAt: z.string(),
    ackDueAt: z.string(),
    decideDueAt: z.string(),
    /** The clock running now (none once decided) and whether it has passed. */
    dueAt: z.string().nullable(),
    overdue: z.boolean(),
    dueBeyondCalendar: z.boolean(),
    acknowledgedAt: z.string().optional(),
    acknowledgedBy: By.optional(),
    decision: z.enum(["inspect", "no-action"]).optional(),
    reason: z.string().optional(),
    decidedAt: z.string().optional(),
    decidedBy: By.optional(),
    version: z.number().int(),
  })
  .meta({ id: "Warning" });
export type Info = z.infer<typeof Info>;

const NO_DEPARTMENT = "none";

function toInfo(r: WarningItem): Info {
  const dueAt = r.status === "open" ? r.ackDueAt : r.status === "acknowledged" ? r.decideDueAt : null;
  return Info.parse({
    id: r.id,
    creditCode: r.creditCode,
    ...(r.entityName ? { entityName: r.entityName } : {}),
    departmentId: r.departmentId === NO_DEPARTMENT ? null : r.departmentId,
    ruleId: r.ruleId,
    ruleName: r.ruleName,
    kind: r.kind,
    level: r.level,
    facts: r.facts,
    origin: r.origin,
    ...(r.ref ? { ref: r.ref } : {}),
    ...(r.source ? { source: r.source } : {}),
    itemCodes: r.itemCodes ?? [],
    status: r.status,
    createdAt: r.createdAt,
    ackDueAt: r.ackDueAt,
    decideDueAt: r.decideDueAt,
    dueAt,
    overdue: dueAt ? Policy.isOverdue(dueAt, Clock.now()) : false,
    dueBeyondCalendar: dueAt ? Policy.beyondCalendar(dueAt) : false,
    ...(r.acknowledgedAt ? { acknowledgedAt: r.acknowledgedAt, acknowledgedBy: { id: r.acknowledgedBy!.id, name: r.acknowledgedBy!.name } } : {}),
    ...(r.decision ? { decision: r.decision, reason: r.reason, decidedAt: r.decidedAt, decidedBy: { id: r.decidedBy!.id, name: r.decidedBy!.name } } : {}),
    version: r.version,
  } satisfies z.input<typeof Info>);
}

// ---------------------------------------------------------------- rules: versioned data

const HEAD = "head";
const pad = (v: number) => `v#${String(v).padStart(6, "0")}`;
const CACHE_MS = Number(process.env.POLICY_CHECK_SECONDS ?? 30) * 1000;

interface Stored {
  version: number;
  rules: R.Rule[];
}

async function readScope(tenantId: string, scope: "province" | "tenant"): Promise<Stored> {
  const head = (await WarningRulesEntity.get({ tenantId, scope, key: HEAD }).go({ consistent: true })).data;
  if (!head) return { version: 0, rules: scope === "province" ? R.DEFAULT_RULES : [] };
  return { version: head.version, rules: R.RuleSet.parse(JSON.parse(head.rules)) };
}

// The rules are read on every clue: kept per process for CACHE_MS (like Policy), dropped on this process's own change.
const cache = new Map<string, { at: number; value: Stored }>();
async function cached(tenantId: string, scope: "province" | "tenant"): Promise<Stored> {
  const key = `${tenantId}#${scope}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.value;
  const value = await readScope(tenantId, scope);
  cache.set(key, { at: Date.now(), value });
  return value;
}
/** Forget the cached rules (tests; after a restore). */
export function forgetRules() {
  cache.clear();
}

/** The rules in force for the current tenant: the province's, as tightened, plus the tenant's own. */
export async function rulesInForce(): Promise<R.Rule[]> {
  const tenantId = useTenant();
  const province = await cached(PROVINCE_ID, "province");
  if (tenantId === PROVINCE_ID) return province.rules;
  return R.merge(province.rules, (await cached(tenantId, "tenant")).rules);
}

export const RulesView = z
  .object({
    tenantId: z.string(),
    provinceVersion: z.number().int(),
    tenantVersion: z.number().int(),
    province: z.array(R.Rule),
    tenant: z.array(R.Rule),
    inForce: z.array(R.Rule),
    defaults: z.array(R.Rule),
  })
  .meta({ id: "WarningRules" });

/** The province's rules, the tenant's tightening and the rules in force. */
export async function rules(): Promise<z.infer<typeof RulesView>> {
  const tenantId = useTenant();
  const province = await readScope(PROVINCE_ID, "province");
  const tenant = tenantId === PROVINCE_ID ? { version: 0, rules: [] } : await readScope(tenantId, "tenant");
  return { tenantId, provinceVersion: province.version, tenantVersion: tenant.version, province: province.rules, tenant: tenant.rules, inForce: R.merge(province.rules, tenant.rules), defaults: R.DEFAULT_RULES };
}

function issuesError(issues: R.Issue[]): VisibleError {
  return new VisibleError("request.invalid", {}, 400, issues.map((i) => ({ field: i.field, rule: i.rule, params: i.params })));
}

function changesOf(before: readonly R.Rule[], after: readonly R.Rule[]): string[] {
  const b = new Map(before.map((r) => [r.id, canonicalJson(r)]));
  const a = new Map(after.map((r) => [r.id, canonicalJson(r)]));
  const out: string[] = [];
  for (const [id, v] of a) if (!b.has(id)) out.push(`+ ${id}`);
  else if (b.get(id) !== v) out.push(`~ ${id}`);
  for (const id of b.keys()) if (!a.has(id)) out.push(`- ${id}`);
  return out;
}

async function writeRules(scope: "province" | "tenant", expected: number, rules: R.Rule[], before: R.Rule[], note?: string) {
  const tenantId = useTenant();
  const version = expected + 1;
  const changes = changesOf(before, rules);
  const record = { tenantId, scope, version, rules: canonicalJson(rules), changes, note: note ?? "", updatedAt: Clock.iso(), updatedBy: actorRef() };
  await commit({
    action: scope === "province" ? "warning.rules_update" : "warning.rules_tighten",
    target: { type: "warningRules", id: `${tenantId}#${scope}` },
    state: { version, rules: record.rules },
    summary: { version, changes },
    items: () => [
      expected === 0
        ? Tx.put(WarningRulesEntity.create({ ...record, key: HEAD }))
        : Tx.put(WarningRulesEntity.put({ ...record, key: HEAD }).where((a, op) => op.eq(a.version, expected))),
      Tx.put(WarningRulesEntity.create({ ...record, key: pad(version) })),
    ],
    onConditionFailed: () => new ConflictError(),
  });
  cache.clear();
}

export const UpdateRulesInput = z
  .object({
    /** The version edited (0 before the first); a stale one is a 409. */
    version: z.number().int().min(0),
    rules: RuleSetInput(),
    note: z.string().trim().max(500).optional(),
  })
  .meta({
    id: "WarningRulesUpdate",
    example: {
      version: 0,
      rules: [{ id: "clues-3-in-30", name: { zh: "30 日内同一主体 3 条线索", en: "3 clues about one business in 30 days" }, kind: "clue-count", itemCodes: [], level: "orange", enabled: true, params: { count: 3, days: 30 } }],
      note: "省级默认",
    },
  });

function RuleSetInput() {
  return z.array(R.Rule).max(100);
}

/** 省级预警规则: the province replaces its rule set (versioned, audited). */
export const updateProvince = fn(UpdateRulesInput, async (input) => {
  const actor = useActor();
  if (useTenant() !== PROVINCE_ID || actor.type === "system" || actor.role !== "province-admin") throw new VisibleError("warning.province_only", {}, 403);
  const head = await readScope(PROVINCE_ID, "province");
  if (input.version !== head.version) throw new ConflictError();
  const issues = R.setIssues(input.rules);
  if (issues.length) throw issuesError(issues);
  await writeRules("province", head.version, input.rules, head.rules, input.note);
  return rules();
});

/** 本级收紧: a tenant's rules — tighter versions of the province's (by id) and rules of its own; a loosening is a 400 naming the field. */
export const tighten = fn(UpdateRulesInput, async (input) => {
  const tenantId = useTenant();
  if (tenantId === PROVINCE_ID) throw new VisibleError("warning.tenant_not_province", {}, 400);
  const head = await readScope(tenantId, "tenant");
  if (input.version !== head.version) throw new ConflictError();
  const province = await readScope(PROVINCE_ID, "province");
  const issues = R.tighteningIssues(input.rules, province.rules);
  if (issues.length) throw issuesError(issues);
  await writeRules("tenant", head.version, input.rules, head.rules, input.note);
  return rules();
});

export const VersionsInput = PageInput.extend({ scope: z.enum(["province", "tenant"]).default("tenant") });
export const VersionInfo = z
  .object({ version: z.number().int(), changes: z.array(z.string()), note: z.string().optional(), updatedAt: z.string(), updatedBy: z.object({ name: z.string() }) })
  .meta({ id: "WarningRulesVersion" });

/** The history of a scope's rules, newest first. */
export const versions = fn(VersionsInput, async ({ scope, ...input }) => {
  const tenantId = scope === "province" ? PROVINCE_ID : useTenant();
  const res = await page(WarningRulesEntity.query.byKey({ tenantId, scope }).begins({ key: "v#" }), input);
  return mapPage(res, (r) => VersionInfo.parse({ version: r.version, changes: r.changes ?? [], ...(r.note ? { note: r.note } : {}), updatedAt: r.updatedAt, updatedBy: { name: r.updatedBy.name } }));
});

// ---------------------------------------------------------------- firing on a clue

export const ClueFacts = z.object({
  creditCode: CreditCode,
  /** The clue's source (12345, association, media, department, monitoring…). */
  source: z.string().trim().min(1).max(40),
  itemCodes: z.array(z.string().trim().min(1).max(40)).max(50),
  reading: z.object({ metric: z.string().trim().min(1).max(60), value: z.number().finite(), unit: z.string().trim().min(1).max(20) }).optional(),
  /** The business's credit grade, when the caller knows it (else read from the directory). */
  grade: z.string().max(2).optional(),
  at: z.union([z.date(), z.string()]),
  /** The lead department the clue was routed to: the warning's owner. */
  departmentId: z.string().max(40).optional(),
  entityName: z.string().max(200).optional(),
  /** The clue's ID, shown on the warning. */
  clueId: z.string().max(40).optional(),
});
export type ClueFacts = z.input<typeof ClueFacts>;

const DAY = 86_400_000;
const SIGNAL_TTL_DAYS = 400;

/** The longest window any enabled rule of these kinds looks back over. */
const windowOf = (rs: readonly R.Rule[], kind: R.Kind) =>
  Math.max(0, ...rs.filter((r) => r.enabled && r.kind === kind).map((r) => (r.params as { days?: number }).days ?? 0));

/** Open (undecided) warnings of a business, newest first (one page of its history). */
export async function openFor(creditCode: string): Promise<Info[]> {
  const res = await WarningEntity.query.byBusiness({ tenantId: useTenant(), creditCode }).go({ order: "desc", limit: 100 });
  return res.data.filter((r) => r.status !== "decided").map(toInfo);
}

/** A fired rule's warning and its first clock, for a commit. */
function warningRows(fired: R.Fired, base: { creditCode: string; entityName?: string; departmentId?: string; origin: "clue" | "inspection"; ref?: string; source?: string; itemCodes: string[]; at: Date }) {
  const tenantId = useTenant();
  const policy = Policy.current().warning;
  const createdAt = base.at.toISOString();
  const row = {
    tenantId,
    id: createId("wrn"),
    creditCode: base.creditCode,
    ...(base.entityName ? { entityName: base.entityName } : {}),
    departmentId: base.departmentId ?? NO_DEPARTMENT,
    ruleId: fired.ruleId,
    ruleName: fired.ruleName,
    kind: fired.kind,
    level: fired.level,
    facts: fired.facts,
    origin: base.origin,
    ...(base.ref ? { ref: base.ref } : {}),
    ...(base.source ? { source: base.source } : {}),
    itemCodes: base.itemCodes,
    status: "open" as const,
    createdAt,
    ackDueAt: Policy.deadline(createdAt, policy.acknowledge.duration).dueAt,
    decideDueAt: Policy.deadline(createdAt, policy.decide.duration).dueAt,
    version: 1,
  };
  const clock = { tenantId, warningId: row.id, departmentId: row.departmentId, step: "acknowledge" as const, dueAt: row.ackDueAt, creditCode: row.creditCode, ...(row.entityName ? { entityName: row.entityName } : {}), ruleName: row.ruleName, level: row.level };
  return { row, items: [Tx.put(WarningEntity.create(row)), Tx.put(WarningClockEntity.put(clock))] };
}

/**
 * Contract 4 (clue14): evaluate a clue against the rules in force. Returns the
 * warnings it fires (`fired`, each with its rule and facts) and the items the
 * caller puts in the clue's own commit: the warnings (lead department, clocks)
 * and the business's per-day clue counter the clue-count rule reads. A rule
 * with an undecided warning about the business does not fire again.
 */
export async function evaluateClue(input: ClueFacts): Promise<{ items: () => TxItem[]; fired: R.Fired[]; warnings: Info[] }> {
  const res = await evaluateClues([input]);
  return { items: res.items, fired: res.results[0]!.fired, warnings: res.results[0]!.warnings };
}

/** What a caller already knows of a business (clue14b, batch intake): every clue
 * about it received on or after `since` (ISO instants, the new ones excluded). When
 * it covers the clue-count window, the per-day counter is not queried. */
export interface KnownHistory {
  clueDates: readonly string[];
  since: string;
}

/**
 * Several clues committed in ONE transaction (a batch of a source, clues about
 * one business): evaluated in time order as if one after the other, each
 * counting the earlier ones; a rule fires at most once per business; ONE
 * counter update per business and day (a transaction may not touch an item
 * twice). `results[i]` belongs to `inputs[i]`; `itemsAt(i)` are the items of
 * `inputs[i]` alone (its warnings, and the counter of its business and day when
 * it is that day's first input), for a caller that commits the clues in
 * several transactions: every item belongs to exactly one input.
 *
 * Reads per business (clue14b's speed edit): the counter window only when
 * `known` does not cover it; the business's open warnings only when some rule
 * would fire (none fires without them → none fires with them); the credit
 * records only when a repeat-findings rule watches the clues' items.
 */
export async function evaluateClues(
  inputs: readonly ClueFacts[],
  options: { known?: (creditCode: string) => KnownHistory | undefined } = {},
): Promise<{ items: () => TxItem[]; itemsAt: (index: number) => TxItem[]; results: { fired: R.Fired[]; warnings: Info[] }[] }> {
  const all = inputs.map((x) => ClueFacts.parse(x));
  const tenantId = useTenant();
  const ruleSet = await rulesInForce();
  const clueDays = windowOf(ruleSet, "clue-count");
  const findingRules = ruleSet.filter((r) => r.enabled && r.kind === "repeat-findings");
  const findingDays = windowOf(ruleSet, "repeat-findings");
  const results: { fired: R.Fired[]; warnings: Info[] }[] = all.map(() => ({ fired: [], warnings: [] }));
  const rowsAt = new Map<number, TxItem[]>();
  const counters = new Map<string, { creditCode: string; day: string; n: number; at: number; owner: number }>();
  const byBusiness = new Map<string, number[]>();
  all.forEach((f, i) => byBusiness.set(f.creditCode, [...(byBusiness.get(f.creditCode) ?? []), i]));
  await Promise.all(
    [...byBusiness].map(async ([creditCode, indexes]) => {
      const order = [...indexes].sort((a, b) => new Date(all[a]!.at).getTime() - new Date(all[b]!.at).getTime());
      const first = new Date(all[order[0]!]!.at);
      const known = all[order[0]!]!.grade;
      const from = new Date(first.getTime() - clueDays * DAY);
      const history = clueDays ? options.known?.(creditCode) : undefined;
      const covered = !!history && Date.parse(history.since) <= from.getTime();
      const watched = findingRules.some((r) => r.itemCodes.length === 0 || order.some((i) => all[i]!.itemCodes.length === 0 || r.itemCodes.some((c) => all[i]!.itemCodes.includes(c))));
      const [signals, records, grade] = await Promise.all([
        clueDays && !covered
          ? WarningSignalEntity.query
              .byBusiness({ tenantId, creditCode })
              .gte({ day: Policy.shanghaiDate(from) })
              .go({ limit: 400, consistent: true })
          : Promise.resolve({ data: [] as { day: string; clues: number }[] }),
        findingDays && watched ? Credit.records(creditCode) : Promise.resolve([]),
        known ? Promise.resolve(known) : Business.fromCode(creditCode).then((b) => b.grade as string, () => undefined),
      ]);
      // Each earlier clue as the middle of its day (Asia/Shanghai) when counted per day, the new ones at their instants.
      const earlier = covered ? [...history!.clueDates] : signals.data.flatMap((s) => Array.from({ length: s.clues }, () => `${s.day}T04:00:00.000Z`));
      const findingDates = records.filter((r) => r.kind === "inspection" && r.outcome === "non-compliant").map((r) => r.at);
      const run = (taken: Set<string>) => {
        const clueDates = [...earlier];
        return order.map((i) => {
          const facts = all[i]!;
          const at = new Date(facts.at);
          clueDates.push(at.toISOString());
          const fired = R.evaluateClue(ruleSet, { itemCodes: facts.itemCodes, source: facts.source, reading: facts.reading, grade: facts.grade ?? grade, at }, { clueDates, findingDates }).filter((f) => !taken.has(f.ruleId));
          for (const f of fired) taken.add(f.ruleId);
          return { i, at, fired };
        });
      };
      let outcome = run(new Set());
      // Only a business with something to fire needs its open warnings (a rule does not fire twice while undecided).
      if (outcome.some((o) => o.fired.length)) outcome = run(new Set((await openFor(creditCode)).map((w) => w.ruleId)));
      for (const { i, at, fired } of outcome) {
        const facts = all[i]!;
        const built = fired.map((f) =>
          warningRows(f, { creditCode, entityName: facts.entityName, departmentId: facts.departmentId, origin: "clue", ref: facts.clueId, source: facts.source, itemCodes: facts.itemCodes, at }),
        );
        rowsAt.set(i, built.flatMap((b) => b.items));
        results[i] = { fired, warnings: built.map((b) => toInfo(b.row)) };
        const day = Policy.shanghaiDate(at);
        const c = counters.get(`${creditCode}#${day}`) ?? { creditCode, day, n: 0, at: at.getTime(), owner: i };
        c.n += 1;
        c.at = Math.max(c.at, at.getTime());
        counters.set(`${creditCode}#${day}`, c);
      }
    }),
  );
  const counterItems = (owner?: number) =>
    [...counters.values()]
      .filter((c) => owner === undefined || c.owner === owner)
      .map((c) =>
        Tx.update(
          WarningSignalEntity.update({ tenantId, creditCode: c.creditCode, day: c.day })
            .add({ clues: c.n })
            .set({ expiresAt: Math.floor(c.at / 1000) + SIGNAL_TTL_DAYS * 86_400 }),
        ),
      );
  return {
    items: () => [...all.flatMap((_, i) => rowsAt.get(i) ?? []), ...counterItems()],
    itemsAt: (i) => [...(rowsAt.get(i) ?? []), ...counterItems(i)],
    results,
  };
}

/** Evaluate a clue and commit its warnings on their own (a source without a clue record; the demo; tests). */
export async function raise(input: ClueFacts): Promise<{ fired: R.Fired[]; warnings: Info[] }> {
  const res = await evaluateClue(input);
  await commit({
    action: "warning.raise",
    target: { type: "warning", id: res.warnings[0]?.id ?? `${input.creditCode}` },
    state: { creditCode: input.creditCode, warnings: res.warnings.map((w) => ({ id: w.id, ruleId: w.ruleId, facts: w.facts })) },
    summary: { creditCode: input.creditCode, count: res.warnings.length },
    items: res.items,
  });
  return { fired: res.fired, warnings: res.warnings };
}

// ---------------------------------------------------------------- 重复检查、高频检查

export const CheckInspectionInput = z.object({
  creditCode: CreditCode,
  bodyIds: z.array(z.string().max(40)).min(1).max(20),
  /** The planned date (YYYY-MM-DD). */
  on: IsoDate,
  itemCodes: z.array(z.string().max(40)).max(50).optional(),
});

/**
 * Contract 4 (clue14's pre-task check, visit13's create): what a planned
 * inspection of the business fires — a body at its yearly cap, several bodies
 * within a short span, another task or a recognised result close to the date.
 * Reads the yearly counters and tasks (Plan.capStatus) and the province's
 * recognition registry; writes nothing.
 */
export async function checkInspection(input: z.input<typeof CheckInspectionInput>): Promise<R.Fired[]> {
  const { creditCode, bodyIds, on, itemCodes } = CheckInspectionInput.parse(input);
  const ruleSet = (await rulesInForce()).filter((r) => r.enabled && R.InspectionKinds.includes(r.kind));
  if (!ruleSet.length) return [];
  const year = Number(on.slice(0, 4));
  const bodies = bodyIds.filter((b) => Enforcement.Id.safeParse(b).success);
  const [status, known, recognised] = await Promise.all([
    // No enforcement body among the IDs: nothing to count (Plan.capStatus validates its input synchronously and would throw a 400 before any .catch).
    bodies.length ? Promise.resolve().then(() => Plan.capStatus({ creditCode, year, bodyIds: bodies })).catch(() => undefined) : Promise.resolve(undefined),
    Enforcement.getMany([...new Set(bodies)]).catch(() => [] as { id: string; name: string }[]),
    itemCodes?.length ? Recognition.validFor({ creditCode, itemCodes, on: new Date(`${on}T04:00:00Z`) }).catch(() => []) : Promise.resolve([]),
  ]);
  const tasks = (status?.tasks ?? []).map((t) => ({ id: t.id, from: t.from, to: t.to, bodyIds: t.b }));
  const otherIds = [...new Set(tasks.flatMap((t) => t.bodyIds))].filter((b) => !known.some((k) => k.id === b));
  const others = otherIds.length ? await Enforcement.getMany(otherIds).catch(() => []) : [];
  return R.evaluateInspection(
    ruleSet,
    { bodies: bodyIds.map((id) => ({ id, name: known.find((k) => k.id === id)?.name ?? id })), on },
    {
      tasks,
      caps: (status?.bodies ?? []).filter((b) => bodies.includes(b.bodyId)).map((b) => ({ bodyId: b.bodyId, count: b.count, cap: b.cap })),
      recognised: recognised.map((x) => ({ tenantName: x.issuingTenantName, date: x.resultDate, itemCodes: x.itemCodes })),
      names: Object.fromEntries(others.map((o) => [o.id, o.name])),
    },
  );
}

// ---------------------------------------------------------------- the department's inbox

export const ListInput = PageInput.extend({ status: z.enum(["open", "acknowledged", "decided"]).optional() });

/** One page of warnings, newest first: the actor's department's, every one for the overseers. `status` filters within the page. */
export async function list(input: z.input<typeof ListInput> = {}): Promise<Page<Info>> {
  const { status, ...p } = ListInput.parse(input);
  const tenantId = useTenant();
  const scope = Department.scopeOf();
  let res: Page<WarningItem>;
  if (scope.all) res = await page(WarningEntity.query.byTenant({ tenantId }), p);
  else if (!scope.departmentId) return { items: [], cursor: null };
  else res = await page(WarningEntity.query.byDepartment({ tenantId, departmentId: scope.departmentId }), p);
  return { items: res.items.filter((r) => !status || r.status === status).map(toInfo), cursor: res.cursor };
}

async function load(id: string): Promise<WarningItem> {
  const r = (await WarningEntity.get({ tenantId: useTenant(), id }).go({ consistent: true })).data;
  if (!r || !Department.owns(r.departmentId === NO_DEPARTMENT ? null : r.departmentId)) throw new NotFoundError("warning.not_found");
  return r;
}

export const fromID = fn(Id, async (id) => toInfo(await load(id)));

export const AcknowledgeInput = z.object({ id: Id, version: z.number().int().positive() });
export const AcknowledgeBody = z.object({ version: z.number().int().positive() }).meta({ id: "WarningAcknowledge", example: { version: 1 } });

/** 签收: the lead department has seen it; the decision clock runs on. */
export const acknowledge = fn(AcknowledgeInput, async (input) => {
  const current = await load(input.id);
  if (current.status === "decided") throw new VisibleError("warning.already_decided", {}, 409);
  if (current.status === "acknowledged") throw new VisibleError("warning.already_acknowledged", {}, 409);
  if (current.version !== input.version) throw new ConflictError();
  const next: WarningItem = { ...current, status: "acknowledged", acknowledgedAt: Clock.iso(), acknowledgedBy: actorRef(), version: current.version + 1 };
  const clock = { tenantId: current.tenantId, warningId: current.id, departmentId: current.departmentId, step: "decide" as const, dueAt: current.decideDueAt, creditCode: current.creditCode, ...(current.entityName ? { entityName: current.entityName } : {}), ruleName: current.ruleName, level: current.level };
  await commit({
    action: "warning.acknowledge",
    target: { type: "warning", id: current.id },
    state: next,
    summary: { ruleId: current.ruleId, creditCode: current.creditCode },
    items: () => [Tx.put(WarningEntity.put(next).where((a, op) => op.eq(a.version, input.version))), Tx.put(WarningClockEntity.put(clock))],
    onConditionFailed: () => new ConflictError(),
  });
  return toInfo(next);
});

export const DecideBody = z
  .object({
    version: z.number().int().positive(),
    decision: z.enum(["inspect", "no-action"]),
    reason: z.string().trim().min(MIN_REASON, { message: "warning.reason_required" }).max(2000),
  })
  .meta({ id: "WarningDecide", example: { version: 2, decision: "inspect", reason: "核实后确有冷链温度异常，安排联合检查" } });
export const DecideInput = DecideBody.extend({ id: Id });

/** 核实处置: inspect or no action, with reasons; the clocks stop. */
export const decide = fn(DecideInput, async (input) => {
  const current = await load(input.id);
  if (current.status === "decided") throw new VisibleError("warning.already_decided", {}, 409);
  if (current.version !== input.version) throw new ConflictError();
  const at = Clock.iso();
  const next: WarningItem = {
    ...current,
    status: "decided",
    ...(current.acknowledgedAt ? {} : { acknowledgedAt: at, acknowledgedBy: actorRef() }),
    decision: input.decision,
    reason: input.reason,
    decidedAt: at,
    decidedBy: actorRef(),
    version: current.version + 1,
  };
  await commit({
    action: "warning.decide",
    target: { type: "warning", id: current.id },
    state: next,
    summary: { ruleId: current.ruleId, creditCode: current.creditCode, decision: input.decision },
    items: () => [
      Tx.put(WarningEntity.put(next).where((a, op) => op.eq(a.version, input.version))),
      Tx.delete(WarningClockEntity.delete({ tenantId: current.tenantId, warningId: current.id })),
    ],
    onConditionFailed: () => new ConflictError(),
  });
  return toInfo(next);
});

// ---------------------------------------------------------------- overdue (dashboards)

export const OverdueItem = z
  .object({
    warningId: z.string(),
    step: z.enum(["acknowledge", "decide"]),
    departmentId: z.string().nullable(),
    creditCode: z.string(),
    entityName: z.string().optional(),
    ruleName: Name,
    level: z.string(),
    dueAt: z.string(),
    overdueMs: z.number(),
  })
  .meta({ id: "WarningOverdue" });
export type OverdueItem = z.infer<typeof OverdueItem>;

/** Overdue clocks, most overdue first: one Query of the due index up to now
 * (the department's for an officer, the tenant's for overseers and the platform). */
export async function overdue(input: { limit?: number } = {}): Promise<{ count: number; items: OverdueItem[] }> {
  const tenantId = useTenant();
  const now = Clock.now();
  const limit = Math.min(input.limit ?? 200, 500);
  const scope = Department.scopeOf();
  if (!scope.all && !scope.departmentId) return { count: 0, items: [] };
  const q = scope.all
    ? WarningClockEntity.query.byDueAt({ tenantId }).lt({ dueAt: now.toISOString() })
    : WarningClockEntity.query.byDepartmentDue({ tenantId, departmentId: scope.departmentId! }).lt({ dueAt: now.toISOString() });
  const res = await q.go({ limit, order: "asc" });
  const items = res.data
    .filter((c) => Date.parse(c.dueAt) < now.getTime())
    .map((c) =>
      OverdueItem.parse({
        warningId: c.warningId,
        step: c.step,
        departmentId: c.departmentId === NO_DEPARTMENT ? null : c.departmentId,
        creditCode: c.creditCode,
        ...(c.entityName ? { entityName: c.entityName } : {}),
        ruleName: c.ruleName,
        level: c.level,
        dueAt: c.dueAt,
        overdueMs: now.getTime() - Date.parse(c.dueAt),
      }),
    );
  return { count: items.length, items };
}

/** A business's warnings (newest first, one page): for the risk model. */
export async function ofBusiness(creditCode: string, input: PageInput = {}): Promise<Page<Info>> {
  return mapPage(await page(WarningEntity.query.byBusiness({ tenantId: useTenant(), creditCode }), input), toInfo);
}

/** Clues about a business within the last `days` (the per-day counter the clue rules read): for the risk model. */
export async function clueDates(creditCode: string, days: number): Promise<string[]> {
  const since = Policy.shanghaiDate(new Date(Clock.nowMs() - days * DAY));
  const res = await WarningSignalEntity.query.byBusiness({ tenantId: useTenant(), creditCode }).gte({ day: since }).go({ limit: 400 });
  // The start of the day in Asia/Shanghai: a clue of today is never "in the future" (a bare date is UTC midnight, up to 8 hours ahead).
  return res.data.flatMap((s) => Array.from({ length: s.clues }, () => `${s.day}T00:00:00+08:00`));
}
