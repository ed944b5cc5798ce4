import { parseArgs } from "node:util";
import { resetConfig } from "@supervision/core/config";

/** `npm run migrate:department-scope [-- --tenant 350102 …] [--page 20]`
 * Adds the department-list keys that records written before department
 * scoping lack (jobs/migrate-department-scope.ts). Safe to run again and to
 * interrupt: it resumes from each tenant's checkpoint and changes nothing
 * that is already complete. Against `npm start` by default (DynamoDB Local
 * on 127.0.0.1:8765, table `supervision`); for the cloud set TABLE_NAME (and AWS credentials). */
const USAGE = `用法 / usage:
  npm run migrate:department-scope [-- --tenant <行政区划代码 division code> ...] [--page <1-20>]

  环境变量 / environment:
    TABLE_NAME        云端表名；未设置时连接本地 / the cloud table; local when unset
    DYNAMO_ENDPOINT   本地 DynamoDB / local DynamoDB (default http://127.0.0.1:$DYNAMO_PORT, port 8765)`;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { values } = parseArgs({ options: { tenant: { type: "string", multiple: true }, page: { type: "string" }, help: { type: "boolean", short: "h" } } });
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const pageSize = values.page === undefined ? undefined : Number(values.page);
if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 20)) {
  console.error(USAGE);
  process.exit(2);
}
// Local unless a table is named (the cloud: TABLE_NAME from the stack outputs, with AWS credentials).
if (!process.env.TABLE_NAME) {
  process.env.DYNAMO_ENDPOINT ??= `http://127.0.0.1:${process.env.DYNAMO_PORT ?? 8765}`;
  process.env.AWS_REGION ??= "cn-north-1";
  process.env.AWS_ACCESS_KEY_ID ??= "local";
  process.env.AWS_SECRET_ACCESS_KEY ??= "local";
  resetConfig();
}

const { runDepartmentScopeMigration } = await import("../jobs/migrate-department-scope");
try {
  const results = await runDepartmentScopeMigration({
    tenants: values.tenant,
    pageSize,
    onBatch: (t, b) => b.changed && console.log(`${t} ${b.entity}: 补全 ${b.changed} 条 / completed ${b.changed} (audit #${b.auditSeq})`),
  });
  const changed = results.reduce((s, r) => s + r.changed, 0);
  const scanned = results.reduce((s, r) => s + r.scanned, 0);
  console.log(`完成：${results.length} 个租户，读取 ${scanned} 条，补全 ${changed} 条，审计事件 ${results.reduce((s, r) => s + r.events, 0)} 条`);
  console.log(`Done: ${results.length} tenants, ${scanned} records read, ${changed} completed, ${results.reduce((s, r) => s + r.events, 0)} audit events`);
} catch (err) {
  console.error(`迁移中断，可重新运行以从断点继续 / migration stopped; run again to resume: ${(err as Error).message}`);
  process.exit(1);
}
