import { AsyncLocalStorage } from "node:async_hooks";
import { VisibleError } from "./error";
import type { Role } from "./auth/roles";
import type { Locale } from "./i18n/index";

/** Who is acting. A user signed in through the OIDC issuer, a machine client
 * (the province's systems) or the platform itself (queue relays, sweepers). */
export type Actor =
  | {
      type: "user";
      userId: string;
      name: string;
      tenantId: string;
      role: Role;
      departmentId?: string;
    }
  | { type: "machine"; clientId: string; tenantId: string; role: Role }
  | { type: "system"; reason: string };

export type { Locale } from "./i18n/index";

export interface Context {
  actor: Actor;
  /** The tenant whose data this unit of work reads and writes. */
  tenantId?: string;
  requestId: string;
  locale: Locale;
  /** Overrides the platform clock for this unit of work (tests, replays). */
  now?: () => Date;
}

const storage = new AsyncLocalStorage<Context>();

export function withContext<T>(ctx: Context, fn: () => T): T {
  return storage.run(ctx, fn);
}

export function maybeContext(): Context | undefined {
  return storage.getStore();
}

export function useContext(): Context {
  const ctx = storage.getStore();
  if (!ctx) throw new Error("No request context: core was called outside withContext()");
  return ctx;
}

export function useActor(): Actor {
  return useContext().actor;
}

/** The tenant of the current unit of work. Core never takes it as an argument
 * from a caller: it comes from the verified token or the message envelope. */
export function useTenant(): string {
  const tenantId = useContext().tenantId;
  if (!tenantId) throw new VisibleError("auth.no_tenant");
  return tenantId;
}

export function useLocale(): Locale {
  return storage.getStore()?.locale ?? "zh-CN";
}

/** A short description of the actor for audit events and envelopes. */
export function actorRef(actor: Actor = useActor()) {
  switch (actor.type) {
    case "user":
      return { type: "user" as const, id: actor.userId, name: actor.name, tenantId: actor.tenantId, role: actor.role };
    case "machine":
      return { type: "machine" as const, id: actor.clientId, name: actor.clientId, tenantId: actor.tenantId, role: actor.role };
    case "system":
      return { type: "system" as const, id: "system", name: actor.reason };
  }
}
export type ActorRef = ReturnType<typeof actorRef>;
