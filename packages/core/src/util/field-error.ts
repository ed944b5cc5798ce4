import { VisibleError } from "../error";
import type { MessageCode } from "../i18n/index";

/** One field's broken rule, raised where the check needs data (not a schema).
 * The message is written when the error is shown, in the reader's language
 * (`errors.ts` in the API); the rule is the message code. */
export interface FieldIssue {
  field: string;
  rule: MessageCode;
  params?: Record<string, unknown>;
}

/** A 400 (or `status`) whose details name the field and the rule: `code` is
 * both the error's code and the rule, so clients that read either agree. */
export function fieldError(code: MessageCode, field: string, params: Record<string, unknown> = {}, status = 400): VisibleError {
  const issue: FieldIssue = { field, rule: code, params };
  return new VisibleError(code, params, status, [issue]);
}
