/** The department-list keys of a clock item: whose officers see it (the
 * referral's department, or the department a judicial request is addressed
 * to) and which department owes the step (for the judicial organs' list).
 * "-" for none: no officer's, no organ's (the overseers read the tenant's index). */
export function clockOwners(owner: string | null | undefined, owing: string | null | undefined) {
  return { ownerDepartmentId: owner || "-", owingDepartmentId: owing || "-" };
}
