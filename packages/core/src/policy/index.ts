export * as Policy from "./index";

export { PolicyDefaults, type ClockRule, type Duration, type TargetRule } from "./defaults";
export { deadline, durationAtMost, isOverdue, isWorkingDay, shanghaiDate, type Deadline } from "./deadline";

import { PolicyDefaults } from "./defaults";

/** The rules in force. Today the province's defaults; a tenant's tightened
 * values would be merged here, never looser than the default. */
export function current(): typeof PolicyDefaults {
  return PolicyDefaults;
}
