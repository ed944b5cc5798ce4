import "@supervision/core/messages/catalogue-sync";
import { createConsumer } from "./consumer";

export const handler = createConsumer("catalogue-sync");
