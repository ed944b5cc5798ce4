import { Catalogue } from "@supervision/core/catalogue/index";
import { Message } from "@supervision/core/message/index";
import { createConsumer } from "./consumer";

/** The catalogue-sync queue: a published version reaching each tenant (fanned
 * out in parts), and each tenant's sync status reported to the province. */
export const messages = Message.registry("catalogue-sync", [Catalogue.VersionPublished, Catalogue.FanoutRequested, Catalogue.StatusReported]);

export const handler = createConsumer(messages);
