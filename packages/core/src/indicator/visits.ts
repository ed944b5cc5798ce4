import { Visit } from "../visit/index";

/** The visits' side of the indicators, from the visit module's per-tenant
 * year counters (Visit.yearFigures, contract 3): visits, joint visits, and the
 * businesses visited. The distinct-business count is the module's
 * `businesses` figure when it has one; else the per-business list, which is
 * bounded (the most visited first), so it is exact only below that bound. */
export async function visitCounts(year: number): Promise<{ visits: number; joint: number; businesses: number }> {
  const f: Visit.Stats & { businesses?: number } = await Visit.yearFigures(year);
  return { visits: f.visits, joint: f.joint, businesses: f.businesses ?? f.perBusiness.length };
}
