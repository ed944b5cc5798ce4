import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { credentialScope } from "../../packages/core/src/dynamo/tenant-credentials";
import { isOwnPartition, likePattern, SharedPartitions, sharedPartitionOf } from "../../packages/core/src/dynamo/partitions";
import { Api, API_HANDLER } from "../../stacks/Api";
import { ALERT_RESUME_HANDLER, AUDIT_ANCHOR_HANDLER, CONSUMER_HANDLERS, ESCALATOR_HANDLER, OUTBOX_SWEEPER_HANDLER, Queues } from "../../stacks/Queues";
import { SCHEDULED_JOBS } from "../../stacks/schedules";
import { APP_NAME, DEFAULT_REGION } from "../../stacks/settings";
import { actionsOf, denote, findFunction, functionStatements, resourcesOf, roleStatements, STAGE, synthesize, target, type Json, type Stmt, type Synth } from "../stacks/synth";
import { readRecords, type Seen } from "./recorder";

/**
 * Runs after every other test file (the `recorded` project, a later group in
 * tests/vitest.config.ts) over what the recorders saw during the whole suite:
 *
 * 1. Partitions: every DynamoDB request made while a tenant was acting
 *    touched that tenant's own partitions, or a shared place named in
 *    core/dynamo/partitions.ts with one of the actions it allows.
 * 2. IAM: every DynamoDB and SQS request a function made is allowed by that
 *    function's synthesized policy — evaluated as the cloud would run it:
 *    through the tenant data role with the acting tenant's session tag where
 *    the function has one (the same `credentialScope` choice core makes),
 *    through the function's own role otherwise. Synthesized for the default
 *    (production) region.
 */

let records: Seen[];
let synth: Synth;

beforeAll(async () => {
  records = readRecords(inject("recordDir"));
  synth = await synthesize(DEFAULT_REGION);
}, 600_000); // synthesis bundles every function: minutes on a loaded machine

afterAll(() => synth?.cleanup());

const where = (r: Seen) => `${r.fn ?? "(test code)"} as ${r.tenant ?? "no tenant"}: ${r.action} on ${r.resource}${r.pk ? ` pk=${r.pk}` : ""} (${r.file})`;

/** One line per distinct finding, the first place it was seen. */
function distinct(found: Seen[], key: (r: Seen) => string) {
  const out = new Map<string, string>();
  for (const r of found) if (!out.has(key(r))) out.set(key(r), where(r));
  return [...out.values()].sort();
}

/** Kinds of partition, for grouping: ids and credit codes folded away. */
const shapeOf = (pk?: string) => (pk ?? "").replace(/^\d{6}#/, "<tenant>#").replace(/#[^#]{12,}/g, "#<id>");

describe("the whole suite's requests", () => {
  test("were recorded", () => {
    expect(records.length, "no requests recorded: run with the suite (npm test), or at least with tests/security").toBeGreaterThan(0);
    const fns = new Set(records.map((r) => r.fn).filter(Boolean));
    expect(fns.has("api"), "the API was exercised").toBe(true);
  });

  test("acting for a tenant, touched only that tenant's partitions or a named shared place, with its actions", () => {
    const violations = records.filter((r) => {
      if (!r.tenant || !r.action.startsWith("dynamodb:")) return false;
      if (!r.pk) return true; // a Scan, or a request naming no partition: reaches every tenant's
      if (isOwnPartition(r.pk, r.tenant)) return false;
      const shared = sharedPartitionOf(r.pk, r.tenant);
      return !shared || !(SharedPartitions[shared].actions as readonly string[]).includes(r.action);
    });
    expect(distinct(violations, (r) => `${r.fn}|${r.action}|${shapeOf(r.pk)}`)).toEqual([]);
  });

  test("every function's requests are allowed by its synthesized policy, as the cloud would sign them", () => {
    const denied = records.filter((r) => r.fn && !allowedInCloud(r));
    expect(distinct(denied, (r) => `${r.fn}|${r.tenant ? "t" : "-"}|${r.action}|${r.resource}|${shapeOf(r.pk)}`)).toEqual([]);
  });
});

// ------------------------------------------------------------------ policy evaluation

function functionOf(fn: string): { stack: string; id: string } {
  const queues = synth.stackName(Queues);
  const handler =
    fn === "api"
      ? API_HANDLER
      : fn === "sweeper"
        ? OUTBOX_SWEEPER_HANDLER
        : fn === "escalator"
          ? ESCALATOR_HANDLER
          : fn === "alert-resume"
            ? ALERT_RESUME_HANDLER
            : fn === "audit-anchor"
              ? AUDIT_ANCHOR_HANDLER
              : (SCHEDULED_JOBS.find((j) => j.kind === fn)?.handler ??
                CONSUMER_HANDLERS[fn.replace(/^consumer:/, "") as keyof typeof CONSUMER_HANDLERS]);
  const stack = fn === "api" ? synth.stackName(Api) : queues;
  const id = handler ? findFunction(synth.json, stack, handler) : undefined;
  if (!id) throw new Error(`no function in the stacks for ${fn} (${handler})`);
  return { stack, id };
}

/** The statements that would authorise the request, and the session's tenant tag. */
function identityOf(r: Seen): { statements: { stack: string; st: Stmt }[]; tag?: string } {
  const { stack, id } = functionOf(r.fn!);
  const env = synth.json[stack].Resources[id].Properties.Environment?.Variables ?? {};
  const roleRef = env.TENANT_ROLE_ARN ? target(synth.json, env.TENANT_ROLE_ARN, stack) : undefined;
  // SQS is never tenant-scoped; DynamoDB follows core's own choice.
  const scope = r.action.startsWith("dynamodb:") ? credentialScope(r.tenant, roleRef ? "arn:aws-cn:iam::123456789012:role/tenant" : undefined) : "function";
  if (scope !== "function") {
    return { statements: roleStatements(synth.json, roleRef!.stack, roleRef!.id).map((st) => ({ stack: roleRef!.stack, st })), tag: scope.tenant };
  }
  return { statements: functionStatements(synth.json, stack, id).map((st) => ({ stack, st })) };
}

function resourceMatches(value: Json, stack: string, resource: string): boolean {
  const d = denote(synth.json, value, stack);
  if (d.kind === "any") return true;
  if (resource === "table") return d.kind === "table";
  if (resource.startsWith("index/")) return d.kind === "index" && (d.name === "*" || d.name === resource.slice("index/".length));
  if (resource.startsWith("queue/")) return d.kind === "queue" && d.name === `${STAGE}-${APP_NAME}-${resource.slice("queue/".length)}`;
  return false;
}

/** Only the condition this platform uses is understood; any other makes the statement not count. */
function conditionHolds(condition: Json, pk: string | undefined, tag: string | undefined): boolean {
  if (!condition) return true;
  for (const [operator, keys] of Object.entries(condition as Record<string, Record<string, string[] | string>>)) {
    for (const [key, values] of Object.entries(keys)) {
      if (operator !== "ForAllValues:StringLike" || key !== "dynamodb:LeadingKeys") return false;
      if (!pk) return false;
      const patterns = (Array.isArray(values) ? values : [values]).map((v) => {
        if (!v.includes("${aws:PrincipalTag/tenant}")) return v;
        return tag ? v.replaceAll("${aws:PrincipalTag/tenant}", tag) : undefined;
      });
      if (!patterns.some((p) => p !== undefined && likePattern(p).test(pk))) return false;
    }
  }
  return true;
}

function allowedInCloud(r: Seen): boolean {
  const { statements, tag } = identityOf(r);
  return statements.some(
    ({ stack, st }) =>
      st.Effect === "Allow" &&
      actionsOf(st).some((a) => likePattern(a).test(r.action)) &&
      resourcesOf(st).some((v) => resourceMatches(v, stack, r.resource)) &&
      conditionHolds(st.Condition, r.pk, tag),
  );
}
