/** Pure rules of the enforcement-body list: what a township may act on, and
 * what an inspection may cover (清单之外无检查). No I/O. */

export interface BatchLike {
  townshipCodes: string[];
  itemCodes: string[];
  /** Beijing date from which the powers pass to the townships. */
  effectiveDate: string;
}

export interface BodyLike {
  kind: "department" | "township";
  townshipCode?: string;
  inspectionItems: string[];
  status: "active" | "withdrawn";
}

/** Items devolved to a township by the batches in force on `on` (a Beijing date). */
export function devolvedItems(batches: BatchLike[], townshipCode: string, on: string): Set<string> {
  const items = new Set<string>();
  for (const b of batches) if (b.effectiveDate <= on && b.townshipCodes.includes(townshipCode)) for (const c of b.itemCodes) items.add(c);
  return items;
}

export type Purpose = "penalty" | "inspection";

/** Why `body` may not act on `itemCodes` on `on`: the refused items, or nothing.
 * A township acts only within its devolved items, for penalties and
 * inspections alike; any body inspects only items on its published list. */
export function refusal(
  body: BodyLike,
  batches: BatchLike[],
  itemCodes: string[],
  purpose: Purpose,
  on: string,
): { rule: "township_outside_items" | "item_not_listed"; items: string[] } | undefined {
  if (body.kind === "township") {
    const devolved = devolvedItems(batches, body.townshipCode ?? "", on);
    const outside = itemCodes.filter((c) => !devolved.has(c));
    if (outside.length) return { rule: "township_outside_items", items: outside };
  }
  if (purpose === "inspection") {
    const listed = new Set(body.inspectionItems);
    const notListed = itemCodes.filter((c) => !listed.has(c));
    if (notListed.length) return { rule: "item_not_listed", items: notListed };
  }
  return undefined;
}
