import townships from "../../data/fujian-townships.json";

/** Townships (乡镇/街道) are sub-units of a county, not tenants: a county may
 * devolve listed powers to them. Kept apart from the tenant registry so the
 * functions that do not need them do not carry them. */
export function townshipsOf(countyId: string) {
  return townships.townships.filter((t) => t.countyCode === countyId).map((t) => ({ id: t.code, name: t.name }));
}
