import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { withContext } from "@supervision/core/context";
import { asFunction } from "@supervision/core/dynamo/function-kind";
import { Outbox } from "@supervision/core/outbox/index";
import { Tenant } from "@supervision/core/tenant/index";

/** The metric the stacks alarm on: messages the platform gave up sending
 * (namespace `Supervision`, name `OutboxStalled`, dimension service=outbox-sweeper). */
export const STALLED_METRIC = { namespace: "Supervision", name: "OutboxStalled", service: "outbox-sweeper" } as const;

/** Every tenant's stalled messages, counted on its own stalled index (94 small queries, never a scan). */
export async function countStalled(): Promise<number> {
  let total = 0;
  const tenants = Tenant.all();
  for (let i = 0; i < tenants.length; i += 16) {
    const counts = await Promise.all(tenants.slice(i, i + 16).map((t) => Outbox.stalledCount(t.id)));
    total += counts.reduce((a, b) => a + b, 0);
  }
  return total;
}

/** One run: resend what is due (a failed send counts as an attempt; records
 * out of attempts stall), then report how many messages stand stalled. */
export async function runSweeper() {
  // The sweeper function's IAM policy answers for these requests (tests/security).
  return asFunction("sweeper", () => withContext({ actor: { type: "system", reason: "outbox sweeper" }, requestId: `sweep-${Date.now()}`, locale: "zh-CN" }, async () => {
    const swept = await Outbox.sweep();
    return { ...swept, stalledTotal: await countStalled() };
  }));
}

/** Scheduled every minute: resend outbox messages still unconsumed after the
 * resend delay (or never sent because the relay failed after the commit),
 * and publish the number of stalled messages for the alarm. */
export const handler = async () => {
  const metrics = new Metrics({ namespace: STALLED_METRIC.namespace, serviceName: STALLED_METRIC.service });
  const result = await runSweeper();
  // A gauge, published every run (0 included), so the alarm clears once every stalled message is retried.
  metrics.addMetric(STALLED_METRIC.name, MetricUnit.Count, result.stalledTotal);
  metrics.publishStoredMetrics();
  return result;
};
