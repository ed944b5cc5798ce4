import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startDynamoLocal, startLocalSqs } from "../../packages/functions/src/local/services";
import { checkPrerequisites } from "./prerequisites";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sqsEndpoint: string;
    /** Where each test file's IAM and partition recorder writes (tests/security/recorder.ts). */
    recordDir: string;
  }
}

/** Start DynamoDB Local (in memory) and fauxqs on free loopback ports. */
export default async function setup(project: TestProject) {
  // Java (and Chromium, for the browser tests) first: a missing one stops the run with `npm run setup`.
  await checkPrerequisites(project);
  const dynamo = await startDynamoLocal();
  const sqs = await startLocalSqs();
  project.provide("dynamoEndpoint", dynamo.endpoint);
  project.provide("sqsEndpoint", sqs.endpoint);
  // A fresh directory per run: the recorders project reads only this run's requests.
  const recordDir = mkdtempSync(path.join(tmpdir(), "supervision-records-"));
  project.provide("recordDir", recordDir);
  return async () => {
    rmSync(recordDir, { recursive: true, force: true });
    await sqs.stop();
    await dynamo.stop();
  };
}
