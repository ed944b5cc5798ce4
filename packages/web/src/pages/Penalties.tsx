import { FileDoneOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, InputNumber, Select, Space, Table, Tabs, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { ApiError, call, client } from "../api";
import { useLoad } from "../data";
import { useI18n, type MessageKey } from "../i18n";
import { useSession } from "../session";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";

type Penalty = InferResponseType<typeof client.api.penalties.$get, 200>[number];
type Measure = Penalty["measure"];
const MEASURES: Measure[] = ["warning", "fine", "confiscation", "suspension", "revocation", "detention-of-goods", "other"];

/** The first decision on a fact, as the 409 refusal names it. */
interface FirstDecision {
  tenantName: string;
  decisionNo: string;
  decidedOn: string;
}

/** 行政处罚: record a penalty; a fact already penalised anywhere is refused, naming the first penalty. */
export default function Penalties() {
  const { t } = useI18n();
  const { can } = useSession();
  const [tab, setTab] = useState(can("penalty.write") ? "record" : "list");
  const items = [
    ...(can("penalty.write") ? [{ key: "record", label: t("pen.record"), children: <RecordForm onRecorded={() => setTab("list")} /> }] : []),
    { key: "list", label: t("pen.list"), children: <PenaltyList /> },
  ];
  return (
    <>
      <PageTitle>{t("pen.title")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t("pen.intro")}
      </Typography.Paragraph>
      <Tabs activeKey={tab} onChange={setTab} items={items} destroyOnHidden />
    </>
  );
}

interface Values {
  creditCode: string;
  entityName: string;
  itemCode: string;
  clause: string;
  actDate: string;
  description: string;
  decisionNo: string;
  decidedOn?: string;
  measure: Measure;
  amount?: number;
}

function RecordForm({ onRecorded }: { onRecorded(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const measure = Form.useWatch("measure", form);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [first, setFirst] = useState<{ error: ApiError; decision: FirstDecision }>();
  const required = (field: MessageKey) => [{ required: true, whitespace: true, message: t("pen.required", { field: t(field) }) }];
  const date = (field: MessageKey) => [{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t("pen.required", { field: t(field) }) }];

  async function submit(v: Values) {
    setBusy(true);
    setError(undefined);
    setFirst(undefined);
    try {
      const recorded = await call(
        client.api.penalties.$post({
          json: {
            creditCode: v.creditCode.trim(),
            entityName: v.entityName,
            fact: { itemCode: v.itemCode.trim().toUpperCase(), clause: v.clause, actDate: v.actDate, description: v.description },
            decisionNo: v.decisionNo,
            ...(v.decidedOn ? { decidedOn: v.decidedOn } : {}),
            measure: v.measure,
            ...(v.amount !== undefined && v.amount !== null ? { amount: v.amount } : {}),
          },
        }),
      );
      void message.success(t("pen.recorded", { decisionNo: recorded.decisionNo }));
      form.resetFields();
      onRecorded();
    } catch (err) {
      if (err instanceof ApiError && err.code === "penalty.already_penalised") {
        setFirst({ error: err, decision: err.details as unknown as FirstDecision });
      } else if (err instanceof ApiError) {
        const map: Record<string, keyof Values> = { "fact.itemCode": "itemCode", "fact.clause": "clause", "fact.actDate": "actDate", "fact.description": "description" };
        const fieldOf = (f: string) => map[f] ?? (f in (form.getFieldsValue() as object) || ["amount", "decidedOn"].includes(f) ? (f as keyof Values) : undefined);
        const own = err.details.filter((d) => fieldOf(String(d.field)));
        form.setFields(own.map((d) => ({ name: fieldOf(String(d.field))!, errors: [d.message] })));
        if (own.length === 0) setError(err);
      } else setError(new ApiError(0, "client", String(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card style={{ maxWidth: 900 }}>
      {first && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={t("pen.alreadyTitle")}
          description={
            <>
              <Typography.Paragraph>{first.error.message}</Typography.Paragraph>
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label={t("pen.firstTenant")}>{first.decision.tenantName}</Descriptions.Item>
                <Descriptions.Item label={t("pen.firstDecision")}>{first.decision.decisionNo}</Descriptions.Item>
                <Descriptions.Item label={t("pen.firstDate")}>{first.decision.decidedOn}</Descriptions.Item>
              </Descriptions>
            </>
          }
        />
      )}
      <ErrorAlert error={error} />
      <Form<Values> form={form} layout="vertical" name="record-penalty" onFinish={submit} disabled={busy} initialValues={{ measure: "fine" }}>
        <Space wrap align="start" size="large">
          <Form.Item label={t("rcg.creditCode")} name="creditCode" rules={[{ required: true, len: 18, whitespace: true, message: t("rcg.creditCodeRequired") }]} style={{ width: 260 }}>
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Form.Item label={t("rcg.entityName")} name="entityName" rules={required("rcg.entityName")} style={{ width: 320 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Space>
        <Space wrap align="start" size="large">
          <Form.Item label={t("pen.itemCode")} name="itemCode" rules={required("pen.itemCode")} style={{ width: 200 }}>
            <Input placeholder="FJ-SP-001" />
          </Form.Item>
          <Form.Item label={t("pen.clause")} name="clause" extra={t("pen.clauseHint")} rules={required("pen.clause")} style={{ width: 380 }}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item label={t("pen.actDate")} name="actDate" extra="YYYY-MM-DD" rules={date("pen.actDate")} style={{ width: 180 }}>
            <Input placeholder="2026-11-02" />
          </Form.Item>
        </Space>
        <Form.Item label={t("pen.description")} name="description" rules={required("pen.description")}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Space wrap align="start" size="large">
          <Form.Item label={t("pen.decisionNo")} name="decisionNo" rules={required("pen.decisionNo")} style={{ width: 260 }}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item label={t("pen.decidedOn")} name="decidedOn" extra={t("pen.decidedOnHint")} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: t("pen.decidedOnHint") }]} style={{ width: 200 }}>
            <Input />
          </Form.Item>
          <Form.Item label={t("pen.measure")} name="measure" rules={[{ required: true }]} style={{ width: 220 }}>
            <Select options={MEASURES.map((m) => ({ value: m, label: t(`pen.measure.${m}` as MessageKey) }))} />
          </Form.Item>
          {measure === "fine" && (
            <Form.Item label={t("pen.amount")} name="amount" rules={[{ required: true, message: t("pen.required", { field: t("pen.amount") }) }]} style={{ width: 180 }}>
              <InputNumber min={0.01} precision={2} style={{ width: "100%" }} />
            </Form.Item>
          )}
        </Space>
        <div>
          <Button type="primary" htmlType="submit" icon={<FileDoneOutlined aria-hidden />} loading={busy}>
            {t("pen.record")}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

function PenaltyList() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useLoad(() => call(client.api.penalties.$get()), []);
  return (
    <>
      <ErrorAlert error={error} onRetry={reload} />
      <Table<Penalty>
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t("pen.empty")} /> }}
        caption={<span className="sr-only">{t("pen.caption")}</span>}
        expandable={{ expandedRowRender: (p) => <Typography.Paragraph>{p.fact.description}</Typography.Paragraph> }}
        columns={[
          { title: t("pen.decisionNo"), dataIndex: "decisionNo" },
          { title: t("ist.entity"), key: "entity", render: (_, p) => <span>{p.entityName}<br /><Typography.Text type="secondary">{p.creditCode}</Typography.Text></span> },
          { title: t("pen.clause"), key: "fact", render: (_, p) => `${p.fact.itemCode} · ${p.fact.clause}` },
          { title: t("pen.actDate"), key: "actDate", render: (_, p) => p.fact.actDate, width: 120 },
          { title: t("pen.measure"), key: "measure", render: (_, p) => `${t(`pen.measure.${p.measure}` as MessageKey)}${p.amount ? t("pen.amountOf", { amount: p.amount }) : ""}` },
          { title: t("pen.decidedOn"), dataIndex: "decidedOn", width: 120 },
          { title: t("pen.recordedAt"), dataIndex: "recordedAt", render: (v: string) => formatTime(v, "YYYY-MM-DD HH:mm"), width: 160 },
        ]}
      />
    </>
  );
}
