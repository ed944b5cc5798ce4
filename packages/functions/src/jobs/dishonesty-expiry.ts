import { withContext } from "@supervision/core/context";
import { asFunction } from "@supervision/core/dynamo/function-kind";
import { Dishonesty } from "@supervision/core/dishonesty/index";
import { Tenant } from "@supervision/core/tenant/index";

/** Removes severe-dishonesty listings whose publication window has ended:
 * for each tenant in turn, only its own due partition (never a scan), each
 * removal committed with its audit event, the business regraded, and the
 * credit platform told (credit-platform queue). Pages show an ended listing
 * as expired at once (read-time check); this job makes it so in the records.
 * Locally `npm start` runs it every minute with the escalator; in the cloud
 * a Cron (stacks/schedules.ts). */
export async function runDishonestyExpiry(options: { now?: () => Date; tenants?: string[] } = {}) {
  // This job's own IAM policy (stacks/schedules.ts) answers for these requests (tests/security).
  return asFunction("dishonesty-expiry", () => runDishonestyExpiryRun(options));
}

async function runDishonestyExpiryRun(options: { now?: () => Date; tenants?: string[] }) {
  let expired = 0;
  const failures: string[] = [];
  const tenants = options.tenants ?? Tenant.all().map((t) => t.id);
  for (let i = 0; i < tenants.length; i += 8) {
    await Promise.all(
      tenants.slice(i, i + 8).map((tenantId) =>
        withContext({ actor: { type: "system", reason: "dishonesty expiry" }, tenantId, requestId: `dishonesty-expiry-${tenantId}`, locale: "zh-CN", now: options.now }, async () => {
          try {
            expired += (await Dishonesty.expireDue()).expired;
          } catch (err) {
            failures.push(`${tenantId}: ${err}`);
          }
        }),
      ),
    );
  }
  return { expired, failures };
}

export const handler = async () => {
  const result = await runDishonestyExpiry();
  if (result.failures.length) console.error("dishonesty expiry failures", result.failures);
  return result;
};
