import * as z from "zod";
import { Clock } from "../clock";
import { useTenant } from "../context";
import { Tx, type TxItem } from "../dynamo/tx";
import { NotFoundError, VisibleError } from "../error";
import { commit } from "../outbox/commit";
import { fieldError } from "../util/field-error";
import { fn } from "../util/fn";
import { sha256 } from "../util/hash";
import { AttachmentEntity, BlobEntity } from "./assistance.entity";
import { MAX_ATTACHMENT_BYTES, type AttachmentRef } from "./schemas";

/** Attachments: the bytes once per tenant and content hash, a tenant's right
 * to each, and the copy a receiving flow makes into the receiver's partition. */

export const UploadInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    contentType: z.string().trim().min(1).max(100).default("application/octet-stream"),
    /** The file's bytes, base64. At most 256 KB once decoded. */
    data: z.string().min(1),
  })
  .meta({ id: "AttachmentUpload", example: { name: "现场照片说明.txt", contentType: "text/plain", data: "546w5Zy65qOA5p+l6K6w5b2V" } });

/** Store a file in this tenant's partition by the sha256 of its bytes (once,
 * however often this tenant uploads it) and record this tenant's right to it. */
export const upload = fn(UploadInput, async (input) => {
  const tenantId = useTenant();
  if (!/^[A-Za-z0-9+/=\s]+$/.test(input.data)) throw fieldError("assistance.attachment_data", "data");
  const bytes = Buffer.from(input.data, "base64");
  if (bytes.length === 0) throw fieldError("assistance.attachment_data", "data");
  if (bytes.length > MAX_ATTACHMENT_BYTES) throw new VisibleError("assistance.attachment_too_large", { limit: "256 KB", size: bytes.length }, 413);
  const hash = sha256(bytes);
  const ref: AttachmentRef = { hash, name: input.name, size: bytes.length, contentType: input.contentType, holder: tenantId };
  await commit({
    action: "attachment.upload",
    target: { type: "attachment", id: hash },
    state: ref,
    summary: { name: input.name, size: bytes.length },
    items: () => [
      Tx.put(BlobEntity.put({ tenantId, hash, data: bytes.toString("base64"), size: bytes.length })),
      Tx.put(AttachmentEntity.put({ tenantId, hash, name: ref.name, size: ref.size, contentType: ref.contentType, at: Clock.iso() })),
    ],
  });
  return ref;
});

export const DownloadInput = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/) });

/** The bytes of an attachment this tenant has a right to (its upload, or one
 * received), from its own partition: the receiving flow copied them there. */
export const download = fn(DownloadInput, async ({ hash }) => {
  const tenantId = useTenant();
  const grant = await AttachmentEntity.get({ tenantId, hash }).go();
  if (!grant.data) throw new NotFoundError("assistance.attachment_not_found");
  const blob = await BlobEntity.get({ tenantId, hash }).go();
  if (!blob.data) throw new NotFoundError("assistance.attachment_not_found");
  return { ...grant.data, bytes: Buffer.from(blob.data.data, "base64") };
});

/** Every attachment named must be one this tenant holds. */
export async function ownAttachments(refs: AttachmentRef[]): Promise<AttachmentRef[]> {
  const tenantId = useTenant();
  const out: AttachmentRef[] = [];
  for (const ref of refs) {
    const grant = await AttachmentEntity.get({ tenantId, hash: ref.hash }).go();
    if (!grant.data) throw new VisibleError("assistance.attachment_unknown", { hash: ref.hash });
    // A right always comes with this tenant's own copy of the bytes.
    out.push({ hash: ref.hash, name: ref.name, size: grant.data.size, contentType: grant.data.contentType, holder: tenantId });
  }
  return out;
}

/** What receiving the files a message names writes: this tenant's right to
 * each, and its own copy of the bytes unless it has one. The copy is read from
 * the holder's partition here, in the flow, so that no query of this tenant
 * ever reads another's partition (DESIGN §6). One item per file: the same
 * file may be named twice (an answer's thread entry and the answer itself),
 * and a transaction may not write one item twice. `holder`: where the bytes
 * are when a ref does not say (one committed before refs named it). */
export async function receiveFiles(tenantId: string, refs: AttachmentRef[] | undefined, holder: string): Promise<TxItem[]> {
  const unique = [...new Map((refs ?? []).map((r) => [r.hash, r])).values()];
  const items: TxItem[] = [];
  for (const { hash, name, size, contentType, holder: from = holder } of unique) {
    if (from !== tenantId && !(await BlobEntity.get({ tenantId, hash }).go({ consistent: true })).data) {
      const blob = (await BlobEntity.get({ tenantId: from, hash }).go({ consistent: true })).data;
      // Uploads commit the bytes with the right, so this is never expected: retry, then dead-letter.
      if (!blob) throw new Error(`attachment ${hash} is not stored in ${from}`);
      items.push(Tx.put(BlobEntity.put({ tenantId, hash, data: blob.data, size: blob.size })));
    }
    items.push(Tx.put(AttachmentEntity.put({ tenantId, hash, name, size, contentType, at: Clock.iso() })));
  }
  return items;
}
