import { createHash } from "node:crypto";
import { BatchGetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand, type QueryCommandOutput } from "@aws-sdk/lib-dynamodb";
import { useConfig } from "../config";
import { useDynamo } from "../dynamo/client";
import { Limits, type TxItem } from "../dynamo/tx";
import { RecognitionEntity } from "./recognition.entity";
import { isValidOn } from "./rules";

/** What a batch check needs of a recognised result: its items and window. */
export interface Window {
  itemCodes: string[];
  validFrom: string;
  validUntil: string;
}

/** The index item of an entity's registry partition: every window recorded
 * for it, so a draw checks 100 candidates with one BatchGetItem instead of one
 * Query each (issue 12: the Query per candidate was 83% of a draw's time).
 * Same partition as the records (the registry's shared place, no new grant);
 * its sort key never collides with a record's ID (`rcg_…`). */
const INDEX_SK = "index";

/** The registry's partition key of an entity, as ElectroDB writes it (its key casing). */
function electroPk(creditCode: string): string {
  return RecognitionEntity.query.byEntity({ creditCode }).params<{ ExpressionAttributeValues: Record<string, string> }>().ExpressionAttributeValues[":pk"]!;
}
// Building the key through ElectroDB for each of a draw's thousands of candidates cost more CPU
// than the rest of the check: the prefix is taken once, and used only if it reproduces ElectroDB's key.
let prefixCache: { prefix: string; exact: boolean } | undefined;
function registryPk(creditCode: string): string {
  if (!prefixCache) {
    const prefix = electroPk("X").slice(0, -1);
    prefixCache = { prefix, exact: electroPk("91350102MA2Y0X0T3a") === `${prefix}91350102MA2Y0X0T3a` };
  }
  return prefixCache.exact ? prefixCache.prefix + creditCode : electroPk(creditCode);
}

/** Which entities have anything in the registry: 256 string sets (bucket =
 * first byte of SHA-256 of the credit code) in one partition of the registry's
 * shared place, each code added by the same transaction that records a result
 * (ADD is idempotent and needs no version). A draw reads the whole directory
 * (one Query, a few pages at most) and reads the index only of candidates in
 * it — nearly none — instead of one index key per candidate, which cost as much
 * as reading the drawn businesses themselves (issue 12). Entities whose results
 * have all expired stay listed (they cost an index read, never a wrong skip);
 * `npm run recognition:index` rebuilds the index and adds every entity with
 * records (the backfill for results recorded before the directory existed). */
const DIRECTORY_SK = (bucket: number) => `bucket#${String(bucket).padStart(3, "0")}`;
function directoryPk(): string {
  return `${registryPrefix()}~directory`;
}
function directoryBucket(creditCode: string): number {
  return createHash("sha256").update(creditCode).digest()[0]!;
}

/** The write that lists an entity in the directory, for the recording transaction. */
export function directoryAdd(creditCode: string): TxItem {
  return {
    Update: {
      TableName: useConfig().TABLE_NAME,
      Key: { pk: directoryPk(), sk: DIRECTORY_SK(directoryBucket(creditCode)) },
      UpdateExpression: "ADD #c :c",
      ExpressionAttributeNames: { "#c": "codes" },
      ExpressionAttributeValues: { ":c": new Set([creditCode]) },
    },
  };
}

/** Every entity listed in the directory (consistent: a result recorded before the read is seen). */
export async function directory(): Promise<Set<string>> {
  const out = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const res: QueryCommandOutput = await useDynamo().send(
      new QueryCommand({
        TableName: useConfig().TABLE_NAME,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": directoryPk() },
        ProjectionExpression: "#c",
        ExpressionAttributeNames: { "#c": "codes" },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const r of (res.Items ?? []) as { codes?: Set<string> }[]) for (const c of r.codes ?? []) out.add(c);
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}

/** The write that adds one recorded result's window to its entity's index, for
 * the recording transaction (the message is consumed once, so it appends once). */
export function indexAppend(creditCode: string, w: Window): TxItem {
  return {
    Update: {
      TableName: useConfig().TABLE_NAME,
      Key: { pk: registryPk(creditCode), sk: INDEX_SK },
      UpdateExpression: "SET #w = list_append(if_not_exists(#w, :none), :w)",
      ExpressionAttributeNames: { "#w": "windows" },
      ExpressionAttributeValues: { ":none": [], ":w": [{ itemCodes: w.itemCodes, validFrom: w.validFrom, validUntil: w.validUntil }] },
    },
  };
}

/** For a draw checking thousands of entities at once (draw/): the results
 * valid on `on`, keyed by credit code; an entity with none is absent. One
 * BatchGetItem of the index items per 100 entities, `concurrency` in flight.
 * `listed` (the directory, read once per draw) leaves out the entities with
 * nothing in the registry; without it every entity's index is read. */
export async function validOnMany(creditCodes: readonly string[], on: Date, concurrency = 8, listed?: ReadonlySet<string>): Promise<Map<string, Window[]>> {
  const table = useConfig().TABLE_NAME;
  const codes = [...new Set(creditCodes)].filter((c) => !listed || listed.has(c));
  const byPk = new Map(codes.map((c) => [registryPk(c), c]));
  const chunks: string[][] = [];
  for (let i = 0; i < codes.length; i += Limits.batchGet) chunks.push(codes.slice(i, i + Limits.batchGet));
  const out = new Map<string, Window[]>();
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let keys: Record<string, unknown>[] = chunks[next++]!.map((c) => ({ pk: registryPk(c), sk: INDEX_SK }));
      for (let attempt = 0; keys.length > 0; attempt++) {
        const res = await useDynamo().send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ProjectionExpression: "pk, #w", ExpressionAttributeNames: { "#w": "windows" } } } }),
        );
        for (const r of (res.Responses?.[table] ?? []) as { pk: string; windows?: Window[] }[]) {
          const valid = (r.windows ?? []).filter((w) => isValidOn(w, on));
          if (valid.length) out.set(byPk.get(r.pk)!, valid);
        }
        keys = (res.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
        // Throttled keys come back unprocessed: retry them after a short, growing pause.
        if (keys.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  return out;
}

/** Rebuilds one entity's index from its records and lists it in the directory
 * (the backfill for records written before the index or the directory existed; idempotent). */
export async function reindex(creditCode: string): Promise<number> {
  const table = useConfig().TABLE_NAME;
  const pk = registryPk(creditCode);
  const windows: Window[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res: QueryCommandOutput = await useDynamo().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": pk },
        ProjectionExpression: "sk, itemCodes, validFrom, validUntil",
        ExclusiveStartKey: start,
      }),
    );
    for (const r of (res.Items ?? []) as (Window & { sk: string })[]) {
      if (r.sk !== INDEX_SK) windows.push({ itemCodes: r.itemCodes, validFrom: r.validFrom, validUntil: r.validUntil });
    }
    start = res.LastEvaluatedKey;
  } while (start);
  await useDynamo().send(new PutCommand({ TableName: table, Item: { pk, sk: INDEX_SK, windows } }));
  if (windows.length) await useDynamo().send(new UpdateCommand(directoryAdd(creditCode).Update as never));
  return windows.length;
}

/** Every entity in the registry (a one-off backfill run by an operator: it
 * scans the table for the registry's partitions, page by page). */
export async function* registryEntities(pkPrefix: string): AsyncIterable<string[]> {
  const table = useConfig().TABLE_NAME;
  let start: Record<string, unknown> | undefined;
  do {
    const res = await useDynamo().send(
      new ScanCommand({
        TableName: table,
        // Records only (they carry the credit code): not the index items, not the directory.
        FilterExpression: "begins_with(pk, :p) AND sk <> :index AND attribute_exists(creditCode)",
        ExpressionAttributeValues: { ":p": pkPrefix, ":index": INDEX_SK },
        ProjectionExpression: "creditCode",
        ExclusiveStartKey: start,
      }),
    );
    yield [...new Set(((res.Items ?? []) as { creditCode: string }[]).map((r) => r.creditCode))];
    start = res.LastEvaluatedKey;
  } while (start);
}

/** The registry's partition prefix (all entities). */
export function registryPrefix(): string {
  return registryPk("X").slice(0, -1);
}
