import { Assignment } from "../assignment/index";
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

/** The local assignment of the item, else the catalogue's lead department type (issue 3), in the receiving tenant's context. */
async function byAssignment(code: string): Promise<{ departmentId: string; source: "assignment" | "catalogue" } | undefined> {
  return Assignment.responsibleDepartment(code);
}
