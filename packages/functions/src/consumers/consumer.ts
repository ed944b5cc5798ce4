import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Logger } from "@aws-lambda-powertools/logger";
import { Message } from "@supervision/core/message/index";
import type { QueueName } from "@supervision/core/message/queues";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

const logger = new Logger({ serviceName: "supervision-consumer" });

/** One SQS consumer Lambda: each record is applied once (the outbox record is
 * the processed-message marker), failures are reported per record so one bad
 * message never holds up the batch, and messages that can never succeed go
 * straight to the dead-letter queue with their reason. */
export function createConsumer(queue: QueueName) {
  const processor = new BatchProcessor(EventType.SQS);
  const record = async (r: SQSRecord) => {
    try {
      const outcome = await Message.consume(queue, r.body);
      logger.debug("message", { queue, messageId: r.messageId, outcome });
      return outcome;
    } catch (err) {
      if (err instanceof Message.PoisonMessage) {
        logger.warn("dead-lettered", { queue, messageId: r.messageId, reason: err.reason });
        await Message.deadLetter(queue, r.body, err.reason);
        return "dead-lettered";
      }
      logger.error("message failed; will be retried", { queue, messageId: r.messageId, error: String(err) });
      throw err;
    }
  };
  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, record, processor, { context, throwOnFullBatchFailure: false });
}
