import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Api, API_HANDLER } from "../../stacks/Api";
import { SCHEDULED_JOBS } from "../../stacks/schedules";
import { Queues } from "../../stacks/Queues";
import { CHINA_REGIONS, DEFAULT_REGION, deployRegion, partitionOf } from "../../stacks/settings";
import { Storage } from "../../stacks/Storage";
import { Web } from "../../stacks/Web";
import { findFunction, resources, synthesize, type Json, type Synth } from "./synth";

/**
 * The `aws-cn` partition (AWS China, Ningxia — the default production
 * region), synthesized offline like tests/stacks/stacks.test.ts does for the
 * global partition: nothing spells a partition, an ARN or a service domain,
 * and what China does not offer (CloudFront Functions, the default
 * *.cloudfront.cn domain, ACM certificates on CloudFront) is not used.
 */

const DOMAIN = "jg.fujian.example.gov.cn";
const CERTIFICATE = "ASCAEXAMPLEIAMCERT0001";
let synth: Synth;

beforeAll(async () => {
  synth = await synthesize(DEFAULT_REGION, { WEB_DOMAIN: DOMAIN, WEB_CERTIFICATE_ID: CERTIFICATE });
}, 300_000);
afterAll(() => synth?.cleanup());

/** Every string literal in a template, with where it is. */
function strings(value: Json, at: string, out: { at: string; s: string }[] = []) {
  if (typeof value === "string") out.push({ at, s: value });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${at}[${i}]`, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) strings(v, `${at}.${k}`, out);
  return out;
}

describe("AWS China (aws-cn)", () => {
  test("production deploys to a China region by default", () => {
    expect(CHINA_REGIONS).toContain(DEFAULT_REGION);
    expect(partitionOf(DEFAULT_REGION)).toBe("aws-cn");
    expect(partitionOf("ap-southeast-1")).toBe("aws");
    expect(deployRegion({})).toBe(DEFAULT_REGION);
    expect(deployRegion({ SUPERVISION_REGION: "cn-north-1", AWS_REGION: "ap-southeast-1" })).toBe("cn-north-1");
  });

  test("no hard-coded partition, ARN or global service domain anywhere", () => {
    const found = Object.entries(synth.json).flatMap(([stack, t]) =>
      strings(t.Resources, stack).filter(({ s }) => /arn:aws:|arn:aws-[a-z]+:|\.amazonaws\.com(?!\.cn)|cloudfront\.net|\.s3\.amazonaws/.test(s) && !/^[a-z0-9.-]+\.amazonaws\.com$/.test(s)),
    );
    // Service principals (lambda.amazonaws.com, …) are the same names in China; everything else goes through AWS::Partition / AWS::URLSuffix.
    expect(found.map(({ at, s }) => `${at}: ${s.slice(0, 120)}`)).toEqual([]);
    const joined = JSON.stringify(synth.json);
    expect(joined).toContain('"Ref":"AWS::Partition"');
  });

  test("every function, queue, table, schedule and alarm is there as in the global partition", () => {
    const all = Object.values(synth.json);
    const count = (type: string) => all.reduce((n, t) => n + resources(t, type).length, 0);
    expect(count("AWS::DynamoDB::Table")).toBe(1);
    // Four queues (catalogue-sync, assistance, recognition, credit-platform), each with its dead-letter queue.
    expect(count("AWS::SQS::Queue")).toBe(8);
    // Sweeper, escalator, alert-resume, audit-anchor and the scheduled jobs of stacks/schedules.ts.
    expect(count("AWS::Events::Rule")).toBe(4 + SCHEDULED_JOBS.length);
    expect(count("AWS::CloudWatch::Alarm")).toBe(5);
    expect(findFunction(synth.json, synth.stackName(Api), API_HANDLER)).toBeDefined();
    // The tenant data role sits beside the table.
    expect(resources(synth.json[synth.stackName(Storage)], "AWS::IAM::Role").some(([, r]) => r.Properties.Description?.includes("session tag"))).toBe(true);
    expect(resources(synth.json[synth.stackName(Queues)], "AWS::SNS::Topic")).toHaveLength(1);
  });

  test("the HTTP API keeps its JWT authorizer (offered in China); unauthenticated routes need the account's ICP recordal", () => {
    const auths = resources(synth.json[synth.stackName(Api)], "AWS::ApiGatewayV2::Authorizer");
    expect(auths.map(([, a]) => a.Properties.AuthorizerType)).toEqual(["JWT"]);
    // Regional endpoint only: edge-optimized endpoints are not offered in China (HTTP APIs are regional).
    const [, http] = resources(synth.json[synth.stackName(Api)], "AWS::ApiGatewayV2::Api")[0]!;
    expect(http.Properties.ProtocolType).toBe("HTTP");
  });

  test("the portal's distribution: the ICP-recorded domain, an IAM certificate, no CloudFront Function", () => {
    const web = synth.json[synth.stackName(Web)];
    expect(resources(web, "AWS::CloudFront::Function")).toEqual([]);
    const [, dist] = resources(web, "AWS::CloudFront::Distribution")[0]!;
    const config = dist.Properties.DistributionConfig;
    expect(config.Aliases).toEqual([DOMAIN]);
    expect(config.ViewerCertificate).toEqual({ IamCertificateId: CERTIFICATE, SslSupportMethod: "sni-only", MinimumProtocolVersion: "TLSv1.2_2021" });
    expect(config.DefaultCacheBehavior.FunctionAssociations).toBeUndefined();
    expect(JSON.stringify(config)).not.toMatch(/AcmCertificateArn|LambdaFunctionAssociations/);
    // Client-side routes still reach index.html.
    expect(config.CustomErrorResponses.map((r: Json) => r.ResponsePagePath)).toContain("/index.html");
  });
});
