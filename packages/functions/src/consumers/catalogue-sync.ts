import { Catalogue } from "@supervision/core/catalogue/index";
import { CatalogueSync } from "@supervision/core/catalogue-sync/index";
import { Message } from "@supervision/core/message/index";
import { createConsumer } from "./consumer";

/** The catalogue-sync queue: a published version reaching each tenant (fanned
 * out in parts), and each tenant's sync status reported to the province. */
export const messages = Message.registry("catalogue-sync", [CatalogueSync.VersionPublished, CatalogueSync.FanoutRequested, Catalogue.StatusReported]);

export const handler = createConsumer(messages);
