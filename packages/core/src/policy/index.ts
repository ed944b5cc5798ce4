export * as Policy from "./index";

export { PolicyDefaults, type ClockRule, type Duration, type TargetRule } from "./defaults";
export { beyondCalendar, deadline, durationAtMost, isOverdue, isWorkingDay, shanghaiDate, type Deadline } from "./deadline";
export { calendarYears, lastCalendarYear, parseDateList, parseHolidayLines, ShippedYears, yearIssues, type CalendarIssue, type CalendarYear } from "./calendar";
export { describe, entries, entryOf, isStricter, merge, Paths, provinceIssues, tighteningIssues, Units, type Issue, type ProvinceRule, type RuleEntry, type RuleValue, type Rules, type TenantRule } from "./rules";

import { installCalendar, type CalendarYear } from "./calendar";
import { PolicyDefaults } from "./defaults";
import { merge, type ProvinceRule, type Rules, type TenantRule } from "./rules";

/** The rules in force, per process: the province's configuration and each
 * tenant's tightening, installed by the configuration module when it reads a
 * newer version (policy-config/, which checks the version now and then, never
 * on every request). Until a configuration is installed, the defaults. */

export interface ProvinceConfig {
  version: number;
  rules: Record<string, ProvinceRule>;
  calendar: Record<string, CalendarYear>;
}
export interface TenantConfig {
  version: number;
  rules: Record<string, TenantRule>;
}

let province: ProvinceConfig = { version: 0, rules: {}, calendar: {} };
let provinceRules: Rules = PolicyDefaults;
const tenants = new Map<string, TenantConfig>();
const merged = new Map<string, { province: number; tenant: number; rules: Rules }>();

/** Which tenant is acting. Given by the configuration module (core's request
 * context) when it first checks for a version; absent in the browser, where
 * this file is also used and the province's rules (the defaults) apply. */
let tenantOf: () => string | undefined = () => undefined;
export function resolveTenantWith(fn: () => string | undefined) {
  tenantOf = fn;
}

export function install(config: ProvinceConfig) {
  if (config.version === province.version && config.version !== 0) return;
  province = config;
  provinceRules = merge(config.rules);
  installCalendar(config.calendar);
  merged.clear();
}

export function installTenant(tenantId: string, config: TenantConfig) {
  const had = tenants.get(tenantId);
  if (had && had.version === config.version) return;
  tenants.set(tenantId, config);
  merged.delete(tenantId);
}

export function installed(): { province: ProvinceConfig; tenant: (tenantId: string) => TenantConfig | undefined } {
  return { province, tenant: (id) => tenants.get(id) };
}

/** The province's rules in force, without any tenant's tightening. */
export function provinceCurrent(): Rules {
  return provinceRules;
}

/** The rules in force for the current tenant (the context's), never looser than the province's. */
export function current(): Rules {
  const tenantId = tenantOf();
  const tenant = tenantId ? tenants.get(tenantId) : undefined;
  if (!tenantId || !tenant || Object.keys(tenant.rules).length === 0) return provinceRules;
  const hit = merged.get(tenantId);
  if (hit && hit.province === province.version && hit.tenant === tenant.version) return hit.rules;
  const rules = merge(province.rules, tenant.rules);
  merged.set(tenantId, { province: province.version, tenant: tenant.version, rules });
  return rules;
}

/** Back to the defaults and the shipped calendar (tests). */
export function reset() {
  province = { version: 0, rules: {}, calendar: {} };
  provinceRules = PolicyDefaults;
  installCalendar({});
  tenants.clear();
  merged.clear();
}
