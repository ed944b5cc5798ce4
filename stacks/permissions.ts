import { AccountRootPrincipal, Effect, PolicyStatement, Role } from "aws-cdk-lib/aws-iam";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { OWN_PARTITIONS, SharedPartitions, type SharedPartition } from "../packages/core/src/dynamo/partitions";
import { TENANT_TAG } from "../packages/core/src/dynamo/tenant-credentials";

/**
 * Exactly what each function does with the table, proven by the tests: the
 * recorder in tests/security watches every request of the whole suite and
 * fails when the synthesized policy of the function that made it does not
 * allow it. No `dynamodb:*`: a TransactWriteItems call is authorised item by
 * item through PutItem / UpdateItem / DeleteItem / ConditionCheckItem;
 * BatchWriteItem and BatchGetItem are actions of their own.
 *
 * The API and the consumers reach the table through two identities:
 * - `tenant`: the tenant data role, assumed per acting tenant with the
 *   session tag `tenant` (core/dynamo/tenant-credentials.ts). Its own
 *   partitions only (`dynamodb:LeadingKeys` `${tenant}#*`), plus the shared
 *   places named in core/dynamo/partitions.ts, each with its own actions;
 * - their own role, for the few reads no tenant is acting for.
 * The scheduled jobs walk every tenant and keep table-wide roles of their own,
 * each limited to the actions and indexes it uses.
 */
export const DynamoActions = {
  /** The tenant data role, within the acting tenant's partitions: reads,
   * commits (transactions of puts, updates, deletes — a referral step's
   * clock, a finished fan-out's marker — and condition checks), batch
   * imports (catalogue, directory) and batch reads (audit verify, directory). */
  tenant: {
    item: [
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:Query",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:ConditionCheckItem",
    ],
    index: ["dynamodb:Query"],
  },
  /** The API's own role: anonymous requests (the public compliance guides)
   * read the province's published catalogue, nothing else. */
  api: { shared: ["provinceCatalogue"] as const },
  /** A consumer's own role: before acting for the receiving tenant it reads
   * the sender's outbox record to prove the message's origin. */
  consumer: { shared: ["senderOutbox"] as const },
  /** The outbox sweeper: per tenant, queries the pending and stalled
   * indexes (gsi1), reads each record and updates it after sending. */
  sweeper: {
    item: ["dynamodb:GetItem", "dynamodb:UpdateItem"],
    index: ["dynamodb:Query"],
  },
  /** The assistance escalator: per tenant, queries the due index (gsi2) and
   * the open index (gsi1) for overdue requests, reads the tenant's counters,
   * commits escalations and reports (transactions), relays the messages. */
  escalator: {
    // Query on the table: the referral module's overdue steps (${tenant}#crf-clock) for the dashboard figures.
    item: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"],
    index: ["dynamodb:Query"],
  },
  /** The alert fan-out resumer (every 5 minutes) and the daily audit anchor:
   * per tenant, read what is pending (an unfinished fan-out, the chain head),
   * commit the next step with its audit event and relay its messages. */
  jobs: {
    item: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"],
    index: ["dynamodb:Query"],
  },
  /** Disclosure expiry (stacks/schedules.ts): per tenant, queries its ended
   * "live" rows, commits them expired (records updated, live rows deleted,
   * audit event) and batch-deletes their search rows. No index. */
  disclosureExpiry: {
    item: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem"],
    index: [],
  },
  /** Dishonesty expiry (stacks/schedules.ts): per tenant, queries its due
   * partition, reads each listing, commits the removal with its audit event
   * and outbox record, and regrades the business (credit records, grade). */
  dishonestyExpiry: {
    item: ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"],
    index: ["dynamodb:Query"],
  },
  /** The nightly risk re-score (stacks/schedules.ts): per tenant, reads its
   * per-grade rosters, each business's signals (its open warnings by the
   * business index gsi2, clue counter, credit records, directory row, score)
   * and commits changed scores with their ranking rows and audit event; its
   * progress row is a plain put. */
  riskRescore: {
    item: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"],
    index: ["dynamodb:Query"],
  },
} as const;

/**
 * Statements for one function's use of the table: item actions on the table
 * itself and, if it queries indexes, Query on `${tableArn}/index/<name>`
 * (`*` for every index).
 */
export function tableAccess(table: ITable, access: { item: readonly string[]; index: readonly string[] }, indexes: readonly string[] | "*" = "*") {
  const statements = [new PolicyStatement({ effect: Effect.ALLOW, actions: [...access.item], resources: [table.tableArn] })];
  if (access.index.length > 0) {
    const names = indexes === "*" ? ["*"] : indexes;
    statements.push(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...access.index],
        resources: names.map((name) => `${table.tableArn}/index/${name}`),
      }),
    );
  }
  return statements;
}

const sid = (name: string) => name.replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/** One shared place: its own actions, on its partitions only. */
export function sharedAccess(table: ITable, name: keyof typeof SharedPartitions) {
  const place: SharedPartition = SharedPartitions[name];
  return new PolicyStatement({
    sid: `Shared${sid(name)}`,
    effect: Effect.ALLOW,
    actions: [...place.actions],
    resources: [table.tableArn],
    conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [...place.leadingKeys] } },
  });
}

/**
 * The tenant data role: assumed by the API and the consumers with the session
 * tag `tenant=<code>`; it reaches the acting tenant's partitions (table and
 * indexes) and, through statements of their own, the shared places.
 */
export function tenantDataRole(scope: Construct, table: ITable) {
  const role = new Role(scope, "TenantDataRole", {
    description: "One tenant's partitions of the table (session tag `tenant`), and the named shared places",
    // Trusts the account: only principals whose own policy allows
    // sts:AssumeRole on it (the API and the consumers) can assume it, and
    // only with a tenant tag of six digits and no other tag.
    assumedBy: new AccountRootPrincipal().withSessionTags().withConditions({
      StringLike: { [`aws:RequestTag/${TENANT_TAG}`]: "??????" },
      "ForAllValues:StringEquals": { "aws:TagKeys": [TENANT_TAG] },
    }),
  });
  const own = { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [OWN_PARTITIONS] } };
  role.addToPrincipalPolicy(
    new PolicyStatement({ sid: "TenantPartitions", effect: Effect.ALLOW, actions: [...DynamoActions.tenant.item], resources: [table.tableArn], conditions: own }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({ sid: "TenantIndexes", effect: Effect.ALLOW, actions: [...DynamoActions.tenant.index], resources: [`${table.tableArn}/index/*`], conditions: own }),
  );
  for (const name of Object.keys(SharedPartitions) as (keyof typeof SharedPartitions)[]) role.addToPrincipalPolicy(sharedAccess(table, name));
  return role;
}

/** Lets a function assume the tenant data role, tagging the session with the tenant. */
export function assumeTenant(roleArn: string) {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ["sts:AssumeRole", "sts:TagSession"],
    resources: [roleArn],
  });
}

/** Send (and SendMessageBatch, which IAM authorises as SendMessage) to these queues only. */
export function sendTo(queues: IQueue[]) {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ["sqs:SendMessage"],
    resources: queues.map((q) => q.queueArn),
  });
}
