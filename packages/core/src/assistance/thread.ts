import { Department } from "../department/index";
import { DepartmentTypes } from "../department/types";
import { Tx, type TxItem } from "../dynamo/tx";
import { translate, type Locale, type MessageCode } from "../i18n/index";
import { Policy } from "../policy/index";
import { Tenant } from "../tenant/index";
import { createId } from "../util/id";
import { PostEntity } from "./assistance.entity";
import type { PostKind } from "./rules";
import { Post, type PostParams, type Signer, type StoredPost, type SystemNote } from "./schemas";

/** A request's thread: entries the parties write (their own text) and the
 * entries the platform writes (a message code and params, rendered in the
 * reader's language when read). */

/** Standard department names are derived from tenant and type; others are looked up on the detail page only. */
export function departmentName(tenantId: string, departmentId: string, locale: Locale = "zh-CN"): string | undefined {
  const t = Tenant.get(tenantId);
  if (!t) return undefined;
  for (const d of DepartmentTypes) {
    if (Department.standardId(tenantId, d.type) === departmentId) {
      if (locale === "en") return t.level === "province" ? d.en : `${t.name} ${d.en}`;
      return t.level === "province" ? d.zh : `${t.name}${d.zh}`;
    }
  }
  return undefined;
}

/** The codes of the posts the platform writes (templates in i18n/assistance.ts). */
export type SystemPostCode = Extract<MessageCode, `assistance.post.${string}`>;

/** A post the platform writes: no sentence is stored, only its code and
 * params. Params name tenants by code (`tenant`, `target`), departments by ID
 * (`department`, of `departmentTenant` or else `tenant`), stages by code
 * (`stage`) and deadlines as instants (`due`). */
export function systemPost(kind: PostKind, code: SystemPostCode, params: PostParams, byTenant: string, by: Signer, at: string): StoredPost {
  return { id: createId("pst"), kind, body: "", code, params, byTenant, by, at };
}

/** A person's post: their own text, unchanged. */
export function userPost(kind: PostKind, body: string, byTenant: string, by: Signer, at: string, attachments?: StoredPost["attachments"]): StoredPost {
  return { id: createId("pst"), kind, body, attachments: attachments?.length ? attachments : undefined, byTenant, by, at };
}

export function postItem(tenantId: string, requestId: string, post: StoredPost): TxItem {
  return Tx.put(PostEntity.put({ tenantId, requestId, ...post }));
}

const stageCodes = { acknowledge: "assistance.stage.acknowledge", answer: "assistance.stage.answer" } as const satisfies Record<string, MessageCode>;
/** The platform's own signature on the posts it writes without a person. */
const systemActors: Partial<Record<PostKind, MessageCode>> = { routed: "assistance.actor.routed", escalated: "assistance.actor.escalated" };

function renderParams(params: PostParams, locale: Locale): Record<string, string> {
  const out: Record<string, string> = { ...params };
  for (const key of ["tenant", "target"] as const) {
    const code = params[key];
    if (code) out[key] = Tenant.nameOf(code);
  }
  if (params.department) {
    const owner = params.departmentTenant ?? params.tenant ?? "";
    out.department = departmentName(owner, params.department, locale) ?? params.department;
  }
  if (params.stage && params.stage in stageCodes) out.stage = translate(stageCodes[params.stage as keyof typeof stageCodes], locale);
  if (params.due) out.due = Policy.shanghaiDate(params.due);
  return out;
}

/** A note the platform stored as a code, in the reader's language. */
export function renderNote(note: SystemNote, locale: Locale): string {
  return translate(note.code, locale, renderParams(note.params, locale));
}

/** A stored post as the API shows it: a system post rendered in `locale`; a
 * person's text, and posts stored before posts had codes, as they are. */
export function renderPost(p: StoredPost, locale: Locale): Post {
  if (!p.code) return Post.parse({ ...p, attachments: p.attachments ?? undefined });
  const actor = systemActors[p.kind];
  return Post.parse({
    ...p,
    body: translate(p.code, locale, renderParams(p.params ?? {}, locale)),
    by: actor && p.by.id === "system" ? { ...p.by, name: translate(actor, locale) } : p.by,
    attachments: p.attachments ?? undefined,
  });
}

/** The thread of one of this tenant's requests, oldest first, in the reader's language. */
export async function readThread(tenantId: string, requestId: string, locale: Locale): Promise<Post[]> {
  const posts = await PostEntity.query.byRequest({ tenantId, requestId }).go({ pages: "all" });
  return posts.data.map((p) => renderPost({ ...p, params: p.params ?? undefined, code: p.code ?? undefined }, locale)).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}
