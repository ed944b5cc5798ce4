import { AsyncLocalStorage } from "node:async_hooks";

/** Which deployed function is running this unit of work. Each has its own
 * IAM policy in `stacks/` (api, one consumer per queue, the scheduled jobs),
 * so the tests' recorder (tests/security) can tell which policy must allow
 * what a request did. Set by each entry point; it survives the nested
 * `withContext` of a message or a tenant (its own storage, not the context). */
/** The scheduled jobs declared in stacks/schedules.ts (SCHEDULED_JOBS), one Cron and one policy each. */
export const ScheduledKinds = ["disclosure-expiry", "dishonesty-expiry", "risk-rescore"] as const;
export type ScheduledKind = (typeof ScheduledKinds)[number];
export type FunctionKind = "api" | "sweeper" | "escalator" | "alert-resume" | "audit-anchor" | ScheduledKind | `consumer:${string}`;

const storage = new AsyncLocalStorage<FunctionKind>();

export function asFunction<T>(kind: FunctionKind, fn: () => T): T {
  return storage.getStore() === kind ? fn() : storage.run(kind, fn);
}

export function currentFunction(): FunctionKind | undefined {
  return storage.getStore();
}
