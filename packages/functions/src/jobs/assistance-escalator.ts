import { AssistanceRequest } from "@supervision/core/assistance/index";
import { withContext } from "@supervision/core/context";
import { asFunction } from "@supervision/core/dynamo/function-kind";
import { Dashboard } from "@supervision/core/dashboard/index";
import { Tenant } from "@supervision/core/tenant/index";

/** Every 15 minutes: for each tenant in turn (its own due index, never a scan
 * or a cross-tenant query), escalate each overdue stage once to the lowest
 * common superior, then report the tenant's figures upward if they changed. */
export async function runEscalator(options: { now?: () => Date } = {}) {
  // The escalator function's IAM policy answers for these requests (tests/security).
  return asFunction("escalator", () => escalate(options));
}

async function escalate(options: { now?: () => Date }) {
  let escalated = 0;
  let reported = 0;
  const failures: string[] = [];
  const tenants = Tenant.all();
  // A few tenants at a time: each is independent.
  for (let i = 0; i < tenants.length; i += 8) {
    await Promise.all(
      tenants.slice(i, i + 8).map((t) =>
        withContext(
          { actor: { type: "system", reason: "assistance escalator" }, tenantId: t.id, requestId: `escalator-${t.id}`, locale: "zh-CN", now: options.now },
          async () => {
            try {
              escalated += (await AssistanceRequest.escalateOverdue()).escalated;
              if ((await Dashboard.reportUpward()).reported) reported++;
            } catch (err) {
              failures.push(`${t.id}: ${err}`);
            }
          },
        ),
      ),
    );
  }
  return { escalated, reported, failures };
}

export const handler = async () => {
  const result = await runEscalator();
  if (result.failures.length) console.error("escalator failures", result.failures);
  return result;
};
