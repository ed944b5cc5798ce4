import { useTenant } from "../context";
import { Tx } from "../dynamo/tx";
import type { MigrationPage } from "../department/migration";
import { InspectionDepartmentEntity, InspectionEntity } from "./inspection.entity";

/** Department scoping for inspections scheduled before it (department/migration.ts):
 * each department on a visit gets the row its list reads; rows already there are left alone. */
export async function departmentRows(cursor: string | null, limit: number): Promise<MigrationPage> {
  const tenantId = useTenant();
  const res = await InspectionEntity.query.byTenant({ tenantId }).go({ cursor, limit });
  const wanted = res.data.flatMap((i) => i.departmentIds.map((departmentId) => ({ tenantId, departmentId, inspectionId: i.id })));
  const found = wanted.length ? await InspectionDepartmentEntity.get(wanted).go() : { data: [] };
  const have = new Set(found.data.map((r) => `${r.departmentId}#${r.inspectionId}`));
  const rows = res.data
    .map((i) => ({
      key: `inspection#${i.id}`,
      items: i.departmentIds
        .filter((d) => !have.has(`${d}#${i.id}`))
        .map((departmentId) => Tx.put(InspectionDepartmentEntity.put({ tenantId, departmentId, inspectionId: i.id }))),
    }))
    .filter((r) => r.items.length > 0);
  return { scanned: res.data.length, rows, cursor: res.cursor ?? null };
}
