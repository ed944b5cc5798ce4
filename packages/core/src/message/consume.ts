import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { withChain } from "../audit/append";
import { withContext, type Actor } from "../context";
import { useDynamo } from "../dynamo/client";
import { asFunction } from "../dynamo/function-kind";
import { Tx } from "../dynamo/tx";
import { commit, prepareCommit } from "../outbox/commit";
import { consumedMarker, sentRecord } from "../outbox/receipt";
import { Envelope } from "../queue/envelope";
import { Tenant } from "../tenant/index";
import { canonicalJson, sha256 } from "../util/hash";
import { definitionOf, type Registry } from "./define";
import { BUSY, type ConsumeGroup } from "./group";

/** Receiving one message: parse and check the envelope against the queue's
 * registry, prove its origin against the sender's outbox, run its handler in
 * the receiving tenant's context and commit the change with the consumed
 * marker, so a message delivered twice acts once. */

/** Rejected for good: wrong shape, unknown tenant, or not what the sender
 * committed. Goes straight to the dead-letter queue with its reason. */
export class PoisonMessage extends Error {
  constructor(public readonly reason: string) {
    super(reason);
  }
}

export type Outcome = "processed" | "duplicate" | `skipped: ${string}`;

/** Parse, verify and apply one message body. Throws PoisonMessage for what
 * can never succeed; any other error means "try again later". */
export async function consume(registry: Registry, body: string, group?: ConsumeGroup): Promise<Outcome> {
  // Until the message reaches its handler, any exit leaves the group.
  let entered = false;
  try {
    // The queue's consumer function answers for its requests (its IAM policy; tests/security).
    return await asFunction(`consumer:${registry.queue}`, () => consumeIn(registry, body, group, () => (entered = true)));
  } finally {
    if (!entered) group?.release();
  }
}

async function consumeIn(registry: Registry, body: string, group: ConsumeGroup | undefined, enter: () => void): Promise<Outcome> {
  const queue = registry.queue;
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new PoisonMessage("body is not JSON");
  }
  const parsedEnvelope = Envelope.safeParse(raw);
  if (!parsedEnvelope.success) {
    throw new PoisonMessage("envelope: " + parsedEnvelope.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; "));
  }
  const envelope = parsedEnvelope.data;
  const def = await definitionOf(registry, envelope.type);
  if (!def) throw new PoisonMessage(`unknown message type ${envelope.type} on queue ${queue}`);
  if (envelope.schemaVersion !== def.version && envelope.schemaVersion !== def.version - 1) {
    throw new PoisonMessage(`schema version ${envelope.schemaVersion} not accepted (current ${def.version})`);
  }
  const schema = def.versions[envelope.schemaVersion];
  if (!schema) throw new PoisonMessage(`schema version ${envelope.schemaVersion} unknown`);
  const payload = schema.safeParse(envelope.payload);
  if (!payload.success) {
    throw new PoisonMessage("payload: " + payload.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; "));
  }
  if (!Tenant.exists(envelope.toTenant)) throw new PoisonMessage(`unknown tenant ${envelope.toTenant}`);
  if (!Tenant.exists(envelope.fromTenant)) throw new PoisonMessage(`unknown tenant ${envelope.fromTenant}`);

  // The sending side's outbox is the proof of origin: a message it never
  // committed, one altered since, or one addressed elsewhere is forged.
  const bodyHash = sha256(canonicalJson(envelope));
  const origin = async (): Promise<PoisonMessage | "duplicate" | undefined> => {
    const record = await sentRecord(envelope.fromTenant, envelope.id);
    if (!record) return new PoisonMessage(`forged: no message ${envelope.id} in the outbox of ${envelope.fromTenant}`);
    if (record.bodyHash !== bodyHash) return new PoisonMessage(`forged: message ${envelope.id} differs from what ${envelope.fromTenant} committed`);
    if (record.toTenant !== envelope.toTenant) return new PoisonMessage(`forged: message ${envelope.id} was addressed elsewhere`);
    if (record.status === "consumed") return "duplicate";
    return undefined;
  };
  const actor: Actor = { type: "system", reason: `message ${envelope.type} from ${envelope.fromTenant}` };
  // Validated by the definition's own schema of this version, then upgraded: the payload its handler expects.
  const upgraded = (def.upgrade && envelope.schemaVersion !== def.version ? def.upgrade(envelope.schemaVersion, payload.data) : payload.data) as never;
  const marker = consumedMarker(envelope, bodyHash);
  // From here the group's slot is this function's to give back. A handler
  // that writes before committing cannot wait for the group.
  enter();
  const grouped = def.verifyBeforeHandle ? undefined : group;
  if (!grouped) group?.release();
  if (def.verifyBeforeHandle) {
    const found = await origin();
    if (found === "duplicate") return "duplicate";
    if (found) throw found;
  }
  const tenant = envelope.toTenant;
  return withContext({ actor, tenantId: tenant, requestId: envelope.id, locale: "zh-CN" }, async () => {
    let inGroup = !!grouped;
    // Another message of this process is appending to this tenant's chain:
    // leave the group and wait for it (a lost race for the chain head would
    // cost the whole group's transaction).
    // The batch's messages for one tenant share the group's hold on its chain
    // and commit together, their events chained with one head write.
    const inChain = <T>(fn: () => Promise<T>): Promise<T> => {
      if (!inGroup || def.mirror) return withChain(def.mirror ? undefined : tenant, fn);
      return grouped!.withTenantChain(tenant, fn).then((r) => {
        if (r !== BUSY) return r;
        inGroup = false;
        grouped!.release();
        return withChain(tenant, fn);
      });
    };
    try {
      // From the handler's reads to the commit, this process appends to the
      // tenant's chain for this message (or this batch's messages for the tenant; a mirror has no chain).
      return await inChain(async () => {
        const change = await def.handle(upgraded, envelope);
        if ("skip" in change) {
          if (inGroup) grouped!.release();
          inGroup = false;
          await useDynamo().send(new UpdateCommand(marker));
          return `skipped: ${change.skip}` as const;
        }
        // The trail names the person who sent it, from the envelope.
        const trail = { messageId: envelope.id, from: envelope.fromTenant, sentBy: envelope.actor };
        const options = { extraItems: () => [Tx.update(marker)], mirror: def.mirror };
        if (inGroup) {
          inGroup = false;
          const prepared = await prepareCommit({ ...change, summary: { ...change.summary, ...trail } }, options).catch((err) => {
            grouped!.release();
            throw err;
          });
          if ((await grouped!.submit(prepared)) === "committed") return "processed" as const;
          // Not committed with the group (it shared an item with another
          // message, or the group's transaction failed on one of its items):
          // run the handler again on fresh reads and commit alone.
          const again = await def.handle(upgraded, envelope);
          if ("skip" in again) {
            await useDynamo().send(new UpdateCommand(marker));
            return `skipped: ${again.skip}` as const;
          }
          await commit({ ...again, summary: { ...again.summary, ...trail } }, options);
          return "processed" as const;
        }
        await commit({ ...change, summary: { ...change.summary, ...trail } }, options);
        return "processed" as const;
      });
    } catch (err) {
      if (inGroup) grouped!.release();
      // Whatever failed (the marker's condition, or the handler on a message
      // already acted on), the sender's outbox explains it first: a forged
      // message is poison and a consumed one a duplicate that acts once.
      const found = await origin();
      if (found === "duplicate") return "duplicate" as const;
      if (found) throw found;
      throw err;
    }
  });
}


