import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, PutCommand, QueryCommand, type QueryCommandOutput } from "@aws-sdk/lib-dynamodb";
import { useConfig } from "../config";
import { useDynamo } from "../dynamo/client";
import { Tx, type TxItem } from "../dynamo/tx";
import { rosterPk, rosterSk, type RosterItem } from "./business.entity";
import { applyToBuckets, Grades, pack, unpack, type Bucket, type Grade } from "./rules";

/** The per-grade roster: each grade's credit codes, sorted, packed into items
 * of up to ROSTER_MAX codes (18 bytes each). A draw reads 200,000 codes as
 * about 50 items instead of 200,000 records. Kept in step with the records by
 * the import (once per import, after its rows) and by every grade change (in
 * the change's own transaction). Each item carries a version; every write is
 * conditional on it, and a lost race re-reads and re-applies (adding and
 * removing codes is idempotent). */

export interface Move {
  creditCode: string;
  from?: Grade;
  to?: Grade;
}

async function queryAll(tenantId: string, grade: Grade, projection?: string): Promise<RosterItem[]> {
  const out: RosterItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res: QueryCommandOutput = await useDynamo().send(
      new QueryCommand({
        TableName: useConfig().TABLE_NAME,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": rosterPk(tenantId, grade) },
        ConsistentRead: true,
        ExclusiveStartKey: start,
        ...(projection ? { ProjectionExpression: projection, ExpressionAttributeNames: { "#c": "count", "#v": "version" } } : {}),
      }),
    );
    out.push(...((res.Items ?? []) as RosterItem[]));
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

/** The grade's codes in credit-code order, one roster item (up to ROSTER_MAX codes) at a time. */
export async function* read(tenantId: string, grade: Grade): AsyncIterable<string[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const res: QueryCommandOutput = await useDynamo().send(
      new QueryCommand({
        TableName: useConfig().TABLE_NAME,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": rosterPk(tenantId, grade) },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of (res.Items ?? []) as RosterItem[]) if (item.count > 0) yield unpack(item.codes);
    start = res.LastEvaluatedKey;
  } while (start);
}

/** How many businesses hold each grade (the roster items' counts). */
export async function counts(tenantId: string): Promise<Record<Grade, number>> {
  const entries = await Promise.all(
    Grades.map(async (g) => [g, (await queryAll(tenantId, g, "#c, #v")).reduce((s, i) => s + (i.count ?? 0), 0)] as const),
  );
  return Object.fromEntries(entries) as Record<Grade, number>;
}

function itemOf(tenantId: string, grade: Grade, b: Bucket, version: number): RosterItem {
  return { pk: rosterPk(tenantId, grade), sk: rosterSk(b.lower), lower: b.lower, codes: pack(b.codes), count: b.codes.length, version };
}

/** The writes that apply moves to one grade's items as read (conditional on each item's version). */
function writesFor(tenantId: string, grade: Grade, items: RosterItem[], add: Set<string>, remove: Set<string>): TxItem[] {
  const table = useConfig().TABLE_NAME;
  const sorted = [...items].sort((a, b) => (a.lower < b.lower ? -1 : a.lower > b.lower ? 1 : 0));
  const byLower = new Map(sorted.map((i) => [i.lower, i]));
  const { written, deleted } = applyToBuckets(
    sorted.map((i) => ({ lower: i.lower, codes: unpack(i.codes) })),
    add,
    remove,
  );
  const cond = (old: RosterItem | undefined) =>
    old
      ? { ConditionExpression: "#v = :v", ExpressionAttributeNames: { "#v": "version" }, ExpressionAttributeValues: { ":v": old.version } }
      : { ConditionExpression: "attribute_not_exists(pk)" };
  return [
    ...written.map((b) => {
      const old = byLower.get(b.lower);
      return Tx.put({ TableName: table, Item: itemOf(tenantId, grade, b, (old?.version ?? 0) + 1), ...cond(old) });
    }),
    ...deleted.map((lower) => Tx.delete({ TableName: table, Key: { pk: rosterPk(tenantId, grade), sk: rosterSk(lower) }, ...cond(byLower.get(lower)) })),
  ];
}

function group(moves: readonly Move[]) {
  const per = new Map<Grade, { add: Set<string>; remove: Set<string> }>();
  const of = (g: Grade) => {
    let v = per.get(g);
    if (!v) per.set(g, (v = { add: new Set(), remove: new Set() }));
    return v;
  };
  for (const m of moves) {
    if (m.from === m.to) continue;
    if (m.from) of(m.from).remove.add(m.creditCode);
    if (m.to) of(m.to).add.add(m.creditCode);
  }
  return per;
}

/** Apply many moves (an import's) grade by grade: read the grade's items, write the changed ones. */
export async function applyMoves(tenantId: string, moves: readonly Move[]): Promise<void> {
  for (const [grade, { add, remove }] of group(moves)) {
    for (let attempt = 1; ; attempt++) {
      const items = await queryAll(tenantId, grade);
      const writes = writesFor(tenantId, grade, items, add, remove);
      try {
        // Each item alone (a roster write may be 144 KB; a transaction of them could pass 4 MB).
        for (const w of writes) {
          if (w.Put) await useDynamo().send(new PutCommand(w.Put as never));
          else if (w.Delete) await useDynamo().send(new DeleteCommand(w.Delete as never));
        }
        break;
      } catch (err) {
        if (!(err instanceof ConditionalCheckFailedException) || attempt >= 10) throw err;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }
}

/** The roster writes of one business changing grade, for the change's own transaction:
 * only the item that holds the code in each grade is read. */
export async function moveWrites(tenantId: string, move: Move): Promise<TxItem[]> {
  const out: TxItem[] = [];
  for (const [grade, { add, remove }] of group([move])) {
    const res = await useDynamo().send(
      new QueryCommand({
        TableName: useConfig().TABLE_NAME,
        KeyConditionExpression: "pk = :pk AND sk <= :sk",
        ExpressionAttributeValues: { ":pk": rosterPk(tenantId, grade), ":sk": rosterSk(move.creditCode) },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    out.push(...writesFor(tenantId, grade, (res.Items ?? []) as RosterItem[], add, remove));
  }
  return out;
}

/** A roster write lost a race (another change moved a code of the same item). */
export function isRosterConflict(err: unknown): boolean {
  return err instanceof TransactionCanceledException && (err.CancellationReasons ?? []).some((r) => r.Code === "ConditionalCheckFailed" || r.Code === "TransactionConflict");
}
