import * as z from "zod";
import { Clock } from "../clock";
import { useTenant } from "../context";
import { Tx } from "../dynamo/tx";
import { Message } from "../message";
import { PROVINCE_ID } from "../tenant";
import { CatalogueTenantStatusEntity } from "./catalogue.entity";

/** A tenant tells the province which version it is on and whether its
 * assignments are complete: the province never reads a tenant's partition. */

export const Coverage = z.object({
  items: z.number().int().min(0),
  assigned: z.number().int().min(0),
  unassigned: z.number().int().min(0),
  needsReview: z.number().int().min(0),
  departmentsWithoutItems: z.number().int().min(0),
});
export type CoverageCounts = z.infer<typeof Coverage>;

export const StatusPayload = z.object({
  version: z.number().int().min(0),
  syncedAt: z.string(),
  reportedAt: z.iso.datetime(),
  coverage: Coverage,
  complete: z.boolean(),
});
export type StatusPayload = z.infer<typeof StatusPayload>;

export const StatusReported = Message.define<StatusPayload>({
  type: "catalogue.status_reported",
  queue: "catalogue-sync",
  version: 1,
  versions: { 1: StatusPayload },
  // The sync or assignment change it reports is audited in the tenant's chain.
  mirror: true,
  async handle(payload, envelope) {
    if (useTenant() !== PROVINCE_ID) return { skip: `status reports go to the province, not ${useTenant()}` };
    const from = envelope.fromTenant;
    const existing = (await CatalogueTenantStatusEntity.get({ tenantId: PROVINCE_ID, reportingTenant: from }).go({ consistent: true })).data;
    if (existing && existing.reportedAt >= payload.reportedAt) {
      return { skip: `an equal or newer report of ${from} (${existing.reportedAt}, version ${existing.version}) is stored; this one is of ${payload.reportedAt}` };
    }
    const record = {
      tenantId: PROVINCE_ID,
      reportingTenant: from,
      version: payload.version,
      syncedAt: payload.syncedAt,
      reportedAt: payload.reportedAt,
      receivedAt: Clock.iso(),
      coverage: payload.coverage,
      complete: payload.complete,
    };
    return {
      action: "catalogue.status_receive",
      target: { type: "tenant", id: from },
      state: record,
      summary: { tenant: from, version: payload.version, complete: payload.complete },
      items: () => [
        Tx.put(CatalogueTenantStatusEntity.put(record).where((a, op) => (existing ? op.eq(a.reportedAt, existing.reportedAt) : op.notExists(a.reportedAt)))),
      ],
    };
  },
});

export function statusMessage(payload: Omit<StatusPayload, "reportedAt" | "complete">) {
  const complete = payload.coverage.unassigned === 0 && payload.coverage.needsReview === 0 && payload.coverage.items > 0;
  return StatusReported.create(PROVINCE_ID, { ...payload, reportedAt: Clock.iso(), complete });
}
