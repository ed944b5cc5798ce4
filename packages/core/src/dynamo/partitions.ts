import { PROVINCE_ID } from "../tenant/index";

/**
 * Every partition key starts with the tenant that owns it (`350102#…`), and a
 * unit of work acting for a tenant reaches only partitions that start with
 * that tenant's code. The few places every tenant shares are named here, once:
 * the stacks grant them to the tenant role as narrow statements of their own
 * (stacks/TenantAccess.ts), and the tests' partition recorder (tests/security)
 * accepts a request outside the acting tenant only when it lands here, with
 * one of the actions listed.
 */

export type DynamoAction = `dynamodb:${string}`;

export interface SharedPartition {
  /** What it is and why tenants share it. */
  description: string;
  /** Partition keys, as IAM `dynamodb:LeadingKeys` patterns (StringLike: `*` any run, `?` one character). */
  leadingKeys: readonly string[];
  /** The only actions any tenant may use there. */
  actions: readonly DynamoAction[];
}

/** The session tag IAM substitutes with the acting tenant. */
const TENANT_TAG = "${aws:PrincipalTag/tenant}";

const READ: DynamoAction[] = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"];

export const SharedPartitions = {
  provinceCatalogue: {
    description: "the province's published catalogue (head, versions, item revisions): public information every tenant syncs from; only the province writes it",
    leadingKeys: [`${PROVINCE_ID}#catalogue`, `${PROVINCE_ID}#catalogue#version`, `${PROVINCE_ID}#catalogue#rev#*`],
    actions: READ,
  },
  recognitionRegistry: {
    description: "the province's registry of recognised inspection results by credit code (执法互认): read by every tenant, written by the province's recognition consumer",
    leadingKeys: [`${PROVINCE_ID}#recognition#*`],
    actions: READ,
  },
  fineClaims: {
    description: "the province's fine claims by party (一事不二罚): a tenant claims the act in the same transaction as its fine, and reads the party's earlier claims",
    leadingKeys: [`${PROVINCE_ID}#penalty-fact#*`],
    actions: [...READ, "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"],
  },
  provinceConfiguration: {
    description: "the province's rules configuration (policy-config: deadlines, ratios, the working-day calendar): every tenant reads it; only the province writes it",
    leadingKeys: [`${PROVINCE_ID}#policy#province`],
    actions: READ,
  },
  provinceCreditScoring: {
    description: "the province's credit-scoring rules (信用风险分类, versioned data): every tenant reads them to grade its businesses; only the province writes them",
    leadingKeys: [`${PROVINCE_ID}#credit-scoring`],
    actions: READ,
  },
  provinceWarningRules: {
    description: "the province's warning rules (预警规则, versioned data): every tenant reads them to evaluate clues and planned inspections; only the province writes them",
    leadingKeys: [`${PROVINCE_ID}#warning-rules#province`],
    actions: READ,
  },
  provinceRiskWeights: {
    description: "the province's risk-model weights (风险排名, versioned data): every tenant reads them to rank its businesses; only the province writes them",
    leadingKeys: [`${PROVINCE_ID}#risk-weights`],
    actions: READ,
  },
  senderAttachment: {
    description: "an attachment's bytes in the sender's partition, content-addressed by SHA-256: the receiving consumer reads the one blob a verified message names, to copy it into its own partition (the hash must be known to read it; the copy is checked against it)",
    leadingKeys: ["??????#blob#*"],
    actions: ["dynamodb:GetItem"],
  },
  anchorsOfMe: {
    description: "the heads of the acting tenant's own audit chain that its superior keeps (daily anchors): the tenant's verify reads them to prove its history was not rewritten; only the superior's consumer writes them",
    leadingKeys: ["??????#audit-anchor#${aws:PrincipalTag/tenant}"],
    actions: ["dynamodb:Query"],
  },
  senderOutbox: {
    description: "the sending tenant's outbox record of a message: a consumer reads it to prove the message's origin and marks it consumed",
    leadingKeys: ["??????#outbox"],
    actions: ["dynamodb:GetItem", "dynamodb:UpdateItem"],
  },
} as const satisfies Record<string, SharedPartition>;

export type SharedPartitionName = keyof typeof SharedPartitions;

/** IAM's StringLike, as a regular expression. */
export function likePattern(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "u");
}

/** The shared place a partition key belongs to, if any. */
export function sharedPartitionOf(pk: string, tenantId?: string): SharedPartitionName | undefined {
  for (const [name, p] of Object.entries(SharedPartitions) as [SharedPartitionName, SharedPartition][]) {
    // A place keyed by the acting tenant (its anchors) matches only with that tenant's tag, as IAM substitutes it.
    const patterns = p.leadingKeys.map((k) => (k.includes(TENANT_TAG) ? (tenantId ? k.replaceAll(TENANT_TAG, tenantId) : undefined) : k));
    if (patterns.some((k) => k !== undefined && likePattern(k).test(pk))) return name;
  }
  return undefined;
}

/** The tenant's own partitions, as the tenant role's LeadingKeys pattern. */
export const OWN_PARTITIONS = `${TENANT_TAG}#*`;

/** Whether a partition key is the acting tenant's own. */
export function isOwnPartition(pk: string, tenantId: string): boolean {
  return pk.startsWith(`${tenantId}#`);
}
