import { Anchor } from "@supervision/core/anchor/index";
import { withContext } from "@supervision/core/context";
import { asFunction } from "@supervision/core/dynamo/function-kind";
import { Tenant } from "@supervision/core/tenant/index";

/** Daily: every tenant sends its audit chain head to its superior (the
 * province keeps its own), one commit per tenant on its own chain. A tenant
 * with nothing new since its last anchor sends nothing. */
export async function runAnchor(options: { now?: () => Date } = {}) {
  // This job's IAM policy answers for these requests (tests/security).
  return asFunction("audit-anchor", () => runAnchorRun(options));
}

async function runAnchorRun(options: { now?: () => Date }) {
  let anchored = 0;
  const failures: string[] = [];
  const tenants = Tenant.all();
  for (let i = 0; i < tenants.length; i += 8) {
    await Promise.all(
      tenants.slice(i, i + 8).map((t) =>
        withContext({ actor: { type: "system", reason: "audit anchor" }, tenantId: t.id, requestId: `anchor-${t.id}`, locale: "zh-CN", now: options.now }, async () => {
          try {
            if ((await Anchor.anchorHead()).anchored) anchored++;
          } catch (err) {
            failures.push(`${t.id}: ${err}`);
          }
        }),
      ),
    );
  }
  return { anchored, failures };
}

export const handler = async () => {
  const result = await runAnchor();
  if (result.failures.length) console.error("audit anchor failures", result.failures);
  return result;
};
