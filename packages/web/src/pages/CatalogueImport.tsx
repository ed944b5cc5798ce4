import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Form, Input, Result, Space, Table, Tag, Typography, Upload } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { Link } from "react-router-dom";
import { readSheetFile, SheetFileError, sheetKind, toCsv, writeXlsx } from "@supervision/core/catalogue/sheet-file";
import { ApiError, call, client } from "../api";
import { ask } from "../components/confirm";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as catalogueImportStrings from "../locales/catalogue-import";
import { ErrorAlert, PageTitle } from "./common";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof catalogueImportStrings>;

type ImportResult = InferResponseType<typeof client.api.catalogue.import.$post, 200>;
interface RowError {
  row: number;
  column: string;
  code: string;
  message: string;
}

const COLUMNS = ["变更类型", "依据法律", "生效日期", "事项编码", "事项名称", "重点领域", "牵头部门", "配合部门", "法律依据", "监管对象类型", "监管主体", "监管对象", "检查程序", "检查内容", "检查方法"];

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** 导入清单: a province official imports a spreadsheet as the next catalogue version. */
export default function CatalogueImport() {
  const { t } = useStrings(catalogueImportStrings);
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ title: string }>();
  const [file, setFile] = useState<{ name: string; rows: string[][] }>();
  const [busy, setBusy] = useState<"reading" | "publishing">();
  const [fileError, setFileError] = useState<string>();
  const [rowErrors, setRowErrors] = useState<RowError[]>();
  const [preview, setPreview] = useState<ImportResult>();
  const [published, setPublished] = useState<ImportResult>();
  const [error, setError] = useState<ApiError>();

  const reset = () => {
    setFile(undefined);
    setFileError(undefined);
    setRowErrors(undefined);
    setPreview(undefined);
    setPublished(undefined);
    setError(undefined);
  };

  async function send(rows: string[][], dryRun: boolean) {
    const title = (form.getFieldValue("title") as string | undefined)?.trim() || t("import.titleDefault", { year: new Date().getFullYear() });
    try {
      return await call(client.api.catalogue.import.$post({ json: { title, rows, dryRun } }));
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "client", String(err));
      if (e.code === "catalogue.import_invalid") setRowErrors(e.details as unknown as RowError[]);
      else setError(e);
      return undefined;
    }
  }

  async function pick(f: File) {
    reset();
    if (!sheetKind(f.name)) {
      setFileError(t("import.unsupported", { file: f.name }));
      return;
    }
    setBusy("reading");
    try {
      const rows = await readSheetFile(f.name, await f.arrayBuffer());
      setFile({ name: f.name, rows });
      const checked = await send(rows, true);
      if (checked) setPreview(checked);
    } catch (err) {
      setFileError(t("import.unreadable", { file: f.name, reason: err instanceof SheetFileError || err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(undefined);
    }
  }

  async function publish() {
    if (!file) return;
    await form.validateFields();
    // Province-wide and not undone: every region syncs the version at once.
    if (!(await ask(modal, { title: t("confirm.publishTitle", { version: preview?.version ?? "" }), content: t("confirm.publishBody"), okText: t("confirm.publishOk"), cancelText: t("common.cancel") }))) return;
    setBusy("publishing");
    setError(undefined);
    try {
      const result = await send(file.rows, false);
      if (result) setPublished(result);
    } finally {
      setBusy(undefined);
    }
  }

  async function template(kind: "xlsx" | "csv") {
    try {
      const { rows } = await call(client.api.catalogue.import.template.$get());
      if (kind === "xlsx") download(await writeXlsx(rows), "监管事项清单导入模板.xlsx");
      else download(new Blob([toCsv(rows)], { type: "text/csv;charset=utf-8" }), "监管事项清单导入模板.csv");
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "client", String(err)));
    }
  }

  if (published) {
    return (
      <Result
        status="success"
        title={<h1 className="page-title">{t("import.published", { version: published.version, title: published.title })}</h1>}
        subTitle={t("import.publishedSub", { tenants: published.tenants ?? 0 })}
        extra={
          <Space>
            <Button type="primary" onClick={reset}>
              {t("import.another")}
            </Button>
            <Link to="/guides" target="_blank">
              {t("import.viewGuides")}
            </Link>
          </Space>
        }
      />
    );
  }

  const itemRows = file ? file.rows.slice(1).filter((r) => r.some((c) => c.trim() !== "")).length : 0;
  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void template("xlsx")}>
              {t("import.template")}
            </Button>
            <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void template("csv")}>
              {t("import.templateCsv")}
            </Button>
          </Space>
        }
      >
        {t("import.title")}
      </PageTitle>
      <Typography.Paragraph>{t("import.intro")}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t("import.columns", { columns: COLUMNS.join("、") })}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Card>
        <Form form={form} layout="vertical" initialValues={{ title: t("import.titleDefault", { year: new Date().getFullYear() }) }} name="catalogue-import">
          <Form.Item label={t("import.titleLabel")} name="title" rules={[{ required: true, whitespace: true, message: t("import.titleRequired") }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label={t("import.file")} extra={t("import.fileHint")}>
            <Upload
              accept=".xlsx,.csv"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(f) => {
                void pick(f);
                return false;
              }}
            >
              <Button icon={<UploadOutlined aria-hidden />} loading={busy === "reading"} data-testid="import-pick">
                {t("import.pick")}
              </Button>
            </Upload>
          </Form.Item>
        </Form>
        {busy === "reading" && <Alert type="info" message={t("import.reading")} />}
        {fileError && <Alert type="error" showIcon role="alert" message={fileError} />}
        {file && (
          <Typography.Paragraph data-testid="import-read">
            {t("import.read", { file: file.name, rows: itemRows })}
          </Typography.Paragraph>
        )}
        {rowErrors && (
          <>
            <Alert
              type="error"
              showIcon
              role="alert"
              message={t("import.errorsTitle", { count: rowErrors.length })}
              description={t("import.errorsHint")}
              style={{ marginBottom: 16 }}
              data-testid="import-errors"
            />
            <Table<RowError>
              size="small"
              rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
              dataSource={rowErrors}
              pagination={rowErrors.length > 50 ? { pageSize: 50 } : false}
              caption={<span className="sr-only">{t("import.errorsCaption")}</span>}
              columns={[
                { title: t("import.row"), dataIndex: "row", width: 80 },
                { title: t("import.column"), dataIndex: "column", width: 140 },
                { title: t("import.problem"), dataIndex: "message" },
              ]}
            />
          </>
        )}
        {preview && (
          <>
            <Alert type="success" showIcon message={t("import.validTitle", { count: preview.changes.length, version: preview.version })} style={{ marginBottom: 16 }} data-testid="import-valid" />
            <Table
              size="small"
              rowKey="row"
              dataSource={preview.changes}
              pagination={preview.changes.length > 20 ? { pageSize: 20 } : false}
              caption={<span className="sr-only">{t("import.previewCaption")}</span>}
              columns={[
                { title: t("import.row"), dataIndex: "row", width: 80 },
                {
                  title: t("import.basis"),
                  dataIndex: "basis",
                  width: 100,
                  render: (b: string) => <Tag color={b === "repeal" ? "error" : b === "enact" ? "success" : "processing"}>{t(`import.basis.${b}` as PageKey)}</Tag>,
                },
                { title: t("import.code"), dataIndex: "code", width: 140 },
                { title: t("import.name"), dataIndex: "name" },
              ]}
            />
            <Button type="primary" style={{ marginTop: 16 }} onClick={() => void publish()} loading={busy === "publishing"}>
              {busy === "publishing" ? t("import.publishing") : t("import.publish", { version: preview.version })}
            </Button>
          </>
        )}
      </Card>
    </>
  );
}
