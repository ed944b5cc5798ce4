import * as z from "zod";
import { Clock } from "../clock";
import { useTenant } from "../context";
import { Tx, type TxItem } from "../dynamo/tx";
import { NotFoundError, VisibleError } from "../error";
import { Evidence } from "../evidence/index";
import { commit } from "../outbox/commit";
import { fn } from "../util/fn";
import { sha256 } from "../util/hash";
import { AttachmentEntity } from "./assistance.entity";
import { type AttachmentRef } from "./schemas";

/** Attachments: the bytes once per tenant and content hash, a tenant's right
 * to each, and the copy a receiving flow makes into the receiver's partition. */

export const UploadInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    contentType: z.string().trim().min(1).max(100).default("application/octet-stream"),
    /** The file's bytes, base64. At most Evidence.MAX_FILE_BYTES (4 MB) once decoded. */
    data: z.string().min(1),
  })
  .meta({ id: "AttachmentUpload", example: { name: "现场照片说明.txt", contentType: "text/plain", data: "546w5Zy65qOA5p+l6K6w5b2V" } });

/** Store a file in this tenant's partition by the sha256 of its bytes (once,
 * however often this tenant uploads it) and record this tenant's right to it. */
export const upload = fn(UploadInput, async (input) => {
  const tenantId = useTenant();
  // The blob store's one limit (4 MB), the same number the portal shows.
  const bytes = Evidence.Blob.decode(input.data);
  const hash = sha256(bytes);
  // A file stored here before needs no second copy of its bytes (parts are written now, the manifest commits below).
  const manifest = (await Evidence.Blob.exists(tenantId, hash)) ? null : await Evidence.Blob.store(tenantId, hash, bytes);
  const ref: AttachmentRef = { hash, name: input.name, size: bytes.length, contentType: input.contentType, holder: tenantId };
  await commit({
    action: "attachment.upload",
    target: { type: "attachment", id: hash },
    state: ref,
    summary: { name: input.name, size: bytes.length },
    items: () => [
      ...(manifest ? [manifest] : []),
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
  // Checked against the hash on the way out (a mismatch is refused, never served).
  const bytes = await Evidence.Blob.read(tenantId, hash);
  if (!bytes) throw new NotFoundError("assistance.attachment_not_found");
  return { ...grant.data, bytes };
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
    // A large file's parts are written here, outside the transaction (content-addressed, so a retry rewrites the same bytes).
    const manifest = await Evidence.Blob.copy(from, tenantId, hash);
    if (manifest) items.push(manifest);
    items.push(Tx.put(AttachmentEntity.put({ tenantId, hash, name, size, contentType, at: Clock.iso() })));
  }
  return items;
}
