export * as CatalogueSync from "./index";

import * as z from "zod";
import { Assignment } from "../assignment";
import { Catalogue } from "../catalogue";
import { Clock } from "../clock";
import { useTenant } from "../context";
import { Limits } from "../dynamo/tx";
import { Message } from "../message";
import { PROVINCE_ID } from "../tenant";
import { fn } from "../util/fn";

/** A published catalogue version reaching every tenant: the publish that fans
 * it out, and each tenant's sync, which brings its catalogue state to the
 * version AND marks the assignments the diff touched, in one transaction with
 * one audit event.
 *
 * It sits above both modules it joins: the catalogue (the province's source)
 * knows nothing of assignments, and assignment (the local responsibility per
 * item) reads the catalogue; neither imports this. */

type SyncPayload = Catalogue.SyncPayload;

/** One per tenant per version: bring the receiving tenant to the version. */
export const VersionPublished = Message.define<SyncPayload>({
  type: "catalogue.version_published",
  queue: "catalogue-sync",
  version: 1,
  versions: { 1: Catalogue.SyncPayload },
  // Marking hundreds of assignments happens in chunks before the commit.
  verifyBeforeHandle: true,
  async handle(payload) {
    const pending = await Catalogue.pendingSync(payload.version);
    if ("skip" in pending) return pending;
    const marks = await Assignment.markChanged(pending.diff, payload.version);
    return Catalogue.syncChange(pending, Clock.iso(), marks);
  },
});

/** Tenants per fan-out message: what one FanoutRequested handler sends in its
 * own transaction, with room left for its audit event, chain head and
 * consumed marker. */
const FANOUT_BATCH = Limits.transactItems - 10;

const FanoutPayload = Catalogue.SyncPayload.extend({ tenants: z.array(z.string().regex(/^\d{6}$/)).min(1).max(95) });

/** Used only when the tenants do not all fit in the publishing transaction:
 * the province sends itself one of these per batch, and its handler sends
 * the batch's sync messages. */
export const FanoutRequested = Message.define<z.infer<typeof FanoutPayload>>({
  type: "catalogue.fanout",
  queue: "catalogue-sync",
  version: 1,
  versions: { 1: FanoutPayload },
  async handle(payload) {
    if (useTenant() !== PROVINCE_ID) return { skip: "only the province fans out catalogue versions" };
    const { tenants, ...sync } = payload;
    return {
      action: "catalogue.fanout",
      target: { type: "catalogueVersion", id: String(payload.version) },
      state: payload,
      summary: { version: payload.version, tenants: tenants.length },
      items: () => [],
      messages: tenants.map((t) => VersionPublished.create(t, sync)),
    };
  },
});

/** The sync messages of a version: directly in the publishing transaction
 * while they fit, the rest in batches the province fans out to itself. */
/** Who receives a published version: every tenant, in fan-out batches. */
export const fanout: Catalogue.Fanout = (payload, tenants, room) => {
  const plan = Catalogue.planFanout(tenants, room, FANOUT_BATCH);
  return [
    ...plan.direct.map((t) => VersionPublished.create(t, payload)),
    ...plan.batches.map((b) => FanoutRequested.create(PROVINCE_ID, { ...payload, tenants: b })),
  ];
};

/** Publish the next catalogue version (province) and send it to every tenant. */
export const publish = fn(Catalogue.VersionInput, (input) => Catalogue.publishVersion(input, fanout));
