import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { App, getStack } from "sst/constructs";
import { initProject } from "sst/project.js";
import config from "../../sst.config";
import { Api } from "../../stacks/Api";
import { Queues } from "../../stacks/Queues";
import { APP_NAME } from "../../stacks/settings";
import { Storage } from "../../stacks/Storage";
import { Web } from "../../stacks/Web";

/**
 * Synthesizes the whole app offline, as `sst deploy` would (functions are
 * really bundled with esbuild; no AWS credentials or network), and returns
 * the CloudFormation it would deploy. One synthesis per process (SST keeps
 * the app globally): one per test file.
 */

export type Json = any; // CloudFormation template fragments
export type Stmt = { Sid?: string; Effect: string; Action: string | string[]; Resource?: Json; Condition?: Json };

export const STAGE = "stacktest";
export const ISSUER = "https://sso.example.gov.cn/realms/fujian";
export const AUDIENCE = "supervision-portal";

export interface Synth {
  region: string;
  templates: Record<"storage" | "queues" | "api" | "web", Template>;
  /** Every stack's template, by stack name. */
  json: Record<string, Json>;
  stackName(fn: typeof Storage | typeof Queues | typeof Api | typeof Web): string;
  cleanup(): void;
}

const ENV_KEYS = ["NODE_ENV", "OIDC_ISSUER", "OIDC_AUDIENCE", "OIDC_JWKS_URL", "WEB_DIST", "WEB_DOMAIN", "WEB_CERTIFICATE_ID"];

export async function synthesize(region: string, env: Record<string, string> = {}): Promise<Synth> {
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  // SST skips its AWS-only steps (bootstrap lookups, sourcemap upload) under NODE_ENV=test.
  process.env.NODE_ENV = "test";
  process.env.OIDC_ISSUER = ISSUER;
  process.env.OIDC_AUDIENCE = AUDIENCE;
  delete process.env.OIDC_JWKS_URL;
  Object.assign(process.env, env);
  // The portal is deployed from a prebuilt directory here (WEB_DIST), so the
  // test does not depend on the web package's own build.
  const scratch = mkdtempSync(path.join(tmpdir(), "supervision-stacks-"));
  const webDist = path.join(scratch, "web");
  mkdirSync(path.join(webDist, "assets"), { recursive: true });
  writeFileSync(path.join(webDist, "index.html"), '<!doctype html><script type="module" src="/assets/app.js"></script>');
  writeFileSync(path.join(webDist, "assets", "app.js"), 'export const api = "{{ VITE_API_URL }}";');
  process.env.WEB_DIST = webDist;

  await initProject({ stage: STAGE, region });
  const app = new App({ mode: "deploy", name: APP_NAME, stage: STAGE, region, account: "123456789012" }, { outdir: path.join(scratch, "cdk.out") });
  await config.stacks(app);
  await app.finish();

  const templates = {} as Synth["templates"];
  const json: Record<string, Json> = {};
  for (const [key, fn] of [["storage", Storage], ["queues", Queues], ["api", Api], ["web", Web]] as const) {
    templates[key] = Template.fromStack(getStack(fn));
    json[getStack(fn).stackName] = templates[key].toJSON();
  }
  return {
    region,
    templates,
    json,
    stackName: (fn) => getStack(fn).stackName,
    cleanup() {
      rmSync(scratch, { recursive: true, force: true });
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}

// ------------------------------------------------------------------ reading templates

export function resources(t: Json, type: string): [string, Json][] {
  return Object.entries(t.Resources ?? {}).filter(([, r]) => (r as Json).Type === type) as [string, Json][];
}

/** Follow Ref / Fn::GetAtt / Fn::ImportValue to the resource they point at. */
export function target(json: Record<string, Json>, value: Json, stackName: string): { stack: string; id: string } | undefined {
  if (value && typeof value === "object") {
    if (typeof value.Ref === "string") return { stack: stackName, id: value.Ref };
    if (Array.isArray(value["Fn::GetAtt"])) return { stack: stackName, id: value["Fn::GetAtt"][0] };
    if (typeof value["Fn::ImportValue"] === "string") {
      for (const [name, t] of Object.entries(json)) {
        for (const out of Object.values(t.Outputs ?? {}) as Json[]) {
          if (out.Export?.Name === value["Fn::ImportValue"]) return target(json, out.Value, name);
        }
      }
    }
  }
  return undefined;
}

export const actionsOf = (s: Stmt) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const resourcesOf = (s: Stmt): Json[] => (s.Resource === undefined ? [] : Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** The statements of the policies attached to a role (inline and AWS::IAM::Policy), in its own stack. */
export function roleStatements(json: Record<string, Json>, stackName: string, roleId: string): Stmt[] {
  const t = json[stackName];
  const out: Stmt[] = [];
  for (const [, p] of resources(t, "AWS::IAM::Policy")) {
    if ((p.Properties.Roles ?? []).some((r: Json) => r.Ref === roleId)) out.push(...p.Properties.PolicyDocument.Statement);
  }
  for (const p of t.Resources[roleId].Properties.Policies ?? []) out.push(...p.PolicyDocument.Statement);
  return out;
}

/** The statements of the policies attached to a function's role. */
export function functionStatements(json: Record<string, Json>, stackName: string, fnId: string): Stmt[] {
  const fn = json[stackName].Resources[fnId];
  return roleStatements(json, stackName, target(json, fn.Properties.Role, stackName)!.id);
}

/** The function whose handler is this, in this stack (undefined if none). */
export function findFunction(json: Record<string, Json>, stackName: string, handler: string): string | undefined {
  const found = resources(json[stackName], "AWS::Lambda::Function").filter(([, r]) => r.Properties.Handler === handler);
  return found.length === 1 ? found[0]![0] : undefined;
}

/** What a policy resource denotes: the table, one of its indexes, a queue (by name), a role, or something else. */
export type Denoted = { kind: "table" } | { kind: "index"; name: string } | { kind: "queue"; name: string } | { kind: "role"; stack: string; id: string } | { kind: "any" } | { kind: "other"; text: string };

export function denote(json: Record<string, Json>, value: Json, stackName: string): Denoted {
  if (value === "*") return { kind: "any" };
  const ref = target(json, value, stackName);
  if (ref) {
    const r = json[ref.stack].Resources[ref.id];
    if (r?.Type === "AWS::DynamoDB::Table") return { kind: "table" };
    if (r?.Type === "AWS::SQS::Queue") return { kind: "queue", name: r.Properties.QueueName };
    if (r?.Type === "AWS::IAM::Role") return { kind: "role", stack: ref.stack, id: ref.id };
  }
  // `${tableArn}/index/<name>`: Fn::Join of the table's ARN and the suffix.
  const join = value?.["Fn::Join"];
  if (Array.isArray(join) && join[0] === "" && Array.isArray(join[1]) && join[1].length === 2) {
    const [arn, suffix] = join[1];
    const base = denote(json, arn, stackName);
    const m = typeof suffix === "string" ? /^\/index\/(.+)$/.exec(suffix) : null;
    if (base.kind === "table" && m) return { kind: "index", name: m[1]! };
  }
  return { kind: "other", text: JSON.stringify(value) };
}
