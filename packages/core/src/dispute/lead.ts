import { Assignment } from "../assignment/index";
import { Catalogue } from "../catalogue/index";
import type { TxItem } from "../dynamo/tx";
import { NotFoundError, VisibleError } from "../error";
import { translate } from "../i18n/index";
import { useLocale } from "../context";

/** Where a dispute meets the catalogue and the assignments: the item a dispute
 * names (in force for the tenant), and the writes that make its outcome the
 * item's lead department for the tenant, committed in the same transaction as
 * the confirmation or decision. */

export async function resolveItem(code: string): Promise<{ code: string; name: string }> {
  try {
    const item = await Catalogue.item(code);
    return { code: item.code, name: item.name };
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    const message = translate("dispute.unknown_item", useLocale(), { code });
    throw new VisibleError("dispute.unknown_item", { code }, 400, [{ field: "itemCode", rule: "dispute.unknown_item", message }]);
  }
}

/** A dispute about a subject not yet in the catalogue records the lead department on the dispute only. */
export async function leadDecision(d: { id: string; itemCode?: string }, departmentId: string): Promise<TxItem[]> {
  if (!d.itemCode) return [];
  return Assignment.leadDecisionItems({ code: d.itemCode, departmentId, disputeId: d.id });
}
