import { resolve } from "node:path";
import { parseEnv } from "@supervision/core/util/env";
import * as z from "zod";
import { checkJava, JavaMissingError } from "./services";
import { DEMO_PASSWORD, DemoAccounts, DemoClients } from "./demo-accounts";

/** `npm start`: the whole system on this machine, with demo data and sign-in. */
const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default(".local-data"),
  DYNAMO_PORT: z.coerce.number().int().min(1).max(65535).default(8765),
  SQS_PORT: z.coerce.number().int().min(1).max(65535).default(9324),
  OIDC_ISSUER: z.url().optional(),
  OIDC_AUDIENCE: z.string().min(1).default("supervision"),
});

let env: z.output<typeof Env>;
try {
  env = parseEnv("配置错误 / invalid configuration", Env);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
process.env.OIDC_AUDIENCE = env.OIDC_AUDIENCE;
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";

// DynamoDB Local needs Java 17+: say so at once, before anything else starts.
try {
  checkJava();
} catch (err) {
  if (err instanceof JavaMissingError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

// Build the portal when it is missing or older than its sources.
{
  const { existsSync, statSync, readdirSync } = await import("node:fs");
  const { spawnSync } = await import("node:child_process");
  const index = resolve("packages/web/dist/index.html");
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((m, e) => Math.max(m, e.isDirectory() ? newest(resolve(dir, e.name)) : statSync(resolve(dir, e.name)).mtimeMs), 0);
  if (!existsSync(index) || newest(resolve("packages/web/src")) > statSync(index).mtimeMs) {
    console.log("  正在构建门户 / building the portal…");
    const res = spawnSync("npm", ["run", "build", "-w", "packages/web"], { stdio: "inherit" });
    if (res.status !== 0) process.exit(res.status ?? 1);
  }
}

const { startRuntime } = await import("./runtime");
const runtime = await startRuntime({
    port: env.PORT,
    dataDir: resolve(env.DATA_DIR),
    dynamoPort: env.DYNAMO_PORT,
    sqsPort: env.SQS_PORT,
    oidcIssuer: env.OIDC_ISSUER,
    webDir: resolve("packages/web/dist"),
    seed: true,
    demo: true,
    log: (line) => console.log("  " + line),
  });

console.log(`
跨部门综合监管平台（本地模式） / Supervision platform, local mode

  门户 Portal     ${runtime.url}/
  API             ${runtime.apiUrl}   (文档 docs: ${runtime.apiUrl}/docs)
  OIDC issuer     ${runtime.issuerUrl}
  信用中国替身    ${runtime.url}/standin/credit-platform/   (credit platform stand-in: what was sent)
  数据 Data       ${resolve(env.DATA_DIR)}

演示账号 Demo accounts (密码 password: ${DEMO_PASSWORD})
${DemoAccounts.map((a) => `  ${a.username.padEnd(18)} ${a.role.padEnd(15)} ${a.tenantId}  ${a.name}`).join("\n")}
机器凭据 Machine client (client_credentials): ${DemoClients.map((c) => `${c.clientId} / ${c.secret}`).join(", ")}

按 Ctrl-C 停止 / Ctrl-C stops everything.
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\n正在停止… / stopping…");
    await runtime.stop();
    process.exit(0);
  });
}
