import { Alert, App, Button, Checkbox, Form, Input, Select, Space, Tabs, Typography } from "antd";
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import type { ApiError } from "../api";
import { DataTable, type DataColumn } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { useLoad } from "../data";
import { useI18n } from "../i18n";
import { useSession } from "../session";
import { formatTime } from "../time";
import { applyApiErrors, mustChoose, toApiError } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";
import { dishonestyApi, mustPick, recordLabel, STATES, StateTag, useDishonestyText, type BasisRecord, type ListingRow, type ListingState } from "./DishonestyText";

/** 严重失信主体名单: the tenant's listings (a page at a time, filtered by state)
 * and a proposal from a business's own credit records, in a statutory category. */
export default function Dishonesty() {
  const dt = useDishonestyText();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") ?? "list";
  const items = [
    { key: "list", label: dt("tab.list"), children: <ListingList /> },
    ...(can("dishonesty.propose") ? [{ key: "new", label: dt("tab.new"), children: <Propose onDone={() => setParams({ tab: "list" })} /> }] : []),
  ];
  return (
    <>
      <PageTitle>{dt("title")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {dt("intro")}
      </Typography.Paragraph>
      <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key })} items={items} destroyOnHidden />
    </>
  );
}

function ListingList() {
  const dt = useDishonestyText();
  const { lang } = useI18n();
  const [state, setState] = useState<ListingState>();
  const list = usePaged((cursor) => dishonestyApi.list({ limit: 50, ...(state ? { state } : {}), ...(cursor ? { cursor } : {}) }), [state]);
  const columns: DataColumn<ListingRow>[] = [
    {
      key: "entity",
      title: dt("col.entity"),
      text: (r) => `${r.entityName} ${r.creditCode}`,
      sort: true,
      render: (_, r) => (
        <span>
          <Link to={`/dishonesty/${r.id}`}>{r.entityName}</Link>
          <br />
          <Typography.Text type="secondary">{r.creditCode}</Typography.Text>
        </span>
      ),
    },
    { key: "category", title: dt("col.category"), text: (r) => (lang === "en" ? r.category.name.en : r.category.name.zh), filter: true },
    { key: "state", title: dt("col.state"), text: (r) => dt(`state.${r.effectiveState}`), filter: true, render: (_, r) => <StateTag state={r.effectiveState} /> },
    { key: "listedAt", title: dt("col.listedAt"), text: (r) => formatTime(r.listedAt, "YYYY-MM-DD"), sort: true, responsive: ["md"] },
    { key: "expiresAt", title: dt("col.expiresAt"), text: (r) => formatTime(r.expiresAt, "YYYY-MM-DD"), sort: true, responsive: ["md"] },
  ];
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <DataTable
        rows={list.rows}
        columns={columns}
        rowKey="id"
        exportName={dt("title")}
        exportPages={list.pages}
        loading={list.loading}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
        testId="dishonesty-table"
        toolbar={
          <Select
            allowClear
            aria-label={dt("filter.state")}
            placeholder={dt("filter.state")}
            style={{ minWidth: 180 }}
            value={state}
            onChange={(v) => setState(v)}
            options={STATES.map((s) => ({ value: s, label: dt(`state.${s}`) }))}
          />
        }
      />
    </>
  );
}

function Propose({ onDone }: { onDone: () => void }) {
  const dt = useDishonestyText();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const categories = useLoad(() => dishonestyApi.categories(), []);
  const [records, setRecords] = useState<BasisRecord[]>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const category = Form.useWatch("category", form) as string | undefined;
  const allowed = categories.data?.categories.find((c) => c.code === category)?.measures ?? [];
  const name = (x: { name: { zh: string; en: string } }) => (lang === "en" ? x.name.en : x.name.zh);

  async function loadRecords() {
    setError(undefined);
    try {
      const code = String(form.getFieldValue("creditCode") ?? "").trim().toUpperCase();
      setRecords((await dishonestyApi.records(code)).items);
    } catch (err) {
      setError(toApiError(err));
      setRecords(undefined);
    }
  }
  async function submit(values: { creditCode: string; category: string; facts: string; basis: string[]; measures?: string[] }) {
    setBusy(true);
    setError(undefined);
    try {
      await dishonestyApi.propose({ ...values, creditCode: values.creditCode.trim().toUpperCase() });
      void message.success(dt("proposed"));
      form.resetFields();
      setRecords(undefined);
      onDone();
    } catch (err) {
      const e = toApiError(err);
      setError(e);
      applyApiErrors(form, e, ["creditCode", "category", "facts", "basis", "measures"]);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 720 }} requiredMark>
      <ErrorAlert error={error ?? categories.error} />
      <Form.Item label={dt("form.creditCode")} required>
        <Space.Compact style={{ width: "100%" }}>
          <Form.Item name="creditCode" noStyle rules={[{ required: true, len: 18 }]}>
            <Input maxLength={18} autoComplete="off" aria-label={dt("form.creditCode")} />
          </Form.Item>
          <Button onClick={loadRecords}>{dt("form.loadRecords")}</Button>
        </Space.Compact>
      </Form.Item>
      {records && records.length === 0 ? <Alert type="warning" showIcon message={dt("form.noRecords")} style={{ marginBottom: 16 }} /> : null}
      {records && records.length > 0 ? (
        <Form.Item name="basis" label={dt("form.basis")} rules={[mustPick(dt("form.basis"))]}>
          <Checkbox.Group style={{ display: "flex", flexDirection: "column", gap: 4 }}>
            {records
              .filter((r) => r.id)
              .map((r) => (
                <Checkbox key={r.id} value={r.id}>
                  {formatTime(r.at, "YYYY-MM-DD")} · {recordLabel(dt, r.kind, r.outcome)}
                  {r.ref ? ` · ${r.ref}` : ""}
                </Checkbox>
              ))}
          </Checkbox.Group>
        </Form.Item>
      ) : null}
      <Form.Item name="category" label={dt("form.category")} rules={[mustChoose(dt("form.category"))]} extra={categories.data?.categories.find((c) => c.code === category)?.legalBasis}>
        <Select aria-label={dt("form.category")} options={(categories.data?.categories ?? []).map((c) => ({ value: c.code, label: name(c) }))} onChange={() => form.setFieldValue("measures", undefined)} />
      </Form.Item>
      <Form.Item name="measures" label={dt("form.measures")}>
        <Select mode="multiple" options={(categories.data?.measures ?? []).filter((m) => allowed.includes(m.code)).map((m) => ({ value: m.code, label: name(m), title: m.basis }))} />
      </Form.Item>
      <Form.Item name="facts" label={dt("form.facts")} rules={[{ required: true, max: 2000 }]}>
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} disabled={!records?.length}>
        {dt("form.submit")}
      </Button>
    </Form>
  );
}
