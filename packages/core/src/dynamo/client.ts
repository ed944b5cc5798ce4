import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { useConfig } from "../config";
import { maybeContext } from "../context";
import { instrument } from "./observe";
import { credentialScope, resetTenantCredentials, tenantCredentials, tenantRoleArn } from "./tenant-credentials";

/** The function's own client, and one per tenant acting in this process
 * (at most 94), each signing with that tenant's scoped session. */
let base: DynamoDBDocumentClient | undefined;
const perTenant = new Map<string, DynamoDBDocumentClient>();

function create(scope: ReturnType<typeof credentialScope>, roleArn?: string): DynamoDBDocumentClient {
  const config = useConfig();
  const raw = new DynamoDBClient({
    region: config.AWS_REGION,
    ...(config.DYNAMO_ENDPOINT ? { endpoint: config.DYNAMO_ENDPOINT, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
    ...(scope !== "function" ? { credentials: tenantCredentials(scope.tenant, roleArn!) } : {}),
  });
  instrument(raw, "dynamodb", scope);
  return DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
}

/** The client for the current unit of work: the acting tenant's when the
 * function has the tenant role (the cloud), else the function's own. The
 * same choice runs locally, where no role is configured. */
export function dynamoClient(): DynamoDBDocumentClient {
  const roleArn = tenantRoleArn();
  const scope = credentialScope(maybeContext()?.tenantId, roleArn);
  if (scope === "function") return (base ??= create(scope));
  let client = perTenant.get(scope.tenant);
  if (!client) {
    client = create(scope, roleArn);
    perTenant.set(scope.tenant, client);
  }
  return client;
}

/** A stable handle: entities keep it for life, while the client behind it is
 * chosen per call (the acting tenant's) and replaced by resetDynamo() (the
 * local runtime restarting on new ports). */
const handle = {
  send: ((command: never, options?: never) => dynamoClient().send(command, options)) as DynamoDBDocumentClient["send"],
};

export function useDynamo(): Pick<DynamoDBDocumentClient, "send"> {
  return handle;
}

export function resetDynamo() {
  base?.destroy();
  base = undefined;
  for (const client of perTenant.values()) client.destroy();
  perTenant.clear();
  resetTenantCredentials();
}
