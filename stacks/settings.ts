import path from "node:path";
import type { App, FunctionProps } from "sst/constructs";

/** Settings every stack shares: the app's name, where it deploys, who may
 * call the API, and how Lambda functions are built. Everything that varies
 * by deployment comes from the environment of `sst deploy`. */

export const APP_NAME = "supervision";

/** Used when neither `--region`, SUPERVISION_REGION nor AWS_REGION is set: a
 * provincial government's data stays in mainland China, so production runs in
 * AWS China (Ningxia, operated by NWCD; Beijing, cn-north-1, holds the
 * backups). A global region serves only for development without real data. */
export const DEFAULT_REGION = "cn-northwest-1";
export const CHINA_REGIONS = ["cn-north-1", "cn-northwest-1"] as const;

/** The partition a region belongs to. Nothing in the stacks spells a
 * partition, an ARN or a service domain: CloudFormation's AWS::Partition and
 * AWS::URLSuffix resolve them at deploy time. This only picks the few
 * features that differ in China (the portal's CloudFront distribution). */
export function partitionOf(region: string): "aws" | "aws-cn" {
  return region.startsWith("cn-") ? "aws-cn" : "aws";
}

/** `sst deploy --region` wins (SST applies it after this), then SUPERVISION_REGION,
 * then the usual AWS_REGION, then DEFAULT_REGION. */
export function deployRegion(env: NodeJS.ProcessEnv = process.env): string {
  return env.SUPERVISION_REGION?.trim() || env.AWS_REGION?.trim() || DEFAULT_REGION;
}

/** Stages that hold real data: the table is retained and protected from
 * deletion, and OIDC_ISSUER must be set explicitly. Every other stage is
 * disposable (`sst remove` deletes everything, data included). */
export const PRODUCTION_STAGES = ["prod", "production"];
export function isProduction(stage: string) {
  return PRODUCTION_STAGES.includes(stage);
}

/** Accepted by no one: a stage deployed without OIDC_ISSUER serves the public
 * routes (health, docs, OpenAPI) and rejects every other request. */
export const PLACEHOLDER_OIDC_ISSUER = "https://oidc-issuer.example.invalid";
/** The `aud` (or `client_id`) claim the API requires; core's API config has the same default. */
export const DEFAULT_OIDC_AUDIENCE = "supervision";

export interface OidcSettings {
  /** Must equal the tokens' `iss` claim exactly (trailing slash included). */
  issuer: string;
  audience: string;
  /** Optional; the API otherwise finds the keys through the issuer's discovery document. */
  jwksUrl?: string;
}

/** OIDC_ISSUER / OIDC_AUDIENCE / OIDC_JWKS_URL from the environment of `sst deploy`. */
export function oidcSettings(stage: string, env: NodeJS.ProcessEnv = process.env): OidcSettings {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer && isProduction(stage)) {
    throw new Error(`OIDC_ISSUER must be set to deploy stage "${stage}" (the province's sign-on issuer, e.g. https://sso.example.gov.cn/realms/fujian)`);
  }
  const settings: OidcSettings = {
    issuer: issuer || PLACEHOLDER_OIDC_ISSUER,
    audience: env.OIDC_AUDIENCE?.trim() || DEFAULT_OIDC_AUDIENCE,
    jwksUrl: env.OIDC_JWKS_URL?.trim() || undefined,
  };
  for (const [name, value] of [
    ["OIDC_ISSUER", settings.issuer],
    ["OIDC_JWKS_URL", settings.jwksUrl],
  ] as const) {
    if (value === undefined) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`${name} is not a URL: ${value}`);
    }
    // API Gateway's JWT authorizer only fetches keys over https.
    if (url.protocol !== "https:") throw new Error(`${name} must be an https URL: ${value}`);
  }
  return settings;
}

/** 《网络安全法》第二十一条: network logs are kept for at least six months.
 * Applied to function logs and the API's access log. */
export const LOG_RETENTION = "six_months" as const;

/** Nothing is left to the runtime: each function carries its own tree-shaken
 * AWS SDK v3. The runtime's copy loads hundreds of CommonJS files through
 * Node's resolver and ESM-to-CJS lexer at every cold start; bundled, it is one
 * file to compile, and the init is about a third shorter (bench
 * `lambda.bundle`: "assistance (SDK from the runtime, context)"). It also pins
 * the SDK version we test with. bench/cases/lambda-bundles.ts bundles with the same list. */
export const LAMBDA_EXTERNAL = [] as const;

interface PluginBuild {
  onResolve(options: { filter: RegExp }, callback: (args: { path: string; importer: string }) => { path: string; namespace: string } | undefined): void;
  onLoad(options: { filter: RegExp; namespace: string }, callback: (args: { path: string }) => { contents: string; resolveDir: string; loader: "js" }): void;
}

/** zod carries the messages of 64 languages (a quarter MB) and exposes them
 * all through `z.locales`, so no bundler can drop them. We show two:
 * Simplified Chinese and English (core/i18n.ts imports exactly those). */
export const zodTwoLocalesPlugin = {
  name: "zod-two-locales",
  setup(build: PluginBuild) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)) return undefined;
      return { path: path.join(path.dirname(args.importer), "../locales/index.js"), namespace: "zod-locales" };
    });
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: 'export { default as en } from "./en.js";\nexport { default as zhCN } from "./zh-CN.js";\n',
      resolveDir: path.dirname(args.path),
      loader: "js",
    }));
  },
};

/** ElectroDB checks every entity's model against a JSON schema (the
 * `jsonschema` package) when the entity is constructed: about a third of a
 * function's cold start, for models that never change after the build. Tests
 * and the local runtime run the source with the real check (every entity is
 * constructed there), so shipped bundles carry a validator that accepts. */
export const electroModelCheckedAtTestPlugin = {
  name: "electrodb-model-checked-at-test",
  setup(build: PluginBuild) {
    build.onResolve({ filter: /^jsonschema$/ }, (args) => {
      if (!/[\\/]electrodb[\\/]src[\\/]/.test(args.importer)) return undefined;
      return { path: "jsonschema-accepting", namespace: "electrodb-model-checked-at-test" };
    });
    build.onLoad({ filter: /.*/, namespace: "electrodb-model-checked-at-test" }, () => ({
      contents: "class Validator { addSchema() {} validate() { return { errors: [] }; } }\nValidator.prototype.customFormats = {};\nmodule.exports = { Validator };\n",
      resolveDir: ".",
      loader: "js",
    }));
  },
};

/** Functions are built as ESM chunks: what an entry imports dynamically (the
 * API's route groups, a consumer's message handlers, the SDK's rarely used
 * credential providers) is compiled only when first used, not at every cold start. */
export const LAMBDA_SPLITTING = true;

/** Every plugin the shipped bundles use (bench/cases/lambda-bundles.ts builds with the same list). */
export const LAMBDA_PLUGINS = [zodTwoLocalesPlugin, electroModelCheckedAtTestPlugin] as const;

/** Applied to every function of the app (a function's own props override these). */
export const functionDefaults: FunctionProps = {
  runtime: "nodejs22.x",
  architecture: "arm_64",
  memorySize: "512 MB",
  timeout: "10 seconds",
  logRetention: LOG_RETENTION,
  nodejs: {
    format: "esm",
    minify: true,
    splitting: LAMBDA_SPLITTING,
    esbuild: {
      external: [...LAMBDA_EXTERNAL],
      // Typed loosely: SST's esbuild types are those of its own esbuild 0.18.
      plugins: [...LAMBDA_PLUGINS] as never[],
    },
  },
};

/** App-wide settings, applied before any stack is added. */
export function configureApp(app: App) {
  app.setDefaultFunctionProps(functionDefaults);
  // Disposable stages leave nothing behind on `sst remove`; production keeps
  // CloudFormation's defaults (and the table is retained explicitly).
  if (!isProduction(app.stage)) app.setDefaultRemovalPolicy("destroy");
}
