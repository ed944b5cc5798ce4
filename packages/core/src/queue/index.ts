export * as Queue from "./index";

/** Transport: the envelope every message travels in, the queues (defined once
 * for the stacks and the local runtime), the SQS client and dead letters. */
export { Envelope, ActorRefSchema } from "./envelope";
export { QueueDefinitions, QueueNames, MAX_RECEIVE_COUNT, DLQ_RETENTION_SECONDS, dlqName, type QueueName } from "./definitions";
export { useSqs, resetSqs, loadSqs, queueUrl, dlqUrl } from "./sqs";
export { deadLetter, listDeadLetters, redrive, type DeadLetter } from "./dead-letter";
export { encodeBody, safeAttribute, MAX_BODY_BYTES, bodyBytes } from "./transport";
