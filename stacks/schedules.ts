import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Cron, type StackContext } from "sst/constructs";
import type { ScheduledKind } from "../packages/core/src/dynamo/function-kind";
import type { TableDefinition } from "../packages/core/src/dynamo/table";
import type { QueueName } from "../packages/core/src/queue/definitions";
import type { QueuePair } from "./environment";
import { DynamoActions, sendTo, tableAccess } from "./permissions";

/**
 * Scheduled jobs as data (contract: /work/notes/contract-cron.md). Each entry
 * becomes one SST `Cron` with a function of its own whose policy allows
 * exactly its table actions, Query on the indexes it names, and SendMessage
 * on the queues its commits relay to — nothing else (no tenant role: a job
 * walks every tenant with a table-wide role of its own, like the older jobs
 * in Queues.ts). Its entry runs inside `asFunction(kind, …)`, so the tests'
 * recorder holds every request of a run against this policy
 * (tests/security/iam.recorded.test.ts); tests/stacks checks each entry.
 */
export interface ScheduledJob {
  /** core's FunctionKind of the job (core/dynamo/function-kind.ts ScheduledKinds). */
  kind: ScheduledKind;
  handler: string;
  /** EventBridge schedule, UTC: `rate(…)` or `cron(…)`. */
  schedule: string;
  description: string;
  timeout: `${number} ${"seconds" | "minutes"}`;
  /** Its table actions (a DynamoActions entry). */
  dynamo: { readonly item: readonly string[]; readonly index: readonly string[] };
  /** The indexes it queries (Query on these only). */
  indexes: readonly (keyof typeof TableDefinition.globalIndexes)[];
  /** The queues its commits relay messages to. */
  sendsTo: readonly QueueName[];
  /** EventBridge retries of a failed run (0 when the next run is soon anyway). */
  retryAttempts: number;
}

export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  {
    kind: "disclosure-expiry",
    handler: "packages/functions/src/jobs/disclosure-expiry.handler",
    // Public pages already hide ended records on read; this removes them (and their search rows) from the table.
    schedule: "rate(1 hour)",
    description: "Takes published results whose window has ended off the public pages (一公开)",
    timeout: "5 minutes",
    dynamo: DynamoActions.disclosureExpiry,
    indexes: [],
    sendsTo: [],
    retryAttempts: 0,
  },
  {
    kind: "dishonesty-expiry",
    handler: "packages/functions/src/jobs/dishonesty-expiry.handler",
    // Listings show as expired on read at once; the removal, the regrade and the credit platform's message follow within the hour.
    schedule: "rate(1 hour)",
    description: "Removes severe-dishonesty listings whose publication window has ended and tells the credit platform",
    timeout: "5 minutes",
    dynamo: DynamoActions.dishonestyExpiry,
    indexes: [],
    sendsTo: ["credit-platform"],
    retryAttempts: 0,
  },
  {
    kind: "risk-rescore",
    handler: "packages/functions/src/jobs/risk-rescore.handler",
    // Hourly from 01:00 to 05:00 Asia/Shanghai: the first run re-scores every tenant's directory (progress saved per page),
    // the later ones resume a tenant cut short by the time limit and skip the ones done today.
    schedule: "cron(0 17-21 * * ? *)",
    description: "Re-scores every business's risk ranking each night (clue windows close, records age, new weights)",
    timeout: "15 minutes",
    dynamo: DynamoActions.riskRescore,
    indexes: ["gsi2"],
    sendsTo: [],
    retryAttempts: 0,
  },
];

/** One Cron per SCHEDULED_JOBS entry, with the core environment (table, queue URLs). */
export function scheduledJobs(stack: StackContext["stack"], table: ITable, queues: Record<QueueName, QueuePair>, environment: Record<string, string>) {
  const crons = {} as Record<ScheduledKind, Cron>;
  for (const job of SCHEDULED_JOBS) {
    crons[job.kind] = new Cron(stack, job.kind, {
      schedule: job.schedule as `rate(${string})` | `cron(${string})`,
      job: {
        function: {
          handler: job.handler,
          description: job.description,
          timeout: job.timeout,
          environment,
          permissions: [
            ...tableAccess(table, { item: job.dynamo.item, index: job.indexes.length ? job.dynamo.index : [] }, job.indexes),
            ...(job.sendsTo.length ? [sendTo(job.sendsTo.map((q) => queues[q].queue))] : []),
          ],
        },
        cdk: { target: { retryAttempts: job.retryAttempts } },
      },
    });
  }
  return crons;
}
