import { CheckCircleOutlined, SafetyCertificateOutlined, ScheduleOutlined, SearchOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Checkbox, DatePicker, Empty, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { ApiError, call, client } from "../api";
import { catalogueItems, departmentList, collect, useLoad } from "../data";
import { usePaged } from "../components/paged";
import { DataTable } from "../components/DataTable";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as recognitionStrings from "../locales/recognition";
import * as tablesStrings from "../locales/tables";
import { PrintButton } from "../print/PrintButton";
import { useSession } from "../session";
import { formatTime, ZONE } from "../time";
import { ErrorAlert, PageTitle } from "./common";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof recognitionStrings> | KeyOf<typeof tablesStrings>;

type Inspection = InferResponseType<typeof client.api.inspections.$get, 200>["items"][number];
type Recognised = InferResponseType<typeof client.api.inspections.check.$get, 200>["recognised"][number];
type Issued = InferResponseType<typeof client.api.recognitions.issued.$get, 200>["items"][number];
/** A recognised result as named in a 409 refusal (no IDs). */
type Named = Pick<Recognised, "issuingTenant" | "issuingTenantName" | "resultDate" | "outcome" | "validUntil" | "itemCodes">;

const DATE = "YYYY-MM-DD";
/** A picker's rule as a validator: `required` would put aria-required on the Select's role-less wrapper (axe aria-allowed-attr). */
const pickAtLeastOne = (message: string) => ({
  validator: (_: unknown, v: unknown) => (v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0) ? Promise.reject(new Error(message)) : Promise.resolve()),
});

export const itemsOf = (s: string | undefined) =>
  (s ?? "")
    .split(/[,，\s]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);

export function OutcomeTag({ outcome }: { outcome: Recognised["outcome"] }) {
  const { t } = useStrings(recognitionStrings, tablesStrings);
  const color = outcome === "compliant" ? "success" : outcome === "penalised" ? "error" : "warning";
  return (
    <Tag color={color} bordered={false}>
      {t(`rcg.outcome.${outcome}` as PageKey)}
    </Tag>
  );
}

/** 检查安排: check recognised results, schedule (with a reason when duplicating), close. */
export default function Inspections() {
  const { t } = useStrings(recognitionStrings, tablesStrings);
  const { can } = useSession();
  const [tab, setTab] = useState(can("inspection.schedule") ? "plan" : "list");
  const items = [
    ...(can("inspection.schedule") ? [{ key: "plan", label: t("ist.plan"), children: <Plan onScheduled={() => setTab("list")} /> }] : []),
    { key: "list", label: t("ist.list"), children: <InspectionList /> },
    { key: "issued", label: t("ist.issued"), children: <IssuedList /> },
  ];
  return (
    <>
      <PageTitle>{t("ist.title")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t("ist.intro")}
      </Typography.Paragraph>
      <Tabs activeKey={tab} onChange={setTab} items={items} destroyOnHidden />
    </>
  );
}

interface PlanValues {
  creditCode: string;
  entityName: string;
  itemCodes: string[];
  plannedDate: Dayjs;
  departmentIds?: string[];
  overrideReason?: string;
}

function RecognisedTable({ rows }: { rows: Named[] }) {
  const { t } = useStrings(recognitionStrings, tablesStrings);
  return (
    <Table<Named>
      rowKey={(r) => `${r.issuingTenant}-${r.resultDate}-${r.validUntil}-${r.itemCodes.join()}`}
      size="small"
      pagination={false}
      dataSource={rows}
      caption={<span className="sr-only">{t("ist.recognisedCaption")}</span>}
      columns={[
        { title: t("rcg.issuer"), dataIndex: "issuingTenantName" },
        { title: t("rcg.outcome"), dataIndex: "outcome", render: (o: Named["outcome"]) => <OutcomeTag outcome={o} /> },
        { title: t("rcg.resultDate"), dataIndex: "resultDate" },
        { title: t("rcg.validUntil"), dataIndex: "validUntil", render: (v: string) => formatTime(v, "YYYY-MM-DD HH:mm") },
        { title: t("rcg.items"), dataIndex: "itemCodes", render: (c: string[]) => c.join("、") },
      ]}
    />
  );
}

function Plan({ onScheduled }: { onScheduled(): void }) {
  const { t } = useStrings(recognitionStrings, tablesStrings);
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanValues>();
  const departments = useLoad(() => departmentList(), []);
  const catalogue = useLoad(() => catalogueItems().catch(() => ({ version: 0, items: [] })), []);
  const [recognised, setRecognised] = useState<Named[]>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const duplicate = (recognised?.length ?? 0) > 0;

  function showFieldErrors(err: ApiError) {
    const fields: (keyof PlanValues)[] = ["creditCode", "entityName", "itemCodes", "plannedDate", "departmentIds", "overrideReason"];
    const own = err.details.filter((d) => fields.includes(String(d.field).split(".")[0] as keyof PlanValues));
    form.setFields(own.map((d) => ({ name: String(d.field).split(".")[0] as keyof PlanValues, errors: [d.message] })));
    if (own.length === 0) setError(err);
  }

  async function check() {
    setError(undefined);
    const values = await form.validateFields(["creditCode", "itemCodes"]).catch(() => undefined);
    if (!values) return;
    setBusy(true);
    try {
      const plannedDate = (form.getFieldValue("plannedDate") as Dayjs | undefined)?.format(DATE);
      const res = await call(
        client.api.inspections.check.$get({
          query: { creditCode: values.creditCode.trim(), itemCodes: values.itemCodes.join(","), ...(plannedDate ? { plannedDate } : {}) },
        }),
      );
      setRecognised(res.recognised);
    } catch (err) {
      if (err instanceof ApiError) showFieldErrors(err);
    } finally {
      setBusy(false);
    }
  }

  async function schedule(values: PlanValues) {
    setBusy(true);
    setError(undefined);
    try {
      const created = await call(
        client.api.inspections.$post({
          json: {
            creditCode: values.creditCode.trim(),
            entityName: values.entityName,
            itemCodes: values.itemCodes,
            plannedDate: values.plannedDate.format(DATE),
            ...(values.departmentIds?.length ? { departmentIds: values.departmentIds } : {}),
            ...(values.overrideReason?.trim() ? { overrideReason: values.overrideReason.trim() } : {}),
          },
        }),
      );
      void message.success(t("ist.scheduled", { name: created.entityName }));
      form.resetFields();
      setRecognised(undefined);
      onScheduled();
    } catch (err) {
      if (err instanceof ApiError && err.code === "inspection.duplicate_recognised") {
        setRecognised(err.details as unknown as Named[]);
        setError(err);
      } else if (err instanceof ApiError) showFieldErrors(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card style={{ maxWidth: 900 }}>
      <Form<PlanValues> form={form} layout="vertical" name="schedule-inspection" onFinish={schedule} disabled={busy} onValuesChange={(c) => ("creditCode" in c || "itemCodes" in c) && setRecognised(undefined)}>
        <div style={{ display: "flex", flexWrap: "wrap", alignItems: "flex-start", columnGap: 24 }}>
          <Form.Item label={t("rcg.creditCode")} name="creditCode" rules={[{ required: true, len: 18, whitespace: true, message: t("rcg.creditCodeRequired") }]} style={{ width: 260, maxWidth: "100%" }}>
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Form.Item label={t("rcg.entityName")} name="entityName" rules={[{ required: true, whitespace: true, message: t("rcg.entityNameRequired") }]} style={{ width: 320, maxWidth: "100%" }}>
            <Input maxLength={100} />
          </Form.Item>
        </div>
        <div style={{ display: "flex", flexWrap: "wrap", alignItems: "flex-start", columnGap: 24 }}>
          <Form.Item label={t("rcg.itemCodes")} name="itemCodes" extra={t("ist.itemPickHint")} rules={[pickAtLeastOne(t("ist.itemPickRequired"))]} style={{ width: 420, maxWidth: "100%" }}>
            {/* Picked from the catalogue in force: the search text filters, never becomes a code of its own. */}
            <Select
              mode="multiple"
              allowClear
              showSearch
              optionFilterProp="label"
              loading={catalogue.loading}
              options={(catalogue.data?.items ?? []).map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }))}
            />
          </Form.Item>
          <Form.Item
            label={t("ist.plannedDate")}
            name="plannedDate"
            extra={t("ist.datePickHint")}
            rules={[pickAtLeastOne(t("ist.datePickRequired"))]}
            style={{ width: 200 }}
          >
            {/* Enter confirms a typed date; it must not also submit the form and schedule before the check. */}
            <DatePicker
              style={{ width: "100%" }}
              format={DATE}
              disabledDate={(d) => d.format(DATE) < dayjs().tz(ZONE).format(DATE)}
              onKeyDown={(e) => {
                if (e.key === "Enter") e.preventDefault();
              }}
            />
          </Form.Item>
        </div>
        <Form.Item label={t("ist.departments")} name="departmentIds" extra={t("ist.departmentsHint")} style={{ maxWidth: 600 }}>
          <Select
            mode="multiple"
            allowClear
            loading={departments.loading}
            optionFilterProp="label"
            options={(departments.data ?? []).filter((d) => d.status === "active").map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Button icon={<SearchOutlined aria-hidden />} onClick={check} loading={busy} style={{ marginBottom: 16 }}>
          {t("ist.check")}
        </Button>

        {recognised && (
          <section aria-labelledby="recognised-title" style={{ marginBottom: 16 }} data-testid="recognised">
            <Typography.Title level={2} id="recognised-title" style={{ fontSize: 16 }}>
              {t("ist.recognisedTitle")}
            </Typography.Title>
            {duplicate ? (
              <>
                <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t("ist.duplicateWarning", { count: recognised.length })} />
                <RecognisedTable rows={recognised} />
              </>
            ) : (
              <Alert type="success" showIcon message={t("ist.noneRecognised")} />
            )}
          </section>
        )}
        {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={error.message} role="alert" />}
        {duplicate && (
          <Form.Item
            label={t("ist.overrideReason")}
            name="overrideReason"
            extra={t("ist.overrideReasonHint")}
            rules={[{ required: true, whitespace: true, min: 10, message: t("ist.overrideReasonRequired") }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" icon={<ScheduleOutlined aria-hidden />} loading={busy}>
          {t("ist.schedule")}
        </Button>
      </Form>
    </Card>
  );
}

function InspectionList() {
  const { t } = useStrings(recognitionStrings, tablesStrings);
  const { can } = useSession();
  const list = usePaged((cursor) => call(client.api.inspections.$get({ query: { limit: "200", cursor } })), []);
  const { rows: data, error, loading, reload } = list;
  const [closing, setClosing] = useState<Inspection>();
  return (
    <>
      <ErrorAlert error={error} onRetry={reload} />
      <DataTable<Inspection>
        rowKey="id"
        loading={loading}
        rows={data}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
        exportPages={list.pages}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t("ist.empty")} /> }}
        caption={t("ist.list")}
        exportName={t("ist.list")}
        expandable={{
          rowExpandable: (i) => !!i.findings || !!i.overrideReason,
          expandedRowRender: (i) => (
            <div>
              {i.overrideReason && (
                <Typography.Paragraph>
                  <Typography.Text strong>{t("ist.override")}：</Typography.Text>
                  {i.overrideReason}
                </Typography.Paragraph>
              )}
              {i.findings && (
                <Typography.Paragraph>
                  <Typography.Text strong>{t("ist.findings")}：</Typography.Text>
                  {i.findings}
                </Typography.Paragraph>
              )}
            </div>
          ),
        }}
        columns={[
          { title: t("ist.entity"), key: "entity", text: (i) => `${i.entityName} ${i.creditCode}`, sort: true, render: (_, i) => <span>{i.entityName}<br /><Typography.Text type="secondary">{i.creditCode}</Typography.Text></span> },
          { title: t("rcg.items"), dataIndex: "itemCodes", render: (c: string[]) => c.join("、") },
          { title: t("ist.plannedDate"), dataIndex: "plannedDate", width: 120, sort: true },
          {
            title: t("ist.status"),
            key: "status",
            width: 220,
            filter: true,
            text: (i) => [t(`ist.status.${i.status}` as PageKey), i.outcome ? t(`rcg.outcome.${i.outcome}` as PageKey) : "", i.recognitionId ? t("ist.recognisable") : "", i.overrideReason ? t("ist.override") : ""].filter(Boolean).join(" "),
            render: (_, i) => (
              <Space wrap>
                <Tag color={i.status === "closed" ? "success" : "default"} bordered={false}>
                  {t(`ist.status.${i.status}` as PageKey)}
                </Tag>
                {i.outcome && <OutcomeTag outcome={i.outcome} />}
                {i.recognitionId && <Tag icon={<SafetyCertificateOutlined aria-hidden />} color="default" bordered={false}>{t("ist.recognisable")}</Tag>}
                {i.overrideReason && <Tag color="warning" bordered={false}>{t("ist.override")}</Tag>}
              </Space>
            ),
          },
          {
            title: "",
            key: "act",
            width: 200,
            render: (_, i) => (
              <Space wrap>
                {i.status === "scheduled" && can("recognition.write") ? (
                  <Button size="small" icon={<CheckCircleOutlined aria-hidden />} onClick={() => setClosing(i)} aria-label={t("ist.closeOf", { name: i.entityName })}>
                    {t("ist.close")}
                  </Button>
                ) : null}
                <PrintButton size="small" kind="inspection-notice" id={i.id} />
              </Space>
            ),
          },
        ]}
      />
      {closing && (
        <CloseModal
          inspection={closing}
          onDone={() => {
            setClosing(undefined);
            reload();
          }}
          onCancel={() => setClosing(undefined)}
        />
      )}
    </>
  );
}

interface CloseValues {
  outcome: "compliant" | "non-compliant";
  findings: string;
  recognisable: boolean;
  validDays?: number;
}

function CloseModal({ inspection, onDone, onCancel }: { inspection: Inspection; onDone(): void; onCancel(): void }) {
  const { t } = useStrings(recognitionStrings, tablesStrings);
  const { message } = App.useApp();
  const [form] = Form.useForm<CloseValues>();
  const recognisable = Form.useWatch("recognisable", form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();

  async function submit(values: CloseValues) {
    setBusy(true);
    setError(undefined);
    try {
      const res = await call(
        client.api.inspections[":inspectionId"].close.$post({
          param: { inspectionId: inspection.id },
          json: { version: inspection.version, outcome: values.outcome, findings: values.findings, recognisable: values.recognisable, ...(values.recognisable ? { validDays: values.validDays } : {}) },
        }),
      );
      void message.success(res.recognition ? t("ist.closedRecognised", { until: formatTime(res.recognition.validUntil, "YYYY-MM-DD HH:mm") }) : t("ist.closed"));
      onDone();
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "client", String(err));
      // Errors that name a field of this form are shown beside it; the rest above the form.
      const fields: (keyof CloseValues)[] = ["outcome", "findings", "recognisable", "validDays"];
      const own = e.details.filter((d) => fields.includes(String(d.field).split(".")[0] as keyof CloseValues));
      form.setFields(own.map((d) => ({ name: String(d.field).split(".")[0] as keyof CloseValues, errors: [d.message] })));
      if (own.length === 0 || own.length < e.details.length) setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={t("ist.closeTitle", { name: inspection.entityName })} onCancel={onCancel} okText={t("rcg.submit")} cancelText={t("common.cancel")} onOk={() => form.submit()} confirmLoading={busy} destroyOnHidden>
      <ErrorAlert error={error} />
      <Form<CloseValues> form={form} layout="vertical" name="close-inspection" onFinish={submit} initialValues={{ outcome: "compliant", recognisable: true, validDays: 180 }}>
        <Form.Item label={t("rcg.outcome")} name="outcome">
          <Radio.Group
            options={[
              { value: "compliant", label: t("rcg.outcome.compliant") },
              { value: "non-compliant", label: t("rcg.outcome.non-compliant") },
            ]}
          />
        </Form.Item>
        <Form.Item label={t("ist.findings")} name="findings" rules={[{ required: true, whitespace: true, min: 2, message: t("ist.findingsRequired") }]}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Form.Item name="recognisable" valuePropName="checked" extra={t("ist.recognisableHint")}>
          <Checkbox>{t("ist.recognisable")}</Checkbox>
        </Form.Item>
        {recognisable && (
          <Form.Item label={t("ist.validDays")} name="validDays" rules={[{ required: true, message: t("ist.validDaysRequired") }]}>
            <InputNumber min={1} max={1095} precision={0} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function IssuedList() {
  const { t } = useStrings(recognitionStrings, tablesStrings);
  const list = usePaged((cursor) => call(client.api.recognitions.issued.$get({ query: { limit: "200", cursor } })), []);
  const { rows: data, error, loading, reload } = list;
  return (
    <>
      <ErrorAlert error={error} onRetry={reload} />
      <DataTable<Issued>
        rowKey="id"
        loading={loading}
        rows={data}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
        exportPages={list.pages}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t("ist.issuedEmpty")} /> }}
        caption={t("ist.issuedCaption")}
        exportName={t("ist.issuedCaption")}
        columns={[
          { title: t("ist.entity"), key: "entity", text: (r) => `${r.entityName} ${r.creditCode}`, sort: true, render: (_, r) => <span>{r.entityName}<br /><Typography.Text type="secondary">{r.creditCode}</Typography.Text></span> },
          { title: t("rcg.source"), dataIndex: "source", text: (r) => t(`rcg.source.${r.source}` as PageKey), filter: true, render: (s: Issued["source"]) => t(`rcg.source.${s}` as PageKey) },
          { title: t("rcg.outcome"), dataIndex: "outcome", text: (r) => t(`rcg.outcome.${r.outcome}` as PageKey), filter: true, render: (o: Issued["outcome"]) => <OutcomeTag outcome={o} /> },
          { title: t("rcg.items"), dataIndex: "itemCodes", render: (c: string[]) => c.join("、") },
          { title: t("rcg.resultDate"), dataIndex: "resultDate", sort: true },
          { title: t("rcg.validUntil"), dataIndex: "validUntil", text: (r) => formatTime(r.validUntil, "YYYY-MM-DD HH:mm"), sort: true, render: (v: string) => formatTime(v, "YYYY-MM-DD HH:mm") },
        ]}
      />
    </>
  );
}
