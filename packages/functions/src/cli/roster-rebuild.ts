import { resetConfig } from "@supervision/core/config";
import { commandLine, fail, progressBar } from "./shared";

/** `npm run business:roster-rebuild -- <tenant> [--json] [--cloud]`
 * Repairs a tenant's per-grade roster (the draws' candidate list) from its
 * business records after a crash between an import's record writes and its
 * roster update: reads the records page by page, writes only the roster items
 * that differ, and records one audit event. Safe to run again: a second run
 * changes nothing. Runs against DynamoDB directly (an operator's tool, like
 * `npm run dlq`): the local one of `npm start` by default, or with `--cloud`
 * the table in TABLE_NAME with the AWS credentials of the environment.
 * Exit 0 done, 2 bad usage, 3 could not run. */
const USAGE = `用法 / usage:
  npm run business:roster-rebuild -- <行政区划代码 tenant, e.g. 350102> [--json] [--cloud]

  环境变量 / environment:
    DYNAMO_ENDPOINT   本地 DynamoDB 地址 / local DynamoDB (default http://127.0.0.1:$DYNAMO_PORT, port 8765)
    TABLE_NAME        表名 / table (default supervision); with --cloud, AWS credentials as usual`;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { positionals, values } = commandLine(USAGE, { json: { type: "boolean" }, cloud: { type: "boolean" } }, (args) => args.length === 1 && /^\d{6}$/.test(args[0]!));
const tenantId = positionals[0]!;
if (!values.cloud && !process.env.DYNAMO_ENDPOINT) {
  process.env.DYNAMO_ENDPOINT = `http://127.0.0.1:${process.env.DYNAMO_PORT ?? 8765}`;
  resetConfig();
}

const { withContext } = await import("@supervision/core/context");
const { Tenant } = await import("@supervision/core/tenant/index");
const { Business } = await import("@supervision/core/business/index");
if (!Tenant.exists(tenantId)) fail(`没有行政区划 ${tenantId}`, `no tenant ${tenantId}`, 2);

const bar = values.json ? undefined : progressBar("读取名录 reading records |{bar}| {value}/{total} 户 businesses");
try {
  const result = await withContext({ actor: { type: "system", reason: "roster rebuild command" }, tenantId, requestId: "cli-roster-rebuild", locale: "zh-CN" }, async () => {
    const counts = await Business.count();
    bar?.start(Math.max(1, Object.values(counts).reduce((a, b) => a + b, 0)), 0);
    return Business.rebuildRoster((read) => {
      if (bar && read > bar.getTotal()) bar.setTotal(read);
      bar?.update(read);
    });
  });
  bar?.stop();
  if (values.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    const per = (["A", "B", "C", "D"] as const).map((g) => `${g} ${result.grades[g].records}（+${result.grades[g].added} −${result.grades[g].removed}）`).join("，");
    console.log(
      `分级名单已按名录重建 ${tenantId}：${per}\n` +
        `rosters rebuilt from the records for ${tenantId}: ${result.added} added, ${result.removed} removed${result.added + result.removed === 0 ? " (already in step)" : ""}\n` +
        `审计事件 / audit event: ${result.auditId ?? "-"} · Merkle 根 / root: ${result.movesRoot}`,
    );
  }
} catch (err) {
  bar?.stop();
  const message = err instanceof Error ? err.message : String(err);
  fail(`无法重建分级名单：${message}（本地系统是否已用 npm start 启动？）`, `could not rebuild the rosters: ${message} (is npm start running?)`);
}
process.exit(0);
