import { Message } from "@supervision/core/message/index";
import { createConsumer } from "./consumer";

/** The credit-platform queue: each change of a severe-dishonesty listing,
 * POSTed to the province's public credit platform (CREDIT_PLATFORM_URL),
 * signed, with the message ID as idempotency key. A failed POST is retried by
 * SQS and ends in this queue's dead-letter queue; the sender's outbox keeps
 * it until it stalls, shown to the tenant's admins (never dropped). */
export const messages = Message.registry("credit-platform", [
  // The module (and where its signing secret comes from) loads with the first message: a lighter cold start (issue 16).
  Message.lazy("credit-platform", "dishonesty.platform_notified", async () => {
    const { Dishonesty } = await import("@supervision/core/dishonesty/index");
    Dishonesty.secretFrom(() => boundSecret());
    return Dishonesty.PlatformNotified;
  }),
]);

/** The environment variable SST sets on a function bound to the Config.Secret
 * CREDIT_PLATFORM_SECRET (stacks/Queues.ts); its value is a placeholder, the
 * secret itself is an SSM SecureString (`npx sst secrets set`). */
export const SECRET_BINDING_ENV = "SST_Secret_value_CREDIT_PLATFORM_SECRET";

/** In the cloud the signing secret is read through SST's Config client on the
 * first delivery (one SSM call per cold start), never from an environment
 * value; locally and in tests the environment's CREDIT_PLATFORM_SECRET wins. */
export async function boundSecret(env: Record<string, string | undefined> = process.env): Promise<string | undefined> {
  if (!env[SECRET_BINDING_ENV]) return undefined;
  const { Config } = await import("sst/node/config");
  return (Config as unknown as Record<string, string | undefined>).CREDIT_PLATFORM_SECRET;
}
export const handler = createConsumer(messages);
