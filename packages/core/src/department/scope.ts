import { useActor, type Actor } from "../context";
import type { Role } from "../auth/roles";

/** Records belong to a department as well as a tenant (DESIGN §3): officers
 * and inspectors act on their own department's; the tenant's admins (and the
 * province admin in its own tenant) and auditors oversee all of them. The
 * department is the verified token's, never the request's. */
const OVERSEERS: readonly Role[] = ["province-admin", "tenant-admin", "auditor"];

export type Scope = { all: true } | { all: false; departmentId: string | undefined };

export function scopeOf(actor: Actor = useActor()): Scope {
  // The platform itself (relays, sweepers, consumers) acts for the tenant as a whole.
  if (actor.type === "system") return { all: true };
  if (OVERSEERS.includes(actor.role)) return { all: true };
  return { all: false, departmentId: actor.type === "user" ? actor.departmentId : undefined };
}

/** Whether the actor may act on (or read the details of) a record of `departmentId`. A record of no department is the overseers' only. */
export function owns(departmentId: string | null | undefined, scope: Scope = scopeOf()): boolean {
  if (scope.all) return true;
  return !!departmentId && departmentId === scope.departmentId;
}

/** Whether any of the record's departments is the actor's (a joint inspection belongs to each of its departments). */
export function ownsAny(departmentIds: readonly string[], scope: Scope = scopeOf()): boolean {
  return scope.all || departmentIds.some((d) => owns(d, scope));
}

/** The actor's own department, when it acts for one (not an overseer). */
export function ownDepartment(scope: Scope = scopeOf()): string | undefined {
  return scope.all ? undefined : scope.departmentId;
}
