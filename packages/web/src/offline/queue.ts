/** The on-site checklist's outbox: answers and files kept on the device and
 * sent when the network is there. Files go first, then the answers that
 * reference them by hash; each answer carries a client UUID so a resend after
 * a lost reply is accepted once (the server answers `duplicates`). The store,
 * the transport and the browser's online state are passed in, so the same
 * engine runs on IndexedDB in the portal and on a Map in tests. */

export type AnswerValue = "yes" | "no" | "na";

export interface FileRef {
  sha256: string;
  name: string;
  size: number;
  type: string;
}

/** An answer given on the device and not yet acknowledged by the server. */
export interface PendingAnswer {
  clientId: string;
  visitId: string;
  lineId: string;
  value: AnswerValue;
  note?: string;
  files: FileRef[];
  capturedAt: string;
  /** Sends tried so far (a never-tried answer may be replaced in place). */
  attempts: number;
  state: "pending" | "rejected";
  error?: { code: string; message: string };
}

/** A captured photo or document, its bytes kept until the answers using it are sent. */
export interface StoredFile extends FileRef {
  visitId: string;
  blob: Blob;
  uploaded: boolean;
}

export interface OfflineStore {
  answers(visitId: string): Promise<PendingAnswer[]>;
  putAnswer(answer: PendingAnswer): Promise<void>;
  deleteAnswers(clientIds: string[]): Promise<void>;
  files(visitId: string): Promise<StoredFile[]>;
  putFile(file: StoredFile): Promise<void>;
  deleteFiles(visitId: string, sha256s: string[]): Promise<void>;
}

/** What the server said about a batch of answers (contract 1: POST /api/visits/{id}/answers). */
export interface AnswersResult {
  accepted: string[];
  duplicates: string[];
  rejected: { clientId: string; code: string; message: string }[];
}

export interface AnswerBody {
  clientId: string;
  lineId: string;
  value: AnswerValue;
  note?: string;
  files?: FileRef[];
  capturedAt: string;
}

/** A failed send: `retry` for the network or a server fault, not for a refusal (4xx). */
export class SendError extends Error {
  constructor(
    readonly retry: boolean,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "SendError";
  }
}

export interface Transport {
  uploadFile(visitId: string, file: StoredFile): Promise<void>;
  postAnswers(visitId: string, answers: AnswerBody[]): Promise<AnswersResult>;
}

export interface Env {
  isOnline(): boolean;
  /** Subscribe to the network coming back / going away; returns the unsubscribe. */
  watch(onOnline: () => void, onOffline: () => void): () => void;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  random(): number;
}

export const browserEnv: Env = {
  isOnline: () => (typeof navigator === "undefined" ? true : navigator.onLine),
  watch(onOnline, onOffline) {
    window.addEventListener("online", onOnline);
    window.addEventListener("offline", onOffline);
    return () => {
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
    };
  },
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  random: () => Math.random(),
};

/** At most this many answers in one request (the API's batch limit). */
export const BATCH = 40;
export const BASE_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 60_000;

/** Exponential backoff with jitter: attempt 0 → 0.5–1 s, doubling up to a minute. */
export function retryDelay(attempt: number, random: number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + 0.5 * random));
}

/** The newest answer per line wins; an earlier pending answer to the same
 * line that was never sent is superseded rather than sent (saves a round trip,
 * and nothing was acknowledged for it). Returns the ones to drop. */
export function superseded(pending: PendingAnswer[], next: PendingAnswer): string[] {
  return pending.filter((a) => a.lineId === next.lineId && a.clientId !== next.clientId && a.attempts === 0 && a.state === "pending").map((a) => a.clientId);
}

/** The line's answer as the device sees it: a local (unsent or refused) answer over the server's. */
export function localOver<S>(server: S | undefined, local: PendingAnswer | undefined): { source: "server"; answer: S } | { source: "local"; answer: PendingAnswer } | undefined {
  if (local) return { source: "local", answer: local };
  return server === undefined ? undefined : { source: "server", answer: server };
}

export interface SyncState {
  online: boolean;
  sending: boolean;
  pending: number;
  rejected: number;
  /** When the next automatic try is due (ms since epoch), after a failure. */
  retryAt?: number;
  lastError?: string;
}

/** One visit's outbox on this device. */
export class VisitSync {
  private attempt = 0;
  private timer: unknown;
  private running: Promise<void> | undefined;
  private again = false;
  private unwatch: (() => void) | undefined;
  private listeners = new Set<(s: SyncState) => void>();
  private acceptedListeners = new Set<(answers: PendingAnswer[]) => void>();
  state: SyncState;

  constructor(
    readonly visitId: string,
    private readonly store: OfflineStore,
    private readonly transport: Transport,
    private readonly env: Env = browserEnv,
  ) {
    this.state = { online: env.isOnline(), sending: false, pending: 0, rejected: 0 };
  }

  /** Watch the network and send what is waiting. */
  start() {
    this.unwatch = this.env.watch(
      () => {
        // The network is back: send now, not at the end of a long backoff.
        this.attempt = 0;
        this.set({ online: true });
        void this.flush();
      },
      () => this.set({ online: false }),
    );
    void this.refresh().then(() => this.flush());
    return this;
  }

  stop() {
    this.unwatch?.();
    this.unwatch = undefined;
    if (this.timer !== undefined) this.env.clearTimer(this.timer);
    this.timer = undefined;
  }

  subscribe(fn: (s: SyncState) => void): () => void {
    this.listeners.add(fn);
    fn(this.state);
    return () => this.listeners.delete(fn);
  }

  /** Called with the answers the server acknowledged (accepted or already had). */
  onAcknowledged(fn: (answers: PendingAnswer[]) => void): () => void {
    this.acceptedListeners.add(fn);
    return () => this.acceptedListeners.delete(fn);
  }

  /** Keep a captured file (already hashed) on the device. */
  async keepFile(file: Omit<StoredFile, "visitId" | "uploaded">) {
    await this.store.putFile({ ...file, visitId: this.visitId, uploaded: false });
  }

  /** Record an answer on the device, then try to send it. */
  async record(answer: Omit<PendingAnswer, "visitId" | "attempts" | "state" | "error">) {
    const next: PendingAnswer = { ...answer, visitId: this.visitId, attempts: 0, state: "pending" };
    const drop = superseded(await this.store.answers(this.visitId), next);
    await this.store.putAnswer(next);
    if (drop.length) await this.store.deleteAnswers(drop);
    await this.refresh();
    void this.flush();
  }

  /** Drop an answer the server refused (the user has seen why). */
  async discard(clientId: string) {
    await this.store.deleteAnswers([clientId]);
    await this.cleanFiles();
    await this.refresh();
  }

  async pendingAnswers(): Promise<PendingAnswer[]> {
    return this.store.answers(this.visitId);
  }

  /** Send everything waiting; one run at a time (a call during a run runs once more after it). */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        // A call during a run runs once more after it; after a failure the backoff timer decides.
        let ok: boolean;
        do {
          this.again = false;
          ok = await this.sendOnce();
        } while (this.again && ok);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  /** One pass over what is waiting; false when it failed and a retry is scheduled. */
  private async sendOnce(): Promise<boolean> {
    if (this.timer !== undefined) {
      this.env.clearTimer(this.timer);
      this.timer = undefined;
    }
    const waiting = (await this.store.answers(this.visitId)).filter((a) => a.state === "pending").sort((a, b) => a.capturedAt.localeCompare(b.capturedAt));
    if (waiting.length === 0) {
      this.set({ sending: false, retryAt: undefined, lastError: undefined });
      return true;
    }
    if (!this.env.isOnline()) {
      // Offline: nothing to try until the `online` event.
      this.set({ online: false, sending: false });
      return true;
    }
    this.set({ sending: true, online: true });
    try {
      // Files first: an answer may only name hashes the server already holds.
      const needed = new Set(waiting.flatMap((a) => a.files.map((f) => f.sha256)));
      const files = (await this.store.files(this.visitId)).filter((f) => !f.uploaded && needed.has(f.sha256));
      for (const file of files) {
        try {
          await this.transport.uploadFile(this.visitId, file);
          await this.store.putFile({ ...file, uploaded: true });
        } catch (err) {
          if (err instanceof SendError && !err.retry) {
            // The server refuses this file (too large, hash mismatch): the answers using it cannot go either.
            for (const a of waiting.filter((w) => w.files.some((f) => f.sha256 === file.sha256)))
              await this.store.putAnswer({ ...a, state: "rejected", error: { code: err.code, message: err.message } });
            continue;
          }
          throw err;
        }
      }
      const ready = (await this.store.answers(this.visitId)).filter((a) => a.state === "pending").sort((a, b) => a.capturedAt.localeCompare(b.capturedAt));
      for (let i = 0; i < ready.length; i += BATCH) {
        const batch = ready.slice(i, i + BATCH);
        // Counted before the send: an answer that may have reached the server is never replaced in place.
        for (const a of batch) await this.store.putAnswer({ ...a, attempts: a.attempts + 1 });
        let result: AnswersResult;
        try {
          result = await this.transport.postAnswers(this.visitId, batch.map(bodyOf));
        } catch (err) {
          if (err instanceof SendError && !err.retry) {
            for (const a of batch) await this.store.putAnswer({ ...a, attempts: a.attempts + 1, state: "rejected", error: { code: err.code, message: err.message } });
            continue;
          }
          throw err;
        }
        const done = new Set([...result.accepted, ...result.duplicates]);
        for (const r of result.rejected) {
          const a = batch.find((b) => b.clientId === r.clientId);
          if (a) await this.store.putAnswer({ ...a, attempts: a.attempts + 1, state: "rejected", error: { code: r.code, message: r.message } });
        }
        const acknowledged = batch.filter((a) => done.has(a.clientId));
        await this.store.deleteAnswers(acknowledged.map((a) => a.clientId));
        for (const fn of this.acceptedListeners) fn(acknowledged);
      }
      await this.cleanFiles();
      this.attempt = 0;
      await this.refresh();
      this.set({ sending: false, retryAt: undefined, lastError: undefined });
      return true;
    } catch (err) {
      await this.refresh();
      const delay = retryDelay(this.attempt++, this.env.random());
      this.timer = this.env.setTimer(() => {
        this.timer = undefined;
        void this.flush();
      }, delay);
      this.set({ sending: false, online: this.env.isOnline(), retryAt: Date.now() + delay, lastError: err instanceof Error ? err.message : String(err) });
      return false;
    }
  }

  /** Files no waiting answer needs any more (sent, or never used) leave the device. */
  private async cleanFiles() {
    const keep = new Set((await this.store.answers(this.visitId)).flatMap((a) => a.files.map((f) => f.sha256)));
    const drop = (await this.store.files(this.visitId)).filter((f) => f.uploaded && !keep.has(f.sha256)).map((f) => f.sha256);
    if (drop.length) await this.store.deleteFiles(this.visitId, drop);
  }

  private async refresh() {
    const all = await this.store.answers(this.visitId);
    this.set({ pending: all.filter((a) => a.state === "pending").length, rejected: all.filter((a) => a.state === "rejected").length });
  }

  private set(patch: Partial<SyncState>) {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn(this.state);
  }
}

function bodyOf(a: PendingAnswer): AnswerBody {
  return {
    clientId: a.clientId,
    lineId: a.lineId,
    value: a.value,
    ...(a.note ? { note: a.note } : {}),
    ...(a.files.length ? { files: a.files } : {}),
    capturedAt: a.capturedAt,
  };
}
