import { DownloadOutlined, SearchOutlined } from "@ant-design/icons";
import { App, Button, Input, Space, Table, Typography } from "antd";
import type { ColumnType, TableProps } from "antd/es/table";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useI18n } from "../i18n";

/** 表格：查找与导出. One table for every list: a search box over the columns
 * the user sees, sorting and filtering per column, and an .xlsx export of
 * exactly those columns (the rows the user has filtered, or — for a list
 * paged on the server — every page, read one page at a time). */

export interface DataColumn<T> extends Omit<ColumnType<T>, "title" | "sorter"> {
  /** Defaults to `dataIndex`, then the title. */
  key?: string;
  title: string;
  /** The cell as text: what search matches, what sorting compares and what the export writes.
   * Defaults to the `dataIndex` value (arrays joined by 、); a column with neither is not searched or exported. */
  text?: (row: T) => string | number | undefined;
  /** Sort by this column (by `text`, Chinese collation for text). */
  sort?: boolean;
  /** Offer a filter listing the column's distinct values. */
  filter?: boolean;
  /** Leave the column out of the export (e.g. an actions column). */
  noExport?: boolean;
}

export interface DataTableProps<T> extends Omit<TableProps<T>, "columns" | "dataSource" | "title"> {
  rows: readonly T[] | undefined;
  columns: DataColumn<T>[];
  /** Export file and sheet name (without extension). */
  exportName: string;
  /** For lists paged on the server: every page, for the export. Without it the loaded rows are exported. */
  exportPages?: () => AsyncIterable<readonly T[]>;
  /** Above the table, beside the search box (e.g. a "new" button). */
  toolbar?: ReactNode;
  search?: boolean;
  caption?: string;
  testId?: string;
  /** A list read from the server a page at a time: the rows so far and a button for the next page. */
  more?: { hasMore: boolean; loading: boolean; onMore(): void };
  /** Search on the server (the list API's `q`): the box's text, after a pause in typing; rows are then not filtered here. */
  onSearch?: (query: string) => void;
}

const collator = new Intl.Collator("zh-CN", { numeric: true });

export function compareText(a: string | number | undefined, b: string | number | undefined): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a ?? ""), String(b ?? ""));
}

/** A column's cell as text: its `text`, else the value at its `dataIndex`. */
export function textOf<T>(c: Pick<DataColumn<T>, "text" | "dataIndex">): ((row: T) => string | number | undefined) | undefined {
  if (c.text) return c.text;
  const index = c.dataIndex;
  if (index === undefined || index === null) return undefined;
  const path = (Array.isArray(index) ? index : [index]) as (string | number)[];
  return (row: T) => {
    let v: unknown = row;
    for (const k of path) v = v === null || v === undefined ? undefined : (v as Record<string | number, unknown>)[k];
    if (Array.isArray(v)) return v.join("、");
    return typeof v === "number" ? v : v === null || v === undefined ? undefined : String(v);
  };
}

/** Rows matching every whitespace-separated term in some column. */
export function matches<T>(row: T, columns: readonly Pick<DataColumn<T>, "text" | "dataIndex">[], query: string): boolean {
  const terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const hay = columns
    .map((c) => textOf(c))
    .filter((f): f is NonNullable<typeof f> => !!f)
    .map((f) => String(f(row) ?? "").toLowerCase())
    .join("\u0000");
  return terms.every((t) => hay.includes(t));
}

/** An Excel sheet name: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, " ").slice(0, 31) || "Sheet1";
}

/** Save a file the page made (an export) under `name`. */
export function downloadBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function DataTable<T extends object>(props: DataTableProps<T>) {
  const { rows, columns, exportName, exportPages, toolbar, search = true, caption, testId, more, onSearch, ...rest } = props;
  const { t } = useI18n();
  const { message } = App.useApp();
  const [query, setQuery] = useState("");
  const [exporting, setExporting] = useState(false);

  const localQuery = onSearch ? "" : query;
  const visible = useMemo(() => (rows ?? []).filter((r) => matches(r, columns, localQuery)), [rows, columns, localQuery]);
  // Server search: sent after 300 ms without typing.
  const searchRef = useRef(onSearch);
  searchRef.current = onSearch;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!searchRef.current) return;
    const timer = setTimeout(() => searchRef.current?.(query.trim()), 300);
    return () => clearTimeout(timer);
  }, [query]);
  const antColumns = useMemo(
    () =>
      columns.map(({ text: _t, sort, filter, noExport: _n, ...c }, i) => {
        const text = textOf(columns[i]!) ?? (() => "");
        const col: ColumnType<T> = { ...c, key: c.key ?? (typeof c.dataIndex === "string" ? c.dataIndex : c.title) };
        if (!c.render) col.render = (_: unknown, row: T) => text(row);
        if (sort) col.sorter = (a: T, b: T) => compareText(text(a), text(b));
        if (filter) {
          const values = [...new Set((rows ?? []).map((r) => String(text(r) ?? "")))].filter(Boolean).sort(collator.compare);
          col.filters = values.map((v) => ({ text: v, value: v }));
          col.onFilter = (value, row) => String(text(row) ?? "") === value;
          col.filterSearch = values.length > 8;
        }
        return col;
      }),
    [columns, rows],
  );

  async function exportXlsx() {
    setExporting(true);
    try {
      const cols = columns.filter((c) => !c.noExport && textOf(c)).map((c) => ({ title: c.title, text: textOf(c)! }));
      const out: string[][] = [cols.map((c) => c.title)];
      const add = (page: readonly T[]) => {
        for (const r of page) if (matches(r, columns, localQuery)) out.push(cols.map((c) => String(c.text(r) ?? "")));
      };
      if (exportPages) for await (const page of exportPages()) add(page);
      else add(visible);
      const { writeXlsx } = await import("@supervision/core/catalogue/sheet-file");
      downloadBlob(await writeXlsx(out, sheetName(exportName)), `${exportName}.xlsx`);
      void message.success(t("table.exported", { count: out.length - 1 }));
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setExporting(false);
    }
  }

  return (
    <div className="data-table" data-testid={testId}>
      <div className="data-table-bar">
        <Space wrap size={8}>
          {search && (
            <Input
              allowClear
              prefix={<SearchOutlined aria-hidden />}
              placeholder={t("table.searchPlaceholder")}
              aria-label={caption ? `${t("table.search")}：${caption}` : t("table.search")}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              style={{ width: 240, maxWidth: "100%" }}
            />
          )}
          {toolbar}
        </Space>
        <Space wrap size={8}>
          <Typography.Text type="secondary">{more?.hasMore ? t("table.countMore", { count: visible.length }) : t("table.count", { count: visible.length })}</Typography.Text>
          <Button icon={<DownloadOutlined aria-hidden />} onClick={exportXlsx} loading={exporting}>
            {exporting ? t("table.exporting") : t("table.export")}
          </Button>
        </Space>
      </div>
      <Table<T>
        size="small"
        scroll={{ x: "max-content" }}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: true, pageSizeOptions: [20, 50, 100] }}
        {...rest}
        columns={antColumns}
        dataSource={visible}
        title={undefined}
        caption={caption ? <span className="sr-only">{caption}</span> : undefined}
      />
      {more?.hasMore && (
        <div style={{ textAlign: "center", marginTop: 12 }}>
          <Button onClick={more.onMore} loading={more.loading}>
            {t("table.more")}
          </Button>
        </div>
      )}
    </div>
  );
}
