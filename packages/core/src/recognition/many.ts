import { QueryCommand, type QueryCommandOutput } from "@aws-sdk/lib-dynamodb";
import { useConfig } from "../config";
import { useDynamo } from "../dynamo/client";
import { RecognitionEntity } from "./recognition.entity";
import { isValidOn } from "./rules";

/** What a batch check needs of a recognised result: its items and window. */
export interface Window {
  itemCodes: string[];
  validFrom: string;
  validUntil: string;
}

/** The registry's partition key of an entity, as ElectroDB writes it (its key casing). */
function registryPk(creditCode: string): string {
  return RecognitionEntity.query.byEntity({ creditCode }).params<{ ExpressionAttributeValues: Record<string, string> }>().ExpressionAttributeValues[":pk"]!;
}

/** For a draw checking thousands of entities at once (draw/): the results
 * valid on `on`, keyed by credit code; an entity with none is absent. The
 * registry is one partition per entity (only GetItem, BatchGetItem and Query
 * are granted on it), so this is one Query each — projected to the three
 * fields, eventually consistent, without per-row parsing — `concurrency` in
 * flight, instead of `validFor`'s full read and validation per entity. */
export async function validOnMany(creditCodes: readonly string[], on: Date, concurrency = 32): Promise<Map<string, Window[]>> {
  const table = useConfig().TABLE_NAME;
  const codes = [...new Set(creditCodes)];
  const out = new Map<string, Window[]>();
  let next = 0;
  const worker = async () => {
    while (next < codes.length) {
      const code = codes[next++]!;
      const pk = registryPk(code);
      let start: Record<string, unknown> | undefined;
      do {
        const res: QueryCommandOutput = await useDynamo().send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": pk },
            ProjectionExpression: "itemCodes, validFrom, validUntil",
            ExclusiveStartKey: start,
          }),
        );
        for (const r of (res.Items ?? []) as Window[]) {
          if (!isValidOn(r, on)) continue;
          let list = out.get(code);
          if (!list) out.set(code, (list = []));
          list.push({ itemCodes: r.itemCodes, validFrom: r.validFrom, validUntil: r.validUntil });
        }
        start = res.LastEvaluatedKey;
      } while (start);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, codes.length) }, worker));
  return out;
}
