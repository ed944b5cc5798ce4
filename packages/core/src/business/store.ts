import { BatchGetCommand, BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { useConfig } from "../config";
import { useDynamo } from "../dynamo/client";
import { Limits } from "../dynamo/tx";
import { Tenant } from "../tenant/index";
import { townshipsOf } from "../tenant/townships";
import { BusinessEntity, searchKey, type BusinessItem, type SearchItem } from "./business.entity";
import { normalise, regionWords, suffixKeys, type SearchField } from "./rules";

/** Reading and writing the directory's rows in bulk, and the tenant's place names. */

const regionCache = new Map<string, string[]>();
/** Leading place words of the tenant's names and addresses (province, city, county, townships). */
export function regionsOf(tenantId: string): string[] {
  let r = regionCache.get(tenantId);
  if (!r) {
    const names = Tenant.ancestry(tenantId).map((t) => t.name);
    names.push(Tenant.nameOf(tenantId), ...townshipsOf(tenantId).map((t) => t.name));
    regionCache.set(tenantId, (r = regionWords(names)));
  }
  return r;
}

/** The township's code from a code or a name of the tenant's townships. */
export function resolveTownship(tenantId: string, value: string): string | undefined {
  const towns = townshipsOf(tenantId);
  if (towns.length === 0) return /^\d{9,12}$/.test(value) ? value : undefined;
  return towns.find((t) => t.id === value || t.name === value)?.id;
}

export function townshipName(tenantId: string, code: string): string {
  return townshipsOf(tenantId).find((t) => t.id === code)?.name ?? code;
}

export function keyOfBusiness(tenantId: string, creditCode: string): { pk: string; sk: string } {
  return BusinessEntity.get({ tenantId, creditCode }).params().Key as { pk: string; sk: string };
}

/** The search items of one business. */
export function searchItems(tenantId: string, b: { creditCode: string; name: string; address: string }): SearchItem[] {
  const regions = regionsOf(tenantId);
  const out: SearchItem[] = [];
  for (const field of ["name", "address"] as SearchField[]) {
    const text = normalise(b[field]);
    for (const key of suffixKeys(field, b[field], regions)) out.push({ ...searchKey(tenantId, field, key, b.creditCode), creditCode: b.creditCode, text });
  }
  return out;
}

/** Records by code, in parallel BatchGets of 100 (`projection`: only those attributes); unprocessed keys are asked again. */
export async function batchGet(tenantId: string, codes: readonly string[], projection?: string[]): Promise<Map<string, BusinessItem>> {
  const table = useConfig().TABLE_NAME;
  const project = projection
    ? { ProjectionExpression: projection.map((_, i) => `#p${i}`).join(", "), ExpressionAttributeNames: Object.fromEntries(projection.map((a, i) => [`#p${i}`, a])) }
    : {};
  const found = new Map<string, BusinessItem>();
  const chunks: string[][] = [];
  const unique = [...new Set(codes)];
  for (let i = 0; i < unique.length; i += Limits.batchGet) chunks.push(unique.slice(i, i + Limits.batchGet));
  await Promise.all(
    chunks.map(async (chunk) => {
      let keys: Record<string, unknown>[] = chunk.map((c) => keyOfBusiness(tenantId, c));
      for (let attempt = 0; keys.length; attempt++) {
        if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
        const res = await useDynamo().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ...project } } }));
        for (const item of (res.Responses?.[table] ?? []) as BusinessItem[]) found.set(item.creditCode, item);
        keys = (res.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
      }
    }),
  );
  return found;
}

export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

/** Write requests in BatchWriteItem calls of 25, `concurrency` at a time; unprocessed items are sent again with backoff. */
export async function batchWrite(requests: readonly WriteRequest[], concurrency = 16): Promise<void> {
  const table = useConfig().TABLE_NAME;
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += Limits.batchWrite) batches.push(requests.slice(i, i + Limits.batchWrite));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let batch = batches[next++]!;
      for (let attempt = 0; batch.length; attempt++) {
        if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
        const res = await useDynamo().send(new BatchWriteCommand({ RequestItems: { [table]: batch as never } }));
        batch = (res.UnprocessedItems?.[table] ?? []) as WriteRequest[];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
}
