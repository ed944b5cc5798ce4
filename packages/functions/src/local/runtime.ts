import { existsSync } from "node:fs";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import { resetConfig } from "@supervision/core/config";
import { resetDynamo } from "@supervision/core/dynamo/client";
import { resetSqs } from "@supervision/core/queue/sqs";
import { QueueNames } from "@supervision/core/queue/definitions";
import { Hono } from "hono";
import { staticFiles } from "./static";
import { ensureQueues, ensureTable, LOCAL_REGION, startDynamoLocal, startLocalSqs, freePort, type DynamoLocal, type LocalSqs } from "./services";

/** The whole system on one machine: DynamoDB Local, fauxqs, the API (the very
 * Hono app the Lambda wraps), the built-in issuer, the portal, the queue
 * consumers (the very handlers the Lambdas export) and the outbox sweeper. */
export interface RuntimeOptions {
  port?: number;
  /** Keep DynamoDB data here; in memory when unset. */
  dataDir?: string;
  dynamoPort?: number;
  sqsPort?: number;
  tableName?: string;
  /** Serve this folder as the portal (packages/web/dist). */
  webDir?: string;
  seed?: boolean;
  demo?: boolean;
  /** Shorten retries of failed messages (tests). */
  retryDelaySeconds?: number;
  sweepIntervalMs?: number;
  /** How often the assistance escalator runs (default one minute). */
  escalatorIntervalMs?: number;
  visibilityTimeoutSeconds?: number;
  /** Run the queue consumers and the sweeper (default true). */
  consumers?: boolean;
  /** Use an external issuer instead of the built-in one. */
  oidcIssuer?: string;
  log?: (line: string) => void;
}

export interface Runtime {
  url: string;
  /** The credit platform's local stand-in (what was sent to it). */
  creditPlatform: import("./credit-platform-standin").CreditPlatformStandin;
  apiUrl: string;
  issuerUrl: string;
  dynamo: DynamoLocal;
  sqs: LocalSqs;
  queueUrls: Record<string, string>;
  issuer: import("./issuer").Issuer | undefined;
  stop(): Promise<void>;
}

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  // What has started so far, stopped again if a later step fails.
  const started: (() => Promise<unknown>)[] = [];
  try {
    return await boot(options, started);
  } catch (err) {
    for (const stop of started.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}

async function boot(options: RuntimeOptions, started: (() => Promise<unknown>)[]): Promise<Runtime> {
  const log = options.log ?? (() => undefined);
  const port = options.port ?? (await freePort());
  const dynamo = await startDynamoLocal({ port: options.dynamoPort, dataDir: options.dataDir ? join(options.dataDir, "dynamodb") : undefined });
  started.push(() => dynamo.stop());
  log(`DynamoDB Local  ${dynamo.endpoint}`);
  const sqs = await startLocalSqs({ port: options.sqsPort, dataDir: options.dataDir });
  started.push(() => sqs.stop());
  log(`SQS (fauxqs)    ${sqs.endpoint}`);
  const tableName = options.tableName ?? "supervision";
  await ensureTable(dynamo.endpoint, tableName);
  const queueUrls = await ensureQueues(sqs.endpoint, { visibilityTimeoutSeconds: options.visibilityTimeoutSeconds });
  const url = `http://127.0.0.1:${port}`;
  const issuerUrl = options.oidcIssuer ?? `${url}/oidc`;

  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_REGION: LOCAL_REGION,
    DYNAMO_ENDPOINT: dynamo.endpoint,
    SQS_ENDPOINT: sqs.endpoint,
    QUEUE_URLS: JSON.stringify(queueUrls),
    OIDC_ISSUER: issuerUrl,
    // The province's credit platform: the local stand-in below unless configured.
    CREDIT_PLATFORM_URL: process.env.CREDIT_PLATFORM_URL ?? `${url}/standin/credit-platform/messages`,
    CREDIT_PLATFORM_SECRET: process.env.CREDIT_PLATFORM_SECRET ?? "local-credit-platform-secret",
  });
  resetConfig();
  (await import("@supervision/core/dishonesty/platform")).resetPlatformConfig();
  resetDynamo();
  resetSqs();

  // Imported only now: core reads its configuration when first used.
  const { app } = await import("../api/app");
  const { createIssuer } = await import("./issuer");
  const { startPoller } = await import("./poller");
  const { Outbox } = await import("@supervision/core/outbox/index");
  const { withContext } = await import("@supervision/core/context");
  const consumers = {
    "catalogue-sync": (await import("../consumers/catalogue-sync")).handler,
    assistance: (await import("../consumers/assistance")).handler,
    recognition: (await import("../consumers/recognition")).handler,
    "credit-platform": (await import("../consumers/credit-platform")).handler,
  };

  const issuer = options.oidcIssuer
    ? undefined
    : await createIssuer({ issuer: issuerUrl, audience: process.env.OIDC_AUDIENCE ?? "supervision", keyFile: options.dataDir ? join(options.dataDir, "issuer-keys.json") : undefined });


  const root = new Hono();
  root.route("/", app);
  // 信用中国（福建）'s local stand-in: receives what the credit-platform queue delivers, shows it at /standin/credit-platform/.
  const { createCreditPlatformStandin } = await import("./credit-platform-standin");
  const creditPlatform = createCreditPlatformStandin({ secret: process.env.CREDIT_PLATFORM_SECRET!, file: options.dataDir ? join(options.dataDir, "credit-platform-standin.json") : undefined });
  root.route("/standin/credit-platform", creditPlatform.app);
  if (issuer) root.route("/oidc", issuer.app);
  if (options.webDir && existsSync(options.webDir)) {
    // Compressed and cached as CloudFront serves it (static.ts).
    root.get("*", staticFiles(options.webDir));
  }

  const server: ServerType = await new Promise((resolveServer) => {
    const s = serve({ fetch: root.fetch, port, hostname: "127.0.0.1" }, () => resolveServer(s));
  });
  started.push(() => new Promise<void>((r) => server.close(() => r())));

  const runConsumers = options.consumers !== false;
  const system = { actor: { type: "system" as const, reason: "outbox sweeper" }, requestId: "sweeper", locale: "zh-CN" as const };
  // After a restart the emulator's queues are empty: resend every unconsumed message.
  if (runConsumers) {
    const first = await withContext(system, () => Outbox.sweep({ all: true }));
    if (first.sent) log(`Outbox          resent ${first.sent} unconsumed message(s)`);
  }
  // Seeded after that resend, so what seeding sends is not sent twice.
  if (options.seed !== false) {
    const { seed } = await import("./seed");
    const result = await seed({ demo: options.demo, log });
    log(`Seed            ${result.departmentsCreated} departments created${result.demoNotice ? ", demo notice sent" : ""}`);
  }
  let sweeping = runConsumers;
  // The pause between sweeps ends at once when the runtime stops.
  let wake = () => {};
  const sweeper = (async () => {
    while (sweeping) {
      await new Promise<void>((r) => {
        const timer = setTimeout(r, options.sweepIntervalMs ?? 5000);
        wake = () => {
          clearTimeout(timer);
          r();
        };
      });
      if (!sweeping) break;
      await withContext(system, () => Outbox.sweep()).catch((err) => log(`sweeper: ${err}`));
    }
  })();
  // The assistance escalator (a Cron every 15 minutes in the cloud): here every minute, so demo time moves visibly.
  const { runEscalator } = await import("../jobs/assistance-escalator");
  const { runDishonestyExpiry } = await import("../jobs/dishonesty-expiry");
  const { runDisclosureExpiry } = await import("../jobs/disclosure-expiry");
  let wakeEscalator = () => {};
  const escalatorLoop = (async () => {
    while (sweeping) {
      await new Promise<void>((r) => {
        const timer = setTimeout(r, options.escalatorIntervalMs ?? 60_000);
        wakeEscalator = () => {
          clearTimeout(timer);
          r();
        };
      });
      if (!sweeping) break;
      const result = await runEscalator().catch((err) => ({ escalated: 0, failures: [String(err)] }));
      // Listings whose publication window ended (dishonesty/): removed, and the credit platform told.
      const expiry = await runDishonestyExpiry().catch((err) => ({ expired: 0, failures: [String(err)] }));
      if (expiry.expired) log(`Dishonesty      ${expiry.expired} listing(s) removed on expiry`);
      for (const f of expiry.failures) log(`dishonesty expiry: ${f}`);
      // 一公开: published records whose window ended leave the public pages (disclosure/).
      const disclosed = await runDisclosureExpiry().catch((err) => ({ expired: 0, failures: [String(err)] }));
      if (disclosed.expired) log(`Disclosure      ${disclosed.expired} record(s) left the public pages`);
      for (const f of disclosed.failures) log(`disclosure expiry: ${f}`);
      if (result.escalated) log(`Escalator       ${result.escalated} overdue request(s) escalated`);
      for (const f of result.failures) log(`escalator: ${f}`);
    }
  })();
  const pollers = (runConsumers ? QueueNames : []).map((q) => startPoller(q, consumers[q], { retryDelaySeconds: options.retryDelaySeconds }));

  let stopped = false;
  return {
    url,
    apiUrl: `${url}/api`,
    issuerUrl,
    dynamo,
    sqs,
    queueUrls,
    issuer,
    creditPlatform,
    async stop() {
      if (stopped) return;
      stopped = true;
      sweeping = false;
      wake();
      wakeEscalator();
      await Promise.all(pollers.map((p) => p.stop()));
      await sweeper;
      await escalatorLoop;
      await new Promise<void>((r) => server.close(() => r()));
      await sqs.stop();
      await dynamo.stop();
    },
  };
}

