import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Logger } from "@aws-lambda-powertools/logger";
import { asFunction } from "@supervision/core/dynamo/function-kind";
import { Message } from "@supervision/core/message/index";
import { deadLetter } from "@supervision/core/queue/dead-letter";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

const logger = new Logger({ serviceName: "supervision-consumer" });

/** One SQS consumer Lambda: each record is applied once (the outbox record is
 * the processed-message marker), failures are reported per record so one bad
 * message never holds up the batch, and messages that can never succeed go
 * straight to the dead-letter queue with their reason. The records of one
 * batch commit together where they can (`Message.group`): one transaction
 * for the batch instead of one per record. */
export function createConsumer(registry: Message.Registry) {
  const queue = registry.queue;
  const processor = new BatchProcessor(EventType.SQS);
  const recordHandler = (group: Message.ConsumeGroup) => async (r: SQSRecord) => {
    try {
      const outcome = await Message.consume(registry, r.body, group);
      logger.debug("message", { queue, messageId: r.messageId, outcome });
      return outcome;
    } catch (err) {
      if (err instanceof Message.PoisonMessage) {
        logger.warn("dead-lettered", { queue, messageId: r.messageId, reason: err.reason });
        await deadLetter(queue, r.body, err.reason);
        return "dead-lettered";
      }
      logger.error("message failed; will be retried", { queue, messageId: r.messageId, error: String(err) });
      throw err;
    }
  };
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    // This queue's consumer function (its IAM policy answers for every request, tests/security).
    asFunction(`consumer:${queue}`, () =>
      // In parallel (never one by one: each record waits for the whole group).
      processPartialResponse(event, recordHandler(Message.group(event.Records.length)), processor, { context, throwOnFullBatchFailure: false, processInParallel: true }),
    );
}
