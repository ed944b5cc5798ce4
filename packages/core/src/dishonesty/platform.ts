import { createHmac } from "node:crypto";
import * as z from "zod";
import { Clock } from "../clock";
import { Tx } from "../dynamo/tx";
import { define } from "../message/define";
import type { Envelope } from "../queue/envelope";
import { envConfig } from "../util/env";
import { CreditPlatformHeaders, CreditPlatformMessage, CreditPlatformPayload } from "./contract";
import { DeliveryEntity } from "./dishonesty.entity";

/** Delivery to the province's public credit platform (信用中国（福建）): the
 * consumer of the `credit-platform` queue POSTs each message to
 * CREDIT_PLATFORM_URL, signed, with the message ID as its idempotency key.
 * Anything but a 2xx throws: SQS retries it and, after its last receive,
 * moves it to the dead-letter queue; the sender's outbox record stays
 * unconsumed, so the sweeper resends it and finally marks it stalled, shown
 * to the tenant's admins (/outbox and the listing's page). Never dropped. */

const Env = z.object({
  CREDIT_PLATFORM_URL: z.url().optional(),
  /** The shared secret of the signature (at least 16 characters). Locally
   * (`npm start`, tests) from the environment; in the cloud never an
   * environment value but SST's Config.Secret, through `secretFrom`. */
  CREDIT_PLATFORM_SECRET: z.string().min(16).optional(),
  CREDIT_PLATFORM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});
const config = envConfig("Invalid credit platform configuration", Env);

/** Tests and the local runtime set the environment after import. */
export function resetPlatformConfig() {
  config.reset();
  cachedSecret = undefined;
}

const MIN_SECRET = 16;
let secretSource: (() => Promise<string | undefined>) | undefined;
let cachedSecret: Promise<string | undefined> | undefined;

/** Where the signing secret comes from when the environment holds none: the
 * credit-platform consumer's entry reads SST's bound Config.Secret (an SSM
 * SecureString, fetched once per cold start). */
export function secretFrom(source: () => Promise<string | undefined>) {
  secretSource = source;
  cachedSecret = undefined;
}

async function signingSecret(): Promise<string | undefined> {
  const fromEnv = config.use().CREDIT_PLATFORM_SECRET;
  if (fromEnv) return fromEnv;
  if (!secretSource) return undefined;
  // A failed fetch is not cached: the next delivery tries again.
  cachedSecret ??= secretSource().catch((err) => {
    cachedSecret = undefined;
    throw new DeliveryFailed(`CREDIT_PLATFORM_SECRET unreadable: ${(err as Error).message}`);
  });
  return cachedSecret;
}

export function sign(secret: string, timestamp: string, body: string): string {
  return "v1=" + createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

export class DeliveryFailed extends Error {}

/** POST one message; resolves with the receiver's status (2xx), throws otherwise. */
export async function deliver(message: CreditPlatformMessage): Promise<number> {
  const { CREDIT_PLATFORM_URL: url, CREDIT_PLATFORM_TIMEOUT_MS: timeout } = config.use();
  const secret = await signingSecret();
  if (!url || !secret) throw new DeliveryFailed("CREDIT_PLATFORM_URL / CREDIT_PLATFORM_SECRET not configured");
  if (secret.length < MIN_SECRET) throw new DeliveryFailed(`CREDIT_PLATFORM_SECRET shorter than ${MIN_SECRET} characters`);
  // HTTP carries every character (𠮷 included) as UTF-8: the body is sent as is.
  const body = JSON.stringify(CreditPlatformMessage.parse(message));
  const timestamp = Clock.iso();
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        [CreditPlatformHeaders.idempotencyKey]: message.messageId,
        [CreditPlatformHeaders.timestamp]: timestamp,
        [CreditPlatformHeaders.signature]: sign(secret, timestamp, body),
        [CreditPlatformHeaders.version]: message.version,
      },
      body,
      signal: AbortSignal.timeout(timeout),
    });
  } catch (err) {
    throw new DeliveryFailed(`credit platform unreachable: ${(err as Error).message}`);
  }
  const text = await res.text().catch(() => "");
  if (!res.ok) throw new DeliveryFailed(`credit platform answered ${res.status}: ${text.slice(0, 200)}`);
  return res.status;
}

/** A listing changed: tell the credit platform. Addressed to the sending
 * tenant itself (its consumer delivers for it and records the receipt in its
 * own partition); the origin is checked before the POST, so a message already
 * delivered is not POSTed again (and the receiver dedupes by the key anyway). */
export const PlatformNotified = define<CreditPlatformPayload>({
  type: "dishonesty.platform_notified",
  queue: "credit-platform",
  version: 1,
  versions: { 1: CreditPlatformPayload },
  verifyBeforeHandle: true,
  async handle(payload, envelope: Envelope) {
    const status = await deliver({ ...payload, messageId: envelope.id });
    const row = {
      tenantId: envelope.fromTenant,
      listingId: payload.listing.id,
      messageId: envelope.id,
      event: payload.event,
      sequence: payload.sequence,
      status,
      deliveredAt: Clock.iso(),
    };
    return {
      action: "dishonesty.delivered",
      target: { type: "dishonestListing", id: payload.listing.id },
      state: row,
      summary: { creditCode: payload.listing.creditCode, event: payload.event, status },
      items: () => [Tx.put(DeliveryEntity.put(row))],
    };
  },
});
