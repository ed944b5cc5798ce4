/** Pure rules of local responsibilities: coverage and outstanding calls. No I/O. */

export interface Cooperating {
  departmentId: string;
  office?: string;
  person?: string;
  answeredAt?: string;
  answeredBy?: unknown;
}

export interface AssignmentLike {
  code: string;
  itemName: string;
  leadDepartmentId: string;
  cooperating: Cooperating[];
  status: "assigned" | "needs-review" | "retired";
}

/** Items with no assignment, items needing review, departments with no items. */
export function coverageOf(items: { code: string; name: string }[], assignments: AssignmentLike[], departments: { id: string; status?: string }[]) {
  const byCode = new Map(assignments.map((a) => [a.code, a]));
  const unassigned = items.filter((i) => {
    const a = byCode.get(i.code);
    return !a || a.status === "retired";
  });
  const needsReview = items.filter((i) => byCode.get(i.code)?.status === "needs-review");
  const busy = new Set<string>();
  for (const a of assignments) {
    if (a.status === "retired") continue;
    busy.add(a.leadDepartmentId);
    for (const c of a.cooperating) busy.add(c.departmentId);
  }
  const departmentsWithoutItems = departments.filter((d) => d.status !== "disabled" && !busy.has(d.id)).map((d) => d.id);
  return {
    items: items.length,
    assigned: items.length - unassigned.length - needsReview.length,
    unassigned: unassigned.map((i) => ({ code: i.code, name: i.name })),
    needsReview: needsReview.map((i) => ({ code: i.code, name: i.name })),
    departmentsWithoutItems,
  };
}

export function coverageCounts(c: ReturnType<typeof coverageOf>) {
  return {
    items: c.items,
    assigned: c.assigned,
    unassigned: c.unassigned.length,
    needsReview: c.needsReview.length,
    departmentsWithoutItems: c.departmentsWithoutItems.length,
  };
}

/** Calls a department must answer (it cooperates and has not named its
 * office) and calls it is waiting on (it leads, some cooperating departments
 * have not answered). Without a department: every open call. */
export function outstandingOf(assignments: AssignmentLike[], departmentId?: string) {
  const toAnswer: { code: string; itemName: string; leadDepartmentId: string; departmentId: string }[] = [];
  const waitingOn: { code: string; itemName: string; leadDepartmentId: string; pending: string[] }[] = [];
  for (const a of assignments) {
    if (a.status === "retired") continue;
    const pending = a.cooperating.filter((c) => !c.office).map((c) => c.departmentId);
    if (pending.length === 0) continue;
    for (const d of pending) {
      if (!departmentId || d === departmentId) toAnswer.push({ code: a.code, itemName: a.itemName, leadDepartmentId: a.leadDepartmentId, departmentId: d });
    }
    if (!departmentId || a.leadDepartmentId === departmentId) waitingOn.push({ code: a.code, itemName: a.itemName, leadDepartmentId: a.leadDepartmentId, pending });
  }
  return { toAnswer, waitingOn };
}
