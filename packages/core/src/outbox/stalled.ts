import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "zod";
import { Clock } from "../clock";
import { useConfig } from "../config";
import { useTenant } from "../context";
import { useDynamo } from "../dynamo/client";
import { keyOf, Tx } from "../dynamo/tx";
import { NotFoundError } from "../error";
import { fieldError } from "../util/field-error";
import { commit, OUTBOX_RETENTION_SECONDS, stalledPartition } from "./commit";
import { OutboxEntity } from "./outbox.entity";

/** Messages the sender gave up on (`stalled`): what the tenant's own screens
 * show (the list, the dashboard's count, a request's delivery state) and the
 * retry once the cause is fixed. Only the current tenant's own outbox. */

export const StalledInfo = z
  .object({
    id: z.string(),
    type: z.string(),
    queue: z.string(),
    toTenant: z.string(),
    target: z.object({ type: z.string(), id: z.string() }).nullable(),
    attempts: z.number().int(),
    error: z.string(),
    createdAt: z.string(),
    stalledAt: z.string(),
  })
  .meta({ id: "StalledMessage" });
export type StalledInfo = z.infer<typeof StalledInfo>;

function toInfo(i: Record<string, unknown>): StalledInfo {
  const ref = typeof i.ref === "string" ? i.ref : undefined;
  const cut = ref ? ref.indexOf("#") : -1;
  return {
    id: String(i.id),
    type: String(i.type),
    queue: String(i.queue),
    toTenant: String(i.toTenant),
    target: ref && cut > 0 ? { type: ref.slice(0, cut), id: ref.slice(cut + 1) } : null,
    attempts: Number(i.attempts ?? 0),
    error: String(i.lastError ?? ""),
    createdAt: String(i.createdAt),
    stalledAt: String(i.stalledAt ?? i.createdAt),
  };
}

export const StalledListInput = z.object({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (key && typeof key === "object" && key.gsi1pk === stalledPartition(useTenant())) return key;
  } catch {
    /* below */
  }
  throw fieldError("outbox.cursor_invalid", "cursor");
}

/** The current tenant's stalled messages, by what sent them, a page at a time. */
export async function stalled(input: z.input<typeof StalledListInput> = {}) {
  const { cursor, limit } = StalledListInput.parse(input);
  const res = await useDynamo().send(
    new QueryCommand({
      TableName: useConfig().TABLE_NAME,
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": stalledPartition(useTenant()) },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor),
    }),
  );
  return {
    items: (res.Items ?? []).map(toInfo),
    cursor: res.LastEvaluatedKey ? Buffer.from(JSON.stringify(res.LastEvaluatedKey)).toString("base64url") : null,
  };
}

/** How many of the current tenant's messages are stalled (the dashboard's
 * figure; counted up to `cap`, which a healthy tenant never nears). */
export async function stalledCount(tenantId = useTenant(), cap = 1000): Promise<number> {
  let count = 0;
  let cursor: Record<string, unknown> | undefined;
  do {
    const res = await useDynamo().send(
      new QueryCommand({
        TableName: useConfig().TABLE_NAME,
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": stalledPartition(tenantId) },
        Select: "COUNT",
        ExclusiveStartKey: cursor,
      }),
    );
    count += res.Count ?? 0;
    cursor = res.LastEvaluatedKey;
  } while (cursor && count < cap);
  return count;
}

/** The stalled messages a change of the current tenant sent about one record
 * (e.g. an assistance request): empty when all of them are on their way or
 * delivered. One query on the stalled index, never a scan. */
export async function deliveryOf(target: { type: string; id: string }): Promise<StalledInfo[]> {
  const res = await useDynamo().send(
    new QueryCommand({
      TableName: useConfig().TABLE_NAME,
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk AND begins_with(gsi1sk, :ref)",
      ExpressionAttributeValues: { ":pk": stalledPartition(useTenant()), ":ref": `${target.type}#${target.id}#` },
      Limit: 20,
    }),
  );
  return (res.Items ?? []).map(toInfo);
}

/** Send a stalled message again (after its cause was fixed): back in the
 * pending index with a fresh count of attempts; the sweeper sends it. */
export async function retry(id: string) {
  const fromTenant = useTenant();
  const record = (await OutboxEntity.get({ fromTenant, id }).go({ consistent: true })).data;
  if (!record || record.status !== "stalled") throw new NotFoundError("outbox.stalled_not_found");
  const now = Clock.nowMs();
  await commit({
    action: "outbox.retry",
    target: { type: "message", id },
    state: { id, type: record.type, toTenant: record.toTenant, attempts: record.attempts, error: record.lastError },
    summary: { type: record.type, to: record.toTenant },
    items: () => [
      Tx.update({
        TableName: useConfig().TABLE_NAME,
        Key: keyOf(OutboxEntity.get({ fromTenant, id })),
        UpdateExpression: "SET #status = :pending, attempts = :zero, nextAttemptAt = :now, gsi1pk = :pk, gsi1sk = :sk, expiresAt = :expires REMOVE stalledAt",
        ConditionExpression: "#status = :stalled",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":pending": "pending",
          ":stalled": "stalled",
          ":zero": 0,
          ":now": now,
          ":pk": `${fromTenant}#outbox-pending`,
          ":sk": "t#" + String(now).padStart(15, "0"),
          ":expires": Math.floor(now / 1000) + OUTBOX_RETENTION_SECONDS,
        },
      }),
    ],
    onConditionFailed: () => new NotFoundError("outbox.stalled_not_found"),
  });
  return { id, status: "pending" as const };
}

