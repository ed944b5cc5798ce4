import { useActor, type Actor } from "../context";
import { Department } from "../department";

/** A judicial user's organ is known from their department (the token's
 * `department_id`): a department of type `public-security` is the police
 * (公安机关), one of type `procuratorate` the procuratorate (人民检察院).
 * A tenant admin adds its procuratorate liaison office as a department of
 * type `procuratorate`. A judicial user of any other department acts as
 * neither and is addressed nothing. */
export type Organ = "police" | "procuratorate";

export async function judicialOrgan(actor: Actor = useActor()): Promise<{ organ: Organ; departmentId: string } | undefined> {
  if (actor.type !== "user" || actor.role !== "judicial" || !actor.departmentId) return undefined;
  const dep = await Department.fromID(actor.departmentId).catch(() => undefined);
  if (dep?.status !== "active") return undefined;
  if (dep.type === "public-security") return { organ: "police", departmentId: dep.id };
  if (dep.type === "procuratorate") return { organ: "procuratorate", departmentId: dep.id };
  return undefined;
}

/** The department of `type` in this tenant to address by default (the standard one), checked to exist. */
export async function departmentOfType(id: string, type: "public-security" | "procuratorate") {
  const dep = await Department.fromID(id).catch(() => undefined);
  return dep && dep.type === type && dep.status === "active" ? dep : undefined;
}
