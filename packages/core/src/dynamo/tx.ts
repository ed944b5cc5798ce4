import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";

/** One item of a DynamoDB transaction. */
export type TxItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** An ElectroDB operation (`Entity.create(...)`, `.patch(...).set(...)`, …):
 * its `.params()` are the request DynamoDB will see. */
export interface Operation {
  params(): Record<string, unknown>;
}

/** Turn ElectroDB operations (or raw request params) into transaction items. */
export const Tx = {
  put: (op: Operation | Record<string, unknown>): TxItem => ({ Put: paramsOf(op) as never }),
  update: (op: Operation | Record<string, unknown>): TxItem => ({ Update: paramsOf(op) as never }),
  delete: (op: Operation | Record<string, unknown>): TxItem => ({ Delete: paramsOf(op) as never }),
  check: (op: Operation | Record<string, unknown>): TxItem => ({ ConditionCheck: paramsOf(op) as never }),
};

function paramsOf(op: Operation | Record<string, unknown>): Record<string, unknown> {
  return typeof op.params === "function" ? (op as Operation).params() : (op as Record<string, unknown>);
}

/** DynamoDB's limits, in one place: a transaction holds at most 100 items and
 * 4 MB; BatchWriteItem 25 items; BatchGetItem 100 keys. `bytes` keeps room
 * for the request's own overhead. */
export const Limits = {
  transactItems: 100,
  transactBytes: 3_000_000,
  batchWrite: 25,
  batchGet: 100,
} as const;

/** The primary key of an ElectroDB entity's item, e.g. for a raw UpdateCommand. */
export function keyOf(op: Operation): Record<string, string> {
  return (op.params() as { Key: Record<string, string> }).Key;
}

/** The table and key an item writes, to tell whether two items touch the same record. */
export function itemKey(item: TxItem): string {
  const op = (item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck) as { TableName?: string; Key?: Record<string, unknown>; Item?: Record<string, unknown> };
  const key = op.Key ?? { pk: op.Item?.pk, sk: op.Item?.sk };
  return `${op.TableName}|${String(key.pk)}|${String(key.sk)}`;
}
