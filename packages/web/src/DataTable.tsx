import { DownloadOutlined, SearchOutlined } from "@ant-design/icons";
import { App, Button, Input, Space, Table, Typography } from "antd";
import type { ColumnType, TableProps } from "antd/es/table";
import { useMemo, useState, type ReactNode } from "react";
import { useI18n } from "./i18n";

/** 表格：查找与导出. One table for every list: a search box over the columns
 * the user sees, sorting and filtering per column, and an .xlsx export of
 * exactly those columns (the rows the user has filtered, or — for a list
 * paged on the server — every page, read one page at a time). */

export interface DataColumn<T> extends Omit<ColumnType<T>, "title" | "sorter"> {
  key: string;
  title: string;
  /** The cell as text: what search matches, what sorting compares and what the export writes. */
  text: (row: T) => string | number | undefined;
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
}

const collator = new Intl.Collator("zh-CN", { numeric: true });

export function compareText(a: string | number | undefined, b: string | number | undefined): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a ?? ""), String(b ?? ""));
}

/** Rows matching every whitespace-separated term in some column. */
export function matches<T>(row: T, columns: readonly Pick<DataColumn<T>, "text">[], query: string): boolean {
  const terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const hay = columns.map((c) => String(c.text(row) ?? "").toLowerCase()).join("\u0000");
  return terms.every((t) => hay.includes(t));
}

/** An Excel sheet name: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, " ").slice(0, 31) || "Sheet1";
}

export function DataTable<T extends object>(props: DataTableProps<T>) {
  const { rows, columns, exportName, exportPages, toolbar, search = true, caption, testId, ...rest } = props;
  const { t } = useI18n();
  const { message } = App.useApp();
  const [query, setQuery] = useState("");
  const [exporting, setExporting] = useState(false);

  const visible = useMemo(() => (rows ?? []).filter((r) => matches(r, columns, query)), [rows, columns, query]);
  const antColumns = useMemo(
    () =>
      columns.map(({ text, sort, filter, noExport: _n, ...c }) => {
        const col: ColumnType<T> = { ...c };
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
      const cols = columns.filter((c) => !c.noExport);
      const out: string[][] = [cols.map((c) => c.title)];
      const add = (page: readonly T[]) => {
        for (const r of page) if (matches(r, columns, query)) out.push(cols.map((c) => String(c.text(r) ?? "")));
      };
      if (exportPages) for await (const page of exportPages()) add(page);
      else add(visible);
      const { writeXlsx } = await import("@supervision/core/catalogue/sheet-file");
      const blob = await writeXlsx(out, sheetName(exportName));
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `${exportName}.xlsx`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
          <Typography.Text type="secondary">{t("table.count", { count: visible.length })}</Typography.Text>
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
      />
    </div>
  );
}
