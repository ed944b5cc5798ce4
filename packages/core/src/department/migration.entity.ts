import { Entity, type EntityItem } from "electrodb";
import { entityConfig, SERVICE } from "../dynamo/electro";

/** Where a data migration of one tenant stopped, per entity: the cursor of the
 * next page to read. Written with each batch (in the batch's own transaction
 * when it changed records), removed when the entity is done, so a run cut
 * short resumes there and a finished one starts over (finding nothing). */
export const MigrationCheckpointEntity = new Entity(
  {
    model: { entity: "migrationCheckpoint", version: "1", service: SERVICE },
    attributes: {
      tenantId: { type: "string", required: true },
      migration: { type: "string", required: true },
      entity: { type: "string", required: true },
      cursor: { type: "string", required: true },
      scanned: { type: "number", required: true },
      changed: { type: "number", required: true },
      updatedAt: { type: "string", required: true },
    },
    indexes: {
      byTenant: {
        pk: { field: "pk", composite: ["tenantId"], template: "${tenantId}#migration" },
        sk: { field: "sk", composite: ["migration", "entity"], template: "${migration}#${entity}" },
      },
    },
  },
  entityConfig(),
);

export type MigrationCheckpointItem = EntityItem<typeof MigrationCheckpointEntity>;
