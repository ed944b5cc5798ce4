import type { TestProject } from "vitest/node";
import { startDynamoLocal, startLocalSqs } from "../../packages/functions/src/local/services";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sqsEndpoint: string;
  }
}

/** Start DynamoDB Local (in memory) and fauxqs on free loopback ports. */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal();
  const sqs = await startLocalSqs();
  project.provide("dynamoEndpoint", dynamo.endpoint);
  project.provide("sqsEndpoint", sqs.endpoint);
  return async () => {
    await sqs.stop();
    await dynamo.stop();
  };
}
