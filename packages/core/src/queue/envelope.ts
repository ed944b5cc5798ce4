import * as z from "zod";
import { idSchema } from "../util/id";

export const ActorRefSchema = z.object({
  type: z.enum(["user", "machine", "system"]),
  id: z.string().min(1),
  name: z.string(),
  tenantId: z.string().optional(),
  role: z.string().optional(),
});

const tenantCode = z.string().regex(/^\d{6}$/, "must be a 6-digit division code");

/** The one envelope every queue carries. */
export const Envelope = z.object({
  id: idSchema("msg"),
  type: z.string().regex(/^[a-z-]+\.[a-z_.-]+$/),
  schemaVersion: z.number().int().positive(),
  fromTenant: tenantCode,
  toTenant: tenantCode,
  actor: ActorRefSchema,
  occurredAt: z.iso.datetime(),
  payload: z.unknown(),
});
export type Envelope = z.infer<typeof Envelope>;
