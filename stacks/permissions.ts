import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IQueue } from "aws-cdk-lib/aws-sqs";

/**
 * Exactly what each function does with the table, from core's code paths.
 * No `dynamodb:*`: a TransactWriteItems call is authorised item by item
 * through PutItem / UpdateItem / DeleteItem / ConditionCheckItem, so those
 * are the actions a commit needs; there is no separate transaction action.
 * Nothing in core deletes an item (expired items go through TTL), so no
 * function may DeleteItem. If core starts deleting, add it here.
 */
export const DynamoActions = {
  /** The API: reads (`get`, consistent reads of the audit head and outbox,
   * ElectroDB queries on the table and its indexes) and commits (transactions
   * of puts, updates and condition checks), plus the relay after a commit
   * (outbox get + update). */
  api: {
    item: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"],
    index: ["dynamodb:Query"],
  },
  /** A queue consumer: reads the sender's outbox record (GetItem), commits the
   * receiving tenant's change with the outbox "consumed" update and the audit
   * append (TransactWriteItems → Put/Update/ConditionCheck). Query on the
   * table only: an assistance request is routed by the receiving tenant's
   * assignments and catalogue revisions (its own partitions). */
  consumer: {
    item: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"],
    index: [] as string[],
  },
  /** The outbox sweeper: queries the pending index (gsi1), reads each record
   * and updates it after sending (or removes it from the index). */
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
} as const;

/**
 * Statements for one function's use of the table: item actions on the table
 * itself and, if it queries indexes, Query on `${tableArn}/index/<name>`
 * (`*` for every index).
 */
export function tableAccess(table: ITable, access: { item: readonly string[]; index: readonly string[] }, indexes: readonly string[] | "*" = "*") {
  const statements = [
    new PolicyStatement({ effect: Effect.ALLOW, actions: [...access.item], resources: [table.tableArn] }),
  ];
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

/** Send (and SendMessageBatch, which IAM authorises as SendMessage) to these queues only. */
export function sendTo(queues: IQueue[]) {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ["sqs:SendMessage"],
    resources: queues.map((q) => q.queueArn),
  });
}
