export * as Outbox from "./index";

/** A state change, its audit event and the messages it causes commit in one
 * transaction (`commit`); the relay sends the messages at once, and the
 * sweeper resends what is still unconsumed. */
export {
  commit,
  prepareCommit,
  sendPrepared,
  observeCommits,
  ExtraConditionFailed,
  type Change,
  type Committed,
  type CommitObserver,
  type CommitOptions,
  type OutgoingMessage,
  type PreparedCommit,
  relay,
} from "./commit";
export { sweep } from "./sweep";
export { stalled, stalledCount, deliveryOf, retry, StalledInfo, StalledListInput } from "./stalled";
export { OUTBOX_RETENTION_SECONDS } from "./commit";
