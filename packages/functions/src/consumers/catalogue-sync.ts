import { Message } from "@supervision/core/message/index";
import { createConsumer } from "./consumer";

const on = (type: string, load: () => Promise<Message.AnyDefinition>) => Message.lazy("catalogue-sync", type, load);
const sync = () => import("@supervision/core/catalogue-sync/index").then((m) => m.CatalogueSync);

/** The catalogue-sync queue: a published version reaching each tenant (fanned
 * out in parts), and each tenant's sync status reported to the province.
 * Modules load with their first message (issue 16). */
export const messages = Message.registry("catalogue-sync", [
  on("catalogue.version_published", async () => (await sync()).VersionPublished),
  on("catalogue.fanout", async () => (await sync()).FanoutRequested),
  on("catalogue.status_reported", async () => (await import("@supervision/core/catalogue/index")).Catalogue.StatusReported),
]);

export const handler = createConsumer(messages);
