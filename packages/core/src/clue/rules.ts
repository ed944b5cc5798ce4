/** Correlation of clues into joint tasks (RULES.md "Warnings": clues about one
 * business within the window become ONE task across departments): pure, no I/O. */

/** The business's task that still collects clues. */
export interface OpenTask {
  taskId: string;
  openedAt: string;
  /** Clues received up to this instant join it (openedAt + the window). */
  until: string;
  departmentIds: string[];
}

export interface Incoming {
  id: string;
  at: string;
  departmentId: string;
  itemCodes: string[];
  source: string;
}

export interface TaskChange {
  taskId: string;
  isNew: boolean;
  openedAt: string;
  until: string;
  leadDepartmentId: string;
  clueIds: string[];
  /** Departments this change adds to the task (all of them for a new task). */
  newDepartmentIds: string[];
  itemCodes: string[];
  sources: string[];
  firstAt: string;
  lastAt: string;
}

export function windowEnd(openedAt: string, windowMs: number): string {
  return new Date(Date.parse(openedAt) + windowMs).toISOString();
}

/** Does a clue received at `at` join the open task? */
export function joins(open: OpenTask | undefined, at: string): open is OpenTask {
  return !!open && at <= open.until;
}

/** One business's incoming clues (any order) against its open task: which task each joins or opens.
 * A clue past the open task's window opens a new task, which then collects the later ones. */
export function plan(open: OpenTask | undefined, clues: readonly Incoming[], windowMs: number, newId: () => string): { changes: TaskChange[]; open: OpenTask | undefined } {
  const sorted = [...clues].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  const changes: TaskChange[] = [];
  let current = open ? { ...open, departmentIds: [...open.departmentIds] } : undefined;
  let change: TaskChange | undefined;
  for (const c of sorted) {
    if (!joins(current, c.at)) {
      const taskId = newId();
      current = { taskId, openedAt: c.at, until: windowEnd(c.at, windowMs), departmentIds: [] };
      change = { taskId, isNew: true, openedAt: c.at, until: current.until, leadDepartmentId: c.departmentId, clueIds: [], newDepartmentIds: [], itemCodes: [], sources: [], firstAt: c.at, lastAt: c.at };
      changes.push(change);
    } else if (!change || change.taskId !== current!.taskId) {
      change = { taskId: current!.taskId, isNew: false, openedAt: current!.openedAt, until: current!.until, leadDepartmentId: "", clueIds: [], newDepartmentIds: [], itemCodes: [], sources: [], firstAt: c.at, lastAt: c.at };
      changes.push(change);
    }
    const cur = current!;
    change!.clueIds.push(c.id);
    change!.lastAt = c.at;
    if (!cur.departmentIds.includes(c.departmentId)) {
      cur.departmentIds.push(c.departmentId);
      change!.newDepartmentIds.push(c.departmentId);
    }
    for (const i of c.itemCodes) if (!change!.itemCodes.includes(i)) change!.itemCodes.push(i);
    if (!change!.sources.includes(c.source)) change!.sources.push(c.source);
  }
  return { changes, open: current };
}

/** Counts of clues by source among `recent` entries ("at|source|id") on or after `since`. */
export function countBySource(recent: readonly string[], since: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of recent) {
    const [at, source] = r.split("|");
    if (at! >= since) out[source!] = (out[source!] ?? 0) + 1;
  }
  return out;
}
