import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, PutCommand, QueryCommand, type QueryCommandOutput } from "@aws-sdk/lib-dynamodb";
import { useConfig } from "../config";
import { useDynamo } from "../dynamo/client";
import { Tx, type TxItem } from "../dynamo/tx";
import { rosterPk, rosterSk, type RosterItem } from "./business.entity";
import { applyToBuckets, Grades, pack, unpack, type Bucket, type Grade } from "./rules";
import { batchGet } from "./store";

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

/** One grade's roster items, page by page (each Query page up to 1 MB: several packed items). */
async function* itemPages(tenantId: string, grade: Grade, projection?: string): AsyncIterable<RosterItem[]> {
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
    yield (res.Items ?? []) as RosterItem[];
    start = res.LastEvaluatedKey;
  } while (start);
}

async function queryAll(tenantId: string, grade: Grade, projection?: string): Promise<RosterItem[]> {
  const out: RosterItem[] = [];
  for await (const items of itemPages(tenantId, grade, projection)) out.push(...items);
  return out;
}

/** The grade's codes in credit-code order, one roster item (up to ROSTER_MAX codes) at a time. */
export async function* read(tenantId: string, grade: Grade): AsyncIterable<string[]> {
  for await (const items of itemPages(tenantId, grade)) for (const item of items) if (item.count > 0) yield unpack(item.codes);
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

// ---------------------------------------------------------------- repair

export interface RebuildGrade {
  /** Businesses of the grade in the records. */
  records: number;
  /** Codes the roster lacked (added) and held wrongly (removed). */
  added: number;
  removed: number;
}

/** Every record's code and grade, township by township, one Query page (≤ `pageSize`) at a time. */
export async function* recordGrades(tenantId: string, townships: readonly string[], pageSize = 1000): AsyncIterable<{ township: string; items: { creditCode: string; grade: Grade }[] }> {
  for (const township of townships) {
    let start: Record<string, unknown> | undefined;
    do {
      const res: QueryCommandOutput = await useDynamo().send(
        new QueryCommand({
          TableName: useConfig().TABLE_NAME,
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk",
          ExpressionAttributeValues: { ":pk": `${tenantId}#business-town#${township}` },
          ProjectionExpression: "creditCode, grade",
          Limit: pageSize,
          ExclusiveStartKey: start,
        }),
      );
      yield { township, items: (res.Items ?? []) as { creditCode: string; grade: Grade }[] };
      start = res.LastEvaluatedKey;
    } while (start);
  }
}

/** The moves that bring the roster in line with the records: per grade, codes
 * the records hold but the roster lacks, and codes the roster holds that the
 * records do not (another grade, or no record). Pure. */
export function rosterDiff(records: ReadonlyMap<string, Grade>, roster: Record<Grade, ReadonlySet<string>>): Move[] {
  const moves: Move[] = [];
  for (const g of Grades) {
    for (const code of roster[g]) if (records.get(code) !== g) moves.push({ creditCode: code, from: g });
  }
  for (const [code, g] of records) if (!roster[g].has(code)) moves.push({ creditCode: code, to: g });
  return moves;
}

/** Rebuild the tenant's per-grade roster from its records (after a crash
 * between an import's writes and its roster update): read every record's
 * grade in pages, compare with the roster, re-read the differing records
 * (consistent, so a grade change made meanwhile is not undone) and write only
 * the roster items that change. Running it again finds nothing to do. */
export async function rebuild(tenantId: string, townships: readonly string[], onPage?: (read: number) => void): Promise<{ grades: Record<Grade, RebuildGrade>; moves: Move[] }> {
  const records = new Map<string, Grade>();
  for await (const page of recordGrades(tenantId, townships)) {
    for (const r of page.items) records.set(r.creditCode, r.grade);
    onPage?.(records.size);
  }
  const roster = Object.fromEntries(Grades.map((g) => [g, new Set<string>()])) as Record<Grade, Set<string>>;
  for (const g of Grades) for await (const codes of read(tenantId, g)) for (const c of codes) roster[g].add(c);
  let moves = rosterDiff(records, roster);
  if (moves.length) {
    // What changed since the pages were read wins: the differing records, read again.
    const fresh = await batchGet(tenantId, [...new Set(moves.map((m) => m.creditCode))], ["creditCode", "grade"]);
    const again = new Map(records);
    for (const m of moves) {
      const r = fresh.get(m.creditCode);
      if (r) again.set(m.creditCode, r.grade);
      else again.delete(m.creditCode);
    }
    moves = rosterDiff(again, roster);
    await applyMoves(tenantId, moves);
    records.clear();
    for (const [c, g] of again) records.set(c, g);
  }
  const grades = Object.fromEntries(Grades.map((g) => [g, { records: 0, added: 0, removed: 0 }])) as Record<Grade, RebuildGrade>;
  for (const g of records.values()) grades[g].records++;
  for (const m of moves) {
    if (m.to) grades[m.to].added++;
    if (m.from) grades[m.from].removed++;
  }
  return { grades, moves };
}
