export * as Recognition from "./index";

import * as z from "zod";
import { ItemCode } from "../catalogue/item";
import { Clock } from "../clock";
import { actorRef, useActor, useTenant } from "../context";
import { type OutgoingMessage } from "../outbox/commit";
import { Tx, type TxItem } from "../dynamo/tx";
import { CreditCode } from "../entity/credit-code";
import { Message } from "../message";
import { shanghaiDate } from "../policy/deadline";
import { PROVINCE_ID, Tenant } from "../tenant";
import { IsoDate } from "../util/date";
import { fn } from "../util/fn";
import { mapPage, page, PageInput, type Page } from "../util/page";
import { createId, idSchema } from "../util/id";
import { IssuedRecognitionEntity, RecognitionEntity, type IssuedRecognitionItem, type RecognitionItem } from "./recognition.entity";
import { coveredItems, isValidOn, Outcome, validityWindow } from "./rules";

export { lastValidDate, Outcome, OutcomeNames } from "./rules";
export { directory, registryEntities, registryPrefix, reindex, validOnMany, type Window as ValidWindow } from "./many";
import { directoryAdd, indexAppend } from "./many";

/** 执法互认 (一次处理、全省互认): a result one tenant closes as recognisable
 * travels on the recognition queue to the province registry, keyed by the
 * entity's credit code; every tenant reads it there before it schedules an
 * inspection of the same entity for the same items. */

export const Id = idSchema("rcg");

/** The registry record: all another tenant ever sees of the result. */
export const Info = z
  .object({
    id: Id,
    creditCode: z.string(),
    entityName: z.string(),
    itemCodes: z.array(z.string()),
    outcome: Outcome,
    resultDate: z.string(),
    validFrom: z.string(),
    validUntil: z.string(),
    issuingTenant: z.string(),
    issuingTenantName: z.string(),
    issuingDepartment: z.string().optional(),
    source: z.enum(["inspection", "penalty"]),
  })
  .meta({ id: "Recognition" });
export type Info = z.infer<typeof Info>;

/** What the issuing tenant keeps: the record plus the case it came from. */
export const IssuedInfo = Info.extend({ sourceId: z.string(), issuedAt: z.string() }).meta({ id: "RecognitionIssued" });
export type IssuedInfo = z.infer<typeof IssuedInfo>;

/** A recognised result as named in a refusal: no IDs, only what a scheduler needs to know. */
export interface Summary {
  issuingTenant: string;
  issuingTenantName: string;
  resultDate: string;
  outcome: Outcome;
  validUntil: string;
  itemCodes: string[];
}

/** The registry's record, or the issuer's copy, as the registry shows it. */
function toInfo(r: RecognitionItem | IssuedRecognitionItem): Info {
  return Info.parse({
    id: r.id,
    creditCode: r.creditCode,
    entityName: r.entityName,
    itemCodes: r.itemCodes,
    outcome: r.outcome,
    resultDate: r.resultDate,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    issuingTenant: r.issuingTenant,
    issuingTenantName: Tenant.nameOf(r.issuingTenant),
    issuingDepartment: r.issuingDepartment ?? undefined,
    source: r.source,
  });
}

function toIssuedInfo(r: IssuedRecognitionItem): IssuedInfo {
  return IssuedInfo.parse({ ...toInfo(r), sourceId: r.sourceId, issuedAt: r.issuedAt });
}

export function summary(r: Info): Summary {
  return {
    issuingTenant: r.issuingTenant,
    issuingTenantName: r.issuingTenantName,
    resultDate: r.resultDate,
    outcome: r.outcome,
    validUntil: r.validUntil,
    itemCodes: r.itemCodes,
  };
}

// ---------------------------------------------------------------- the flow

const IsoInstant = z.iso.datetime();
export const Payload = z
  .object({
    recognitionId: Id,
    creditCode: CreditCode,
    entityName: z.string().trim().min(1).max(100),
    itemCodes: z.array(ItemCode).min(1).max(50),
    outcome: Outcome,
    resultDate: IsoDate,
    validFrom: IsoInstant,
    validUntil: IsoInstant,
    issuingTenant: z.string().regex(/^\d{6}$/),
    issuingDepartment: z.string().max(100).optional(),
    source: z.enum(["inspection", "penalty"]),
  })
  .refine((p) => Date.parse(p.validUntil) > Date.parse(p.validFrom), { message: "validUntil must be after validFrom", path: ["validUntil"] });
export type Payload = z.infer<typeof Payload>;

/** recognition.recorded: from the issuing tenant to the province registry. */
export const Recorded = Message.define<Payload>({
  type: "recognition.recorded",
  queue: "recognition",
  version: 1,
  versions: { 1: Payload },
  // The registry copies a result whose closing is audited in the issuing
  // tenant's chain; without its own event, recognitions from 94 tenants never
  // queue on the province's chain head.
  mirror: true,
  async handle(payload, envelope) {
    // Only the registry receives it, and a tenant records only its own results.
    if (envelope.toTenant !== PROVINCE_ID) throw new Message.PoisonMessage(`recognition records go to ${PROVINCE_ID}, not ${envelope.toTenant}`);
    if (payload.issuingTenant !== envelope.fromTenant) {
      throw new Message.PoisonMessage(`forged: ${envelope.fromTenant} cannot record a result issued by ${payload.issuingTenant}`);
    }
    const record = {
      id: payload.recognitionId,
      creditCode: payload.creditCode,
      entityName: payload.entityName,
      itemCodes: payload.itemCodes,
      outcome: payload.outcome,
      resultDate: payload.resultDate,
      validFrom: payload.validFrom,
      validUntil: payload.validUntil,
      issuingTenant: payload.issuingTenant,
      issuingDepartment: payload.issuingDepartment,
      source: payload.source,
      recordedAt: Clock.iso(),
    };
    return {
      action: "recognition.record",
      target: { type: "recognition", id: payload.recognitionId },
      state: record,
      summary: { creditCode: payload.creditCode, items: payload.itemCodes, outcome: payload.outcome, validUntil: payload.validUntil },
      // The record, its window in the entity's index and the entity in the directory (what a draw's batch check reads), together.
      items: () => [Tx.put(RecognitionEntity.put(record)), indexAppend(record.creditCode, record), directoryAdd(record.creditCode)],
    };
  },
});

export interface IssueInput {
  creditCode: string;
  entityName: string;
  itemCodes: string[];
  outcome: Outcome;
  /** When the result was reached; the validity window starts here. */
  at: Date;
  validDays: number;
  issuingDepartment?: string;
  source: "inspection" | "penalty";
  sourceId: string;
}

/** The writes and the message that make a result recognisable, for the
 * caller's own commit: the issuer's copy and the message to the registry
 * commit together with the inspection or penalty that produced them. */
export function issue(input: IssueInput): { info: IssuedInfo; items: () => TxItem[]; message: OutgoingMessage } {
  const tenantId = useTenant();
  const window = validityWindow(input.at, input.validDays);
  const id = createId("rcg");
  const issuedAt = Clock.iso();
  const record: IssuedRecognitionItem = {
    tenantId,
    id,
    creditCode: input.creditCode,
    entityName: input.entityName,
    itemCodes: input.itemCodes,
    outcome: input.outcome,
    resultDate: shanghaiDate(input.at),
    ...window,
    issuingTenant: tenantId,
    issuingDepartment: input.issuingDepartment,
    source: input.source,
    sourceId: input.sourceId,
    issuedBy: actorRef(useActor()),
    issuedAt,
  };
  const message = Recorded.create(PROVINCE_ID, {
    recognitionId: id,
    creditCode: record.creditCode,
    entityName: record.entityName,
    itemCodes: record.itemCodes,
    outcome: record.outcome,
    resultDate: record.resultDate,
    validFrom: record.validFrom,
    validUntil: record.validUntil,
    issuingTenant: tenantId,
    issuingDepartment: record.issuingDepartment,
    source: record.source,
  });
  return {
    info: toIssuedInfo(record),
    items: () => [Tx.put(IssuedRecognitionEntity.create(record))],
    message,
  };
}

// ---------------------------------------------------------------- reads

export const ValidForInput = z.object({
  creditCode: CreditCode,
  /** Empty: every item recognised for the entity. */
  itemCodes: z.array(ItemCode).max(50).default([]),
  /** The instant to check; now when omitted. */
  on: z.coerce.date().optional(),
});

/** Results recognised for the entity, covering any of the items, valid on `on`. Reads the registry only. */
export const validFor = fn(ValidForInput, async (input) => {
  const on = input.on ?? Clock.now();
  const res = await RecognitionEntity.query.byEntity({ creditCode: input.creditCode }).go({ pages: "all" });
  return res.data
    .map(toInfo)
    .filter((r) => isValidOn(r, on) && coveredItems(r.itemCodes, input.itemCodes).length > 0)
    .sort((a, b) => b.validFrom.localeCompare(a.validFrom));
});

/** One page of the registry's results for the entity (newest first), those
 * covering any of the items and valid on `on`. The filter runs within the page
 * read, so a page may hold fewer than `limit`; follow `cursor` for more. */
export const lookup = fn(ValidForInput.extend(PageInput.shape), async ({ limit, cursor, ...input }): Promise<Page<Info>> => {
  const on = input.on ?? Clock.now();
  const res = mapPage(await page(RecognitionEntity.query.byEntity({ creditCode: input.creditCode }), { limit, cursor }), toInfo);
  return { items: res.items.filter((r) => isValidOn(r, on) && coveredItems(r.itemCodes, input.itemCodes).length > 0), cursor: res.cursor };
});

/** One page of what this tenant issued, newest first. */
export async function issued(input: PageInput = {}): Promise<Page<IssuedInfo>> {
  return mapPage(await page(IssuedRecognitionEntity.query.byTenant({ tenantId: useTenant() }), input), toIssuedInfo);
}
