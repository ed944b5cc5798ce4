import { Message } from "@supervision/core/message/index";
import { Recognition } from "@supervision/core/recognition/index";
import { createConsumer } from "./consumer";

/** The recognition queue: a result recognised province-wide, copied to the registry every tenant reads. */
export const messages = Message.registry("recognition", [Recognition.Recorded]);

export const handler = createConsumer(messages);
