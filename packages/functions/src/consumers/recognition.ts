import "@supervision/core/messages/recognition";
import { createConsumer } from "./consumer";

export const handler = createConsumer("recognition");
