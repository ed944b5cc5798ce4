import { CheckCircleOutlined, SafetyCertificateOutlined, ScheduleOutlined, SearchOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Checkbox, Empty, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { ApiError, call, client } from "../api";
import { departmentList, collect, useLoad } from "../data";
import { useI18n, type MessageKey } from "../i18n";
import { useSession } from "../session";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";

type Inspection = InferResponseType<typeof client.api.inspections.$get, 200>["items"][number];
type Recognised = InferResponseType<typeof client.api.inspections.check.$get, 200>["recognised"][number];
type Issued = InferResponseType<typeof client.api.recognitions.issued.$get, 200>["items"][number];
/** A recognised result as named in a 409 refusal (no IDs). */
type Named = Pick<Recognised, "issuingTenant" | "issuingTenantName" | "resultDate" | "outcome" | "validUntil" | "itemCodes">;

export const itemsOf = (s: string | undefined) =>
  (s ?? "")
    .split(/[,，\s]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);

export function OutcomeTag({ outcome }: { outcome: Recognised["outcome"] }) {
  const { t } = useI18n();
  const color = outcome === "compliant" ? "success" : outcome === "penalised" ? "error" : "warning";
  return (
    <Tag color={color} bordered={false}>
      {t(`rcg.outcome.${outcome}` as MessageKey)}
    </Tag>
  );
}

/** 检查安排: check recognised results, schedule (with a reason when duplicating), close. */
export default function Inspections() {
  const { t } = useI18n();
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
  itemCodes: string;
  plannedDate: string;
  departmentIds?: string[];
  overrideReason?: string;
}

function RecognisedTable({ rows }: { rows: Named[] }) {
  const { t } = useI18n();
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
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanValues>();
  const departments = useLoad(() => departmentList(), []);
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
      const plannedDate = form.getFieldValue("plannedDate") as string | undefined;
      const res = await call(
        client.api.inspections.check.$get({
          query: { creditCode: values.creditCode.trim(), itemCodes: itemsOf(values.itemCodes).join(","), ...(plannedDate && /^\d{4}-\d{2}-\d{2}$/.test(plannedDate) ? { plannedDate } : {}) },
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
            itemCodes: itemsOf(values.itemCodes),
            plannedDate: values.plannedDate,
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
        <Space wrap align="start" size="large">
          <Form.Item label={t("rcg.creditCode")} name="creditCode" rules={[{ required: true, len: 18, whitespace: true, message: t("rcg.creditCodeRequired") }]} style={{ width: 260 }}>
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Form.Item label={t("rcg.entityName")} name="entityName" rules={[{ required: true, whitespace: true, message: t("rcg.entityNameRequired") }]} style={{ width: 320 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Space>
        <Space wrap align="start" size="large">
          <Form.Item label={t("rcg.itemCodes")} name="itemCodes" extra={t("rcg.itemCodesHint")} rules={[{ required: true, whitespace: true, message: t("rcg.itemCodesRequired") }]} style={{ width: 360 }}>
            <Input />
          </Form.Item>
          <Form.Item
            label={t("ist.plannedDate")}
            name="plannedDate"
            extra={t("ist.plannedDateHint")}
            rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t("ist.plannedDateRequired") }]}
            style={{ width: 200 }}
          >
            <Input placeholder="2026-12-15" />
          </Form.Item>
        </Space>
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
  const { t } = useI18n();
  const { can } = useSession();
  const { data, error, loading, reload } = useLoad(() => collect((cursor) => call(client.api.inspections.$get({ query: { limit: "200", cursor } }))), []);
  const [closing, setClosing] = useState<Inspection>();
  return (
    <>
      <ErrorAlert error={error} onRetry={reload} />
      <Table<Inspection>
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t("ist.empty")} /> }}
        caption={<span className="sr-only">{t("ist.list")}</span>}
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
          { title: t("ist.entity"), key: "entity", render: (_, i) => <span>{i.entityName}<br /><Typography.Text type="secondary">{i.creditCode}</Typography.Text></span> },
          { title: t("rcg.items"), dataIndex: "itemCodes", render: (c: string[]) => c.join("、") },
          { title: t("ist.plannedDate"), dataIndex: "plannedDate", width: 120 },
          {
            title: t("ist.status"),
            key: "status",
            width: 220,
            render: (_, i) => (
              <Space wrap>
                <Tag color={i.status === "closed" ? "success" : "default"} bordered={false}>
                  {t(`ist.status.${i.status}` as MessageKey)}
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
            width: 100,
            render: (_, i) =>
              i.status === "scheduled" && can("recognition.write") ? (
                <Button size="small" icon={<CheckCircleOutlined aria-hidden />} onClick={() => setClosing(i)} aria-label={t("ist.closeOf", { name: i.entityName })}>
                  {t("ist.close")}
                </Button>
              ) : null,
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
  const { t } = useI18n();
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
      setError(err instanceof ApiError ? err : new ApiError(0, "client", String(err)));
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
  const { t } = useI18n();
  const { data, error, loading, reload } = useLoad(() => collect((cursor) => call(client.api.recognitions.issued.$get({ query: { limit: "200", cursor } }))), []);
  return (
    <>
      <ErrorAlert error={error} onRetry={reload} />
      <Table<Issued>
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t("ist.issuedEmpty")} /> }}
        caption={<span className="sr-only">{t("ist.issuedCaption")}</span>}
        columns={[
          { title: t("ist.entity"), key: "entity", render: (_, r) => <span>{r.entityName}<br /><Typography.Text type="secondary">{r.creditCode}</Typography.Text></span> },
          { title: t("rcg.source"), dataIndex: "source", render: (s: Issued["source"]) => t(`rcg.source.${s}` as MessageKey) },
          { title: t("rcg.outcome"), dataIndex: "outcome", render: (o: Issued["outcome"]) => <OutcomeTag outcome={o} /> },
          { title: t("rcg.items"), dataIndex: "itemCodes", render: (c: string[]) => c.join("、") },
          { title: t("rcg.resultDate"), dataIndex: "resultDate" },
          { title: t("rcg.validUntil"), dataIndex: "validUntil", render: (v: string) => formatTime(v, "YYYY-MM-DD HH:mm") },
        ]}
      />
    </>
  );
}
