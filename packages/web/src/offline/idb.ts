import type { OfflineStore, PendingAnswer, StoredFile } from "./queue";

/** IndexedDB on the device (no dependency): the checklists opened on site,
 * the answers not yet acknowledged and the captured files (as Blobs). It
 * outlives the tab, so answers given offline are sent after a reload too. */

const DB = "supervision-offline";
const VERSION = 1;
const CHECKLISTS = "checklists";
const ANSWERS = "answers";
const FILES = "files";

let opening: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains(CHECKLISTS)) db.createObjectStore(CHECKLISTS, { keyPath: "visitId" });
      if (!db.objectStoreNames.contains(ANSWERS)) db.createObjectStore(ANSWERS, { keyPath: "clientId" }).createIndex("visitId", "visitId");
      if (!db.objectStoreNames.contains(FILES)) db.createObjectStore(FILES, { keyPath: ["visitId", "sha256"] }).createIndex("visitId", "visitId");
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => {
      opening = undefined;
      reject(req.error ?? new Error("indexedDB.open failed"));
    };
  });
  return opening;
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}

function result<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

async function all<T>(store: string, visitId: string): Promise<T[]> {
  const db = await open();
  const tx = db.transaction(store, "readonly");
  const rows = await result(tx.objectStore(store).index("visitId").getAll(IDBKeyRange.only(visitId)) as IDBRequest<T[]>);
  await done(tx);
  return rows;
}

async function write(store: string, fn: (s: IDBObjectStore) => void): Promise<void> {
  const db = await open();
  const tx = db.transaction(store, "readwrite");
  fn(tx.objectStore(store));
  await done(tx);
}

export const idbStore: OfflineStore = {
  answers: (visitId) => all<PendingAnswer>(ANSWERS, visitId),
  putAnswer: (answer) => write(ANSWERS, (s) => s.put(answer)),
  deleteAnswers: (clientIds) => write(ANSWERS, (s) => clientIds.forEach((id) => s.delete(id))),
  files: (visitId) => all<StoredFile>(FILES, visitId),
  putFile: (file) => write(FILES, (s) => s.put(file)),
  deleteFiles: (visitId, sha256s) => write(FILES, (s) => sha256s.forEach((h) => s.delete([visitId, h]))),
};

/** The checklist (and whatever else the page needs to work offline) as last read from the server. */
export interface CachedChecklist<T> {
  visitId: string;
  savedAt: string;
  data: T;
}

export async function saveChecklist<T>(visitId: string, data: T): Promise<void> {
  await write(CHECKLISTS, (s) => s.put({ visitId, savedAt: new Date().toISOString(), data } satisfies CachedChecklist<T>));
}

export async function loadChecklist<T>(visitId: string): Promise<CachedChecklist<T> | undefined> {
  const db = await open();
  const tx = db.transaction(CHECKLISTS, "readonly");
  const row = await result(tx.objectStore(CHECKLISTS).get(visitId) as IDBRequest<CachedChecklist<T> | undefined>);
  await done(tx);
  return row;
}

/** A captured file's bytes, for a preview while it is still only on the device. */
export async function storedFile(visitId: string, sha256: string): Promise<StoredFile | undefined> {
  const db = await open();
  const tx = db.transaction(FILES, "readonly");
  const row = await result(tx.objectStore(FILES).get([visitId, sha256]) as IDBRequest<StoredFile | undefined>);
  await done(tx);
  return row;
}
