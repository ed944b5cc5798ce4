import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { maybeContext } from "../../packages/core/src/context";
import { currentFunction, type FunctionKind } from "../../packages/core/src/dynamo/function-kind";
import { observeSdk, type SdkRequest } from "../../packages/core/src/dynamo/observe";
import { TableDefinition } from "../../packages/core/src/dynamo/table";

/**
 * The IAM and partition recorder. Installed in every test file's worker
 * (tests/setup/env.ts), it watches every DynamoDB and SQS request core makes
 * during the whole suite and writes, per test file, what it saw to the run's
 * record directory: which function issued which action on which table, index
 * or queue, for which acting tenant, on which partition. The recorders
 * project (tests/security/*.recorded.test.ts) runs after every other test
 * file and checks it all against the synthesized stacks.
 */

export interface Seen {
  /** The function whose IAM policy answers for the request (undefined: test code acting outside any function). */
  fn?: FunctionKind;
  /** The acting tenant of the unit of work, if any. */
  tenant?: string;
  /** Whose credentials signed it here (always the function's own locally). */
  credentials: "tenant" | "function";
  /** IAM action, e.g. `dynamodb:PutItem`, `sqs:SendMessage`. */
  action: string;
  /** `table`, `index/<name>`, or `queue/<name>`. */
  resource: string;
  /** The partition key value the request touches (DynamoDB), if it names one. */
  pk?: string;
  /** Where it was seen (test file). */
  file: string;
  count: number;
}

const PARTITION_KEYS: Record<string, string> = {
  table: TableDefinition.partitionKey,
  ...Object.fromEntries(Object.entries(TableDefinition.globalIndexes).map(([name, g]) => [`index/${name}`, g.partitionKey])),
};

/** `{ S: "x" }` (low-level form) or `"x"`. */
function plain(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (v && typeof v === "object" && typeof (v as { S?: unknown }).S === "string") return (v as { S: string }).S;
  return undefined;
}

type Op = { action: string; resource: string; pk?: string };

/** The partition key value of a Query's key condition (`#pk = :pk`). */
function queryPartition(input: Record<string, unknown>, resource: string): string | undefined {
  const attr = PARTITION_KEYS[resource];
  const expr = String(input.KeyConditionExpression ?? "");
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  for (const m of expr.matchAll(/([#\w]+)\s*=\s*(:[\w]+)/g)) {
    const name = m[1]!.startsWith("#") ? names[m[1]!] : m[1];
    if (name === attr) return plain(values[m[2]!]);
  }
  return undefined;
}

const pkOf = (item: unknown) => plain((item as Record<string, unknown> | undefined)?.[TableDefinition.partitionKey]);

/** What IAM authorises for one SDK request: one action per item of a transaction. */
export function operations(request: Pick<SdkRequest, "service" | "command" | "input">, queueNames: Record<string, string> = {}): Op[] {
  const name = request.command.replace(/Command$/, "");
  const input = request.input;
  if (request.service === "sqs") {
    // A batch is authorised as its single action.
    const action = `sqs:${name.replace(/Batch$/, "")}`;
    const url = String(input.QueueUrl ?? "");
    return [{ action, resource: `queue/${queueNames[url] ?? url.split("/").pop()}` }];
  }
  switch (name) {
    case "GetItem":
    case "PutItem":
    case "UpdateItem":
    case "DeleteItem":
      return [{ action: `dynamodb:${name}`, resource: "table", pk: pkOf(input.Key ?? input.Item) }];
    case "Query": {
      const resource = input.IndexName ? `index/${String(input.IndexName)}` : "table";
      return [{ action: "dynamodb:Query", resource, pk: queryPartition(input, resource) }];
    }
    case "TransactWriteItems":
      return ((input.TransactItems ?? []) as Record<string, { Key?: unknown; Item?: unknown }>[]).map((item) => {
        const [kind, op] = Object.entries(item)[0]!;
        const action = { Put: "PutItem", Update: "UpdateItem", Delete: "DeleteItem", ConditionCheck: "ConditionCheckItem" }[kind] ?? kind;
        return { action: `dynamodb:${action}`, resource: "table", pk: pkOf(op.Key ?? op.Item) };
      });
    case "TransactGetItems":
      return ((input.TransactItems ?? []) as { Get: { Key: unknown } }[]).map((i) => ({ action: "dynamodb:GetItem", resource: "table", pk: pkOf(i.Get.Key) }));
    case "BatchWriteItem":
      return Object.values((input.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }[]>)
        .flat()
        .map((r) => ({ action: "dynamodb:BatchWriteItem", resource: "table", pk: pkOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key) }));
    case "BatchGetItem":
      return Object.values((input.RequestItems ?? {}) as Record<string, { Keys: unknown[] }>)
        .flatMap((r) => r.Keys)
        .map((k) => ({ action: "dynamodb:BatchGetItem", resource: "table", pk: pkOf(k) }));
    default:
      // Scan, DescribeTable, …: named as they are; a Scan names no partition.
      return [{ action: `dynamodb:${name}`, resource: "table" }];
  }
}

/** The function a request runs in: the entry point's mark, else the actor
 * (only the API acts for a signed-in user or a machine client). */
export function actingFunction(): FunctionKind | undefined {
  const marked = currentFunction();
  if (marked) return marked;
  const actor = maybeContext()?.actor;
  return actor && actor.type !== "system" ? "api" : undefined;
}

/** Partition keys are summarised: the acting tenant's own ones by their kind
 * (`<tenant>#assist#inbox`), others kept whole so a failure names them. */
function shape(pk: string | undefined, tenant: string | undefined): string | undefined {
  if (!pk) return pk;
  return pk.replace(/#(?:[0-9A-Z]{26}|[a-z]+_[0-9A-Za-z]{10,})(?=#|$)/g, "#<id>");
}

export function installRecorder(dir: string, file: () => string) {
  mkdirSync(dir, { recursive: true });
  const seen = new Map<string, Seen>();
  const queueNames = () => Object.fromEntries(Object.entries(JSON.parse(process.env.QUEUE_URLS ?? "{}") as Record<string, string>).map(([k, v]) => [v, k]));
  let names: Record<string, string> | undefined;
  const stop = observeSdk((request) => {
    // A test reading or purging a queue inside a user's context is the test
    // harness playing the consumer, not the API (which only ever sends).
    const harness = request.service === "sqs" && !currentFunction() && !/^Send/.test(request.command);
    const fn = harness ? undefined : actingFunction();
    const tenant = maybeContext()?.tenantId;
    const where = file();
    // Cumulative: a test may point a queue elsewhere for a while (tests/messaging/stalled.test.ts).
    names = { ...queueNames(), ...names };
    for (const op of operations(request, names)) {
      const pk = shape(op.pk, tenant);
      const key = [fn ?? "", tenant ?? "", request.credentials === "function" ? "f" : "t", op.action, op.resource, pk ?? "", where].join("|");
      const hit = seen.get(key);
      if (hit) hit.count++;
      else seen.set(key, { fn, tenant, credentials: request.credentials === "function" ? "function" : "tenant", action: op.action, resource: op.resource, pk: op.pk, file: where, count: 1 });
    }
  });
  return {
    stop,
    flush() {
      if (seen.size === 0) return;
      writeFileSync(path.join(dir, `${process.pid}-${randomBytes(4).toString("hex")}.json`), JSON.stringify([...seen.values()]));
      seen.clear();
    },
  };
}

export function readRecords(dir: string): Seen[] {
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
  return files.flatMap((f) => JSON.parse(readFileSync(path.join(dir, f), "utf8")) as Seen[]);
}
