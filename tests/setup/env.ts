import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, expect, inject } from "vitest";
import { ensureQueues, ensureTable, LOCAL_REGION } from "../../packages/functions/src/local/services";
import { installRecorder } from "../security/recorder";

/** Each test file gets its own table and queues on the shared emulators, so
 * files running in parallel never see each other's data. Runs before the
 * test file imports core, which reads this environment. */
const id = randomBytes(4).toString("hex");
const dynamoEndpoint = inject("dynamoEndpoint");
const sqsEndpoint = inject("sqsEndpoint");
const tableName = `test-${id}`;
await ensureTable(dynamoEndpoint, tableName);
const queueUrls = await ensureQueues(sqsEndpoint, { prefix: `t${id}-`, visibilityTimeoutSeconds: 5 });

Object.assign(process.env, {
  TABLE_NAME: tableName,
  AWS_REGION: LOCAL_REGION,
  DYNAMO_ENDPOINT: dynamoEndpoint,
  SQS_ENDPOINT: sqsEndpoint,
  QUEUE_URLS: JSON.stringify(queueUrls),
  OUTBOX_RESEND_AFTER_SECONDS: "2",
});

// Every DynamoDB and SQS request of this file, for the IAM and partition checks that run after the suite.
const recorder = installRecorder(inject("recordDir"), () => path.relative(process.cwd(), expect.getState().testPath ?? "unknown"));
afterAll(() => recorder.flush());
