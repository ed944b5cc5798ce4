import { Credit } from "../credit/index";

/** Assistance findings feed the credit grade (信用风险分类): a problem found
 * on a request about a business is one "assistance" record of that business,
 * noted after the answer commits in the answering county (属地), whose
 * directory grades it. A finding that says nothing was found is not a record. */

/** "未发现问题", "无异常", "没有问题"…: an answer that found nothing. */
export function foundProblem(findings: string | undefined): boolean {
  const text = findings?.trim() ?? "";
  return text.length > 0 && !/^(未发现|未见|无|没有|未查实)/u.test(text) && !/^no (problems?|issues?) found/i.test(text);
}

/** Note the finding and regrade (once per request: the request is the record's source). Never fails the answer. */
export async function noteFinding(request: { id: string; creditCode?: string }, findings: string | undefined, at: string): Promise<void> {
  if (!request.creditCode || !foundProblem(findings)) return;
  await Credit.note({ creditCode: request.creditCode, kind: "assistance", outcome: "协助查实问题", at, ref: request.id, sourceId: `${request.id}#finding` }).catch(() => undefined);
}
