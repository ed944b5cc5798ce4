import { RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from "aws-cdk-lib/aws-dynamodb";
import type { StackContext } from "sst/constructs";
import { TableDefinition } from "../packages/core/src/dynamo/table";
import { tenantDataRole } from "./permissions";
import { isProduction } from "./settings";

/** The one DynamoDB table, built from core's TableDefinition (the same object
 * DynamoDB Local's table is created from, so the two cannot drift). */
export function Storage({ app, stack }: StackContext) {
  const d = TableDefinition;
  const production = isProduction(app.stage);
  const table = new Table(stack, "Table", {
    tableName: app.logicalPrefixedName("table"),
    partitionKey: { name: d.partitionKey, type: AttributeType.STRING },
    sortKey: { name: d.sortKey, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    // KMS encryption at rest with the AWS managed key (aws/dynamodb): functions
    // need no KMS permissions, and the key cannot be deleted by mistake.
    encryption: TableEncryption.AWS_MANAGED,
    timeToLiveAttribute: d.ttlAttribute,
    deletionProtection: production,
    removalPolicy: production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  for (const [indexName, gsi] of Object.entries(d.globalIndexes)) {
    table.addGlobalSecondaryIndex({
      indexName,
      partitionKey: { name: gsi.partitionKey, type: AttributeType.STRING },
      sortKey: { name: gsi.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }
  // Beside the table: the API and the consumers assume it per acting tenant.
  const tenantRole = tenantDataRole(stack, table);
  stack.addOutputs({ TableName: table.tableName, TenantRoleArn: tenantRole.roleArn });
  return { table, tenantRole };
}
