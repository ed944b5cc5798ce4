import "@supervision/core/messages/assistance";
import { createConsumer } from "./consumer";

export const handler = createConsumer("assistance");
