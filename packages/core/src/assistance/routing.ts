import { Department } from "../department/index";
import { typeInfo, type RequestType } from "./rules";

/** The receiving tenant's department for a request: the department its local
 * assignment names for the first supervision item (issue 3), else the
 * department type the sender named, else the kind's usual department. */
export async function routeDepartment(
  tenantId: string,
  type: RequestType,
  itemCodes: string[],
  departmentType?: string,
): Promise<{ departmentId: string; departmentType?: string; source: "assignment" | "catalogue" | "type" }> {
  for (const code of itemCodes) {
    const found = await byAssignment(code);
    if (found) return { departmentId: found.departmentId, source: found.source };
  }
  const t = departmentType ?? typeInfo(type).departmentType;
  return { departmentId: Department.standardId(tenantId, t), departmentType: t, source: "type" };
}

/** A's contract once it exists: Assignment.responsibleDepartment(code) in the current tenant's context. */
async function byAssignment(_code: string): Promise<{ departmentId: string; source: "assignment" | "catalogue" } | undefined> {
  return undefined;
}
