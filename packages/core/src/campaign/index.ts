export * as Campaign from "./index";

import * as z from "zod";
import { ItemCode } from "../catalogue/item";
import { Clock } from "../clock";
import { Clue } from "../clue";
import { actorRef, useActor, useTenant } from "../context";
import { Department } from "../department";
import { Tx } from "../dynamo/tx";
import { CreditCode } from "../entity/credit-code";
import { ConflictError, NotFoundError, VisibleError } from "../error";
import { commit } from "../outbox/commit";
import { IsoDate } from "../util/date";
import { fieldError } from "../util/field-error";
import { fn } from "../util/fn";
import { createId, idSchema } from "../util/id";
import { mapPage, page, PageInput, pageOf, type Page } from "../util/page";
import { CampaignEntity, type CampaignItem } from "./campaign.entity";

/** 专项整治: a problem across an industry or an area (行业性、区域性、普遍性、多发性),
 * raised by the office across departments. Its businesses become clues of source
 * "campaign", so its tasks follow the clue rules: one joint task per business
 * per window, the pre-task check, a recorded reason to go ahead anyway. */

export const Id = idSchema("cmp");
export const Kinds = ["industry", "area", "widespread", "frequent"] as const;
export const KindNames: Record<(typeof Kinds)[number], { zh: string; en: string }> = {
  industry: { zh: "行业性", en: "Industry-wide" },
  area: { zh: "区域性", en: "Area-wide" },
  widespread: { zh: "普遍性", en: "Widespread" },
  frequent: { zh: "多发性", en: "Recurring" },
};

export const Info = z
  .object({
    id: Id,
    title: z.string(),
    kind: z.enum(Kinds),
    description: z.string(),
    departmentIds: z.array(z.string()),
    itemCodes: z.array(z.string()),
    industry: z.string().optional(),
    township: z.string().optional(),
    from: z.string(),
    to: z.string(),
    status: z.enum(["open", "closed"]),
    businesses: z.number(),
    createdBy: z.object({ id: z.string(), name: z.string() }),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "Campaign" });
export type Info = z.infer<typeof Info>;

function toInfo(r: CampaignItem): Info {
  return {
    id: r.id,
    title: r.title,
    kind: r.kind,
    description: r.description,
    departmentIds: r.departmentIds,
    itemCodes: r.itemCodes,
    ...(r.industry ? { industry: r.industry } : {}),
    ...(r.township ? { township: r.township } : {}),
    from: r.from,
    to: r.to,
    status: r.status,
    businesses: r.businesses,
    createdBy: { id: r.createdBy.id, name: r.createdBy.name },
    createdAt: r.createdAt,
    version: r.version,
  };
}

export const CreateInput = z
  .object({
    title: z.string().trim().min(4).max(100),
    kind: z.enum(Kinds),
    description: z.string().trim().min(4).max(2000),
    departmentIds: z.array(Department.Id).min(1).max(20),
    itemCodes: z.array(ItemCode).min(1).max(20),
    industry: z.string().trim().max(40).optional(),
    township: z.string().trim().max(20).optional(),
    from: IsoDate,
    to: IsoDate,
  })
  .refine((v) => v.to >= v.from, { message: "campaign.period_order", path: ["to"] })
  .meta({
    id: "CampaignCreate",
    example: {
      title: "校园周边食品安全专项整治",
      kind: "area",
      description: "针对校园周边小餐饮、小食杂店的食品安全问题开展联合整治。",
      departmentIds: ["dep_01HZX3Q6Y1B2C3D4E5F6G7H8J9"],
      itemCodes: ["FJ-SP-001"],
      from: "2026-12-01",
      to: "2027-02-28",
    },
  });

export const create = fn(CreateInput, async (input) => {
  const tenantId = useTenant();
  for (const [i, id] of input.departmentIds.entries()) {
    const dep = await Department.find(id);
    if (dep?.status !== "active") throw fieldError("campaign.department_unknown", `departmentIds.${i}`, { departmentId: id });
  }
  const row: CampaignItem = {
    tenantId,
    id: createId("cmp"),
    title: input.title,
    kind: input.kind,
    description: input.description,
    departmentIds: [...new Set(input.departmentIds)],
    itemCodes: [...new Set(input.itemCodes)],
    ...(input.industry ? { industry: input.industry } : {}),
    ...(input.township ? { township: input.township } : {}),
    from: input.from,
    to: input.to,
    status: "open",
    businesses: 0,
    createdBy: actorRef(useActor()),
    createdAt: Clock.iso(),
    version: 1,
  };
  await commit({
    action: "campaign.create",
    target: { type: "campaign", id: row.id },
    state: row,
    summary: { title: row.title, kind: row.kind },
    items: () => [Tx.put(CampaignEntity.create(row))],
  });
  return toInfo(row);
});

export const fromID = fn(Id, async (id) => {
  const res = await CampaignEntity.get({ tenantId: useTenant(), id }).go({ consistent: true });
  if (!res.data) throw new NotFoundError("campaign.not_found");
  return toInfo(res.data);
});

export async function list(input: PageInput = {}): Promise<Page<Info>> {
  return mapPage(await page(CampaignEntity.query.byTenant({ tenantId: useTenant() }), input), toInfo);
}
export const ListPage = pageOf(Info).meta({ id: "CampaignPage" });

export const AddBody = z
  .object({
    creditCodes: z.array(CreditCode).min(1).max(100),
    facts: z.string().trim().min(4).max(2000),
  })
  .meta({ id: "CampaignAdd", example: { creditCodes: ["91350102MA2Y0X0T31"], facts: "专项整治排查：校园周边 200 米内的食品经营者。" } });
export const AddInput = AddBody.extend({ id: Id });

/** Put businesses under the campaign: one clue each (source "campaign", the campaign's items), correlated like any clue. */
export const addBusinesses = fn(AddInput, async (input) => {
  const tenantId = useTenant();
  const current = (await CampaignEntity.get({ tenantId, id: input.id }).go({ consistent: true })).data;
  if (!current) throw new NotFoundError("campaign.not_found");
  if (current.status !== "open") throw new VisibleError("campaign.closed", {}, 409);
  const codes = [...new Set(input.creditCodes)];
  const raised = await Clue.raise({ campaignId: current.id, clues: codes.map((creditCode) => ({ creditCode, facts: `【${current.title}】${input.facts}`, itemCodes: current.itemCodes })) });
  const added = raised.filter((r) => r.status === "tasked").length;
  await commit({
    action: "campaign.add",
    target: { type: "campaign", id: current.id },
    state: { campaignId: current.id, clueIds: raised.map((r) => r.id) },
    summary: { title: current.title, count: added },
    items: () => [Tx.update(CampaignEntity.update({ tenantId, id: current.id }).add({ businesses: added, version: 1 }))],
  });
  return { campaign: toInfo({ ...current, businesses: current.businesses + added, version: current.version + 1 }), clues: raised };
});

export const CloseBody = z.object({ version: z.number().int().positive() }).meta({ id: "CampaignClose", example: { version: 1 } });
export const CloseInput = CloseBody.extend({ id: Id });

export const close = fn(CloseInput, async (input) => {
  const tenantId = useTenant();
  const current = (await CampaignEntity.get({ tenantId, id: input.id }).go({ consistent: true })).data;
  if (!current) throw new NotFoundError("campaign.not_found");
  if (current.version !== input.version) throw new ConflictError();
  const next: CampaignItem = { ...current, status: "closed", version: current.version + 1 };
  await commit({
    action: "campaign.close",
    target: { type: "campaign", id: current.id },
    state: next,
    summary: { title: current.title },
    items: () => [Tx.put(CampaignEntity.put(next).where((a, op) => op.eq(a.version, input.version)))],
    onConditionFailed: () => new ConflictError(),
  });
  return toInfo(next);
});
