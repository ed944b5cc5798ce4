import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Progress, Space, Table, Typography, Upload } from "antd";
import Papa from "papaparse";
import { useState } from "react";
import { Link } from "react-router-dom";
import { Columns, mapHeader, rowObject } from "@supervision/core/business/names";
import { readSheetFile, sheetKind, toCsv } from "@supervision/core/catalogue/sheet-file";
import { ApiError, call, client } from "../api";
import { useStrings } from "../i18n";
import * as businessesStrings from "../locales/businesses";
import { ErrorAlert, PageTitle } from "./common";

interface RowError {
  row: number;
  creditCode?: string;
  field: string;
  message: string;
}
interface Totals {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: number;
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

const EXAMPLE = ["91350102MA2Y2P3Q47", "福州鼓楼示范餐饮管理有限公司", "公司", "福建省福州市鼓楼区鼓东街道五一中路88号", "鼓东街道", "餐饮服务", "食品经营许可证:JY13501020001234:2028-05-01", "FJ-SP-001、FJ-SP-002", "B", "2016-03-01"];

/** 导入名录: a spreadsheet streamed to the API in chunks of 500 rows, with a progress bar and the per-row errors (downloadable). */
export default function BusinessesImport() {
  const { t } = useStrings(businessesStrings);
  const [percent, setPercent] = useState<number>();
  const [totals, setTotals] = useState<Totals>();
  const [errors, setErrors] = useState<RowError[]>([]);
  const [done, setDone] = useState<Totals & { root: string }>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  async function run(file: File) {
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    setErrors([]);
    setPercent(0);
    const sum: Totals = { rows: 0, created: 0, updated: 0, unchanged: 0, errors: 0 };
    setTotals({ ...sum });
    try {
      const kind = sheetKind(file.name);
      if (!kind) throw new ApiError(400, "client", t("imp.unsupported"));
      const started = await call(client.api.businesses.imports.$post({ json: { fileName: file.name } }));
      let fields: ReturnType<typeof mapHeader>["fields"] | undefined;
      let seq = 0;
      let rowNo = 0;
      let batch: Record<string, string>[] = [];
      let first = 2;
      const send = async () => {
        if (!batch.length) return;
        const r = await call(client.api.businesses.imports[":importId"].chunks.$post({ param: { importId: started.id }, json: { seq, firstRow: first, rows: batch } }));
        seq++;
        batch = [];
        sum.rows += r.rows;
        sum.created += r.created;
        sum.updated += r.updated;
        sum.unchanged += r.unchanged;
        sum.errors += r.errors.length;
        setTotals({ ...sum });
        if (r.errors.length) setErrors((e) => [...e, ...r.errors]);
      };
      const take = async (row: string[]) => {
        rowNo++;
        if (!fields) {
          const header = mapHeader(row);
          if (header.missing.length) throw new ApiError(400, "client", t("imp.missing", { columns: header.missing.join("、") }));
          fields = header.fields;
          return;
        }
        if (row.every((c) => (c ?? "").trim() === "")) {
          // Rows sent together are consecutive, so row numbers stay those of the file.
          await send();
          first = rowNo + 1;
          return;
        }
        if (!batch.length) first = rowNo;
        batch.push(rowObject(fields, row));
        if (batch.length >= started.chunkSize) await send();
      };
      if (kind === "csv") {
        // Streamed: the file is read a piece at a time, paused while a chunk is sent.
        await new Promise<void>((resolve, reject) => {
          let failed = false;
          Papa.parse<string[]>(file, {
            encoding: "utf-8",
            chunkSize: 256 * 1024,
            chunk: (results, parser) => {
              parser.pause();
              void (async () => {
                for (const row of results.data) await take(rowNo === 0 && row[0] ? [row[0].replace(/^\uFEFF/, ""), ...row.slice(1)] : row);
                setPercent(Math.min(99, Math.round(((results.meta.cursor ?? 0) / file.size) * 100)));
                parser.resume();
              })().catch((err) => {
                failed = true;
                parser.abort();
                reject(err);
              });
            },
            complete: () => !failed && resolve(),
            error: (err) => reject(new ApiError(400, "client", err.message)),
          });
        });
      } else {
        const rows = await readSheetFile(file.name, await file.arrayBuffer());
        for (const [i, row] of rows.entries()) {
          await take(row);
          if (i % 100 === 0) setPercent(Math.min(99, Math.round((i / rows.length) * 100)));
        }
      }
      await send();
      const summary = await call(client.api.businesses.imports[":importId"].finish.$post({ param: { importId: started.id }, json: { chunks: Math.max(seq, 1) } }));
      setPercent(100);
      setDone(summary);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "client", String(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageTitle extra={<Link to="/businesses">{t("nav.businesses")}</Link>}>{t("imp.title")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t("imp.intro")}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Button icon={<DownloadOutlined aria-hidden />} onClick={() => download("市场主体名录模板.csv", toCsv([Columns.map((c) => c.zh), EXAMPLE]))}>
          {t("imp.template")}
        </Button>
        <Upload
          accept=".xlsx,.csv"
          showUploadList={false}
          disabled={busy}
          beforeUpload={(file) => {
            void run(file);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined aria-hidden />} loading={busy}>
            {t("imp.pick")}
          </Button>
        </Upload>
      </Space>
      <ErrorAlert error={error} />
      {percent !== undefined && <Progress percent={percent} status={error ? "exception" : done ? "success" : "active"} aria-label={t("imp.title")} />}
      {totals && !done && <Typography.Paragraph>{t("imp.progress", { ...totals })}</Typography.Paragraph>}
      {done && (
        <Alert
          type={done.errors ? "warning" : "success"}
          showIcon
          style={{ marginBottom: 16 }}
          message={t("imp.done", { ...done })}
          description={<Typography.Text code style={{ wordBreak: "break-all" }}>{t("imp.root", { root: done.root })}</Typography.Text>}
        />
      )}
      {errors.length > 0 && (
        <>
          <Space wrap style={{ marginBottom: 8 }}>
            <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
              {t("imp.errors")}（{errors.length}）
            </Typography.Title>
            <Button
              size="small"
              icon={<DownloadOutlined aria-hidden />}
              onClick={() =>
                download(
                  "导入错误报告.csv",
                  toCsv([[t("imp.row"), t("biz.code"), t("imp.field"), t("imp.reason")], ...errors.map((e) => [String(e.row), e.creditCode ?? "", e.field, e.message])]),
                )
              }
            >
              {t("imp.download")}
            </Button>
          </Space>
          <Table<RowError>
            rowKey={(e) => `${e.row}-${e.field}`}
            size="small"
            dataSource={errors}
            pagination={{ pageSize: 20 }}
            scroll={{ x: true }}
            columns={[
              { title: t("imp.row"), dataIndex: "row", width: 70 },
              { title: t("biz.code"), dataIndex: "creditCode", responsive: ["md"] },
              { title: t("imp.field"), dataIndex: "field", width: 110 },
              { title: t("imp.reason"), dataIndex: "message" },
            ]}
          />
        </>
      )}
    </>
  );
}
