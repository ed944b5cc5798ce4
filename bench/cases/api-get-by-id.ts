/**
 * api.get-by-id — an authenticated GET /api/tenant/departments/{id} over real
 * HTTP through the full local stack (HTTP → Hono → JWT auth with jose →
 * ElectroDB → DynamoDB Local), against a raw SDK GetItem of the same item on
 * the same DynamoDB Local, measured in the same run with interleaved batches.
 *
 * The API runs in this process, exactly as under `npm start`.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, ScanCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { startRuntime, type Runtime } from "../../packages/functions/src/local/runtime";
import { LOCAL_REGION } from "../../packages/functions/src/local/services";
import { interleave } from "../lib/interleave.mjs";
import { round, summarize, type Summary } from "../lib/stats";
import { defineCase, type Row } from "../lib/types";

const CASE = "api.get-by-id";
const TARGET_RATIO = 1.5;
const USERNAME = "gulou-officer";
const PASSWORD = "demo123";

type Sampler = () => Promise<void>;

export default defineCase({
  name: CASE,
  description: "GET /api/tenant/departments/{id} over HTTP vs raw GetItem of the same item",
  async run(ctx) {
    const samplesPerSeries = ctx.quick ? 150 : 600;
    const warmupPerSeries = ctx.quick ? 50 : 200;
    const batchSize = 20;

    ctx.log("starting the local runtime (DynamoDB Local, fauxqs, API, issuer) and seeding…");
    const t0 = performance.now();
    // The request path only: no queue consumers or outbox sweeper running in
    // the background (the sweeper queries all 94 tenants every few seconds on
    // the same DynamoDB Local and would disturb both series).
    const rt: Runtime = await startRuntime({ seed: true, consumers: false, log: (l) => ctx.log(l) });
    // On Ctrl-C only the Java child outlives us; everything else is in this process.
    const unregister = ctx.onAbort(() => rt.dynamo.stop());
    const startupMs = performance.now() - t0;
    const raw = new DynamoDBClient({
      endpoint: rt.dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    try {
      ctx.log(`runtime up in ${(startupMs / 1000).toFixed(1)} s at ${rt.url}`);

      // A real token from the built-in issuer, as the portal gets one.
      const tokenRes = await fetch(`${rt.issuerUrl}/token`, {
        method: "POST",
        body: new URLSearchParams({ grant_type: "password", username: USERNAME, password: PASSWORD }),
      });
      if (!tokenRes.ok) throw new Error(`token request failed: ${tokenRes.status} ${await tokenRes.text()}`);
      const token = ((await tokenRes.json()) as { access_token: string }).access_token;
      const claims = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as { tenant_id: string; department_id?: string };
      const tenantId = claims.tenant_id;
      const departmentId = claims.department_id;
      if (!departmentId) throw new Error(`${USERNAME}'s token carries no department_id`);

      // The exact key ElectroDB wrote: find the item by scanning once.
      const tableName = process.env.TABLE_NAME!;
      const table = await raw.send(new DescribeTableCommand({ TableName: tableName }));
      const keyNames = (table.Table?.KeySchema ?? []).map((k) => k.AttributeName!);
      const item = await scanFor(raw, tableName, tenantId, departmentId);
      if (!item) throw new Error(`department ${departmentId} of tenant ${tenantId} not found in ${tableName} (seed: true?)`);
      const Key: Record<string, AttributeValue> = Object.fromEntries(keyNames.map((k) => [k, item[k]!]));
      const keyText = Object.fromEntries(keyNames.map((k) => [k, Key[k]?.S ?? JSON.stringify(Key[k])]));
      ctx.log(`item key as stored: ${JSON.stringify(keyText)}`);

      // Cross-check with the key ElectroDB asks for on a get.
      const { DepartmentEntity } = await import("../../packages/core/src/department/department.entity");
      const electroParams = DepartmentEntity.get({ tenantId, id: departmentId }).params() as { Key?: Record<string, unknown> };
      const keyMatchesElectro = JSON.stringify(electroParams.Key) === JSON.stringify(keyText);
      if (!keyMatchesElectro) ctx.log(`⚠ ElectroDB's get key ${JSON.stringify(electroParams.Key)} differs from the stored key`);

      const apiUrl = `${rt.apiUrl}/tenant/departments/${encodeURIComponent(departmentId)}`;
      const healthUrl = `${rt.apiUrl}/health`;
      const headers = { authorization: `Bearer ${token}` };

      // Check both paths return the item before timing anything.
      const check = await fetch(apiUrl, { headers });
      const body = (await check.json()) as { id?: string };
      if (check.status !== 200 || body.id !== departmentId) throw new Error(`API returned ${check.status}: ${JSON.stringify(body)}`);
      const rawCheck = await raw.send(new GetItemCommand({ TableName: tableName, Key }));
      if (rawCheck.Item?.id?.S !== departmentId) throw new Error(`raw GetItem did not return ${departmentId}`);

      // Context series to show where the time goes (same item, same run):
      // in-process app.request = the API without the HTTP hop; electro = ElectroDB alone.
      const { app } = await import("../../packages/functions/src/api/app");
      const apiPath = `/api/tenant/departments/${encodeURIComponent(departmentId)}`;
      // The client (API calls and raw GetItems) runs on its own thread; the
      // server-side context series (in-process app, ElectroDB alone) run here after.
      ctx.log(`sampling from a client process (${warmupPerSeries} warm-up, ${samplesPerSeries} each, interleaved in batches of ${batchSize})…`);
      const client = await runClientWorker({
        apiUrl,
        healthUrl,
        token,
        endpoint: rt.dynamo.endpoint,
        region: LOCAL_REGION,
        tableName,
        key: Key,
        warmup: warmupPerSeries,
        samples: samplesPerSeries,
        batchSize,
      });
      const context: Record<"inProcess" | "electro", Sampler> = {
        inProcess: async () => {
          const res = await app.request(apiPath, { headers });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`in-process API returned ${res.status} during sampling`);
        },
        electro: async () => {
          const res = await DepartmentEntity.get({ tenantId, id: departmentId }).go();
          if (!res.data) throw new Error("ElectroDB get returned no item during sampling");
        },
      };
      await interleave(context, warmupPerSeries, batchSize);
      const samples = { ...client, ...(await interleave(context, samplesPerSeries, batchSize)) };

      const api = summarize(samples.api);
      const rawStats = summarize(samples.raw);
      const health = summarize(samples.health);
      const inProcess = summarize(samples.inProcess);
      const electro = summarize(samples.electro);
      const ratio = api.median / rawStats.median;
      ctx.log(`api median ${api.median.toFixed(3)} ms, raw median ${rawStats.median.toFixed(3)} ms → ${ratio.toFixed(2)}×`);

      const rows: Row[] = [
        {
          case: CASE,
          metric: "median latency",
          value: api.median,
          unit: "ms",
          baseline: rawStats.median,
          ratio,
          target: `ratio ≤ ${TARGET_RATIO}`,
          pass: ratio <= TARGET_RATIO,
          ...(keyMatchesElectro ? {} : { note: "ElectroDB's get key differs from the stored key; see results.json" }),
        },
        { case: CASE, metric: "p95 latency", value: api.p95, unit: "ms", baseline: rawStats.p95, ratio: api.p95 / rawStats.p95 },
        // Context only: where the time goes.
        { case: CASE, metric: "median, in-process app.request (no HTTP)", value: inProcess.median, unit: "ms", baseline: rawStats.median, ratio: inProcess.median / rawStats.median },
        { case: CASE, metric: "median, ElectroDB get alone", value: electro.median, unit: "ms", baseline: rawStats.median, ratio: electro.median / rawStats.median },
        { case: CASE, metric: "median, GET /api/health over HTTP", value: health.median, unit: "ms" },
      ];
      return {
        rows,
        details: {
          baseline: "raw @aws-sdk/client-dynamodb GetItemCommand (own client), same DynamoDB Local, same key",
          client: "API calls and raw GetItems are timed from a separate Node process (bench/lib/client-worker.mjs, node:http with keep-alive), so the server's event loop never waits on the client",
          note: "breakdownMs differences of medians are approximate (medians do not subtract exactly)",
          request: `GET /api/tenant/departments/${departmentId} as ${USERNAME} (tenant ${tenantId})`,
          key: keyText,
          electroGetKey: electroParams.Key,
          keyMatchesElectro,
          samplesPerSeries,
          warmupPerSeries,
          batchSize,
          runtimeStartupMs: Math.round(startupMs),
          api: rounded(api),
          raw: rounded(rawStats),
          inProcess: rounded(inProcess),
          electro: rounded(electro),
          health: rounded(health),
          breakdownMs: {
            dynamoGetItem: round(rawStats.median),
            electroDbOverRaw: round(electro.median - rawStats.median),
            appPipelineOverElectro: round(inProcess.median - electro.median),
            httpHopOverInProcess: round(api.median - inProcess.median),
          },
        },
      };
    } finally {
      unregister();
      raw.destroy();
      ctx.log("stopping the runtime…");
      await rt.stop();
    }
  },
});

function runClientWorker(data: Record<string, unknown>): Promise<Record<"api" | "raw" | "health", number[]>> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("../lib/client-worker.mjs", import.meta.url)), [], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    });
    child.once("message", (m) => {
      const msg = m as { ok: boolean; samples?: Record<"api" | "raw" | "health", number[]>; error?: string };
      if (msg.ok && msg.samples) resolve(msg.samples);
      else reject(new Error(`client process failed: ${msg.error}`));
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (code) reject(new Error(`client process exited with ${code}`));
    });
    child.send(data);
  });
}

async function scanFor(client: DynamoDBClient, tableName: string, tenantId: string, id: string) {
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "#id = :id AND #tenant = :tenant",
        ExpressionAttributeNames: { "#id": "id", "#tenant": "tenantId" },
        ExpressionAttributeValues: { ":id": { S: id }, ":tenant": { S: tenantId } },
        ExclusiveStartKey,
      }),
    );
    const found = page.Items?.[0];
    if (found) return found;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return undefined;
}

function rounded(s: Summary) {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === "n" ? v : Math.round(v * 1000) / 1000]));
}
