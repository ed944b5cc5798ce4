import Papa from "papaparse";
import { readSheet } from "read-excel-file/universal";
import writeXlsxFile from "write-excel-file/universal";

/** Reading and writing the spreadsheet files (.xlsx, .csv) as `string[][]`.
 * For the portal (browser) and the command line (Node); never imported by the
 * API or the consumers, which receive rows. */

export type SheetKind = "xlsx" | "csv";

export function sheetKind(fileName: string): SheetKind | undefined {
  const ext = fileName.toLowerCase().split(".").pop();
  return ext === "xlsx" ? "xlsx" : ext === "csv" ? "csv" : undefined;
}

export class SheetFileError extends Error {
  constructor(
    readonly reason: "unsupported" | "unreadable",
    message: string,
  ) {
    super(message);
    this.name = "SheetFileError";
  }
}

const pad = (n: number) => String(n).padStart(2, "0");

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  // A date cell: Excel dates carry no zone; read-excel-file gives them as UTC.
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  return String(v);
}

/** CSV text → rows: a byte-order mark, quoted cells with commas, quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  // Blank lines are kept, so row numbers in error reports match the file's.
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: false });
  const fatal = result.errors.find((e) => e.type === "Quotes");
  if (fatal) throw new SheetFileError("unreadable", `CSV row ${fatal.row ?? "?"}: ${fatal.message}`);
  const rows = result.data.map((row) => row.map((c) => c ?? ""));
  // A final line break is not a row.
  while (rows.length && rows[rows.length - 1]!.every((c) => c === "")) rows.pop();
  return rows;
}

/** Rows → CSV with a byte-order mark, so that Excel opens the Chinese text correctly. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return "\uFEFF" + Papa.unparse(rows as string[][], { newline: "\r\n", quotes: true });
}

/** The first sheet of an .xlsx file, or a .csv file (UTF-8; GB18030 as saved by older Excel), as rows of text. */
export async function readSheetFile(fileName: string, data: ArrayBuffer | Uint8Array): Promise<string[][]> {
  const kind = sheetKind(fileName);
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (kind === "csv") {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      // Excel on Chinese Windows saves CSV in GB18030.
      text = new TextDecoder("gb18030").decode(bytes);
    }
    return parseCsv(text);
  }
  if (kind === "xlsx") {
    try {
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      const sheet = await readSheet(buffer, { trim: false });
      return sheet.map((row) => row.map(cellText));
    } catch (err) {
      throw new SheetFileError("unreadable", err instanceof Error ? err.message : String(err));
    }
  }
  throw new SheetFileError("unsupported", fileName);
}

/** Rows → an .xlsx file (one sheet, text cells, wrapped, headers bold). */
export async function writeXlsx(rows: readonly (readonly string[])[], sheetName = "监管事项清单"): Promise<Blob> {
  const data = rows.map((row, r) =>
    row.map((value) => ({ value, type: String, wrap: true, ...(r === 0 ? { fontWeight: "bold" as const } : {}) })),
  );
  return writeXlsxFile(data, { sheet: sheetName, stickyRowsCount: 1 }).toBlob();
}
