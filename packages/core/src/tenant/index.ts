export * as Tenant from "./index";

import * as z from "zod";
import divisions from "../../data/fujian-divisions.json";
import { useTenant } from "../context";
import { NotFoundError, VisibleError } from "../error";

export const Level = z.enum(["province", "city", "county"]);
export type Level = z.infer<typeof Level>;

export const Info = z
  .object({
    id: z.string().regex(/^\d{6}$/),
    name: z.string(),
    level: Level,
    parentId: z.string().nullable(),
  })
  .meta({ id: "Tenant" });
export type Info = z.infer<typeof Info>;

/** 平潭综合实验区 is a city-level tenant of its own, though GB/T 2260 lists it under 福州市. */
const PINGTAN = "350128";

function build(): Map<string, Info> {
  const map = new Map<string, Info>();
  const p = divisions.province;
  map.set(p.code, { id: p.code, name: p.name, level: "province", parentId: null });
  for (const c of divisions.cities) map.set(c.code, { id: c.code, name: c.name, level: "city", parentId: p.code });
  for (const c of divisions.counties) {
    if (c.code === PINGTAN) {
      map.set(c.code, { id: c.code, name: "平潭综合实验区", level: "city", parentId: p.code });
    } else {
      map.set(c.code, { id: c.code, name: c.name, level: "county", parentId: c.cityCode });
    }
  }
  return map;
}

const registry = build();

export const PROVINCE_ID = divisions.province.code;

export function all(): Info[] {
  return [...registry.values()];
}

export function get(id: string): Info | undefined {
  return registry.get(id);
}

/** A tenant's name as shown to people; its code when the code is unknown. */
export function nameOf(id: string): string {
  return get(id)?.name ?? id;
}

/** The fields every sent/inbox copy shows about its sender (alerts, notices, requests). */
export const CopyFields = z.object({ box: z.enum(["sent", "inbox"]), fromTenant: z.string(), fromTenantName: z.string() });

/** Those fields of a stored copy. */
export function copyFields(row: { box: "sent" | "inbox"; fromTenant: string }): z.infer<typeof CopyFields> {
  return { box: row.box, fromTenant: row.fromTenant, fromTenantName: nameOf(row.fromTenant) };
}

export function exists(id: string): boolean {
  return registry.has(id);
}

export function mustGet(id: string): Info {
  const t = registry.get(id);
  if (!t) throw new VisibleError("tenant.not_found", { tenantId: id }, 404);
  return t;
}

export function children(id: string): Info[] {
  return all().filter((t) => t.parentId === id);
}

/** Every tenant below `id`, at any depth. */
export function descendants(id: string): Info[] {
  const out: Info[] = [];
  const walk = (parent: string) => {
    for (const c of children(parent)) {
      out.push(c);
      walk(c.id);
    }
  };
  walk(id);
  return out;
}

/** `id` itself, then its parent, up to the province. */
export function ancestry(id: string): Info[] {
  const out: Info[] = [];
  let t = registry.get(id);
  while (t) {
    out.push(t);
    t = t.parentId ? registry.get(t.parentId) : undefined;
  }
  return out;
}

export function isBelow(id: string, ancestorId: string): boolean {
  return ancestry(id).slice(1).some((t) => t.id === ancestorId);
}

/** The lowest tenant above both (the city for two counties of one city, else
 * the province): where an overdue cross-region matter escalates. */
export function lowestCommonSuperior(a: string, b: string): Info {
  const above = new Set(ancestry(a).slice(1).map((t) => t.id));
  for (const t of ancestry(b).slice(1)) if (above.has(t.id)) return t;
  return mustGet(PROVINCE_ID);
}

/** The signed-in user's tenant. */
export function current(): Info {
  const t = get(useTenant());
  if (!t) throw new NotFoundError("tenant.not_found");
  return t;
}
