import { importRows as importCatalogueRows, type ImportInput, type ImportResult } from "../catalogue/import";
import { fanout } from "./index";

/** A province official's spreadsheet → the next catalogue version, published
 * and fanned out as `CatalogueSync.publish` does. Its own entry, used by the
 * API and the command line only: the spreadsheet rules (and every message
 * catalogue they report in) stay out of the catalogue-sync consumer's bundle. */
export function importRows(raw: ImportInput): Promise<ImportResult> {
  return importCatalogueRows(raw, fanout);
}
