import { resetConfig } from "@supervision/core/config";
import { commandLine, fail } from "./shared";

/** `npm run recognition:index [-- --json] [--cloud]`
 * Backfills the recognition registry's per-entity index (recognition/many.ts:
 * what a draw's batch check reads) for results recorded before the index
 * existed. It scans the table for the registry's partitions page by page and
 * rewrites each entity's index from its records; the records themselves (and
 * their audit events) are untouched, and a second run changes nothing.
 * Runs against the local DynamoDB of `npm start` by default, or with
 * `--cloud` the table in TABLE_NAME with the environment's AWS credentials.
 * Exit 0 done, 2 bad usage, 3 could not run. */
const USAGE = `用法 / usage:
  npm run recognition:index -- [--json] [--cloud]

  环境变量 / environment:
    DYNAMO_ENDPOINT   本地 DynamoDB 地址 / local DynamoDB (default http://127.0.0.1:$DYNAMO_PORT, port 8765)
    TABLE_NAME        表名 / table (default supervision); with --cloud, AWS credentials as usual`;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { values } = commandLine(USAGE, { json: { type: "boolean" }, cloud: { type: "boolean" } }, (args) => args.length === 0);
if (!values.cloud && !process.env.DYNAMO_ENDPOINT) {
  process.env.DYNAMO_ENDPOINT = `http://127.0.0.1:${process.env.DYNAMO_PORT ?? 8765}`;
  resetConfig();
}

const { withContext } = await import("@supervision/core/context");
const { Recognition } = await import("@supervision/core/recognition/index");
const { PROVINCE_ID } = await import("@supervision/core/tenant/index");

try {
  const result = await withContext({ actor: { type: "system", reason: "recognition index backfill" }, tenantId: PROVINCE_ID, requestId: "cli-recognition-index", locale: "zh-CN" }, async () => {
    const seen = new Set<string>();
    let windows = 0;
    for await (const codes of Recognition.registryEntities(Recognition.registryPrefix())) {
      for (const code of codes) {
        if (seen.has(code)) continue;
        seen.add(code);
        windows += await Recognition.reindex(code);
      }
    }
    return { entities: seen.size, windows };
  });
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else console.log(`互认登记索引已重建：${result.entities} 个主体，${result.windows} 条结果\nrecognition index rebuilt: ${result.entities} entities, ${result.windows} results`);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  fail(`无法重建互认索引：${message}（本地系统是否已用 npm start 启动？）`, `could not rebuild the recognition index: ${message} (is npm start running?)`);
}
process.exit(0);
