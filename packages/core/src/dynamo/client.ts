import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { useConfig } from "../config";

let doc: DynamoDBDocumentClient | undefined;

function current(): DynamoDBDocumentClient {
  if (!doc) {
    const config = useConfig();
    const raw = new DynamoDBClient({
      region: config.AWS_REGION,
      ...(config.DYNAMO_ENDPOINT
        ? { endpoint: config.DYNAMO_ENDPOINT, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
        : {}),
    });
    doc = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  }
  return doc;
}

/** A stable handle: entities keep it for life, while the client behind it is
 * created on first use and replaced by resetDynamo() (the local runtime
 * restarting on new ports). */
const handle = {
  send: ((command: never, options?: never) => current().send(command, options)) as DynamoDBDocumentClient["send"],
};

export function useDynamo(): Pick<DynamoDBDocumentClient, "send"> {
  return handle;
}

export function resetDynamo() {
  doc?.destroy();
  doc = undefined;
}
