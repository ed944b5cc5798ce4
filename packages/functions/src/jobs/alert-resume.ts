import { Alert } from "@supervision/core/alert/index";
import { withContext } from "@supervision/core/context";
import { asFunction } from "@supervision/core/dynamo/function-kind";
import { Tenant } from "@supervision/core/tenant/index";

/** Every 5 minutes: finish alert fan-outs a process left half-sent (it died
 * between two chunk commits). Each tenant reads only its own pending-fan-out
 * markers; a resumed fan-out sends only to the targets not yet covered. */
export async function runAlertResume(options: { now?: () => Date } = {}) {
  // This job's IAM policy answers for these requests (tests/security).
  return asFunction("alert-resume", () => runAlertResumeRun(options));
}

async function runAlertResumeRun(options: { now?: () => Date }) {
  let resumed = 0;
  const failures: string[] = [];
  const tenants = Tenant.all();
  for (let i = 0; i < tenants.length; i += 8) {
    await Promise.all(
      tenants.slice(i, i + 8).map((t) =>
        withContext({ actor: { type: "system", reason: "alert fan-out resume" }, tenantId: t.id, requestId: `alert-resume-${t.id}`, locale: "zh-CN", now: options.now }, async () => {
          try {
            resumed += (await Alert.resumeInterrupted()).resumed;
          } catch (err) {
            failures.push(`${t.id}: ${err}`);
          }
        }),
      ),
    );
  }
  return { resumed, failures };
}

export const handler = async () => {
  const result = await runAlertResume();
  if (result.failures.length) console.error("alert resume failures", result.failures);
  return result;
};
