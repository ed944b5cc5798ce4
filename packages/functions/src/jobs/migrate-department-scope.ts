import { withContext } from "@supervision/core/context";
import { Department } from "@supervision/core/department/index";
import { Inspection } from "@supervision/core/inspection/index";
import { Referral } from "@supervision/core/referral/index";
import { Tenant } from "@supervision/core/tenant/index";

/** 部门归属迁移 (issue 11 §3): records written before department scoping lack
 * the keys of their department's list, so officers do not see them. For each
 * tenant and each affected entity, page through the tenant's own partition
 * (never another's) and let the owning module complete what is missing, one
 * batch per transaction with ONE audit event whose Merkle root covers its
 * records, and a checkpoint: a run cut short resumes where it stopped, and a
 * second run finds nothing to change and writes nothing but bookkeeping. */

export interface ScopeMigrationStep {
  entity: string;
  read(cursor: string | null, limit: number): Promise<Department.MigrationPage>;
}

/** The affected entities, each through its own module. */
export const STEPS: ScopeMigrationStep[] = [
  { entity: "referral", read: Referral.ScopeMigration.referrals },
  { entity: "judicial-request", read: Referral.ScopeMigration.judicialRequests },
  { entity: "referral-clock", read: Referral.ScopeMigration.clocks },
  { entity: "inspection", read: Inspection.ScopeMigration.departmentRows },
];

export interface TenantResult {
  tenantId: string;
  scanned: number;
  changed: number;
  /** Audit events written (one per batch that changed records). */
  events: number;
  byEntity: Record<string, { scanned: number; changed: number }>;
}

export interface MigrateOptions {
  /** Tenants to migrate (default: every tenant). */
  tenants?: string[];
  /** Records read per batch (≤ Department.MIGRATION_PAGE keeps a batch in one transaction). */
  pageSize?: number;
  /** Stop after this many batches in all (a test's way to cut a run short). */
  maxBatches?: number;
  onBatch?: (tenantId: string, batch: Department.MigrationBatch) => void;
}

/** Migrate one tenant (in its own context: it touches only its partitions). */
export async function migrateTenant(tenantId: string, options: MigrateOptions = {}, budget = { batches: Number.POSITIVE_INFINITY }): Promise<TenantResult> {
  const limit = Math.min(options.pageSize ?? Department.MIGRATION_PAGE, Department.MIGRATION_PAGE);
  const result: TenantResult = { tenantId, scanned: 0, changed: 0, events: 0, byEntity: {} };
  await withContext({ actor: { type: "system", reason: "migrate:department-scope" }, tenantId, requestId: `migrate-${tenantId}`, locale: "zh-CN" }, async () => {
    for (const step of STEPS) {
      const seen = (result.byEntity[step.entity] = { scanned: 0, changed: 0 });
      let cursor = await Department.migrationCheckpoint(step.entity);
      do {
        if (budget.batches <= 0) return;
        budget.batches--;
        const batch = await Department.commitMigrationBatch(step.entity, await step.read(cursor, limit));
        seen.scanned += batch.scanned;
        seen.changed += batch.changed;
        result.scanned += batch.scanned;
        result.changed += batch.changed;
        if (batch.auditSeq !== undefined) result.events++;
        options.onBatch?.(tenantId, batch);
        cursor = batch.cursor;
      } while (cursor);
    }
  });
  return result;
}

/** Every tenant (or those named), one after the other. */
export async function runDepartmentScopeMigration(options: MigrateOptions = {}): Promise<TenantResult[]> {
  const tenants = options.tenants ?? Tenant.all().map((t) => t.id);
  const budget = { batches: options.maxBatches ?? Number.POSITIVE_INFINITY };
  const out: TenantResult[] = [];
  for (const tenantId of tenants) {
    if (!Tenant.get(tenantId)) throw new Error(`unknown tenant ${tenantId}`);
    out.push(await migrateTenant(tenantId, options, budget));
    if (budget.batches <= 0) break;
  }
  return out;
}
