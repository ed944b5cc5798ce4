import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { App, Alert, Button, Card, Form, Input, List, Modal, Radio, Select, Space, Statistic, Table, Tabs, Tag, Typography, Upload } from "antd";
import type { InferResponseType } from "hono/client";
import { useMemo, useState } from "react";
import { ApiError, call, client } from "../api";
import { departmentList, catalogueItems, collect, useLoad } from "../data";
import { sheetRows, suggest } from "@supervision/core/assignment/sheet";
import { departmentTypeName } from "@supervision/core/department/types";
import { DataTable, downloadBlob, sheetName } from "../components/DataTable";
import { format, useStrings, type KeyOf, type MessageKey, type Translate } from "../i18n";
import * as catalogueStrings from "../locales/catalogue";
import * as assignmentsStrings from "../locales/assignments";
import * as local from "../locales/assignments";
import { useSession } from "../session";
import { ErrorAlert, PageTitle } from "./common";
import { StatusTag } from "./Catalogue";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof catalogueStrings> | KeyOf<typeof assignmentsStrings>;

type Assignment = InferResponseType<typeof client.api.assignments.$get, 200>["items"][number];
type Item = InferResponseType<typeof client.api.catalogue.items.$get, 200>["items"][number];
type Row = { code: string; name: string; assignment?: Assignment; suggestion: { leadDepartmentId?: string; cooperatingDepartmentIds: string[] } };

/** This page's own strings (kept out of the sign-in bundle), in the user's language. */
function useLocalT() {
  const { lang } = useStrings(catalogueStrings, assignmentsStrings);
  return (key: keyof typeof local.zh, params: Record<string, string | number> = {}) => format((lang === "en" ? local.en : local.zh)[key], params);
}

/** Rows per bulk change (the API's limit: one transaction each). */
const BULK_MAX = 90;

function useDepartmentNames() {
  const deps = useLoad(() => departmentList(), []);
  const names = useMemo(() => new Map((deps.data ?? []).map((d) => [d.id, d.name])), [deps.data]);
  return { deps, names };
}

/** 属地责任: who answers for each item here, the coverage report, and the calls a department must answer. */
export default function Assignments() {
  const { t } = useStrings(catalogueStrings, assignmentsStrings);
  const lt = useLocalT();
  const [tab, setTab] = useState("list");
  return (
    <>
      <PageTitle>{t("assignment.title")}</PageTitle>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        destroyOnHidden
        items={[
          { key: "list", label: t("assignment.list"), children: <AssignmentList /> },
          { key: "coverage", label: t("assignment.coverage"), children: <Coverage /> },
          { key: "outstanding", label: t("assignment.outstanding"), children: <Outstanding /> },
        ]}
      />
    </>
  );
}

function AssignmentList() {
  const { t, lang } = useStrings(catalogueStrings, assignmentsStrings);
  const lt = useLocalT();
  const { can, me } = useSession();
  const { message } = App.useApp();
  const items = useLoad(() => catalogueItems(), []);
  const assignments = useLoad(() => collect((cursor) => call(client.api.assignments.$get({ query: { limit: "200", cursor } })), 2000), []);
  const { deps, names } = useDepartmentNames();
  const [editing, setEditing] = useState<Row>();
  const [selected, setSelected] = useState<string[]>([]);
  const [bulk, setBulk] = useState(false);
  const [importing, setImporting] = useState(false);
  const active = useMemo(() => (deps.data ?? []).filter((d) => d.status === "active"), [deps.data]);
  const rows: Row[] = useMemo(() => {
    const byCode = new Map((assignments.data ?? []).map((a) => [a.code, a]));
    return (items.data?.items ?? []).map((i: Item) => ({ code: i.code, name: i.name, assignment: byCode.get(i.code), suggestion: suggest(i, active) }));
  }, [items.data, assignments.data, active]);
  const name = (id: string) => names.get(id) ?? id;
  const writer = can("assignment.write");
  const leadText = (r: Row) => (r.assignment ? name(r.assignment.leadDepartmentId) : r.suggestion.leadDepartmentId ? `${lt("assignment.suggested")}：${name(r.suggestion.leadDepartmentId)}` : "");
  const coopIds = (r: Row) => (r.assignment ? r.assignment.cooperating.map((c) => c.departmentId) : r.suggestion.cooperatingDepartmentIds);
  const statusText = (r: Row) => statusLabel(t, r.assignment?.status);
  const reload = () => {
    assignments.reload();
    setSelected([]);
  };

  async function exportSheet() {
    const current = new Map(
      (assignments.data ?? [])
        .filter((a) => a.status !== "retired")
        .map((a) => [a.code, { code: a.code, leadDepartmentId: a.leadDepartmentId, cooperatingDepartmentIds: a.cooperating.map((c) => c.departmentId), office: a.office, person: a.person, version: a.version }]),
    );
    const byCode = new Map(rows.map((r) => [r.code, r.suggestion]));
    const sheet = sheetRows(items.data?.items ?? [], current, names, (code) => byCode.get(code));
    const { writeXlsx } = await import("@supervision/core/catalogue/sheet-file");
    downloadBlob(await writeXlsx(sheet, sheetName(lt("assignment.sheet"))), `${lt("assignment.sheet")}-${me?.tenant.name ?? ""}.xlsx`);
    void message.success(t("table.exported", { count: sheet.length - 1 }));
  }

  return (
    <>
      <ErrorAlert error={items.error ?? assignments.error ?? deps.error} onRetry={() => { items.reload(); assignments.reload(); }} />
      {writer && <Typography.Paragraph type="secondary">{lt("assignment.prefillHint")}</Typography.Paragraph>}
      <DataTable<Row>
        testId="assignment-table"
        caption={t("assignment.list")}
        exportName={`${t("assignment.list")}-${me?.tenant.name ?? ""}`}
        rowKey="code"
        loading={items.loading || assignments.loading}
        rows={rows}
        rowClassName={(r) => (r.assignment?.status === "needs-review" ? "row-needs-review" : "")}
        rowSelection={
          writer
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as string[]),
                columnWidth: 40,
                // No select-all box in the header: antd repeats header cells in a hidden measuring row,
                // where a checkbox is focusable inside aria-hidden (axe). The toolbar selects instead.
                hideSelectAll: true,
                getCheckboxProps: (r) => ({ "aria-label": lt("assignment.selectOf", { code: r.code }) }) as never,
              }
            : undefined
        }
        toolbar={
          writer && (
            <>
              <Button onClick={() => setSelected(rows.filter((r) => !r.assignment || r.assignment.status === "needs-review").map((r) => r.code))}>
                {lt("assignment.selectOpen")}
              </Button>
              {selected.length > 0 && <Button onClick={() => setSelected([])}>{lt("assignment.selectNone")}</Button>}
              <Button type="primary" disabled={selected.length === 0} onClick={() => setBulk(true)}>
                {lt("assignment.bulk", { count: selected.length })}
              </Button>
              <Button icon={<DownloadOutlined aria-hidden />} onClick={() => void exportSheet()} disabled={!items.data || !assignments.data}>
                {lt("assignment.exportSheet")}
              </Button>
              <Button icon={<UploadOutlined aria-hidden />} onClick={() => setImporting(true)}>
                {lt("assignment.importSheet")}
              </Button>
            </>
          )
        }
        columns={[
          { key: "code", title: t("catalogue.code"), dataIndex: "code", width: 130, text: (r) => r.code, sort: true },
          { key: "name", title: t("catalogue.name"), dataIndex: "name", text: (r) => r.name, sort: true },
          { key: "status", title: t("assignment.status"), width: 110, text: statusText, filter: true, render: (_: unknown, r) => <StatusTag status={r.assignment?.status} /> },
          {
            key: "lead",
            title: t("assignment.leadDepartment"),
            text: (r) => (r.assignment ? name(r.assignment.leadDepartmentId) : r.suggestion.leadDepartmentId ? name(r.suggestion.leadDepartmentId) : ""),
            filter: true,
            sort: true,
            render: (_: unknown, r) =>
              r.assignment ? (
                name(r.assignment.leadDepartmentId)
              ) : r.suggestion.leadDepartmentId ? (
                <span title={leadText(r)}>
                  <Tag>{lt("assignment.suggested")}</Tag>
                  {name(r.suggestion.leadDepartmentId)}
                </span>
              ) : (
                <Typography.Text type="secondary">{lt("assignment.noSuggestion", { type: departmentTypeName(itemOf(items.data?.items, r.code)?.leadDepartmentType ?? "", lang) })}</Typography.Text>
              ),
          },
          {
            key: "coop",
            title: t("assignment.cooperatingDepartments"),
            text: (r) => coopIds(r).map(name).join("、"),
            render: (_: unknown, r) =>
              r.assignment
                ? r.assignment.cooperating.map((c) => (
                    <Tag key={c.departmentId} color={c.office ? "success" : "warning"}>
                      {name(c.departmentId)}：{c.office ? `${c.office} ${c.person ?? ""}` : t("assignment.waiting")}
                    </Tag>
                  ))
                : r.suggestion.cooperatingDepartmentIds.map((id) => <Tag key={id}>{name(id)}</Tag>),
          },
          { key: "office", title: t("assignment.office"), text: (r) => (r.assignment?.office ? `${r.assignment.office} ${r.assignment.person ?? ""}` : "") },
          ...(writer
            ? [
                {
                  key: "assign",
                  title: t("assignment.assign"),
                  width: 110,
                  noExport: true,
                  text: () => "",
                  render: (_: unknown, r: Row) => {
                    // The accessible name starts with the visible text (WCAG 2.5.3), then names the item.
                    const text = r.assignment?.status === "needs-review" ? t("assignment.review") : t("assignment.assign");
                    return (
                      <Button size="small" type={r.assignment?.status === "needs-review" || !r.assignment ? "primary" : "default"} onClick={() => setEditing(r)} aria-label={`${text} ${r.code}`}>
                        {text}
                      </Button>
                    );
                  },
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <AssignForm
          row={editing}
          departments={active}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            assignments.reload();
          }}
        />
      )}
      {bulk && (
        <BulkAssign
          rows={rows.filter((r) => selected.includes(r.code))}
          departments={active}
          name={name}
          onClose={() => setBulk(false)}
          onSaved={() => {
            setBulk(false);
            reload();
          }}
        />
      )}
      {importing && (
        <ImportSheet
          name={name}
          onClose={() => setImporting(false)}
          onSaved={() => {
            setImporting(false);
            reload();
          }}
        />
      )}
    </>
  );
}

function itemOf(items: Item[] | undefined, code: string) {
  return items?.find((i) => i.code === code);
}

function statusLabel(t: Translate<PageKey>, status: string | undefined) {
  if (!status) return t("catalogue.unassigned");
  if (status === "needs-review") return t("catalogue.needsReview");
  if (status === "retired") return t("catalogue.retired");
  return t("catalogue.assigned");
}

interface BulkValues {
  mode: "keep" | "same";
  leadDepartmentId?: string;
  cooperatingDepartmentIds?: string[];
  office?: string;
  person?: string;
}

/** 批量落实: the selected items at once — each keeps its current departments or
 * takes the catalogue's suggestion ("keep"), or all take the same ("same");
 * the office and person fill the items that have none. One bulk change per 90 items. */
function BulkAssign({ rows, departments, name, onClose, onSaved }: { rows: Row[]; departments: { id: string; name: string }[]; name(id: string): string; onClose(): void; onSaved(): void }) {
  const { t } = useStrings(catalogueStrings, assignmentsStrings);
  const lt = useLocalT();
  const { message } = App.useApp();
  const [form] = Form.useForm<BulkValues>();
  const mode = Form.useWatch("mode", form) ?? "keep";
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const options = departments.map((d) => ({ value: d.id, label: d.name }));
  const noLead = mode === "keep" ? rows.filter((r) => !r.assignment && !r.suggestion.leadDepartmentId) : [];
  const needOffice = mode === "same" || rows.some((r) => !r.assignment?.office);
  async function submit(v: BulkValues) {
    setBusy(true);
    setErrors([]);
    const ready = rows.filter((r) => !noLead.includes(r));
    const body = ready.map((r) => {
      const a = r.assignment;
      const lead = mode === "same" ? v.leadDepartmentId! : (a?.leadDepartmentId ?? r.suggestion.leadDepartmentId!);
      const coop = (mode === "same" ? (v.cooperatingDepartmentIds ?? []) : a ? a.cooperating.map((c) => c.departmentId) : r.suggestion.cooperatingDepartmentIds).filter((id) => id !== lead);
      return {
        code: r.code,
        leadDepartmentId: lead,
        cooperatingDepartmentIds: coop,
        office: (mode === "same" ? v.office : (a?.office ?? v.office)) ?? "",
        person: (mode === "same" ? v.person : (a?.person ?? v.person)) ?? "",
        ...(a ? { version: a.version } : {}),
      };
    });
    let saved = 0;
    try {
      for (let i = 0; i < body.length; i += BULK_MAX) {
        const chunk = body.slice(i, i + BULK_MAX);
        const res = await call(client.api.assignments.bulk.$post({ json: { rows: chunk, via: "bulk" } }));
        saved += res.count;
      }
      void message.success(lt("assignment.bulkSaved", { count: saved }));
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.details.length) {
        const offset = saved;
        setErrors(
          err.details.map((d) => {
            const m = /^rows\.(\d+)\./.exec(d.field);
            const row = m ? body[offset + Number(m[1])] : undefined;
            return row ? `${row.code}：${d.message}` : d.message;
          }),
        );
      } else setErrors([err instanceof Error ? err.message : String(err)]);
      if (saved) onSaved();
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={lt("assignment.bulkTitle", { count: rows.length })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={lt("assignment.bulkOk", { count: rows.length - noLead.length })}
      okButtonProps={{ disabled: rows.length - noLead.length === 0 }}
      cancelText={t("common.cancel")}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      {errors.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={lt("assignment.bulkFailed")} description={<ul style={{ margin: 0, paddingLeft: 20 }}>{errors.map((e) => <li key={e}>{e}</li>)}</ul>} />
      )}
      <Form<BulkValues> form={form} layout="vertical" onFinish={submit} initialValues={{ mode: "keep", cooperatingDepartmentIds: [] }}>
        <Form.Item name="mode" label={lt("assignment.bulkMode")}>
          <Radio.Group
            options={[
              { value: "keep", label: lt("assignment.bulkKeep") },
              { value: "same", label: lt("assignment.bulkSame") },
            ]}
          />
        </Form.Item>
        {mode === "same" && (
          <>
            <Form.Item name="leadDepartmentId" label={t("assignment.leadDepartment")} rules={[{ required: true, message: lt("assignment.pickLead") }]}>
              <Select options={options} showSearch optionFilterProp="label" />
            </Form.Item>
            <Form.Item name="cooperatingDepartmentIds" label={t("assignment.cooperatingDepartments")}>
              <Select mode="multiple" options={options} optionFilterProp="label" />
            </Form.Item>
          </>
        )}
        {needOffice && (
          <>
            <Form.Item name="office" label={t("assignment.office")} extra={mode === "keep" ? lt("assignment.bulkOfficeHint") : undefined} rules={[{ required: true, whitespace: true, message: lt("assignment.officeRequired") }, { max: 60 }]}>
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name="person" label={t("assignment.person")} rules={[{ required: true, whitespace: true, message: lt("assignment.personRequired") }, { max: 30 }]}>
              <Input maxLength={30} />
            </Form.Item>
          </>
        )}
      </Form>
      {noLead.length > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={lt("assignment.bulkNoLead", { codes: noLead.map((r) => r.code).join("、") })} />}
      <List
        size="small"
        bordered
        style={{ maxHeight: 240, overflow: "auto" }}
        dataSource={rows.filter((r) => !noLead.includes(r))}
        renderItem={(r) => (
          <List.Item>
            <span>
              {r.code} {r.name}
            </span>
            <Typography.Text type="secondary">
              {mode === "same" ? "" : name(r.assignment?.leadDepartmentId ?? r.suggestion.leadDepartmentId ?? "")}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Modal>
  );
}

type ImportResult = InferResponseType<typeof client.api.assignments.import.$post, 200>;
type SheetError = { row: number; column: string; message: string };

/** 导入责任表: read the file here, check it on the server (every error by row), then save what changed. */
function ImportSheet({ name, onClose, onSaved }: { name(id: string): string; onClose(): void; onSaved(): void }) {
  const { t } = useStrings(catalogueStrings, assignmentsStrings);
  const lt = useLocalT();
  const { message, modal } = App.useApp();
  const [rows, setRows] = useState<string[][]>();
  const [file, setFile] = useState<string>();
  const [preview, setPreview] = useState<ImportResult>();
  const [errors, setErrors] = useState<SheetError[]>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function read(f: File) {
    setBusy(true);
    setPreview(undefined);
    setErrors(undefined);
    setFailure(undefined);
    setFile(f.name);
    try {
      const { readSheetFile } = await import("@supervision/core/catalogue/sheet-file");
      const sheet = await readSheetFile(f.name, await f.arrayBuffer());
      setRows(sheet);
      await check(sheet, true);
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  async function check(sheet: string[][], dryRun: boolean) {
    try {
      const res = await call(client.api.assignments.import.$post({ json: { rows: sheet, dryRun } }));
      if (dryRun) setPreview(res);
      return res;
    } catch (err) {
      if (err instanceof ApiError && err.code === "assignment.import_invalid") {
        setErrors((err.details as unknown as SheetError[]).map((d) => ({ row: d.row, column: d.column, message: d.message })));
        setFailure(err.message);
      } else setFailure(err instanceof ApiError && err.status === 0 ? t("net.offline") : err instanceof Error ? err.message : String(err));
      return undefined;
    }
  }
  function save() {
    if (!rows || !preview) return;
    modal.confirm({
      title: lt("assignment.importConfirm", { count: preview.changes.length }),
      okText: t("common.save"),
      cancelText: t("common.cancel"),
      onOk: async () => {
        setBusy(true);
        const res = await check(rows, false);
        setBusy(false);
        if (res) {
          void message.success(lt("assignment.importSaved", { count: res.changes.length }));
          onSaved();
        }
      },
    });
  }
  return (
    <Modal open title={lt("assignment.importSheet")} onCancel={onClose} footer={null} destroyOnHidden width={760}>
      <Space direction="vertical" style={{ width: "100%" }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {lt("assignment.importHint")}
        </Typography.Paragraph>
        <Upload
          accept=".xlsx,.csv"
          showUploadList={false}
          beforeUpload={(f) => {
            void read(f);
            return false;
          }}
        >
          <Button icon={<UploadOutlined aria-hidden />} loading={busy} data-testid="assignment-import-pick">
            {file ? lt("assignment.importAnother") : lt("assignment.importPick")}
          </Button>
        </Upload>
        {file && <Typography.Text>{file}</Typography.Text>}
        {failure && <Alert type="error" showIcon message={failure} />}
        {errors && (
          <DataTable<SheetError & { key: string }>
            testId="assignment-import-errors"
            caption={lt("assignment.importErrors")}
            exportName={lt("assignment.importErrors")}
            rowKey="key"
            rows={errors.map((e, i) => ({ ...e, key: `${i}` }))}
            columns={[
              { key: "row", title: lt("assignment.importRow"), width: 70, text: (e) => e.row, sort: true },
              { key: "column", title: lt("assignment.importColumn"), width: 110, text: (e) => e.column, filter: true },
              { key: "message", title: lt("assignment.importMessage"), text: (e) => e.message },
            ]}
          />
        )}
        {preview && (
          <>
            <Alert
              type={preview.changes.length ? "info" : "success"}
              showIcon
              message={preview.changes.length ? lt("assignment.importValid", { count: preview.changes.length, unchanged: preview.unchanged, blank: preview.blank }) : lt("assignment.importNothing")}
            />
            {preview.changes.length > 0 && (
              <Table
                size="small"
                rowKey="code"
                dataSource={preview.changes}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                scroll={{ x: "max-content" }}
                columns={[
                  { title: lt("assignment.importRow"), dataIndex: "row", width: 70 },
                  { title: t("catalogue.code"), dataIndex: "code", width: 120 },
                  { title: t("catalogue.name"), dataIndex: "name" },
                  { title: t("assignment.leadDepartment"), dataIndex: "leadDepartmentId", render: (id: string) => name(id) },
                  { title: lt("assignment.importKind"), dataIndex: "kind", width: 80, render: (k: string) => (k === "create" ? lt("assignment.importCreate") : lt("assignment.importUpdate")) },
                ]}
              />
            )}
            {preview.changes.length > 0 && (
              <Button type="primary" onClick={save} loading={busy}>
                {lt("assignment.importSave", { count: preview.changes.length })}
              </Button>
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}

interface AssignValues {
  leadDepartmentId: string;
  cooperatingDepartmentIds: string[];
  office: string;
  person: string;
}

function AssignForm({ row, departments, onClose, onSaved }: { row: Row; departments: { id: string; name: string }[]; onClose(): void; onSaved(): void }) {
  const { t } = useStrings(catalogueStrings, assignmentsStrings);
  const lt = useLocalT();
  const { message } = App.useApp();
  const [form] = Form.useForm<AssignValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const a = row.assignment;
  const options = departments.map((d) => ({ value: d.id, label: d.name }));
  async function submit(values: AssignValues) {
    setBusy(true);
    setError(undefined);
    try {
      await call(
        client.api.assignments[":code"].$put({
          param: { code: row.code },
          json: { ...values, cooperatingDepartmentIds: values.cooperatingDepartmentIds ?? [], ...(a ? { version: a.version } : {}) },
        }),
      );
      void message.success(t("assignment.saved", { code: row.code }));
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) {
        const fields: (keyof AssignValues)[] = ["leadDepartmentId", "cooperatingDepartmentIds", "office", "person"];
        const fieldOf = (path: string) => fields.find((f) => f === path.split(".")[0]);
        const own = err.details.filter((d) => fieldOf(d.field));
        form.setFields(own.map((d) => ({ name: fieldOf(d.field)!, errors: [d.message] })));
        if (own.length === 0) setError(err.message);
      } else setError(String(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={t("assignment.assignOf", { code: row.code })} onCancel={onClose} onOk={() => form.submit()} okText={t("common.save")} cancelText={t("common.cancel")} confirmLoading={busy} destroyOnHidden>
      <Typography.Paragraph>{row.name}</Typography.Paragraph>
      {!a && row.suggestion.leadDepartmentId && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={lt("assignment.prefilled")} />}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form<AssignValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          a
            ? { leadDepartmentId: a.leadDepartmentId, cooperatingDepartmentIds: a.cooperating.map((c) => c.departmentId), office: a.office, person: a.person }
            : // Pre-filled from the catalogue's lead and cooperating types (the user confirms or changes them).
              { leadDepartmentId: row.suggestion.leadDepartmentId, cooperatingDepartmentIds: row.suggestion.cooperatingDepartmentIds }
        }
      >
        <Form.Item name="leadDepartmentId" label={t("assignment.leadDepartment")} rules={[{ required: true, message: lt("assignment.pickLead") }]}>
          <Select options={options} showSearch optionFilterProp="label" aria-label={t("assignment.leadDepartment")} />
        </Form.Item>
        <Form.Item name="cooperatingDepartmentIds" label={t("assignment.cooperatingDepartments")}>
          <Select mode="multiple" options={options} optionFilterProp="label" aria-label={t("assignment.cooperatingDepartments")} />
        </Form.Item>
        <Form.Item name="office" label={t("assignment.office")} rules={[{ required: true, whitespace: true, message: lt("assignment.officeRequired") }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="person" label={t("assignment.person")} rules={[{ required: true, whitespace: true, message: lt("assignment.personRequired") }]}>
          <Input maxLength={30} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Coverage() {
  const { t } = useStrings(catalogueStrings, assignmentsStrings);
  const lt = useLocalT();
  const coverage = useLoad(() => call(client.api.assignments.coverage.$get()), []);
  const { names } = useDepartmentNames();
  const c = coverage.data;
  return (
    <>
      <ErrorAlert error={coverage.error} onRetry={coverage.reload} />
      {c && (
        <Space direction="vertical" style={{ width: "100%" }} size="large">
          <Alert type={c.complete ? "success" : "warning"} showIcon message={c.complete ? t("assignment.coverage.complete") : t("assignment.coverage.incomplete")} />
          <Space size="large" wrap>
            <Statistic title={t("assignment.coverage.items")} value={c.items} />
            <Statistic title={t("assignment.coverage.assigned")} value={c.assigned} />
            <Statistic title={t("assignment.coverage.unassigned")} value={c.unassigned.length} />
            <Statistic title={t("assignment.coverage.needsReview")} value={c.needsReview.length} />
          </Space>
          <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>{t("assignment.coverage.needsReview")}</h2>}>
            <List size="small" dataSource={c.needsReview} locale={{ emptyText: t("common.none") }} renderItem={(i) => <List.Item>{i.code} {i.name}</List.Item>} />
          </Card>
          <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>{t("assignment.coverage.unassigned")}</h2>}>
            <List size="small" dataSource={c.unassigned} locale={{ emptyText: t("common.none") }} pagination={{ pageSize: 10, hideOnSinglePage: true }} renderItem={(i) => <List.Item>{i.code} {i.name}</List.Item>} />
          </Card>
          <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>{t("assignment.coverage.departments")}</h2>}>
            <List size="small" dataSource={c.departmentsWithoutItems} locale={{ emptyText: t("common.none") }} renderItem={(id) => <List.Item>{names.get(id) ?? id}</List.Item>} />
          </Card>
        </Space>
      )}
    </>
  );
}

function Outstanding() {
  const { t } = useStrings(catalogueStrings, assignmentsStrings);
  const lt = useLocalT();
  const { can } = useSession();
  const { message } = App.useApp();
  const outstanding = useLoad(() => call(client.api.assignments.outstanding.$get()), []);
  const { names } = useDepartmentNames();
  const [answering, setAnswering] = useState<string>();
  const [form] = Form.useForm<{ office: string; person: string }>();
  const [error, setError] = useState<string>();
  const o = outstanding.data;
  const name = (id: string) => names.get(id) ?? id;
  async function answer(values: { office: string; person: string }) {
    if (!answering) return;
    setError(undefined);
    try {
      await call(client.api.assignments[":code"].answer.$post({ param: { code: answering }, json: values }));
      void message.success(t("assignment.answerSaved", { code: answering }));
      setAnswering(undefined);
      form.resetFields();
      outstanding.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }
  return (
    <>
      <ErrorAlert error={outstanding.error} onRetry={outstanding.reload} />
      {o && (
        <Space direction="vertical" style={{ width: "100%" }} size="large">
          <Table
            size="small"
            rowKey={(r) => `${r.code}:${r.departmentId}`}
            dataSource={o.toAnswer}
            pagination={false}
            title={() => <h2 style={{ margin: 0, fontSize: 16 }}>{t("assignment.toAnswer")}</h2>}
            columns={[
              { title: t("catalogue.code"), dataIndex: "code", width: 130 },
              { title: t("catalogue.name"), dataIndex: "itemName" },
              { title: t("assignment.leadDepartment"), dataIndex: "leadDepartmentId", render: name },
              { title: t("assignment.department"), dataIndex: "departmentId", render: name },
              ...(can("assignment.answer") && o.departmentId
                ? [
                    {
                      title: t("assignment.answer"),
                      key: "answer",
                      width: 100,
                      render: (_: unknown, r: { code: string }) => (
                        <Button size="small" type="primary" onClick={() => setAnswering(r.code)} aria-label={t("assignment.answerOf", { code: r.code })}>
                          {t("assignment.answer")}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <Table
            size="small"
            rowKey="code"
            dataSource={o.waitingOn}
            pagination={false}
            title={() => <h2 style={{ margin: 0, fontSize: 16 }}>{t("assignment.waitingOn")}</h2>}
            columns={[
              { title: t("catalogue.code"), dataIndex: "code", width: 130 },
              { title: t("catalogue.name"), dataIndex: "itemName" },
              { title: t("assignment.pending"), dataIndex: "pending", render: (ids: string[]) => ids.map((id) => <Tag key={id} color="warning">{name(id)}</Tag>) },
            ]}
          />
        </Space>
      )}
      <Modal open={!!answering} title={answering ? t("assignment.answerOf", { code: answering }) : ""} onCancel={() => setAnswering(undefined)} onOk={() => form.submit()} okText={t("common.save")} cancelText={t("common.cancel")} destroyOnHidden>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={answer}>
          <Form.Item name="office" label={t("assignment.office")} rules={[{ required: true, whitespace: true, message: lt("assignment.officeRequired") }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="person" label={t("assignment.person")} rules={[{ required: true, whitespace: true, message: lt("assignment.personRequired") }]}>
            <Input maxLength={30} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
