export * as AssistanceRequest from "./index";

/** 跨区域协助: one tenant asks another for help. The sender keeps its copy
 * (sent box), the receiver its own (inbox); they change only through messages
 * on the assistance queue. This file is the module's namespace; the work is
 * done by concern:
 * - rules.ts: pure rules (kinds, clocks, the running stage, states, counters' shape);
 * - schemas.ts: what the API shows and messages carry;
 * - request.ts: send, read, list, and the parties' actions;
 * - messages.ts: Requested, Updated, Escalated and their handlers;
 * - escalation.ts: the escalator, and reassign/designate by the superior;
 * - attachments.ts: upload, rights, the receiving copy of the bytes, download;
 * - thread.ts: the thread's posts (the platform's in the reader's language);
 * - counters.ts: the figures the dashboard reads (counters, overdue). */

export * as Rules from "./rules";
export { acknowledgeClock, answerClock, typeInfo, type Counters, type Stage } from "./rules";
export { AttachmentRef, Detail, EscalationId, EscalationInfo, Id, Info, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, type Post } from "./schemas";
export { DownloadInput, download, UploadInput, upload } from "./attachments";
export { Escalated, Requested, Updated } from "./messages";
export { ActInput, accept, answer, decline, fromID, list, ListInput, post, send, SendInput, withdraw } from "./request";
export { DesignateInput, designate, escalateOverdue, escalation, escalations, ReassignInput, reassign } from "./escalation";
export { counters, MAX_MONTHS, MAX_OVERDUE_PER_BOX, monthlyCounters, overdue, type Overdue, type OverdueItem } from "./counters";
