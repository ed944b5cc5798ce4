import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Config, Cron, Function as SstFunction, Queue, use, type StackContext } from "sst/constructs";
import type { TableDefinition } from "../packages/core/src/dynamo/table";
import {
  DLQ_RETENTION_SECONDS,
  MAX_RECEIVE_COUNT,
  QueueDefinitions,
  QueueNames,
  dlqName,
  type QueueName,
} from "../packages/core/src/queue/definitions";
import { coreEnvironment, type QueuePair } from "./environment";
import { assumeTenant, DynamoActions, sendTo, sharedAccess, tableAccess } from "./permissions";
import { scheduledJobs } from "./schedules";
import { Storage } from "./Storage";

/** Each queue's consumer Lambda: the entry that lists the message types it handles. */
export const CONSUMER_HANDLERS: Record<QueueName, string> = {
  "catalogue-sync": "packages/functions/src/consumers/catalogue-sync.handler",
  assistance: "packages/functions/src/consumers/assistance.handler",
  recognition: "packages/functions/src/consumers/recognition.handler",
  "credit-platform": "packages/functions/src/consumers/credit-platform.handler",
};

export const OUTBOX_SWEEPER_HANDLER = "packages/functions/src/jobs/outbox-sweeper.handler";
export const OUTBOX_SWEEP_SCHEDULE = "rate(1 minute)";
/** The index the sweeper queries for pending outbox records (core's OutboxEntity). */
export const OUTBOX_PENDING_INDEX = "gsi1" satisfies keyof typeof TableDefinition.globalIndexes;

export const ESCALATOR_HANDLER = "packages/functions/src/jobs/assistance-escalator.handler";
export const ESCALATOR_SCHEDULE = "rate(15 minutes)";
/** The escalator reads the due index (gsi2) and the open index (gsi1) of each tenant, nothing else. */
export const ESCALATOR_INDEXES = ["gsi1", "gsi2"] as const satisfies readonly (keyof typeof TableDefinition.globalIndexes)[];

/** Resumes alert fan-outs that stopped midway (Alert.resume). */
export const ALERT_RESUME_HANDLER = "packages/functions/src/jobs/alert-resume.handler";
export const ALERT_RESUME_SCHEDULE = "rate(5 minutes)";
/** Anchors each tenant's audit chain head with its superior, once a day at 02:00 Asia/Shanghai (18:00 UTC). */
export const AUDIT_ANCHOR_HANDLER = "packages/functions/src/jobs/audit-anchor.handler";
export const AUDIT_ANCHOR_SCHEDULE = "cron(0 18 * * ? *)";

/** The Powertools metric the sweeper publishes every run (packages/functions/src/jobs/outbox-sweeper.ts). */
export const OUTBOX_STALLED_METRIC = { namespace: "Supervision", name: "OutboxStalled", dimensions: { service: "outbox-sweeper" } } as const;

/** The queues a consumer's handlers send on (core's QueueDefinitions `emits`). */
export function consumerEmits(name: QueueName): QueueName[] {
  return [...QueueDefinitions[name].emits] as QueueName[];
}

/** AWS advises a queue's visibility timeout of at least six times its
 * consumer's timeout, so a batch retried after throttling is not delivered
 * again while still being processed. */
export function consumerTimeoutSeconds(visibilityTimeoutSeconds: number) {
  return Math.max(1, Math.floor(visibilityTimeoutSeconds / 6));
}

/** Each queue of core's QueueDefinitions with its dead-letter queue and its
 * consumer, and the scheduled outbox sweeper that (re)sends what is due. */
export function Queues({ stack }: StackContext) {
  const { table, tenantRole } = use(Storage);

  const queues = {} as Record<QueueName, QueuePair>;
  const sst = {} as Record<QueueName, { queue: Queue; dlq: Queue }>;
  for (const name of QueueNames) {
    const def = QueueDefinitions[name];
    const dlq = new Queue(stack, dlqName(name), {
      cdk: {
        queue: {
          retentionPeriod: Duration.seconds(DLQ_RETENTION_SECONDS),
          encryption: QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
        },
      },
    });
    const queue = new Queue(stack, name, {
      cdk: {
        queue: {
          visibilityTimeout: Duration.seconds(def.visibilityTimeoutSeconds),
          encryption: QueueEncryption.SQS_MANAGED,
          enforceSSL: true,
          deadLetterQueue: { queue: dlq.cdk.queue, maxReceiveCount: MAX_RECEIVE_COUNT },
        },
      },
    });
    sst[name] = { queue, dlq };
    queues[name] = { queue: queue.cdk.queue, dlq: dlq.cdk.queue };
  }

  const environment = coreEnvironment(stack, table, queues);
  // Consumers act for the receiving tenant with its scoped credentials.
  const consumerEnvironment = coreEnvironment(stack, table, queues, tenantRole);

  // The credit platform's signing secret: an SSM SecureString set per stage
  // (`npx sst secrets set CREDIT_PLATFORM_SECRET … --stage prod`), bound to its consumer only.
  const creditPlatformSecret = new Config.Secret(stack, CREDIT_PLATFORM_SECRET);

  const consumers = {} as Record<QueueName, SstFunction>;
  for (const name of QueueNames) {
    const def = QueueDefinitions[name];
    const timeout = consumerTimeoutSeconds(def.visibilityTimeoutSeconds);
    if (timeout > def.visibilityTimeoutSeconds) {
      throw new Error(`Queue ${name}: visibility timeout ${def.visibilityTimeoutSeconds}s is shorter than its consumer's timeout ${timeout}s`);
    }
    const fn = new SstFunction(stack, `${name}-consumer`, {
      handler: CONSUMER_HANDLERS[name],
      description: `Consumer of ${name}: ${def.description}`,
      timeout: `${timeout} seconds`,
      // The credit platform's consumer POSTs to the province's endpoint (set at deploy; unset, every delivery dead-letters and stalls, visibly).
      environment: name === "credit-platform" ? { ...consumerEnvironment, ...creditPlatformEnvironment() } : consumerEnvironment,
      ...(name === "credit-platform" ? { bind: [creditPlatformSecret] } : {}),
      permissions: [
        // The receiving tenant's partitions through the tenant data role;
        // before that, only the sender's outbox record (proof of origin).
        assumeTenant(tenantRole.roleArn),
        ...DynamoActions.consumer.shared.map((shared) => sharedAccess(table, shared)),
        // Poison messages are dead-lettered explicitly, to this queue's DLQ;
        // what its handlers answer goes on the queues they emit on, no others.
        // (Receive/delete on its own queue come with the event source mapping.)
        sendTo([queues[name].dlq, ...consumerEmits(name).map((q) => queues[q].queue)]),
      ],
    });
    sst[name].queue.addConsumer(stack, {
      function: fn,
      cdk: { eventSource: { batchSize: def.batchSize, reportBatchItemFailures: true } },
    });
    consumers[name] = fn;
  }

  const sweeper = new Cron(stack, "outbox-sweeper", {
    schedule: OUTBOX_SWEEP_SCHEDULE,
    job: {
      function: {
        handler: OUTBOX_SWEEPER_HANDLER,
        description: "Resends outbox messages still unsent or unconsumed",
        // Done well within the minute, so runs do not pile up.
        timeout: "50 seconds",
        environment,
        permissions: [
          ...tableAccess(table, DynamoActions.sweeper, [OUTBOX_PENDING_INDEX]),
          sendTo(QueueNames.map((n) => queues[n].queue)),
        ],
      },
      // The next run is a minute away: no retries of a failed run.
      cdk: { target: { retryAttempts: 0 } },
    },
  });

  const escalator = new Cron(stack, "assistance-escalator", {
    schedule: ESCALATOR_SCHEDULE,
    job: {
      function: {
        handler: ESCALATOR_HANDLER,
        description: "Escalates overdue assistance requests and reports each tenant's figures upward",
        timeout: "5 minutes",
        environment,
        permissions: [
          ...tableAccess(table, DynamoActions.escalator, [...ESCALATOR_INDEXES]),
          sendTo([queues.assistance.queue]),
        ],
      },
      cdk: { target: { retryAttempts: 0 } },
    },
  });

  const jobs = {
    alertResume: new Cron(stack, "alert-resume", {
      schedule: ALERT_RESUME_SCHEDULE,
      job: {
        function: {
          handler: ALERT_RESUME_HANDLER,
          description: "Resumes alert fan-outs that stopped midway",
          timeout: "2 minutes",
          environment,
          permissions: [...tableAccess(table, DynamoActions.jobs), sendTo([queues.assistance.queue])],
        },
        cdk: { target: { retryAttempts: 0 } },
      },
    }),
    auditAnchor: new Cron(stack, "audit-anchor", {
      schedule: AUDIT_ANCHOR_SCHEDULE,
      job: {
        function: {
          handler: AUDIT_ANCHOR_HANDLER,
          description: "Sends each tenant's audit chain head to its superior",
          timeout: "5 minutes",
          environment,
          permissions: [...tableAccess(table, DynamoActions.jobs), sendTo([queues.assistance.queue])],
        },
        // A missed anchor waits a day: let EventBridge retry a failed run.
        cdk: { target: { retryAttempts: 2 } },
      },
    }),
  };

  // The jobs declared as data (expiries, …): one Cron and one least-privilege policy each.
  const scheduled = scheduledJobs(stack, table, queues, environment);

  // Alarms: any dead letter, and any message the outbox gave up sending.
  const alarmTopic = new Topic(stack, "alarms", { displayName: "监管平台告警 / supervision platform alarms" });
  const alarmEmail = process.env.ALARM_EMAIL?.trim();
  if (alarmEmail) alarmTopic.addSubscription(new EmailSubscription(alarmEmail));
  const alarms: Alarm[] = [];
  for (const name of QueueNames) {
    alarms.push(
      new Alarm(stack, `${dlqName(name)}-depth`, {
        alarmDescription: `死信队列 ${dlqName(name)} 有消息 / dead letters on ${dlqName(name)}: inspect and redrive (npm run dlq)`,
        metric: queues[name].dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }
  alarms.push(
    new Alarm(stack, "outbox-stalled", {
      alarmDescription: "有消息停止重发（stalled），见发送方页面与租户管理员看板 / outbox messages stalled after their last attempt",
      metric: new Metric({
        namespace: OUTBOX_STALLED_METRIC.namespace,
        metricName: OUTBOX_STALLED_METRIC.name,
        dimensionsMap: { ...OUTBOX_STALLED_METRIC.dimensions },
        statistic: "Maximum",
        period: Duration.minutes(5),
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // The sweeper publishes the count every minute (0 included): silence means it is not running.
      treatMissingData: TreatMissingData.BREACHING,
    }),
  );
  for (const alarm of alarms) alarm.addAlarmAction(new SnsAction(alarmTopic));

  for (const name of QueueNames) {
    stack.addOutputs({
      [`QueueUrl${pascal(name)}`]: queues[name].queue.queueUrl,
      [`DeadLetterQueueUrl${pascal(name)}`]: queues[name].dlq.queueUrl,
    });
  }
  stack.addOutputs({ AlarmTopicArn: alarmTopic.topicArn });
  return { queues, consumers, sweeper, escalator, jobs, scheduled, alarms };
}

/** The Config.Secret's name: what `sst secrets set` takes, and the property the consumer reads. */
export const CREDIT_PLATFORM_SECRET = "CREDIT_PLATFORM_SECRET";

/** Where the credit-platform consumer delivers (信用中国（福建）), from the deploy's environment.
 * The signing secret is never an environment value in the cloud: it is the Config.Secret above. */
export function creditPlatformEnvironment(env: Record<string, string | undefined> = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ["CREDIT_PLATFORM_URL", "CREDIT_PLATFORM_TIMEOUT_MS"] as const) if (env[k]?.trim()) out[k] = env[k]!.trim();
  return out;
}

function pascal(name: string) {
  return name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}
