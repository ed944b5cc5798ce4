import { Readable } from "node:stream";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { HttpResponse, type HttpRequest } from "@smithy/protocol-http";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { withContext } from "../../packages/core/src/context";
import { dynamoClient, resetDynamo, useDynamo } from "../../packages/core/src/dynamo/client";
import { observeSdk, type SdkRequest } from "../../packages/core/src/dynamo/observe";
import { credentialScope, loadSts, REFRESH_MARGIN_MS, setStsClient, tenantCredentials } from "../../packages/core/src/dynamo/tenant-credentials";

/**
 * The cloud's choice of credentials, run here against DynamoDB Local (which
 * ignores IAM) with a fake STS behind the real STS client: every AssumeRole
 * goes through the SDK's serializer, and the fake answers at the end of the
 * middleware stack with the XML STS would send.
 */

const ROLE = "arn:aws-cn:iam::123456789012:role/stacktest-supervision-TenantDataRole";
const GULOU = "350102";
const TAIJIANG = "350103";

interface Assumed {
  body: URLSearchParams;
  at: number;
}

async function fakeSts(expiresInMs: (tenant: string) => number) {
  const calls: Assumed[] = [];
  const { STSClient } = await loadSts();
  // The fake sits where the HTTP transport would: everything before it (serializer, signer) and after (XML parser) is the SDK's.
  const requestHandler = {
    handle: async (request: HttpRequest) => {
      const body = new URLSearchParams(String(request.body));
      calls.push({ body, at: Date.now() });
      const tenant = body.get("Tags.member.1.Value") ?? "none";
      const n = calls.length;
      const expiration = new Date(Date.now() + expiresInMs(tenant)).toISOString();
      const xml = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>
<AccessKeyId>ASIA${tenant}N${n}</AccessKeyId><SecretAccessKey>secret-${n}</SecretAccessKey><SessionToken>token-${tenant}-${n}</SessionToken><Expiration>${expiration}</Expiration>
</Credentials><AssumedRoleUser><AssumedRoleId>AROA:tenant-${tenant}</AssumedRoleId><Arn>${ROLE}/tenant-${tenant}</Arn></AssumedRoleUser></AssumeRoleResult>
<ResponseMetadata><RequestId>r-${n}</RequestId></ResponseMetadata></AssumeRoleResponse>`;
      return { response: new HttpResponse({ statusCode: 200, headers: { "content-type": "text/xml" }, body: Readable.from([Buffer.from(xml)]) }) };
    },
  };
  const client = new STSClient({ region: "cn-north-1", credentials: { accessKeyId: "function-role", secretAccessKey: "x" }, requestHandler: requestHandler as never });
  setStsClient(client);
  return calls;
}

const as = <T>(tenantId: string | undefined, fn: () => Promise<T>) =>
  withContext({ actor: { type: "system", reason: "credentials test" }, tenantId, requestId: "creds", locale: "zh-CN" }, fn);

function cloudMode() {
  process.env.TENANT_ROLE_ARN = ROLE;
  resetDynamo();
}

afterEach(() => {
  delete process.env.TENANT_ROLE_ARN;
  setStsClient(undefined);
  resetDynamo();
});
afterAll(() => resetDynamo());

describe("tenant-scoped credentials", () => {
  test("the choice: a tenant's session only where the function has the role and a tenant acts", () => {
    expect(credentialScope(GULOU, ROLE)).toEqual({ tenant: GULOU });
    expect(credentialScope(undefined, ROLE)).toBe("function");
    expect(credentialScope(GULOU, undefined)).toBe("function");
  });

  test("in the cloud, each tenant's requests are signed by its own tagged session of the tenant role, assumed once", async () => {
    cloudMode();
    const calls = await fakeSts(() => 60 * 60_000);
    const seen: SdkRequest[] = [];
    const stop = observeSdk((r) => seen.push(r));
    const table = process.env.TABLE_NAME!;
    try {
      await as(GULOU, () => useDynamo().send(new PutCommand({ TableName: table, Item: { pk: `${GULOU}#creds`, sk: "a", v: 1 } })));
      const got = await as(GULOU, () => useDynamo().send(new GetCommand({ TableName: table, Key: { pk: `${GULOU}#creds`, sk: "a" } })));
      expect(got.Item?.v).toBe(1);
      await as(TAIJIANG, () => useDynamo().send(new GetCommand({ TableName: table, Key: { pk: `${TAIJIANG}#creds`, sk: "a" } })));
      await as(undefined, () => useDynamo().send(new GetCommand({ TableName: table, Key: { pk: "350000#catalogue", sk: "head" } })));
    } finally {
      stop();
    }
    // One AssumeRole per tenant, with the role, an hour's session and exactly one tag: the tenant.
    expect(calls.map((c) => c.body.get("Tags.member.1.Value"))).toEqual([GULOU, TAIJIANG]);
    for (const c of calls) {
      expect(c.body.get("Action")).toBe("AssumeRole");
      expect(c.body.get("RoleArn")).toBe(ROLE);
      expect(c.body.get("DurationSeconds")).toBe("3600");
      expect(c.body.get("Tags.member.1.Key")).toBe("tenant");
      expect(c.body.has("Tags.member.2.Key")).toBe(false);
    }
    expect(seen.map((r) => r.credentials)).toEqual([{ tenant: GULOU }, { tenant: GULOU }, { tenant: TAIJIANG }, "function"]);
    // The clients really carry those credentials.
    const key = async (tenant?: string) => as(tenant, async () => (await (dynamoClient().config.credentials as () => Promise<{ accessKeyId: string; sessionToken?: string }>)()));
    expect(await key(GULOU)).toMatchObject({ accessKeyId: `ASIA${GULOU}N1`, sessionToken: `token-${GULOU}-1` });
    expect(await key(TAIJIANG)).toMatchObject({ accessKeyId: `ASIA${TAIJIANG}N2` });
    expect((await key(undefined)).accessKeyId).toBe("local");
    expect(calls).toHaveLength(2);
  });

  test("cached per tenant until shortly before expiry, one AssumeRole for concurrent callers", async () => {
    cloudMode();
    let now = Date.now();
    const calls = await fakeSts((tenant) => (tenant === GULOU ? 60 * 60_000 : REFRESH_MARGIN_MS + 60_000));
    const gulou = tenantCredentials(GULOU, ROLE, () => now);
    const taijiang = tenantCredentials(TAIJIANG, ROLE, () => now);
    const all = await Promise.all([gulou(), gulou(), gulou()]);
    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    expect(calls).toHaveLength(1);
    await taijiang();
    expect(calls).toHaveLength(2);
    // Two minutes later: Taijiang's session is within the refresh margin, Gulou's is not.
    now += 2 * 60_000;
    expect((await gulou()).accessKeyId).toBe(`ASIA${GULOU}N1`);
    expect((await taijiang()).accessKeyId).toBe(`ASIA${TAIJIANG}N3`);
    expect(calls).toHaveLength(3);
    expect(() => tenantCredentials("350102#x", ROLE)).toThrow(/tenant code/);
  });

  test("locally (no role configured) every tenant shares the one client and no role is assumed", async () => {
    const calls = await fakeSts(() => 60 * 60_000);
    const a = await as(GULOU, async () => dynamoClient());
    const b = await as(TAIJIANG, async () => dynamoClient());
    const none = await as(undefined, async () => dynamoClient());
    expect(a).toBe(b);
    expect(a).toBe(none);
    await as(GULOU, () => useDynamo().send(new GetCommand({ TableName: process.env.TABLE_NAME!, Key: { pk: `${GULOU}#creds`, sk: "a" } })));
    expect(calls).toHaveLength(0);
  });
});
