import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Modal, Segmented, Select, Space, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router-dom";
import { apiBase } from "../api";
import { DataTable, type DataColumn } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { useSession } from "../session";
import { formatDue, mustChoose } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";
import { disclosureApi, useDisclosureText, type DueRow, type Objection, type Record_ } from "./DisclosureText";

/** 一公开 for officers: what waits for publication (due soon, late), the department's records, the objection inbox. */
export default function Disclosures() {
  const dt = useDisclosureText();
  return (
    <>
      <PageTitle extra={<Link to="/public/disclosures">{dt("public")}</Link>}>{dt("title")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {dt("intro")}
      </Typography.Paragraph>
      <Tabs
        items={[
          { key: "pending", label: dt("tab.pending"), children: <Pending /> },
          { key: "published", label: dt("tab.published"), children: <Published /> },
          { key: "objections", label: dt("tab.objections"), children: <Objections /> },
        ]}
      />
    </>
  );
}

function Pending() {
  const dt = useDisclosureText();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const [view, setView] = useState<"all" | "due-soon" | "late">("all");
  const [publishing, setPublishing] = useState<DueRow | undefined>();
  const rows = usePaged((cursor) => disclosureApi.pending(view, cursor), [view]);
  const soon = usePaged((cursor) => disclosureApi.pending("due-soon", cursor), []);
  const late = usePaged((cursor) => disclosureApi.pending("late", cursor), []);
  const publish = async (row: DueRow) => {
    if (row.kind === "penalty") return setPublishing(row);
    // Publishing cannot be undone (it is public at once): confirmed first.
    modal.confirm({
      title: dt("publish.confirm", { name: row.entityName }),
      content: dt("publish.confirmText"),
      okText: dt("publish"),
      onOk: async () => {
        try {
          const record = await disclosureApi.get(row.id);
          await disclosureApi.publish(row.id, { version: record.version });
          message.success(dt("published"));
        } catch (e) {
          message.error((e as Error).message);
        }
        rows.reload();
      },
    });
  };
  const columns: DataColumn<DueRow>[] = [
    { title: dt("col.entity"), dataIndex: "entityName" },
    { title: dt("col.code"), dataIndex: "creditCode" },
    { title: dt("col.kind"), text: (r) => dt(`kind.${r.kind}`) },
    { title: dt("col.occurred"), dataIndex: "occurredOn" },
    {
      title: dt("col.due"),
      // A clock of working days ends at 24:00 Beijing time of its last day: shown so, not as 00:00 of the next.
      text: (r) => formatDue(r.dueAt),
      render: (_, r) => (
        <Space wrap>
          {formatDue(r.dueAt)}
          {r.late ? <Tag color="error">{dt("late")}</Tag> : r.dueSoon ? <Tag color="warning">{dt("dueSoon")}</Tag> : null}
        </Space>
      ),
    },
    ...(can("disclosure.publish")
      ? [{ title: dt("col.actions"), noExport: true, render: (_: unknown, r: DueRow) => <Button size="small" type="primary" onClick={() => void publish(r).catch((e: Error) => message.error(e.message))}>{dt("publish")}</Button> }]
      : []),
  ];
  return (
    <>
      {(soon.rows.length > 0 || late.rows.length > 0) && (
        <Alert data-testid="disclosure-due-warning" type={late.rows.length ? "error" : "warning"} showIcon style={{ marginBottom: 12 }} message={dt("due.warn", { n: soon.rows.length + (soon.hasMore ? "+" : ""), late: late.rows.length + (late.hasMore ? "+" : "") })} />
      )}
      <Segmented value={view} onChange={(v) => setView(v as typeof view)} options={(["all", "due-soon", "late"] as const).map((v) => ({ value: v, label: dt(`view.${v}`) }))} style={{ marginBottom: 12 }} />
      <ErrorAlert error={rows.error} onRetry={rows.reload} />
      <DataTable rows={rows.rows} columns={columns} rowKey="id" exportName={dt("tab.pending")} exportPages={rows.pages} more={{ hasMore: rows.hasMore, loading: rows.loading, onMore: rows.more }} testId="disclosure-pending" />
      {publishing && <PublishPenalty row={publishing} onClose={(done) => { setPublishing(undefined); if (done) rows.reload(); }} />}
    </>
  );
}

function PublishPenalty({ row, onClose }: { row: DueRow; onClose: (done: boolean) => void }) {
  const dt = useDisclosureText();
  const [form] = Form.useForm<{ category: "general" | "special-equipment" | "work-safety" | "fire"; windowMonths: number }>();
  const [error, setError] = useState<string>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const record = await disclosureApi.get(row.id);
      await disclosureApi.publish(row.id, { version: record.version, category: v.category, windowMonths: v.windowMonths });
      onClose(true);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Modal open title={dt("publish.title")} onOk={() => void submit()} onCancel={() => onClose(false)} okText={dt("publish")}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph>{row.entityName}（{row.creditCode}）</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ category: "general", windowMonths: 36 }}>
        <Form.Item name="category" label={dt("publish.category")} rules={[mustChoose(dt("publish.category"))]}>
          <Select options={(["general", "special-equipment", "work-safety", "fire"] as const).map((c) => ({ value: c, label: dt(`cat.${c}`) }))} />
        </Form.Item>
        <Form.Item name="windowMonths" label={dt("publish.months")} rules={[{ required: true }]}>
          <InputNumber min={3} max={36} style={{ width: "100%" }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Published() {
  const dt = useDisclosureText();
  const rows = usePaged((cursor) => disclosureApi.list(cursor), []);
  const columns: DataColumn<Record_>[] = [
    { title: dt("col.publicName"), dataIndex: "publicName" },
    { title: dt("col.code"), dataIndex: "creditCode" },
    { title: dt("col.kind"), text: (r) => dt(`kind.${r.kind}`) },
    { title: dt("col.status"), text: (r) => dt(`status.${r.status}`) + (r.late ? ` · ${dt("late")}` : ""), filter: true },
    { title: dt("col.visibleUntil"), text: (r) => (r.visibleUntil ? formatDue(r.visibleUntil) : "") },
  ];
  return (
    <>
      <ErrorAlert error={rows.error} onRetry={rows.reload} />
      <DataTable rows={rows.rows} columns={columns} rowKey="id" exportName={dt("tab.published")} exportPages={rows.pages} more={{ hasMore: rows.hasMore, loading: rows.loading, onMore: rows.more }} testId="disclosure-records" />
    </>
  );
}

function Objections() {
  const dt = useDisclosureText();
  const { can } = useSession();
  const [status, setStatus] = useState<"open" | "answered">("open");
  const [answering, setAnswering] = useState<Objection | undefined>();
  const rows = usePaged((cursor) => disclosureApi.objections(status, cursor), [status]);
  const columns: DataColumn<Objection>[] = [
    { title: dt("col.publicName"), dataIndex: "publicName" },
    { title: dt("col.code"), dataIndex: "creditCode" },
    { title: dt("col.objection"), dataIndex: "text" },
    {
      title: dt("evidence"),
      text: (r) => r.evidence.map((e) => e.name).join("、"),
      render: (_, r) => (
        <Space direction="vertical" size={0}>
          {r.evidence.map((e) => (
            <a key={e.sha256} href={`${apiBase.replace(/\/$/, "")}/api/disclosures/objections/${r.id}/files/${e.sha256}`} target="_blank" rel="noreferrer">
              {e.name}
            </a>
          ))}
        </Space>
      ),
    },
    {
      title: dt("col.answerDue"),
      text: (r) => formatDue(r.answerDueAt),
      render: (_, r) => (
        <Space wrap>
          {formatDue(r.answerDueAt)}
          {r.overdue && <Tag color="error">{dt("overdue")}</Tag>}
          {r.answer?.late && <Tag color="warning">{dt("late")}</Tag>}
        </Space>
      ),
    },
    ...(can("disclosure.publish") && status === "open"
      ? [{ title: dt("col.actions"), noExport: true, render: (_: unknown, r: Objection) => <Button size="small" onClick={() => setAnswering(r)}>{dt("answer")}</Button> }]
      : []),
  ];
  return (
    <>
      <Segmented value={status} onChange={(v) => setStatus(v as typeof status)} options={[{ value: "open", label: dt("obj.open") }, { value: "answered", label: dt("obj.answered") }]} style={{ marginBottom: 12 }} />
      <ErrorAlert error={rows.error} onRetry={rows.reload} />
      <DataTable rows={rows.rows} columns={columns} rowKey="id" exportName={dt("tab.objections")} exportPages={rows.pages} more={{ hasMore: rows.hasMore, loading: rows.loading, onMore: rows.more }} testId="disclosure-objections" />
      {answering && <Answer objection={answering} onClose={(done) => { setAnswering(undefined); if (done) rows.reload(); }} />}
    </>
  );
}

function Answer({ objection, onClose }: { objection: Objection; onClose: (done: boolean) => void }) {
  const dt = useDisclosureText();
  const [form] = Form.useForm<{ upheld: boolean; text: string; correction?: string }>();
  const upheld = Form.useWatch("upheld", form);
  const [error, setError] = useState<string>();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await disclosureApi.answer(objection.id, { version: objection.version, upheld: !!v.upheld, text: v.text, ...(v.upheld ? { correction: v.correction } : {}) });
      onClose(true);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Modal open title={dt("answer.title")} onOk={() => void submit()} onCancel={() => onClose(false)} okText={dt("answer")}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph>{objection.text}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ upheld: false }}>
        <Form.Item name="upheld" valuePropName="checked">
          <Checkbox>{dt("answer.upheld")}</Checkbox>
        </Form.Item>
        <Form.Item name="text" label={dt("answer.text")} rules={[{ required: true, min: 2 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        {upheld && (
          <Form.Item name="correction" label={dt("answer.correction")} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
