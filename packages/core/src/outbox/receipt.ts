import { Clock } from "../clock";
import { useConfig } from "../config";
import { keyOf } from "../dynamo/tx";
import type { Envelope } from "../queue/envelope";
import { OUTBOX_RETENTION_SECONDS } from "./commit";
import { OutboxEntity } from "./outbox.entity";

/** The receiving side's view of a sender's outbox: the record is the proof
 * of origin, and marking it consumed (in the receiver's own transaction)
 * makes a second delivery act once. */

/** The sender's record of a message, read consistently. */
export async function sentRecord(fromTenant: string, id: string) {
  return (await OutboxEntity.get({ fromTenant, id }).go({ consistent: true })).data;
}

/** Mark a message consumed, once: the processed-message marker. Its
 * condition also proves origin: the sender committed exactly this message,
 * to this tenant. */
export function consumedMarker(envelope: Envelope, bodyHash: string) {
  return {
    TableName: useConfig().TABLE_NAME,
    Key: keyOf(OutboxEntity.get({ fromTenant: envelope.fromTenant, id: envelope.id })),
    // Consumed, it is needed only to recognise a late duplicate: kept for the retention, then removed by TTL.
    UpdateExpression: "SET #status = :consumed, consumedAt = :at, expiresAt = :expires REMOVE gsi1pk, gsi1sk",
    ConditionExpression: "attribute_exists(pk) AND #status <> :consumed AND bodyHash = :hash AND toTenant = :to",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":consumed": "consumed", ":at": Clock.iso(), ":expires": Math.floor(Clock.nowMs() / 1000) + OUTBOX_RETENTION_SECONDS, ":hash": bodyHash, ":to": envelope.toTenant },
  };
}
