import type { Role } from "../../packages/core/src/auth/roles";
import { withContext } from "../../packages/core/src/context";

/** Run core as a user of a tenant (of a department, if given), as the auth middleware would. */
export function asUser<T>(tenantId: string, fn: () => Promise<T>, role: Role = "tenant-admin", departmentId?: string): Promise<T> {
  return withContext(
    { actor: { type: "user", userId: `usr_test_${tenantId}`, name: `测试 ${tenantId}`, tenantId, role, departmentId }, tenantId, requestId: "test", locale: "zh-CN" },
    fn,
  );
}

export function asSystem<T>(fn: () => Promise<T>, tenantId?: string): Promise<T> {
  return withContext({ actor: { type: "system", reason: "test" }, tenantId, requestId: "test", locale: "zh-CN" }, fn);
}
