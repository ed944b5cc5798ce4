// The client side of api.get-by-id, in its own process (forked with IPC): the
// server's event loop never waits on the client's, as with a browser.
// Times an authenticated GET through the API and a raw GetItem of the same
// item, interleaved in alternating batches so drift hits both alike.
import { Agent, request } from "node:http";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { interleave } from "./interleave.mjs";

const workerData = await new Promise((resolve) => process.once("message", resolve));
const { apiUrl, healthUrl, token, endpoint, region, tableName, key, warmup, samples, batchSize } = workerData;
const raw = new DynamoDBClient({ endpoint, region, credentials: { accessKeyId: "local", secretAccessKey: "local" } });
const headers = { authorization: `Bearer ${token}` };
// node:http with a keep-alive agent, like the SDK's own handler uses for
// the raw GetItem: the client's cost should weigh the same on both sides.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function get(url, hdrs = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: hdrs }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const series = {
  api: async () => {
    const res = await get(apiUrl, headers);
    if (res.status !== 200) throw new Error(`API returned ${res.status} during sampling`);
  },
  raw: async () => {
    const res = await raw.send(new GetItemCommand({ TableName: tableName, Key: key }));
    if (!res.Item) throw new Error("raw GetItem returned no item during sampling");
  },
  // The HTTP + Hono floor, without auth or DynamoDB.
  health: async () => {
    const res = await get(healthUrl);
    if (res.status !== 200) throw new Error(`health returned ${res.status}`);
  },
};

try {
  await interleave(series, warmup, batchSize);
  process.send({ ok: true, samples: await interleave(series, samples, batchSize) });
} catch (err) {
  process.send({ ok: false, error: String(err?.stack ?? err) });
} finally {
  raw.destroy();
  agent.destroy();
  process.disconnect();
}
