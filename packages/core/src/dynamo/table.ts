/** The one table's shape. The stacks and the local runtime both build the
 * table from this, so the cloud and a laptop cannot drift. */
export const TableDefinition = {
  partitionKey: "pk",
  sortKey: "sk",
  ttlAttribute: "expiresAt",
  globalIndexes: {
    gsi1: { partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    gsi2: { partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  },
} as const;

/** CreateTable input for DynamoDB Local (on-demand, like the cloud table). */
export function createTableInput(tableName: string) {
  const d = TableDefinition;
  const attrs = new Set<string>([d.partitionKey, d.sortKey]);
  for (const gsi of Object.values(d.globalIndexes)) {
    attrs.add(gsi.partitionKey);
    attrs.add(gsi.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: [...attrs].map((name) => ({ AttributeName: name, AttributeType: "S" as const })),
    KeySchema: [
      { AttributeName: d.partitionKey, KeyType: "HASH" as const },
      { AttributeName: d.sortKey, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: Object.entries(d.globalIndexes).map(([name, gsi]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: gsi.partitionKey, KeyType: "HASH" as const },
        { AttributeName: gsi.sortKey, KeyType: "RANGE" as const },
      ],
      Projection: { ProjectionType: "ALL" as const },
    })),
  };
}
