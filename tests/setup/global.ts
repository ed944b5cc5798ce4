import type { TestProject } from "vitest/node";
import { startDynamoLocal, startLocalSqs } from "../../packages/functions/src/local/services";
import { checkPrerequisites } from "./prerequisites";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sqsEndpoint: string;
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
  return async () => {
    await sqs.stop();
    await dynamo.stop();
  };
}
