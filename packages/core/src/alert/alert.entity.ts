import { CustomAttributeType, Entity, type EntityItem } from "electrodb";
import type * as z from "zod";
import { entityConfig, SERVICE } from "../dynamo/electro";
import type { ActorRefSchema } from "../queue/envelope";

/** Who sent or followed up, as the envelope or the context named them. */
type StoredActor = z.infer<typeof ActorRefSchema>;

/** An alert as the sender keeps it (box "sent", with follow-up counts) and as each receiver keeps it (box "inbox", with its own follow-up). */
export const AlertEntity = new Entity(
  {
    model: { entity: "alert", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      box: { type: ["sent", "inbox"] as const, required: true },
      id: { type: "string", required: true },
      fromTenant: { type: "string", required: true },
      scope: { type: ["all", "city"] as const, required: true },
      cityId: { type: "string" },
      toTenants: { type: "list", items: { type: "string" }, required: true },
      /** Sender: tenants the fan-out has been committed for (it may take several commits). */
      deliveredTo: { type: "list", items: { type: "string" } },
      level: { type: ["blue", "yellow", "orange", "red"] as const, required: true },
      title: { type: "string", required: true },
      body: { type: "string", required: true },
      creditCode: { type: "string" },
      entityName: { type: "string" },
      productName: { type: "string" },
      sentBy: { type: CustomAttributeType<StoredActor>("any"), required: true },
      sentAt: { type: "string", required: true },
      receivedAt: { type: "string" },
      /** Inbox: this tenant's follow-up. */
      followUp: {
        type: "map",
        properties: {
          status: { type: ["handling", "found", "not-found"] as const, required: true },
          note: { type: "string" },
          at: { type: "string", required: true },
          /** The name of who recorded it. */
          by: { type: "string" },
        },
      },
      /** Sent: follow-ups received, by status. */
      followed: { type: "number" },
      found: { type: "number" },
      notFound: { type: "number" },
      handling: { type: "number" },
      version: { type: "number", required: true, default: 1 },
    },
    indexes: {
      byBox: {
        pk: { field: "pk", composite: ["tenantId", "box"], template: "${tenantId}#alert#${box}" },
        sk: { field: "sk", composite: ["id"], template: "${id}" },
      },
    },
  },
  entityConfig(),
);

/** One receiving tenant's latest follow-up, as the sender keeps it. */
export const FollowUpEntity = new Entity(
  {
    model: { entity: "alert-follow-up", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      alertId: { type: "string", required: true },
      fromTenant: { type: "string", required: true },
      status: { type: ["handling", "found", "not-found"] as const, required: true },
      note: { type: "string" },
      by: { type: CustomAttributeType<StoredActor>("any") },
      at: { type: "string", required: true },
    },
    indexes: {
      byAlert: {
        pk: { field: "pk", composite: ["tenantId", "alertId"], template: "${tenantId}#alert#fu#${alertId}" },
        sk: { field: "sk", composite: ["fromTenant"], template: "${fromTenant}" },
      },
    },
  },
  entityConfig(),
);

export type AlertItem = EntityItem<typeof AlertEntity>;
export type FollowUpItem = EntityItem<typeof FollowUpEntity>;

/** An alert whose fan-out is not finished: written with the alert, removed by
 * the commit that sends to the last targets. The resume job (every few
 * minutes) finds what a process left half-sent by reading only these. */
export const FanoutPendingEntity = new Entity(
  {
    model: { entity: "alert-fanout-pending", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      alertId: { type: "string", required: true },
      sentAt: { type: "string", required: true },
    },
    indexes: {
      pending: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#alert-fanout" },
        sk: { field: "sk", composite: ["sentAt", "alertId"], template: "${sentAt}#${alertId}" },
      },
    },
  },
  entityConfig(),
);
