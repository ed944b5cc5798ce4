import { Message } from "@supervision/core/message/index";
import { createConsumer } from "./consumer";

/** The recognition queue: a result recognised province-wide, copied to the
 * registry every tenant reads. The module loads with the first message (issue 16). */
export const messages = Message.registry("recognition", [
  Message.lazy("recognition", "recognition.recorded", async () => (await import("@supervision/core/recognition/index")).Recognition.Recorded),
]);

export const handler = createConsumer(messages);
