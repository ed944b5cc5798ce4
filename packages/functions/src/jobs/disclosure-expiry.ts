import { withContext } from "@supervision/core/context";
import { asFunction } from "@supervision/core/dynamo/function-kind";
import { Disclosure } from "@supervision/core/disclosure/index";
import { Tenant } from "@supervision/core/tenant/index";

/** 一公开: takes records whose publication window has ended off the public
 * pages — for each tenant in turn, only its own "live" partition's ended key
 * range (never a scan): records marked expired in one audited commit per
 * batch, their search rows deleted. The public search and detail already
 * hide them from the moment the window ends (read-time filter on
 * visibleUntil), and the search rows carry a TTL as a backstop. Locally
 * `npm start` runs it every minute with the escalator. */
export async function runDisclosureExpiry(options: { now?: () => Date; tenants?: string[] } = {}) {
  // This job's own IAM policy (stacks/schedules.ts) answers for these requests (tests/security).
  return asFunction("disclosure-expiry", () => runDisclosureExpiryRun(options));
}

async function runDisclosureExpiryRun(options: { now?: () => Date; tenants?: string[] }) {
  let expired = 0;
  const failures: string[] = [];
  const tenants = options.tenants ?? Tenant.all().map((t) => t.id);
  for (let i = 0; i < tenants.length; i += 8) {
    await Promise.all(
      tenants.slice(i, i + 8).map((tenantId) =>
        withContext({ actor: { type: "system", reason: "disclosure expiry" }, tenantId, requestId: `disclosure-expiry-${tenantId}`, locale: "zh-CN", now: options.now }, async () => {
          try {
            // Batches until nothing ended is left (a bounded number per run).
            for (let round = 0; round < 20; round++) {
              const r = await Disclosure.expire();
              expired += r.expired;
              if (r.expired === 0) break;
            }
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
  const result = await runDisclosureExpiry();
  if (result.failures.length) console.error("disclosure expiry failures", result.failures);
  return result;
};
