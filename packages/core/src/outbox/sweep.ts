import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { Clock } from "../clock";
import { useConfig } from "../config";
import { useDynamo } from "../dynamo/client";
import { Tenant } from "../tenant/index";
import { relay } from "./commit";

/** Resend what is due: never sent, or sent and still unconsumed after the
 * resend delay. `all` resends every unconsumed message (after an emulator
 * restart). Each tenant's own pending index, page by page: never a scan. */
export async function sweep(options: { all?: boolean } = {}) {
  const now = Clock.nowMs();
  let due = 0;
  let sent = 0;
  let stalled = 0;
  for (const tenant of Tenant.all()) {
    let cursor: Record<string, unknown> | undefined;
    do {
      const res = await useDynamo().send(
        new QueryCommand({
          TableName: useConfig().TABLE_NAME,
          IndexName: "gsi1",
          KeyConditionExpression: options.all ? "gsi1pk = :pk" : "gsi1pk = :pk AND gsi1sk <= :now",
          ExpressionAttributeValues: {
            ":pk": `${tenant.id}#outbox-pending`,
            ...(options.all ? {} : { ":now": "t#" + String(now).padStart(15, "0") }),
          },
          ExclusiveStartKey: cursor,
        }),
      );
      const records = (res.Items ?? []).map((i) => ({ fromTenant: i.fromTenant as string, id: i.id as string }));
      due += records.length;
      if (records.length) {
        const r = await relay(records);
        sent += r.sent;
        stalled += r.stalled;
      }
      cursor = res.LastEvaluatedKey;
    } while (cursor);
  }
  return { due, sent, stalled };
}
