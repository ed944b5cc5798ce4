export * as Evidence from "./index";

import * as z from "zod";
import { Clock } from "../clock";
import { useTenant } from "../context";
import { Department } from "../department/index";
import { Tx } from "../dynamo/tx";
import { NotFoundError } from "../error";
import { commit } from "../outbox/commit";
import { Referral } from "../referral/index";
import { fn } from "../util/fn";
import { sha256 } from "../util/hash";
import * as Blob from "./blob";
import { EvidenceFileEntity } from "./evidence.entity";
import { MAX_FILE_BYTES, MAX_FILE_LABEL } from "./limits";

/** 证据: the files behind a referral's evidence list (行刑衔接), stored by
 * content hash in the tenant's blob store, so the police the case is
 * transferred to open the file itself, checked against the hash the case
 * recorded, instead of reading a bare SHA-256. The blob store (blob.ts) is
 * shared with assistance's attachments. */

export { Blob, MAX_FILE_BYTES, MAX_FILE_LABEL };

const Hash = z.string().regex(/^[0-9a-f]{64}$/, { message: "evidence.hash" });

export const FileRef = z
  .object({ hash: Hash, name: z.string(), size: z.number().int(), contentType: z.string() })
  .meta({ id: "EvidenceFile" });
export type FileRef = z.infer<typeof FileRef>;

export const UploadInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    contentType: z.string().trim().min(1).max(100).default("application/octet-stream"),
    /** The file's bytes, base64; at most MAX_FILE_BYTES once decoded. */
    data: z.string().min(1),
  })
  .meta({ id: "EvidenceUpload", example: { name: "检验报告.txt", contentType: "text/plain", data: "5qOA6aqM5oql5ZGK" } });

/** Store an evidence file in this tenant (once per content), recording who
 * uploaded it. Naming its hash in a referral is what lets others read it. */
export const upload = fn(UploadInput, async (input) => {
  const tenantId = useTenant();
  const bytes = Blob.decode(input.data);
  const hash = sha256(bytes);
  const manifest = (await Blob.exists(tenantId, hash)) ? null : await Blob.store(tenantId, hash, bytes);
  const ref: FileRef = { hash, name: input.name, size: bytes.length, contentType: input.contentType };
  const departmentId = Department.ownDepartment();
  await commit({
    action: "evidence.upload",
    target: { type: "evidence", id: hash },
    state: ref,
    summary: { name: input.name, size: bytes.length },
    items: () => [
      ...(manifest ? [manifest] : []),
      Tx.put(EvidenceFileEntity.put({ tenantId, hash, name: ref.name, size: ref.size, contentType: ref.contentType, at: Clock.iso(), ...(departmentId ? { departmentId } : {}) })),
    ],
  });
  return ref;
});

export const ReferralFileInput = z.object({ referralId: Referral.Id, hash: Hash });

/** One evidence file of a referral, for whoever may read that referral (the
 * referring department, the overseers, and the police or procuratorate it
 * was transferred to: Referral.fromID decides), with the bytes checked
 * against the hash. A hash the referral does not list is not found, whoever
 * knows it. */
export const referralFile = fn(ReferralFileInput, async ({ referralId, hash }) => {
  const referral = await Referral.fromID(referralId);
  const listed = referral.evidence.find((e) => e.sha256 === hash);
  if (!listed) throw new NotFoundError("evidence.not_found");
  const tenantId = useTenant();
  const [file, bytes] = await Promise.all([EvidenceFileEntity.get({ tenantId, hash }).go(), Blob.read(tenantId, hash)]);
  if (!file.data || !bytes) throw new NotFoundError("evidence.not_uploaded");
  return { hash, name: listed.name || file.data.name, size: bytes.length, contentType: file.data.contentType, bytes };
});
