import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { OWN_PARTITIONS, SharedPartitions } from "../../packages/core/src/dynamo/partitions";
import { TableDefinition } from "../../packages/core/src/dynamo/table";
import {
  DLQ_RETENTION_SECONDS,
  MAX_RECEIVE_COUNT,
  QueueDefinitions,
  QueueNames,
  dlqName,
  type QueueName,
} from "../../packages/core/src/queue/definitions";
import { Api, API_HANDLER, PROTECTED_ROUTES, PUBLIC_ROUTES } from "../../stacks/Api";
import { DynamoActions } from "../../stacks/permissions";
import {
  ALERT_RESUME_HANDLER,
  ALERT_RESUME_SCHEDULE,
  AUDIT_ANCHOR_HANDLER,
  AUDIT_ANCHOR_SCHEDULE,
  consumerEmits,
  ESCALATOR_HANDLER,
  ESCALATOR_INDEXES,
  ESCALATOR_SCHEDULE,
  OUTBOX_PENDING_INDEX,
  OUTBOX_STALLED_METRIC,
  OUTBOX_SWEEP_SCHEDULE,
  CONSUMER_HANDLERS,
  CREDIT_PLATFORM_SECRET,
  creditPlatformEnvironment,
  OUTBOX_SWEEPER_HANDLER,
  Queues,
} from "../../stacks/Queues";
import { SECRET_BINDING_ENV } from "../../packages/functions/src/consumers/credit-platform";
import { APP_NAME, functionDefaults, oidcSettings, PLACEHOLDER_OIDC_ISSUER } from "../../stacks/settings";
import { SCHEDULED_JOBS } from "../../stacks/schedules";
import { Storage } from "../../stacks/Storage";
import { Web } from "../../stacks/Web";
import { AUDIENCE, ISSUER, STAGE, synthesize, type Json, type Stmt, type Synth, target as targetIn, functionStatements as statementsOf, roleStatements } from "./synth";
import { STALLED_METRIC } from "../../packages/functions/src/jobs/outbox-sweeper";

/**
 * Synthesizes the whole app offline, as `sst deploy` would (functions are
 * really bundled with esbuild; no AWS credentials or network), and checks
 * the CloudFormation it would deploy. This file: the global partition
 * (`aws`); tests/stacks/china.test.ts synthesizes `aws-cn`.
 */

const REGION = "ap-southeast-1";

let synth: Synth;
let templates: Synth["templates"];
let json: Record<string, Json>;

beforeAll(async () => {
  synth = await synthesize(REGION);
  templates = synth.templates;
  json = synth.json;
}, 600_000); // synthesis bundles every function: minutes on a loaded machine

afterAll(() => synth?.cleanup());

// ------------------------------------------------------------------ helpers

function resources(t: Json, type: string): [string, Json][] {
  return Object.entries(t.Resources ?? {}).filter(([, r]) => (r as Json).Type === type) as [string, Json][];
}

const target = (value: Json, stackName: string) => targetIn(json, value, stackName);

function resource(ref: { stack: string; id: string }) {
  return json[ref.stack].Resources[ref.id] as Json;
}

const queueNames = (stage = STAGE) => ({
  main: (q: QueueName) => `${stage}-${APP_NAME}-${q}`,
  dlq: (q: QueueName) => `${stage}-${APP_NAME}-${dlqName(q)}`,
});

/** The queue name a (possibly cross-stack) reference points at. */
function queueName(value: Json, stackName: string): string {
  const ref = target(value, stackName);
  if (!ref) throw new Error(`not a resource reference: ${JSON.stringify(value)}`);
  const r = resource(ref);
  expect(r.Type).toBe("AWS::SQS::Queue");
  return r.Properties.QueueName;
}

/** Every statement of every policy in every stack, where it came from. */
function allStatements(): { where: string; statement: Stmt }[] {
  const out: { where: string; statement: Stmt }[] = [];
  for (const [stackName, t] of Object.entries(json)) {
    for (const [id, r] of Object.entries(t.Resources ?? {}) as [string, Json][]) {
      const docs: Json[] = [];
      if (r.Properties?.PolicyDocument) docs.push(r.Properties.PolicyDocument);
      for (const p of r.Properties?.Policies ?? []) docs.push(p.PolicyDocument);
      for (const doc of docs) {
        for (const statement of doc.Statement ?? []) out.push({ where: `${stackName}/${id} (${r.Type})`, statement });
      }
    }
  }
  return out;
}

const actionsOf = (s: Stmt) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourcesOf = (s: Stmt): Json[] => (s.Resource === undefined ? [] : Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

function functionStatements(stackName: string, fnId: string): Stmt[] {
  return statementsOf(json, stackName, fnId);
}

function actionsOn(statements: Stmt[], prefix: string) {
  return statements.filter((s) => s.Effect === "Allow").flatMap((s) => actionsOf(s).filter((a) => a.startsWith(prefix)));
}

/** Queue names this function may send to. */
function sendTargets(stackName: string, statements: Stmt[]) {
  return statements
    .filter((s) => s.Effect === "Allow" && actionsOf(s).some((a) => a === "sqs:SendMessage" || a === "sqs:*" || a === "*"))
    .flatMap((s) => resourcesOf(s).map((r) => queueName(r, stackName)))
    .sort();
}

/** The function whose handler is this, in this stack. */
function functionByHandler(stackName: string, handler: string): string {
  const found = resources(json[stackName], "AWS::Lambda::Function").filter(([, r]) => r.Properties.Handler === handler);
  expect(found, `function ${handler} in ${stackName}`).toHaveLength(1);
  return found[0]![0];
}

const stackName = (fn: typeof Storage | typeof Queues | typeof Api | typeof Web) => synth.stackName(fn);
const tableArnRef = (value: Json, from: string) => {
  const ref = target(value, from);
  return ref && resource(ref).Type === "AWS::DynamoDB::Table";
};

/** Whether a value (an environment variable, a policy resource) is the tenant data role's ARN. */
function isTenantRole(value: Json, from: string) {
  const ref = target(value, from);
  return !!ref && resource(ref).Type === "AWS::IAM::Role" && ref.stack === stackName(Storage) && resource(ref).Properties.Description?.includes("session tag");
}

/** A function that acts for tenants: no table-wide access of its own; it may
 * assume the tenant data role, and reach only the named shared places itself. */
function expectTenantScoped(s: string, statements: Stmt[], shared: (keyof typeof SharedPartitions)[]) {
  const dynamo = statements.filter((st) => actionsOf(st).some((a) => a.startsWith("dynamodb:")));
  expect(dynamo.map((st) => st.Sid).sort()).toEqual(shared.map((n) => `Shared${n[0]!.toUpperCase()}${n.slice(1)}`).sort());
  for (const st of dynamo) {
    const name = shared.find((n) => st.Sid === `Shared${n[0]!.toUpperCase()}${n.slice(1)}`)!;
    expect(actionsOf(st).sort()).toEqual([...SharedPartitions[name].actions].sort());
    expect(st.Condition).toEqual({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [...SharedPartitions[name].leadingKeys] } });
    expect(resourcesOf(st).every((r) => tableArnRef(r, s))).toBe(true);
  }
  const assume = statements.filter((st) => actionsOf(st).some((a) => a.startsWith("sts:")));
  expect(assume).toHaveLength(1);
  expect(actionsOf(assume[0]!).sort()).toEqual(["sts:AssumeRole", "sts:TagSession"]);
  expect(resourcesOf(assume[0]!).every((r) => isTenantRole(r, s))).toBe(true);
}

// ------------------------------------------------------------------ table

describe("table", () => {
  test("is on-demand, recoverable, encrypted, with TTL and the GSIs of TableDefinition", () => {
    const d = TableDefinition;
    templates.storage.resourceCountIs("AWS::DynamoDB::Table", 1);
    const [, table] = resources(templates.storage.toJSON(), "AWS::DynamoDB::Table")[0]!;
    const p = table.Properties;
    expect(p.BillingMode).toBe("PAY_PER_REQUEST");
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.SSESpecification.SSEEnabled).toBe(true);
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: d.ttlAttribute, Enabled: true });
    expect(d.ttlAttribute).toBe("expiresAt");
    expect(p.KeySchema).toEqual([
      { AttributeName: d.partitionKey, KeyType: "HASH" },
      { AttributeName: d.sortKey, KeyType: "RANGE" },
    ]);
    const gsis = Object.fromEntries((p.GlobalSecondaryIndexes as Json[]).map((g) => [g.IndexName, g]));
    expect(Object.keys(gsis).sort()).toEqual(Object.keys(d.globalIndexes).sort());
    for (const [name, gsi] of Object.entries(d.globalIndexes)) {
      expect(gsis[name].KeySchema).toEqual([
        { AttributeName: gsi.partitionKey, KeyType: "HASH" },
        { AttributeName: gsi.sortKey, KeyType: "RANGE" },
      ]);
      expect(gsis[name].Projection).toEqual({ ProjectionType: "ALL" });
    }
    const attrs = Object.fromEntries((p.AttributeDefinitions as Json[]).map((a) => [a.AttributeName, a.AttributeType]));
    for (const name of [d.partitionKey, d.sortKey, ...Object.values(d.globalIndexes).flatMap((g) => [g.partitionKey, g.sortKey])]) {
      expect(attrs[name]).toBe("S");
    }
    // A disposable stage is removed with its data; see settings.isProduction.
    expect(table.DeletionPolicy).toBe("Delete");
  });
});

// ------------------------------------------------------------------ tenant data role

describe("tenant data role", () => {
  const role = () => {
    const roles = resources(json[stackName(Storage)], "AWS::IAM::Role").filter(([, r]) => r.Properties.Description?.includes("session tag"));
    expect(roles).toHaveLength(1);
    return roles[0]!;
  };

  test("assumed only with a six-digit tenant session tag and no other tag", () => {
    const [, r] = role();
    const trust = r.Properties.AssumeRolePolicyDocument.Statement as Stmt[];
    expect(trust).toHaveLength(1);
    expect(actionsOf(trust[0]!).sort()).toEqual(["sts:AssumeRole", "sts:TagSession"]);
    expect(trust[0]!.Condition).toEqual({
      StringLike: { "aws:RequestTag/tenant": "??????" },
      "ForAllValues:StringEquals": { "aws:TagKeys": ["tenant"] },
    });
  });

  test("reaches the acting tenant's partitions, and each shared place only with its own actions", () => {
    const [id] = role();
    const s = stackName(Storage);
    const statements = roleStatements(json, s, id);
    const bySid = Object.fromEntries(statements.map((st) => [st.Sid, st]));
    const own = { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [OWN_PARTITIONS] } };
    expect(OWN_PARTITIONS).toBe("${aws:PrincipalTag/tenant}#*");
    expect(bySid.TenantPartitions!.Condition).toEqual(own);
    expect(actionsOf(bySid.TenantPartitions!).sort()).toEqual([...DynamoActions.tenant.item].sort());
    expect(resourcesOf(bySid.TenantPartitions!).every((r) => tableArnRef(r, s))).toBe(true);
    expect(bySid.TenantIndexes!.Condition).toEqual(own);
    expect(actionsOf(bySid.TenantIndexes!)).toEqual(["dynamodb:Query"]);
    for (const [name, place] of Object.entries(SharedPartitions)) {
      const st = bySid[`Shared${name[0]!.toUpperCase()}${name.slice(1)}`]!;
      expect(st, name).toBeDefined();
      expect(actionsOf(st).sort()).toEqual([...place.actions].sort());
      expect(st.Condition).toEqual({ "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [...place.leadingKeys] } });
    }
    // Every statement is conditioned on the partition: none reaches the whole table, none scans.
    for (const st of statements) {
      expect(st.Condition?.["ForAllValues:StringLike"]?.["dynamodb:LeadingKeys"], st.Sid).toBeDefined();
      expect(actionsOf(st)).not.toContain("dynamodb:Scan");
    }
    expect(statements).toHaveLength(2 + Object.keys(SharedPartitions).length);
    // Shared places are the province's or a sender's outbox, never a tenant's whole space.
    for (const place of Object.values(SharedPartitions)) for (const k of place.leadingKeys) expect(k).not.toMatch(/^\$\{|^\*/);
  });
});

// ------------------------------------------------------------------ queues

describe("queues", () => {
  test("three queues and three dead-letter queues, all encrypted", () => {
    const names = queueNames();
    const queues = resources(templates.queues.toJSON(), "AWS::SQS::Queue");
    expect(queues).toHaveLength(QueueNames.length * 2);
    const byName: Record<string, { id: string; p: Json }> = Object.fromEntries(
      queues.map(([id, r]) => [r.Properties.QueueName as string, { id, p: r.Properties }]),
    );
    expect(Object.keys(byName).sort()).toEqual(QueueNames.flatMap((q) => [names.main(q), names.dlq(q)]).sort());
    for (const { p } of Object.values(byName)) expect(p.SqsManagedSseEnabled).toBe(true);

    for (const q of QueueNames) {
      const main = byName[names.main(q)]!;
      const dlq = byName[names.dlq(q)]!;
      expect(main.p.VisibilityTimeout).toBe(QueueDefinitions[q].visibilityTimeoutSeconds);
      expect(main.p.RedrivePolicy).toEqual({ deadLetterTargetArn: { "Fn::GetAtt": [dlq.id, "Arn"] }, maxReceiveCount: MAX_RECEIVE_COUNT });
      expect(MAX_RECEIVE_COUNT).toBe(5);
      expect(dlq.p.MessageRetentionPeriod).toBe(DLQ_RETENTION_SECONDS);
      expect(dlq.p.RedrivePolicy).toBeUndefined();
    }
  });

  test("each consumer: its event source with partial batch responses, a timeout within the visibility timeout", () => {
    const t = templates.queues.toJSON();
    const mappings = resources(t, "AWS::Lambda::EventSourceMapping");
    expect(mappings).toHaveLength(QueueNames.length);
    for (const q of QueueNames) {
      const def = QueueDefinitions[q];
      const fnId = functionByHandler(stackName(Queues), CONSUMER_HANDLERS[q]);
      const fn = t.Resources[fnId].Properties;
      const mine = mappings.filter(([, m]) => m.Properties.FunctionName.Ref === fnId);
      expect(mine).toHaveLength(1);
      const m = mine[0]![1].Properties;
      expect(queueName(m.EventSourceArn, stackName(Queues))).toBe(queueNames().main(q));
      expect(m.FunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
      expect(m.BatchSize).toBe(def.batchSize);
      expect(fn.Timeout).toBeLessThanOrEqual(def.visibilityTimeoutSeconds);
      // AWS's advice for SQS event sources: visibility ≥ 6 × function timeout.
      expect(fn.Timeout * 6).toBeLessThanOrEqual(def.visibilityTimeoutSeconds);
      // Core finds the table and its DLQ (for poison messages) from the environment.
      expect(tableArnRef(fn.Environment.Variables.TABLE_NAME, stackName(Queues))).toBe(true);
      expect(JSON.stringify(fn.Environment.Variables.QUEUE_URLS)).toContain(`\\"${dlqName(q)}\\":`);
    }
  });

  test("each consumer may send only to its own dead-letter queue and the queues its handlers emit on, and receives from its own queue only", () => {
    // The assistance consumer answers on the assistance queue (routing notes); the others emit nothing.
    expect(consumerEmits("assistance")).toEqual(["assistance"]);
    for (const q of QueueNames) {
      const s = stackName(Queues);
      const statements = functionStatements(s, functionByHandler(s, CONSUMER_HANDLERS[q]));
      const emits = consumerEmits(q).map((e) => queueNames().main(e));
      expect(sendTargets(s, statements)).toEqual([queueNames().dlq(q), ...emits].sort());
      // Any SQS action at all: only on its own queue (event source), its own DLQ and what it emits on (send).
      const touched = statements
        .filter((st) => st.Effect === "Allow" && actionsOf(st).some((a) => a.startsWith("sqs:")))
        .flatMap((st) => resourcesOf(st).map((r) => queueName(r, s)));
      expect([...new Set(touched)].sort()).toEqual([...new Set([queueNames().main(q), queueNames().dlq(q), ...emits])].sort());
      const receive = statements.filter((st) => actionsOf(st).includes("sqs:ReceiveMessage"));
      expect(receive.flatMap((st) => resourcesOf(st).map((r) => queueName(r, s)))).toEqual([queueNames().main(q)]);
      expect(actionsOn(statements, "sqs:").filter((a) => a !== "sqs:SendMessage").sort()).toEqual(
        ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:ReceiveMessage"].sort(),
      );
      // The table: its own role only reads the sender's outbox record; the
      // rest goes through the tenant data role.
      expectTenantScoped(s, statements, ["senderOutbox"]);
      const env = json[s].Resources[functionByHandler(s, CONSUMER_HANDLERS[q])].Properties.Environment.Variables;
      expect(isTenantRole(env.TENANT_ROLE_ARN, s)).toBe(true);
    }
  });

  test("the credit platform's signing secret is an SST Config.Secret (SSM) bound to its consumer only, never an environment value", () => {
    const s = stackName(Queues);
    const fnId = functionByHandler(s, CONSUMER_HANDLERS["credit-platform"]);
    const env = json[s].Resources[fnId].Properties.Environment.Variables;
    expect(env[SECRET_BINDING_ENV]).toBe("__FETCH_FROM_SSM__");
    expect(env.CREDIT_PLATFORM_SECRET).toBeUndefined();
    expect(creditPlatformEnvironment({ CREDIT_PLATFORM_URL: "https://xy.fujian.gov.cn/api", CREDIT_PLATFORM_SECRET: "x".repeat(32) })).toEqual({ CREDIT_PLATFORM_URL: "https://xy.fujian.gov.cn/api" });
    // Reading it: GetParameters on this secret's parameter (and SST's fallback path) only.
    const ssm = functionStatements(s, fnId).filter((st) => actionsOf(st).some((a) => a.startsWith("ssm:")));
    expect(ssm).toHaveLength(1);
    expect(actionsOf(ssm[0]!)).toEqual(["ssm:GetParameters"]);
    const paths = JSON.stringify(ssm[0]!.Resource);
    expect(paths).toContain(`/Secret/${CREDIT_PLATFORM_SECRET}/value`);
    expect(paths).not.toContain("*");
    // No other function of ours sees it.
    for (const [stack, t] of Object.entries(json)) {
      for (const [id, r] of resources(t, "AWS::Lambda::Function")) {
        if ((stack === s && id === fnId) || !String(r.Properties.Handler).startsWith("packages/functions/")) continue;
        expect(Object.keys(r.Properties.Environment?.Variables ?? {}).filter((k) => k.startsWith("SST_Secret_") || k === "CREDIT_PLATFORM_SECRET"), `${stack}/${id}`).toEqual([]);
        expect(actionsOn(functionStatements(stack, id), "ssm:"), `${stack}/${id}`).toEqual([]);
      }
    }
  });

  test("the outbox sweeper runs every minute, queries only the pending index and sends to the three queues", () => {
    const s = stackName(Queues);
    const t = json[s];
    const fnId = functionByHandler(s, OUTBOX_SWEEPER_HANDLER);
    const rules = resources(t, "AWS::Events::Rule").filter(([, r]) => r.Properties.ScheduleExpression === OUTBOX_SWEEP_SCHEDULE);
    expect(rules).toHaveLength(1);
    const rule = rules[0]![1].Properties;
    expect(OUTBOX_SWEEP_SCHEDULE).toBe("rate(1 minute)");
    expect(rule.Targets.map((x: Json) => target(x.Arn, s)?.id)).toEqual([fnId]);
    expect(t.Resources[fnId].Properties.Timeout).toBeLessThan(60);

    const statements = functionStatements(s, fnId);
    expect(sendTargets(s, statements)).toEqual(QueueNames.map((q) => queueNames().main(q)).sort());
    const dynamo = statements.filter((st) => actionsOf(st).some((a) => a.startsWith("dynamodb:")));
    const item = dynamo.find((st) => resourcesOf(st).every((r) => tableArnRef(r, s)))!;
    expect(actionsOf(item).sort()).toEqual([...DynamoActions.sweeper.item].sort());
    const index = dynamo.find((st) => st !== item)!;
    expect(actionsOf(index)).toEqual(["dynamodb:Query"]);
    expect(JSON.stringify(index.Resource)).toContain(`/index/${OUTBOX_PENDING_INDEX}"`);
    expect(dynamo).toHaveLength(2);
  });

  test("the assistance escalator runs every 15 minutes, queries only the due and open indexes and sends to the assistance queue only", () => {
    const s = stackName(Queues);
    const t = json[s];
    const fnId = functionByHandler(s, ESCALATOR_HANDLER);
    expect(ESCALATOR_SCHEDULE).toBe("rate(15 minutes)");
    const rules = resources(t, "AWS::Events::Rule");
    // The sweeper, the escalator, alert-resume, audit-anchor and one per scheduled job (stacks/schedules.ts).
    expect(rules).toHaveLength(4 + SCHEDULED_JOBS.length);
    const rule = rules.find(([, r]) => r.Properties.ScheduleExpression === ESCALATOR_SCHEDULE)![1].Properties;
    expect(rule.Targets.map((x: Json) => target(x.Arn, s)?.id)).toEqual([fnId]);
    expect(t.Resources[fnId].Properties.Timeout).toBeLessThan(15 * 60);

    const statements = functionStatements(s, fnId);
    expect(sendTargets(s, statements)).toEqual([queueNames().main("assistance")]);
    expect(actionsOn(statements, "sqs:")).toEqual(["sqs:SendMessage"]);
    const dynamo = statements.filter((st) => actionsOf(st).some((a) => a.startsWith("dynamodb:")));
    expect(dynamo).toHaveLength(2);
    const item = dynamo.find((st) => resourcesOf(st).every((r) => tableArnRef(r, s)))!;
    expect(actionsOf(item).sort()).toEqual([...DynamoActions.escalator.item].sort());
    expect(actionsOf(item)).not.toContain("dynamodb:Scan");
    const index = dynamo.find((st) => st !== item)!;
    expect(actionsOf(index)).toEqual(["dynamodb:Query"]);
    const text = JSON.stringify(index.Resource);
    for (const name of ESCALATOR_INDEXES) expect(text).toContain(`/index/${name}"`);
    expect(text).not.toContain("/index/*");
  });
});

describe("scheduled jobs and alarms", () => {
  test("alert fan-outs resume every 5 minutes and audit heads are anchored daily", () => {
    const s = stackName(Queues);
    const t = json[s];
    expect(ALERT_RESUME_SCHEDULE).toBe("rate(5 minutes)");
    expect(AUDIT_ANCHOR_SCHEDULE).toMatch(/^cron\(\d+ \d+ \* \* \? \*\)$/);
    for (const [handler, schedule] of [[ALERT_RESUME_HANDLER, ALERT_RESUME_SCHEDULE], [AUDIT_ANCHOR_HANDLER, AUDIT_ANCHOR_SCHEDULE]] as const) {
      const fnId = functionByHandler(s, handler);
      const rule = resources(t, "AWS::Events::Rule").find(([, r]) => r.Properties.ScheduleExpression === schedule)!;
      expect(rule, handler).toBeDefined();
      expect(rule[1].Properties.Targets.map((x: Json) => target(x.Arn, s)?.id)).toEqual([fnId]);
      const statements = functionStatements(s, fnId);
      expect(actionsOn(statements, "dynamodb:")).not.toContain("dynamodb:Scan");
      expect(sendTargets(s, statements)).toEqual([queueNames().main("assistance")]);
    }
  });

  test("each scheduled job (stacks/schedules.ts): its rule, its own function, exactly its table actions, indexes and queues", () => {
    const s = stackName(Queues);
    const t = json[s];
    expect(SCHEDULED_JOBS.map((j) => j.kind)).toEqual(expect.arrayContaining(["disclosure-expiry", "dishonesty-expiry"]));
    expect(new Set(SCHEDULED_JOBS.map((j) => j.handler)).size).toBe(SCHEDULED_JOBS.length);
    for (const job of SCHEDULED_JOBS) {
      const fnId = functionByHandler(s, job.handler);
      const rules = resources(t, "AWS::Events::Rule").filter(([, r]) => r.Properties.Targets.some((x: Json) => target(x.Arn, s)?.id === fnId));
      expect(rules, job.kind).toHaveLength(1);
      const rule = rules[0]![1].Properties;
      expect(rule.ScheduleExpression).toBe(job.schedule);
      expect(rule.Targets).toHaveLength(1);
      expect(rule.Targets[0].RetryPolicy?.MaximumRetryAttempts ?? 0).toBe(job.retryAttempts);
      const fn = t.Resources[fnId].Properties;
      expect(tableArnRef(fn.Environment.Variables.TABLE_NAME, s)).toBe(true);
      // A job walks every tenant with its own role: no tenant role, no STS.
      expect(fn.Environment.Variables.TENANT_ROLE_ARN).toBeUndefined();
      const statements = functionStatements(s, fnId);
      expect(actionsOn(statements, "sts:")).toEqual([]);
      const dynamo = statements.filter((st) => actionsOf(st).some((a) => a.startsWith("dynamodb:")));
      const item = dynamo.filter((st) => resourcesOf(st).every((r) => tableArnRef(r, s)));
      expect(item, job.kind).toHaveLength(1);
      expect(actionsOf(item[0]!).sort()).toEqual([...job.dynamo.item].sort());
      expect(actionsOf(item[0]!)).not.toContain("dynamodb:Scan");
      const index = dynamo.filter((st) => st !== item[0]);
      if (job.indexes.length === 0) expect(index, job.kind).toEqual([]);
      else {
        expect(index).toHaveLength(1);
        expect(actionsOf(index[0]!)).toEqual(["dynamodb:Query"]);
        const text = JSON.stringify(index[0]!.Resource);
        for (const name of job.indexes) expect(text).toContain(`/index/${name}"`);
        expect(text).not.toContain("/index/*");
      }
      expect(sendTargets(s, statements)).toEqual(job.sendsTo.map((q) => queueNames().main(q)).sort());
      expect(actionsOn(statements, "sqs:").filter((a) => a !== "sqs:SendMessage")).toEqual([]);
    }
  });

  test("an alarm on every dead-letter queue's depth and on stalled outbox messages, both to the alarm topic", () => {
    const s = stackName(Queues);
    const alarms = resources(json[s], "AWS::CloudWatch::Alarm").map(([, a]) => a.Properties);
    const topic = resources(json[s], "AWS::SNS::Topic");
    expect(topic).toHaveLength(1);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: topic[0]![0] }]);
    for (const q of QueueNames) {
      const depth = alarms.filter((a) => a.MetricName === "ApproximateNumberOfMessagesVisible" && queueName(a.Dimensions[0].Value, s) === queueNames().dlq(q));
      expect(depth, q).toHaveLength(1);
      expect(depth[0].Threshold).toBe(1);
      expect(depth[0].ComparisonOperator).toBe("GreaterThanOrEqualToThreshold");
    }
    const stalled = alarms.filter((a) => a.MetricName === "OutboxStalled");
    expect(stalled).toHaveLength(1);
    expect(stalled[0].Namespace).toBe("Supervision");
    // The same metric the sweeper publishes through Powertools (its service name is a dimension).
    expect(OUTBOX_STALLED_METRIC).toEqual({ namespace: STALLED_METRIC.namespace, name: STALLED_METRIC.name, dimensions: { service: STALLED_METRIC.service } });
    expect(stalled[0].Dimensions).toEqual([{ Name: "service", Value: STALLED_METRIC.service }]);
    expect(stalled[0].TreatMissingData).toBe("breaching");
    expect(alarms).toHaveLength(QueueNames.length + 1);
  });
});

// ------------------------------------------------------------------ API

describe("API", () => {
  const authorizerOf = () => {
    const auths = resources(templates.api.toJSON(), "AWS::ApiGatewayV2::Authorizer");
    expect(auths).toHaveLength(1);
    return auths[0]!;
  };

  test("a JWT authorizer with the configured issuer and audience", () => {
    const [, auth] = authorizerOf();
    expect(auth.Properties.AuthorizerType).toBe("JWT");
    expect(auth.Properties.JwtConfiguration).toEqual({ Issuer: ISSUER, Audience: [AUDIENCE] });
    expect(auth.Properties.IdentitySource).toEqual(["$request.header.Authorization"]);
  });

  test("protects every route but the public ones", () => {
    const [authId] = authorizerOf();
    const routes = Object.fromEntries(
      resources(templates.api.toJSON(), "AWS::ApiGatewayV2::Route").map(([, r]) => [r.Properties.RouteKey as string, r.Properties]),
    );
    expect(Object.keys(routes).sort()).toEqual([...PROTECTED_ROUTES, ...PUBLIC_ROUTES].sort());
    for (const method of ["GET", "POST", "PATCH", "PUT", "DELETE"]) expect(PROTECTED_ROUTES).toContain(`${method} /api/{proxy+}`);
    for (const route of PROTECTED_ROUTES) {
      expect(routes[route].AuthorizationType, route).toBe("JWT");
      expect(routes[route].AuthorizerId, route).toEqual({ Ref: authId });
    }
    for (const route of PUBLIC_ROUTES) {
      expect(routes[route].AuthorizationType, route).toBe("NONE");
      expect(routes[route].AuthorizerId, route).toBeUndefined();
    }
    expect(PUBLIC_ROUTES).toEqual(["GET /api/openapi.json", "GET /api/docs", "GET /api/health", "GET /api/guides", "GET /api/guides/{industry}", "GET /api/public/{proxy+}", "POST /api/public/{proxy+}"]);
  });

  test("CORS preflights are answered by API Gateway, not refused by the authorizer", () => {
    // No ANY or OPTIONS route: an OPTIONS request matches no route, so API
    // Gateway answers it from the CORS configuration.
    const keys = resources(templates.api.toJSON(), "AWS::ApiGatewayV2::Route").map(([, r]) => r.Properties.RouteKey as string);
    expect(keys.filter((k) => k.startsWith("ANY ") || k.startsWith("OPTIONS "))).toEqual([]);
    const [, httpApi] = resources(templates.api.toJSON(), "AWS::ApiGatewayV2::Api")[0]!;
    const cors = httpApi.Properties.CorsConfiguration;
    // A wildcard would not cover Authorization; it is listed by name.
    expect(cors.AllowHeaders).toContain("authorization");
    expect(cors.AllowOrigins).toEqual(["*"]);
    expect(cors.AllowCredentials ?? false).toBe(false);
  });

  test("one function behind every route, with the runtime configuration core reads", () => {
    const s = stackName(Api);
    const fnId = functionByHandler(s, API_HANDLER);
    const integrations = resources(json[s], "AWS::ApiGatewayV2::Integration");
    expect(integrations.length).toBeGreaterThan(0);
    for (const [, i] of integrations) expect(target(i.Properties.IntegrationUri, s)?.id).toBe(fnId);

    const env = json[s].Resources[fnId].Properties.Environment.Variables;
    expect(env.OIDC_ISSUER).toBe(ISSUER);
    expect(env.OIDC_AUDIENCE).toBe(AUDIENCE);
    expect(tableArnRef(env.TABLE_NAME, s)).toBe(true);
    // QUEUE_URLS: a JSON object of every queue and dead-letter queue.
    const joined = JSON.stringify(env.QUEUE_URLS);
    for (const q of QueueNames) {
      expect(joined).toContain(`\\"${q}\\":`);
      expect(joined).toContain(`\\"${dlqName(q)}\\":`);
    }
    const imports = [...joined.matchAll(/"Fn::ImportValue":"([^"]+)"/g)].map((m) => queueName({ "Fn::ImportValue": m[1] }, s));
    expect(imports.sort()).toEqual(QueueNames.flatMap((q) => [queueNames().main(q), queueNames().dlq(q)]).sort());
  });

  test("the API function: exact table actions, and sends to the three queues only", () => {
    const s = stackName(Api);
    const statements = functionStatements(s, functionByHandler(s, API_HANDLER));
    expect(sendTargets(s, statements)).toEqual(QueueNames.map((q) => queueNames().main(q)).sort());
    expect(actionsOn(statements, "sqs:")).toEqual(["sqs:SendMessage"]);
    // Its own role reads only the province's published catalogue (anonymous guides); a signed-in request acts through the tenant data role.
    expectTenantScoped(s, statements, ["provinceCatalogue"]);
    const env = json[s].Resources[functionByHandler(s, API_HANDLER)].Properties.Environment.Variables;
    expect(isTenantRole(env.TENANT_ROLE_ARN, s)).toBe(true);
  });
});

// ------------------------------------------------------------------ web

describe("web", () => {
  test("a static site whose VITE_API_URL is the API's URL", () => {
    const s = stackName(Web);
    templates.web.resourceCountIs("AWS::CloudFront::Distribution", 1);
    const uploads = Object.values(json[s].Resources as Record<string, Json>).filter((r) => r.Properties?.replaceValues);
    expect(uploads).toHaveLength(1);
    const replace = (uploads[0].Properties.replaceValues as Json[]).filter((v) => v.search === "{{ VITE_API_URL }}");
    expect(replace.map((v) => v.files).sort()).toEqual(["**/*.html", "**/*.js"]);
    for (const v of replace) {
      const imported = JSON.stringify(v.replace).match(/"Fn::ImportValue":"([^"]+)"/);
      expect(imported, JSON.stringify(v.replace)).not.toBeNull();
      const ref = target({ "Fn::ImportValue": imported![1] }, s)!;
      expect(resource(ref).Type).toBe("AWS::ApiGatewayV2::Api");
      expect(ref.stack).toBe(stackName(Api));
    }
  });
});

// ------------------------------------------------------------------ everywhere

describe("every stack", () => {
  test("every Lambda function runs nodejs22.x", () => {
    const fns = Object.entries(json).flatMap(([s, t]) => resources(t, "AWS::Lambda::Function").map(([id, r]) => ({ s, id, r })));
    // API + four consumers + sweeper, and whatever helpers CDK/SST add.
    expect(fns.length).toBeGreaterThanOrEqual(5);
    for (const { s, id, r } of fns) expect(r.Properties.Runtime, `${s}/${id}`).toBe("nodejs22.x");
    const ours = fns.filter(({ r }) =>
      [API_HANDLER, OUTBOX_SWEEPER_HANDLER, ESCALATOR_HANDLER, ALERT_RESUME_HANDLER, AUDIT_ANCHOR_HANDLER, ...QueueNames.map((q) => CONSUMER_HANDLERS[q]), ...SCHEDULED_JOBS.map((j) => j.handler)].includes(r.Properties.Handler),
    );
    // The API, four jobs, one consumer per queue and one function per scheduled job.
    expect(ours).toHaveLength(5 + QueueNames.length + SCHEDULED_JOBS.length);
    for (const { r } of ours) expect(r.Properties.Architectures).toEqual(["arm64"]);
  });

  test("no policy allows `*`, `dynamodb:*`, `sqs:*` or any other whole-service wildcard", () => {
    const statements = allStatements();
    expect(statements.length).toBeGreaterThan(0);
    const wildcard = (a: string) => a === "*" || /^[a-z0-9-]+:\*$/i.test(a);
    for (const { where, statement } of statements) {
      const wide = actionsOf(statement).filter(wildcard);
      if (wide.length === 0) continue;
      // The only wildcard allowed is CDK's enforceSSL deny on the queues.
      expect(statement.Effect, `${where}: ${JSON.stringify(statement)}`).toBe("Deny");
      expect(statement.Condition, where).toEqual({ Bool: { "aws:SecureTransport": "false" } });
    }
    for (const { statement } of statements) {
      for (const a of actionsOf(statement)) expect(["*", "dynamodb:*", "sqs:*"].includes(a) && statement.Effect === "Allow").toBe(false);
    }
  });
});

// ------------------------------------------------------------------ settings

describe("settings", () => {
  test("OIDC issuer: from OIDC_ISSUER, a placeholder only outside production, https only", () => {
    expect(oidcSettings("dev", {})).toEqual({ issuer: PLACEHOLDER_OIDC_ISSUER, audience: "supervision", jwksUrl: undefined });
    expect(() => oidcSettings("prod", {})).toThrow(/OIDC_ISSUER/);
    expect(oidcSettings("prod", { OIDC_ISSUER: ISSUER, OIDC_AUDIENCE: "x" })).toMatchObject({ issuer: ISSUER, audience: "x" });
    expect(() => oidcSettings("dev", { OIDC_ISSUER: "http://127.0.0.1:3000/oidc" })).toThrow(/https/);
  });

  test("functions carry their own AWS SDK, zod with two locales and ElectroDB's model check left to the tests", () => {
    expect(functionDefaults.nodejs?.esbuild?.external).toEqual([]);
    expect((functionDefaults.nodejs?.esbuild?.plugins as { name: string }[]).map((p) => p.name)).toEqual(["zod-two-locales", "electrodb-model-checked-at-test"]);
    expect(functionDefaults.runtime).toBe("nodejs22.x");
  });
});
