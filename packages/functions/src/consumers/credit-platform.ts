import { Dishonesty } from "@supervision/core/dishonesty/index";
import { Message } from "@supervision/core/message/index";
import { createConsumer } from "./consumer";

/** The credit-platform queue: each change of a severe-dishonesty listing,
 * POSTed to the province's public credit platform (CREDIT_PLATFORM_URL),
 * signed, with the message ID as idempotency key. A failed POST is retried by
 * SQS and ends in this queue's dead-letter queue; the sender's outbox keeps
 * it until it stalls, shown to the tenant's admins (never dropped). */
export const messages = Message.registry("credit-platform", [Dishonesty.PlatformNotified]);

export const handler = createConsumer(messages);
