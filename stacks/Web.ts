import path from "node:path";
import { StaticSite, use, type StackContext } from "sst/constructs";
import type { CfnDistribution } from "aws-cdk-lib/aws-cloudfront";
import { Api } from "./Api";
import { isProduction, partitionOf } from "./settings";

export const WEB_PATH = "packages/web";

/** The portal (Vite, packages/web) on S3 + CloudFront. It is built during
 * deploy with VITE_API_URL as a placeholder that SST replaces with the API's
 * URL (https://<id>.execute-api.<region>.amazonaws.com, no trailing slash,
 * without /api) when it uploads the files.
 *
 * WEB_DIST (optional) deploys an already built site instead of building it:
 * a directory built with VITE_API_URL="{{ VITE_API_URL }}". */
export function Web({ app, stack }: StackContext) {
  const { api } = use(Api);
  const prebuilt = process.env.WEB_DIST?.trim();
  const site = new StaticSite(stack, "web", {
    path: WEB_PATH,
    buildCommand: prebuilt ? undefined : "npm run build",
    buildOutput: prebuilt ? path.relative(WEB_PATH, path.resolve(prebuilt)) : "dist",
    environment: { VITE_API_URL: api.url },
    // Client-side routes: unknown paths serve index.html.
    errorPage: "redirect_to_index_page",
    // SST writes an ImportMetaEnv declaration for the environment above; keep
    // it out of the web package's sources (which declare their own).
    vite: { types: path.relative(WEB_PATH, path.join(".sst", "types", "web-env.d.ts")) },
  });
  if (partitionOf(app.region) === "aws-cn") chinaDistribution(site, app.stage);
  stack.addOutputs({ WebUrl: site.url });
  return { site };
}

/**
 * CloudFront in the China regions (operated by Sinnet/NWCD) differs: the
 * default *.cloudfront.cn domain serves nothing, so the distribution needs an
 * alternate domain name with an ICP recordal (WEB_DOMAIN) and, for HTTPS, a
 * certificate uploaded to IAM (WEB_CERTIFICATE_ID; ACM is not offered to
 * CloudFront there); CloudFront Functions are not offered either, so SST's
 * viewer-request function (it appends index.html/.html to paths) is left out:
 * the portal is a single-page app whose unknown paths already fall back to
 * index.html through the error responses.
 */
function chinaDistribution(site: StaticSite, stage: string) {
  const domain = process.env.WEB_DOMAIN?.trim();
  const certificate = process.env.WEB_CERTIFICATE_ID?.trim();
  if ((!domain || !certificate) && isProduction(stage)) {
    throw new Error(`WEB_DOMAIN and WEB_CERTIFICATE_ID must be set to deploy stage "${stage}" in AWS China (an ICP-recorded domain and its IAM server certificate ID)`);
  }
  const cfn = site.cdk!.distribution.node.defaultChild as CfnDistribution;
  cfn.addPropertyDeletionOverride("DistributionConfig.DefaultCacheBehavior.FunctionAssociations");
  site.node.tryRemoveChild("CloudFrontFunction");
  if (domain && certificate) {
    cfn.addPropertyOverride("DistributionConfig.Aliases", [domain]);
    cfn.addPropertyOverride("DistributionConfig.ViewerCertificate", {
      IamCertificateId: certificate,
      SslSupportMethod: "sni-only",
      MinimumProtocolVersion: "TLSv1.2_2021",
    });
  }
}
