import { createConsumer } from "./consumer";

export const handler = createConsumer("catalogue-sync");
