import { Alert, App, Button, Empty, Form, Input, Modal, Radio, Select, Space, Tag, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { ApiError, call, client } from "../api";
import { eachPage } from "../data";
import { DataTable } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { useI18n } from "../i18n";
import { useSession } from "../session";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";
import { renderFact, useText } from "./WarningText";

type Warning = InferResponseType<typeof client.api.warnings.$get, 200>["items"][number];
type Status = Warning["status"];

/** Dark text on the light tints (antd's gold and volcano presets fall below 4.5:1 at 12 px). */
const LEVEL_STYLE = {
  red: { color: "#a8071a", background: "#fff1f0", borderColor: "#ffa39e" },
  orange: { color: "#873800", background: "#fff7e6", borderColor: "#ffd591" },
  yellow: { color: "#614700", background: "#fffbe6", borderColor: "#ffe58f" },
} as const;
const MIN_REASON = 10;

export function LevelTag({ level }: { level: Warning["level"] }) {
  const tx = useText();
  const name = { red: tx("红色", "Red"), orange: tx("橙色", "Orange"), yellow: tx("黄色", "Yellow") }[level];
  return <Tag style={LEVEL_STYLE[level]}>{name}</Tag>;
}

/** 预警处置: the department's inbox — rule and facts, the clock running (签收 1 个工作日、处置 5 个工作日), acknowledge and decide. */
export default function Warnings() {
  const tx = useText();
  const { lang } = useI18n();
  const { can } = useSession();
  const { modal } = App.useApp();
  const [status, setStatus] = useState<Status | "all">("all");
  const [deciding, setDeciding] = useState<Warning>();
  const [error, setError] = useState<ApiError>();
  const query = (cursor?: string, limit = "50") => ({ limit, ...(status !== "all" ? { status } : {}), ...(cursor ? { cursor } : {}) });
  const paged = usePaged((cursor) => call(client.api.warnings.$get({ query: query(cursor) })), [status]);
  const statusName = (s: Status) => ({ open: tx("待签收", "To acknowledge"), acknowledged: tx("已签收，待处置", "Acknowledged, to decide"), decided: tx("已处置", "Decided") })[s];

  async function acknowledge(w: Warning) {
    const ok = await new Promise<boolean>((resolve) =>
      modal.confirm({ title: tx("签收该预警？", "Acknowledge this warning?"), content: `${w.ruleName[lang]} · ${w.entityName ?? w.creditCode}`, okText: tx("签收", "Acknowledge"), cancelText: tx("取消", "Cancel"), onOk: () => resolve(true), onCancel: () => resolve(false) }),
    );
    if (!ok) return;
    setError(undefined);
    try {
      await call(client.api.warnings[":warningId"].acknowledge.$post({ param: { warningId: w.id }, json: { version: w.version } }));
      paged.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  }

  return (
    <>
      <PageTitle>{tx("预警处置", "Warnings")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {tx(
          "预警规则触发的预警送达牵头部门：1 个工作日内签收，5 个工作日内核实并作出处置决定（检查或不予处置，须说明理由）。逾期的预警显示在本级和上级的工作看板上。",
          "Warnings fired by the rules reach the lead department: acknowledge within 1 working day, verify and decide (inspect or no action, with reasons) within 5 working days. Overdue warnings show on this tenant's and its superior's dashboards.",
        )}
      </Typography.Paragraph>
      <ErrorAlert error={error ?? paged.error} onRetry={paged.reload} />
      <DataTable<Warning>
        testId="warnings-table"
        caption={tx("预警", "Warnings")}
        exportName={tx("预警", "Warnings")}
        exportPages={() => eachPage((c) => call(client.api.warnings.$get({ query: query(c, "200") })))}
        rowKey="id"
        loading={paged.loading}
        rows={paged.rows}
        pagination={false}
        more={{ hasMore: paged.hasMore, loading: paged.loading, onMore: paged.more }}
        toolbar={
          <Space wrap>
            <label htmlFor="warning-status">{tx("状态", "Status")}</label>
            <Select<Status | "all">
              id="warning-status"
              value={status}
              onChange={setStatus}
              style={{ minWidth: 160 }}
              options={[
                { value: "all", label: tx("全部", "All") },
                { value: "open", label: statusName("open") },
                { value: "acknowledged", label: statusName("acknowledged") },
                { value: "decided", label: statusName("decided") },
              ]}
            />
          </Space>
        }
        locale={{ emptyText: <Empty description={tx("暂无预警", "No warnings")} /> }}
        scroll={{ x: 900 }}
        columns={[
          { title: tx("级别", "Level"), key: "level", text: (w) => w.level, filter: true, render: (_, w) => <LevelTag level={w.level} /> },
          { title: tx("规则", "Rule"), key: "rule", text: (w) => w.ruleName[lang], sort: true },
          {
            title: tx("主体", "Business"),
            key: "business",
            text: (w) => `${w.entityName ?? ""} ${w.creditCode}`,
            render: (_, w) => (
              <span>
                {w.entityName}
                <br />
                <Typography.Text type="secondary">{w.creditCode}</Typography.Text>
              </span>
            ),
          },
          {
            title: tx("触发事实", "Facts that fired it"),
            key: "facts",
            text: (w) => w.facts.map((f) => renderFact(f, lang)).join("；"),
            render: (_, w) => (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {w.facts.map((f) => (
                  <li key={f}>{renderFact(f, lang)}</li>
                ))}
              </ul>
            ),
          },
          { title: tx("状态", "Status"), key: "status", text: (w) => statusName(w.status), filter: true },
          {
            title: tx("期限", "Due"),
            key: "due",
            text: (w) => w.dueAt ?? "",
            sort: true,
            render: (_, w) =>
              w.dueAt ? (
                <span>
                  {w.status === "open" ? tx("签收 ", "acknowledge ") : tx("处置 ", "decide ")}
                  {formatTime(w.dueAt, "YYYY-MM-DD HH:mm")}
                  {w.overdue && (
                    <>
                      {" "}
                      <Tag color="error">{tx("已逾期", "Overdue")}</Tag>
                    </>
                  )}
                </span>
              ) : (
                <span>
                  {w.decision === "inspect" ? tx("决定检查", "Inspect") : tx("不予处置", "No action")}：{w.reason}
                </span>
              ),
          },
          {
            title: tx("操作", "Actions"),
            key: "actions",
            noExport: true,
            render: (_, w) =>
              can("warning.handle") && w.status !== "decided" ? (
                <Space wrap>
                  {w.status === "open" && (
                    <Button size="small" onClick={() => void acknowledge(w)}>
                      {tx("签收", "Acknowledge")}
                    </Button>
                  )}
                  <Button size="small" type="primary" onClick={() => setDeciding(w)}>
                    {tx("处置", "Decide")}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {deciding && (
        <Decide
          warning={deciding}
          onClose={(done) => {
            setDeciding(undefined);
            if (done) paged.reload();
          }}
        />
      )}
    </>
  );
}

function Decide({ warning, onClose }: { warning: Warning; onClose(done: boolean): void }) {
  const tx = useText();
  const { lang } = useI18n();
  const [form] = Form.useForm<{ decision: "inspect" | "no-action"; reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  async function submit() {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    setBusy(true);
    setError(undefined);
    try {
      await call(client.api.warnings[":warningId"].decide.$post({ param: { warningId: warning.id }, json: { version: warning.version, ...values } }));
      onClose(true);
    } catch (err) {
      const e = err as ApiError;
      const own = e.details.filter((d) => d.field === "reason" || d.field === "decision");
      if (own.length) form.setFields(own.map((d) => ({ name: d.field as "reason" | "decision", errors: [d.message] })));
      else setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={tx("核实处置", "Verify and decide")} okText={tx("提交决定", "Submit the decision")} cancelText={tx("取消", "Cancel")} confirmLoading={busy} onOk={() => void submit()} onCancel={() => onClose(false)}>
      <Typography.Paragraph>
        <LevelTag level={warning.level} /> {warning.ruleName[lang]} · {warning.entityName ?? warning.creditCode}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ decision: "inspect" }}>
        <Form.Item name="decision" label={tx("决定", "Decision")}>
          <Radio.Group
            options={[
              { value: "inspect", label: tx("检查", "Inspect") },
              { value: "no-action", label: tx("不予处置", "No action") },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={tx("理由", "Reasons")}
          rules={[{ validator: (_, v: string | undefined) => ((v ?? "").trim().length >= MIN_REASON ? Promise.resolve() : Promise.reject(new Error(tx(`请说明理由（至少 ${MIN_REASON} 个字）`, `Give reasons (at least ${MIN_REASON} characters)`)))) }]}
        >
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
