/** The queues, defined once: the stacks create them (and name each one's
 * consumer Lambda) in the cloud, and the local runtime creates them on fauxqs
 * from the same list. */
export const QueueDefinitions = {
  "catalogue-sync": {
    description: "省级清单版本同步到各地 / catalogue versions to every tenant",
    visibilityTimeoutSeconds: 120,
    batchSize: 10,
    /** Queues the handlers of this queue's messages send on (their Change's `messages`):
     * a synced tenant reports its status to the province, and a split fan-out sends the rest. */
    emits: ["catalogue-sync"] as readonly string[],
  },
  assistance: {
    description: "跨区域协助与通知 / cross-region assistance and notices",
    visibilityTimeoutSeconds: 60,
    batchSize: 10,
    /** A received request sends its routing note back on the assistance queue. */
    emits: ["assistance"] as readonly string[],
  },
  recognition: {
    description: "执法互认 / results recognised province-wide",
    visibilityTimeoutSeconds: 60,
    batchSize: 10,
    emits: [] as readonly string[],
  },
  /** Outbound: every change of a severe-dishonesty listing, POSTed to the
   * province's public credit platform (信用中国（福建）); its own queue, so an
   * outage there never holds up messages between tenants. */
  "credit-platform": {
    description: "严重失信名单变更报送信用中国（福建）/ listing changes to the province's credit platform",
    visibilityTimeoutSeconds: 60,
    batchSize: 10,
    emits: [] as readonly string[],
  },
} as const;

export type QueueName = keyof typeof QueueDefinitions;
export const QueueNames = Object.keys(QueueDefinitions) as QueueName[];

/** A message that keeps failing moves to the dead-letter queue after this many receives. */
export const MAX_RECEIVE_COUNT = 5;
/** Dead letters are kept for the longest time SQS allows, 14 days. */
export const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

export function dlqName(queue: QueueName) {
  return `${queue}-dlq`;
}
