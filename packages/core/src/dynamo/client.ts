import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { useConfig } from "../config";

let doc: DynamoDBDocumentClient | undefined;

/** The DocumentClient every entity and transaction uses. */
export function useDynamo(): DynamoDBDocumentClient {
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

export function resetDynamo() {
  doc = undefined;
}
