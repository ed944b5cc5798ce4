import type { STSClient } from "@aws-sdk/client-sts";
import * as z from "zod";
import { useConfig } from "../config";
import { envConfig } from "../util/env";

/**
 * Tenant-scoped credentials (cloud only). The stacks give the API and the
 * consumers TENANT_ROLE_ARN: a role whose policy allows the table only where
 * `dynamodb:LeadingKeys` is `${aws:PrincipalTag/tenant}#*`, plus the named
 * shared partitions (partitions.ts). A unit of work acting for a tenant
 * assumes that role with the session tag `tenant=<its code>`, so even a bug
 * in core that built another tenant's key would be refused by IAM.
 *
 * Locally TENANT_ROLE_ARN is unset (DynamoDB Local ignores IAM): one client.
 */

const Settings = z.object({
  /** The tenant data role (stacks/TenantAccess.ts); unset locally. */
  TENANT_ROLE_ARN: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "an IAM role ARN").optional(),
});
const settings = envConfig("Invalid tenant credentials configuration", Settings);

export function tenantRoleArn(): string | undefined {
  return settings.use().TENANT_ROLE_ARN;
}

/** The session tag the role's policy reads as `${aws:PrincipalTag/tenant}`. */
export const TENANT_TAG = "tenant";
/** An hour: the role's default maximum session. */
export const SESSION_SECONDS = 3600;
/** Renewed this long before they expire (the SDK's own margin is 5 minutes too). */
export const REFRESH_MARGIN_MS = 5 * 60_000;

/** Which credentials a unit of work runs with: its tenant's scoped session
 * when the function has the tenant role and a tenant is acting; otherwise the
 * function's own role (public reads, a message's proof of origin, jobs). */
export function credentialScope(tenantId: string | undefined, roleArn: string | undefined): { tenant: string } | "function" {
  return tenantId && roleArn ? { tenant: tenantId } : "function";
}

export interface TenantCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

let sts: STSClient | Promise<STSClient> | undefined;
const cache = new Map<string, TenantCredentials>();
const pending = new Map<string, Promise<TenantCredentials>>();

/** The STS SDK, loaded on first use (a cold start that acts for no tenant never pays for it). */
export function loadSts() {
  return import("@aws-sdk/client-sts");
}

async function useSts(): Promise<STSClient> {
  if (!sts) {
    sts = loadSts().then(({ STSClient }) => new STSClient({ region: useConfig().AWS_REGION }));
  }
  return sts;
}

/** Tests: the STS client to assume the role with (a fake one through the SDK's middleware stack). */
export function setStsClient(client: STSClient | undefined) {
  sts = client;
  cache.clear();
  pending.clear();
}

export function resetTenantCredentials() {
  settings.reset();
  cache.clear();
  pending.clear();
}

/** A credential provider for one tenant: the role assumed with the tenant's
 * session tag, cached per tenant until shortly before it expires; concurrent
 * callers share one AssumeRole. */
export function tenantCredentials(tenantId: string, roleArn: string, now: () => number = Date.now) {
  if (!/^\d{6}$/.test(tenantId)) throw new Error(`not a tenant code: ${tenantId}`);
  return async (): Promise<TenantCredentials> => {
    const hit = cache.get(tenantId);
    if (hit && hit.expiration.getTime() - now() > REFRESH_MARGIN_MS) return hit;
    let inFlight = pending.get(tenantId);
    if (!inFlight) {
      inFlight = assume(tenantId, roleArn).finally(() => pending.delete(tenantId));
      pending.set(tenantId, inFlight);
    }
    return inFlight;
  };
}

async function assume(tenantId: string, roleArn: string): Promise<TenantCredentials> {
  const [client, { AssumeRoleCommand }] = await Promise.all([useSts(), loadSts()]);
  const res = await client.send(
    new AssumeRoleCommand({
      RoleArn: roleArn,
      RoleSessionName: `tenant-${tenantId}-${Date.now().toString(36)}`,
      DurationSeconds: SESSION_SECONDS,
      Tags: [{ Key: TENANT_TAG, Value: tenantId }],
    }),
  );
  const c = res.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error(`AssumeRole for tenant ${tenantId} returned no credentials`);
  const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: new Date(c.Expiration) };
  cache.set(tenantId, credentials);
  return credentials;
}
