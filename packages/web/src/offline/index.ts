/** 离线现场检查: the device-side store and outbox of the on-site checklist (see queue.ts). */
export { idbStore, loadChecklist, saveChecklist, storedFile, type CachedChecklist } from "./idb";
export { newClientId, sha256Hex, toBase64 } from "./hash";
export {
  browserEnv,
  localOver,
  retryDelay,
  SendError,
  superseded,
  VisitSync,
  type AnswerBody,
  type AnswersResult,
  type AnswerValue,
  type Env,
  type FileRef,
  type OfflineStore,
  type PendingAnswer,
  type StoredFile,
  type SyncState,
  type Transport,
} from "./queue";
