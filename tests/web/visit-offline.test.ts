import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { newClientId, sha256Hex, toBase64 } from "../../packages/web/src/offline/hash";
import {
  BATCH,
  MAX_DELAY_MS,
  retryDelay,
  SendError,
  VisitSync,
  type AnswerBody,
  type AnswersResult,
  type Env,
  type OfflineStore,
  type PendingAnswer,
  type StoredFile,
} from "../../packages/web/src/offline/queue";

/** The on-site checklist's outbox (packages/web/src/offline): answers kept
 * on the device while offline, files sent before the answers naming their
 * hashes, a resend after a lost reply acting once, refusals kept apart, and
 * the backoff between tries. The store is a Map (IndexedDB in the portal);
 * the server below keeps answers by clientId as the visit API does. */

class MemoryStore implements OfflineStore {
  readonly answerRows = new Map<string, PendingAnswer>();
  readonly fileRows = new Map<string, StoredFile>();
  async answers(visitId: string) {
    return [...this.answerRows.values()].filter((a) => a.visitId === visitId).map((a) => ({ ...a }));
  }
  async putAnswer(answer: PendingAnswer) {
    this.answerRows.set(answer.clientId, { ...answer });
  }
  async deleteAnswers(ids: string[]) {
    for (const id of ids) this.answerRows.delete(id);
  }
  async files(visitId: string) {
    return [...this.fileRows.values()].filter((f) => f.visitId === visitId);
  }
  async putFile(file: StoredFile) {
    this.fileRows.set(`${file.visitId}:${file.sha256}`, file);
  }
  async deleteFiles(visitId: string, hashes: string[]) {
    for (const h of hashes) this.fileRows.delete(`${visitId}:${h}`);
  }
}

/** The visit API's answer and file handling: idempotent by clientId and by hash; an answer may name only uploaded hashes. */
class Server {
  readonly answers = new Map<string, AnswerBody>();
  readonly files = new Map<string, string>();
  readonly calls: string[] = [];
  readonly results: AnswersResult[] = [];
  /** Lines only another body's inspectors may answer. */
  readonly foreignLines = new Set<string>();
  /** Make the next n requests fail on the way back (the server acted; the reply is lost). */
  loseReplies = 0;
  /** Make the next n requests fail before reaching the server. */
  dropRequests = 0;
  refuseFile?: string;

  async upload(file: StoredFile) {
    this.calls.push(`file:${file.name}`);
    if (this.dropRequests > 0 && this.dropRequests--) throw new SendError(true, "network", "Failed to fetch");
    if (file.sha256 === this.refuseFile) throw new SendError(false, "visit.file_hash_mismatch", "哈希不符");
    const bytes = Buffer.from(await toBase64(file.blob), "base64");
    expect(await sha256Hex(new Uint8Array(bytes))).toBe(file.sha256);
    this.files.set(file.sha256, file.name);
    if (this.loseReplies > 0 && this.loseReplies--) throw new SendError(true, "network", "Failed to fetch");
  }

  async post(batch: AnswerBody[]): Promise<AnswersResult> {
    this.calls.push(`answers:${batch.length}`);
    if (this.dropRequests > 0 && this.dropRequests--) throw new SendError(true, "network", "Failed to fetch");
    const result: AnswersResult = { accepted: [], duplicates: [], rejected: [] };
    for (const a of batch) {
      for (const f of a.files ?? []) expect(this.files.has(f.sha256), `file ${f.name} uploaded before the answer naming it`).toBe(true);
      if (this.answers.has(a.clientId)) result.duplicates.push(a.clientId);
      else if (this.foreignLines.has(a.lineId)) result.rejected.push({ clientId: a.clientId, code: "visit.not_your_line", message: "该检查项由其他执法主体填写" });
      else {
        this.answers.set(a.clientId, a);
        result.accepted.push(a.clientId);
      }
    }
    this.results.push(result);
    if (this.loseReplies > 0 && this.loseReplies--) throw new SendError(true, "network", "Failed to fetch");
    return result;
  }
}

/** The browser's network and timers, driven by the test. */
class Network implements Env {
  online = true;
  private onOnline: (() => void)[] = [];
  private onOffline: (() => void)[] = [];
  readonly timers = new Map<number, { fn: () => void; ms: number }>();
  private next = 1;
  isOnline() {
    return this.online;
  }
  watch(on: () => void, off: () => void) {
    this.onOnline.push(on);
    this.onOffline.push(off);
    return () => {
      this.onOnline = this.onOnline.filter((f) => f !== on);
      this.onOffline = this.onOffline.filter((f) => f !== off);
    };
  }
  setTimer(fn: () => void, ms: number) {
    const id = this.next++;
    this.timers.set(id, { fn, ms });
    return id;
  }
  clearTimer(h: unknown) {
    this.timers.delete(h as number);
  }
  random() {
    return 0.5;
  }
  cut() {
    this.online = false;
    for (const f of this.onOffline) f();
  }
  restore() {
    this.online = true;
    for (const f of this.onOnline) f();
  }
  /** Run the pending backoff timer (there is at most one). */
  fire() {
    const first = [...this.timers.entries()][0];
    if (!first) throw new Error("no retry is scheduled");
    const [id, t] = first;
    this.timers.delete(id);
    t.fn();
    return t.ms;
  }
}

const VISIT = "vst_01TEST";

function setup() {
  const store = new MemoryStore();
  const server = new Server();
  const net = new Network();
  const sync = new VisitSync(VISIT, store, { uploadFile: (_, f) => server.upload(f), postAnswers: (_, a) => server.post(a) }, net);
  sync.start();
  return { store, server, net, sync };
}

let clock = Date.parse("2026-12-10T01:00:00Z");
const capturedAt = () => new Date((clock += 1000)).toISOString();

async function photo(sync: VisitSync, name: string, text: string) {
  const blob = new Blob([text], { type: "image/jpeg" });
  const sha256 = await sha256Hex(blob);
  await sync.keepFile({ sha256, name, size: blob.size, type: blob.type, blob });
  return { sha256, name, size: blob.size, type: blob.type };
}

describe("the checklist's outbox", () => {
  test("offline: answers and a photo wait on the device; when the network returns the photo goes first, then each answer once", async () => {
    const { store, server, net, sync } = setup();
    await sync.flush();
    net.cut();
    const file = await photo(sync, "后厨𠮷.jpg", "photo bytes");
    await sync.record({ clientId: newClientId(), lineId: "enb_a.FJ-SP-001.1", value: "yes", files: [], capturedAt: capturedAt() });
    await sync.record({ clientId: newClientId(), lineId: "enb_a.FJ-SP-001.2", value: "no", note: "冷藏温度 9℃", files: [file], capturedAt: capturedAt() });
    await sync.flush();
    expect(server.calls).toEqual([]);
    expect(sync.state).toMatchObject({ online: false, pending: 2 });

    net.restore();
    await sync.flush();
    expect(server.calls).toEqual(["file:后厨𠮷.jpg", "answers:2"]);
    expect([...server.answers.values()].map((a) => [a.lineId, a.value, a.files?.map((f) => f.sha256)])).toEqual([
      ["enb_a.FJ-SP-001.1", "yes", undefined],
      ["enb_a.FJ-SP-001.2", "no", [file.sha256]],
    ]);
    expect(sync.state).toMatchObject({ online: true, pending: 0, rejected: 0 });
    // Sent: nothing left on the device, the photo's bytes included.
    expect(store.answerRows.size).toBe(0);
    expect(store.fileRows.size).toBe(0);
  });

  test("a reply lost after the server acted: the resend carries the same client IDs and the server takes each answer once", async () => {
    const { store, server, net, sync } = setup();
    const ids = [newClientId(), newClientId()];
    net.cut();
    await sync.record({ clientId: ids[0]!, lineId: "l1", value: "yes", files: [], capturedAt: capturedAt() });
    await sync.record({ clientId: ids[1]!, lineId: "l2", value: "na", files: [], capturedAt: capturedAt() });
    server.loseReplies = 1;
    net.restore();
    await sync.flush();
    expect(server.answers.size).toBe(2);
    expect(sync.state.pending).toBe(2);
    expect(sync.state.retryAt).toBeDefined();
    // Tried before: an answer that may have reached the server is never replaced in place.
    expect([...store.answerRows.values()].every((a) => a.attempts >= 1)).toBe(true);

    const acknowledged: string[] = [];
    sync.onAcknowledged((answers) => acknowledged.push(...answers.map((a) => a.clientId)));
    net.fire();
    await sync.flush();
    expect(server.results.map((r) => [r.accepted.length, r.duplicates.length])).toEqual([
      [2, 0],
      [0, 2],
    ]);
    expect([...server.answers.keys()].sort()).toEqual([...ids].sort());
    expect(acknowledged.sort()).toEqual([...ids].sort());
    expect(sync.state).toMatchObject({ pending: 0, retryAt: undefined });
  });

  test("the request never got there: retried with growing delays, and at once when the network comes back", async () => {
    const { server, net, sync } = setup();
    server.dropRequests = 3;
    net.cut();
    await sync.record({ clientId: newClientId(), lineId: "l1", value: "yes", files: [], capturedAt: capturedAt() });
    net.restore();
    await sync.flush();
    const delays = [net.fire()];
    await sync.flush();
    delays.push(net.fire());
    await sync.flush();
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
    expect(server.answers.size).toBe(0);
    // The network event does not wait for the backoff.
    net.cut();
    net.restore();
    await sync.flush();
    expect(server.answers.size).toBe(1);
    expect(net.timers.size).toBe(0);
  });

  test("an answer changed before it was sent goes once, as last given", async () => {
    const { server, net, sync } = setup();
    net.cut();
    await sync.record({ clientId: newClientId(), lineId: "l1", value: "yes", files: [], capturedAt: capturedAt() });
    await sync.record({ clientId: newClientId(), lineId: "l1", value: "no", note: "复核后改为否", files: [], capturedAt: capturedAt() });
    expect(sync.state.pending).toBe(1);
    net.restore();
    await sync.flush();
    expect([...server.answers.values()].map((a) => [a.lineId, a.value, a.note])).toEqual([["l1", "no", "复核后改为否"]]);
  });

  test("a refused answer is kept apart with the server's reason and not sent again; the others go", async () => {
    const { server, sync } = setup();
    server.foreignLines.add("other-body-line");
    const refused = newClientId();
    await sync.record({ clientId: refused, lineId: "other-body-line", value: "yes", files: [], capturedAt: capturedAt() });
    await sync.record({ clientId: newClientId(), lineId: "l1", value: "yes", files: [], capturedAt: capturedAt() });
    await sync.flush();
    expect(sync.state).toMatchObject({ pending: 0, rejected: 1 });
    const [kept] = await sync.pendingAnswers();
    expect(kept).toMatchObject({ clientId: refused, state: "rejected", error: { code: "visit.not_your_line" } });
    const before = server.calls.length;
    await sync.flush();
    expect(server.calls.length).toBe(before);
    await sync.discard(refused);
    expect(sync.state.rejected).toBe(0);
  });

  test("a file the server refuses: the answers naming it are refused with it, the rest go", async () => {
    const { server, sync } = setup();
    const bad = await photo(sync, "坏.jpg", "bad");
    server.refuseFile = bad.sha256;
    await sync.record({ clientId: newClientId(), lineId: "l1", value: "no", files: [bad], capturedAt: capturedAt() });
    await sync.record({ clientId: newClientId(), lineId: "l2", value: "yes", files: [], capturedAt: capturedAt() });
    await sync.flush();
    expect([...server.answers.values()].map((a) => a.lineId)).toEqual(["l2"]);
    expect(sync.state).toMatchObject({ pending: 0, rejected: 1 });
  });

  test(`more answers than one request takes (${BATCH}) go in several requests`, async () => {
    const { server, net, sync } = setup();
    net.cut();
    for (let i = 0; i < BATCH + 5; i++) await sync.record({ clientId: newClientId(), lineId: `l${i}`, value: "yes", files: [], capturedAt: capturedAt() });
    net.restore();
    await sync.flush();
    expect(server.calls).toEqual([`answers:${BATCH}`, "answers:5"]);
    expect(server.answers.size).toBe(BATCH + 5);
  });
});

describe("device-side hashes and IDs", () => {
  test("SHA-256 of the bytes as lowercase hex (the value the API checks)", async () => {
    expect(await sha256Hex(new Blob(["abc"]))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(await sha256Hex(new TextEncoder().encode("𠮷"))).toMatch(/^[0-9a-f]{64}$/);
  });

  test("client IDs are UUID v4 and distinct", () => {
    const ids = Array.from({ length: 200 }, newClientId);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("base64 of a file larger than one chunk round-trips", async () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) % 256);
    expect(Buffer.from(await toBase64(new Blob([bytes])), "base64").equals(Buffer.from(bytes))).toBe(true);
  });

  test("backoff: between half and all of a doubling ceiling, never over a minute", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const ceiling = Math.min(MAX_DELAY_MS, 1000 * 2 ** attempt);
        const d = retryDelay(attempt, r);
        return d >= Math.floor(ceiling / 2) && d <= ceiling && d <= MAX_DELAY_MS;
      }),
    );
  });
});
