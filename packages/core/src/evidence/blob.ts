import { Tx, type TxItem } from "../dynamo/tx";
import { VisibleError } from "../error";
import { fieldError } from "../util/field-error";
import { sha256 } from "../util/hash";
import { BlobEntity, BlobPartEntity } from "./evidence.entity";
import { MAX_FILE_BYTES, MAX_FILE_LABEL, PART_BYTES } from "./limits";

/** The blob store: a file's bytes in a tenant's partition by content hash.
 * A file larger than one part is written as part items first (idempotent:
 * the same hash always has the same parts, like an object-store upload) and
 * becomes visible only when the manifest commits with the caller's change and
 * audit event. The parts never ride in the transaction, so a request with ten
 * 4 MB files stays within DynamoDB's 4 MB transaction limit. */

export function checkSize(size: number) {
  if (size > MAX_FILE_BYTES) throw new VisibleError("evidence.too_large", { limit: MAX_FILE_LABEL, size }, 413);
}

/** Decode an upload's base64, or say which field is wrong. */
export function decode(data: string): Buffer {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(data)) throw fieldError("evidence.data", "data");
  const bytes = Buffer.from(data, "base64");
  if (bytes.length === 0) throw fieldError("evidence.data", "data");
  checkSize(bytes.length);
  return bytes;
}

/** Write a file's parts (if it needs them) and return the manifest's
 * transaction item, to commit with the change that gives a right to it. */
export async function store(tenantId: string, hash: string, bytes: Buffer): Promise<TxItem> {
  if (bytes.length <= PART_BYTES) return Tx.put(BlobEntity.put({ tenantId, hash, data: bytes.toString("base64"), size: bytes.length }));
  const parts = Math.ceil(bytes.length / PART_BYTES);
  // Sequential: each part is ~342 KB; parallel puts would only queue behind one another.
  for (let index = 0; index < parts; index++) {
    const data = bytes.subarray(index * PART_BYTES, (index + 1) * PART_BYTES).toString("base64");
    await BlobPartEntity.put({ tenantId, hash, index, data }).go();
  }
  return Tx.put(BlobEntity.put({ tenantId, hash, parts, size: bytes.length }));
}

export async function exists(tenantId: string, hash: string): Promise<boolean> {
  return !!(await BlobEntity.get({ tenantId, hash }).go({ consistent: true })).data;
}

/** The bytes of a stored file, checked against the hash they are stored
 * under: a file whose bytes no longer match is refused, never served.
 * Reads only single items by key (GetItem), also when the holder is another
 * tenant whose blob a verified message names (partitions.ts senderAttachment). */
export async function read(tenantId: string, hash: string): Promise<Buffer | null> {
  const head = (await BlobEntity.get({ tenantId, hash }).go({ consistent: true })).data;
  if (!head) return null;
  let bytes: Buffer;
  if (head.data !== undefined) bytes = Buffer.from(head.data, "base64");
  else {
    const parts = await Promise.all(
      Array.from({ length: head.parts ?? 0 }, async (_, index) => {
        const part = (await BlobPartEntity.get({ tenantId, hash, index }).go({ consistent: true })).data;
        if (!part) throw new VisibleError("evidence.hash_mismatch", { hash }, 500);
        return Buffer.from(part.data, "base64");
      }),
    );
    bytes = Buffer.concat(parts);
  }
  if (bytes.length !== head.size || sha256(bytes) !== hash) throw new VisibleError("evidence.hash_mismatch", { hash }, 500);
  return bytes;
}

/** Copy a file from the holder's partition into `tenantId`'s (the receiving
 * side of a flow): its parts now, its manifest as the returned item. Nothing
 * when this tenant already holds it. */
export async function copy(from: string, tenantId: string, hash: string): Promise<TxItem | null> {
  if (from === tenantId || (await exists(tenantId, hash))) return null;
  const bytes = await read(from, hash);
  // Uploads commit the bytes with the right, so this is never expected: retry, then dead-letter.
  if (!bytes) throw new Error(`file ${hash} is not stored in ${from}`);
  return store(tenantId, hash, bytes);
}
