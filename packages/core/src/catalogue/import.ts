import * as z from "zod";
import { useTenant } from "../context";
import { VisibleError } from "../error";
import { PROVINCE_ID } from "../tenant";
import { Catalogue, type Fanout } from "./index";
import { changeCode, ChangeBasis, VersionInput } from "./item";
import { checkAgainstCurrent, ImportRows, parseRows, type RowError } from "./spreadsheet";

/** A province official's spreadsheet → the next catalogue version. Every row
 * is validated (the API push's schemas, then the catalogue in force) before
 * anything is stored; one invalid row and nothing is. */

export const ImportInput = z.object({
  title: z.string().trim().min(1).max(100),
  /** Rows as read from the file; the first row holds the column headers. */
  rows: ImportRows,
  /** Validate only: report the errors, or what would be published. */
  dryRun: z.boolean().default(false),
});
export type ImportInput = z.input<typeof ImportInput>;

export const ImportResult = z
  .object({
    dryRun: z.boolean(),
    status: z.enum(["valid", "published", "unchanged"]),
    version: z.number().int(),
    title: z.string(),
    counts: z.object({ enact: z.number(), amend: z.number(), interpret: z.number(), repeal: z.number() }),
    changes: z.array(z.object({ row: z.number().int(), code: z.string(), name: z.string().optional(), basis: ChangeBasis })),
    publishedAt: z.string().optional(),
    tenants: z.number().int().optional(),
  })
  .meta({ id: "CatalogueImportResult" });
export type ImportResult = z.infer<typeof ImportResult>;

function invalid(errors: RowError[]): never {
  throw new VisibleError("catalogue.import_invalid", { count: errors.length }, 400, errors);
}

/** The entry point is CatalogueSync.importRows, which hands in the fan-out of a published version. */
export async function importRows(raw: ImportInput, fanout: Fanout): Promise<ImportResult> {
  const input = ImportInput.parse(raw);
  if (useTenant() !== PROVINCE_ID) throw new VisibleError("catalogue.province_only", {}, 403);
  const parsed = parseRows(input.rows);
  if (!parsed.ok) invalid(parsed.errors);
  const current = await Catalogue.publicCatalogue();
  const stateErrors = checkAgainstCurrent(parsed.changes, parsed.rowOf, new Set(current.items.map((i) => i.code)));
  if (stateErrors.length) invalid(stateErrors);

  const counts = { enact: 0, amend: 0, interpret: 0, repeal: 0 };
  for (const c of parsed.changes) counts[c.basis]++;
  const summary = parsed.changes.map((c, i) => ({ row: parsed.rowOf[i]!, code: changeCode(c), name: c.basis === "repeal" ? undefined : c.item.name, basis: c.basis }));
  const version = current.version + 1;
  if (input.dryRun) return { dryRun: true, status: "valid", version, title: input.title, counts, changes: summary };
  const published = await Catalogue.publishVersion(VersionInput.parse({ version, title: input.title, changes: parsed.changes }), fanout);
  return { dryRun: false, status: published.status, version: published.version, title: input.title, counts, changes: summary, publishedAt: published.publishedAt, tenants: published.tenants };
}
