import type { SSTConfig } from "sst";
import { Api } from "./stacks/Api";
import { Queues } from "./stacks/Queues";
import { APP_NAME, configureApp, deployRegion } from "./stacks/settings";
import { Storage } from "./stacks/Storage";
import { Web } from "./stacks/Web";

/**
 * `npx sst deploy --stage <name>` (see the README's "部署 / Deploy").
 * Region: `--region`, else SUPERVISION_REGION, else AWS_REGION, else cn-northwest-1
 * (AWS China, Ningxia: the province's data stays in mainland China).
 * In AWS China the portal needs WEB_DOMAIN (ICP-recorded) and WEB_CERTIFICATE_ID (IAM).
 * API tokens: OIDC_ISSUER (required for production stages) and OIDC_AUDIENCE
 * (default "supervision") in the environment of the deploy.
 */
export default {
  config(input) {
    return { name: APP_NAME, region: input.region || deployRegion() };
  },
  stacks(app) {
    configureApp(app);
    app.stack(Storage).stack(Queues).stack(Api).stack(Web);
  },
} satisfies SSTConfig;
