import { resetConfig } from "@supervision/core/config";
import { commandLine, fail } from "../cli/shared";

/** `npm run risk:rescore -- [--tenant 350102 …] [--json] [--cloud]`
 * The nightly re-score of the risk ranking (jobs/risk-rescore.ts), run now:
 * every tenant (or the ones named), resuming today's run where it stopped; a
 * tenant already done today is skipped. Against DynamoDB directly: the local
 * one of `npm start` by default, or with `--cloud` the table in TABLE_NAME
 * with the AWS credentials of the environment. Exit 0 done, 2 bad usage,
 * 3 could not run or a tenant failed. */
const USAGE = `用法 / usage:
  npm run risk:rescore -- [--tenant <行政区划代码 tenant, e.g. 350102> …] [--json] [--cloud]

  环境变量 / environment:
    DYNAMO_ENDPOINT   本地 DynamoDB 地址 / local DynamoDB (default http://127.0.0.1:$DYNAMO_PORT, port 8765)
    TABLE_NAME        表名 / table (default supervision); with --cloud, AWS credentials as usual`;

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const { values } = commandLine(
  USAGE,
  { tenant: { type: "string", multiple: true }, json: { type: "boolean" }, cloud: { type: "boolean" } },
  (args, v) => args.length === 0 && (v.tenant ?? []).every((t) => /^\d{6}$/.test(String(t))),
);
if (!values.cloud && !process.env.DYNAMO_ENDPOINT) {
  process.env.DYNAMO_ENDPOINT = `http://127.0.0.1:${process.env.DYNAMO_PORT ?? 8765}`;
  resetConfig();
}
const { Tenant } = await import("@supervision/core/tenant/index");
const { runRiskRescore } = await import("./risk-rescore");
const tenants = values.tenant?.map(String);
for (const t of tenants ?? []) if (!Tenant.exists(t)) fail(`没有行政区划 ${t}`, `no tenant ${t}`, 2);

try {
  const result = await runRiskRescore({ ...(tenants ? { tenants } : {}) });
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(
      `风险排名已重新评分：${result.finished}/${result.tenants} 个地区完成，评分 ${result.scored} 户，其中 ${result.changed} 户分数或理由有变化\n` +
        `risk ranking re-scored: ${result.finished}/${result.tenants} tenants done, ${result.scored} businesses scored, ${result.changed} changed`,
    );
    for (const f of result.failures) console.error(`失败 / failed: ${f}`);
  }
  process.exit(result.failures.length ? 3 : 0);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  fail(`无法重新评分：${message}（本地系统是否已用 npm start 启动？）`, `could not re-score: ${message} (is npm start running?)`);
}
