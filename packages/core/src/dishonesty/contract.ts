import * as z from "zod";
import { CategoryCodes, MeasureCodes, PlatformEvents } from "./rules";

/** The message the province's public credit platform (信用中国（福建）)
 * receives whenever a listing changes: version "1" of a documented contract
 * (docs/credit-platform-contract.md). Changes that add optional fields keep
 * the version; anything else is version "2", sent alongside "1" until the
 * platform has moved. Browser-safe (zod only). */

const Text = z.object({ zh: z.string(), en: z.string() });

export const CreditPlatformListing = z.object({
  /** The listing's ID on this platform (stable across its messages). */
  id: z.string().regex(/^dsl_[0-9A-HJKMNP-TV-Z]{26}$/),
  /** 统一社会信用代码. */
  creditCode: z.string().length(18),
  /** As registered; may hold characters beyond U+FFFF (𠮷). */
  entityName: z.string().min(1),
  category: z.object({ code: z.enum(CategoryCodes), name: Text, legalBasis: z.string() }),
  /** The facts the listing rests on (事由). */
  facts: z.string(),
  /** The decisions it rests on (penalty decision numbers and dates). */
  basis: z.array(z.object({ kind: z.string(), ref: z.string().optional(), at: z.string() })),
  measures: z.array(z.object({ code: z.enum(MeasureCodes), name: Text, basis: z.string() })),
  listedAt: z.iso.datetime(),
  /** End of the publication window (removal on expiry). */
  expiresAt: z.iso.datetime(),
  /** Set once removed (expired or repaired). */
  removedAt: z.iso.datetime().optional(),
  removalReason: z.enum(["expired", "repaired"]).optional(),
  /** The deciding authority. */
  decidedBy: z.object({ tenantId: z.string().regex(/^\d{6}$/), tenantName: z.string() }),
});
export type CreditPlatformListing = z.infer<typeof CreditPlatformListing>;

/** What the envelope carries (the payload of `dishonesty.platform_notified`). */
export const CreditPlatformPayload = z.object({
  version: z.literal("1"),
  event: z.enum(PlatformEvents),
  /** When the change happened (ISO instant). */
  occurredAt: z.iso.datetime(),
  /** Increases with every message about one listing: a receiver keeps the highest. */
  sequence: z.number().int().min(1),
  listing: CreditPlatformListing,
});
export type CreditPlatformPayload = z.infer<typeof CreditPlatformPayload>;

/** What is POSTed: the payload with its message ID, which is also the
 * `Idempotency-Key` header (the same message delivered twice has the same ID). */
export const CreditPlatformMessage = CreditPlatformPayload.extend({
  messageId: z.string().regex(/^msg_[0-9A-HJKMNP-TV-Z]{26}$/),
}).meta({ id: "CreditPlatformMessageV1" });
export type CreditPlatformMessage = z.infer<typeof CreditPlatformMessage>;

/** Headers of a delivery. The signature is HMAC-SHA256 over `${timestamp}.${body}` with the shared secret, hex. */
export const CreditPlatformHeaders = {
  idempotencyKey: "idempotency-key",
  timestamp: "x-credit-platform-timestamp",
  signature: "x-credit-platform-signature",
  version: "x-credit-platform-version",
} as const;
