import { App, Alert, Button, Card, Form, Input, List, Modal, Select, Space, Statistic, Table, Tabs, Tag, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useMemo, useState } from "react";
import { ApiError, call, client } from "../api";
import { departmentList, catalogueItems, collect, useLoad } from "../data";
import { useI18n } from "../i18n";
import { useSession } from "../session";
import { ErrorAlert, PageTitle } from "./common";
import { StatusTag } from "./Catalogue";

type Assignment = InferResponseType<typeof client.api.assignments.$get, 200>["items"][number];
type Item = InferResponseType<typeof client.api.catalogue.items.$get, 200>["items"][number];
type Row = { code: string; name: string; assignment?: Assignment };

function useDepartmentNames() {
  const deps = useLoad(() => departmentList(), []);
  const names = useMemo(() => new Map((deps.data ?? []).map((d) => [d.id, d.name])), [deps.data]);
  return { deps, names };
}

/** 属地责任: who answers for each item here, the coverage report, and the calls a department must answer. */
export default function Assignments() {
  const { t } = useI18n();
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
  const { t } = useI18n();
  const { can } = useSession();
  const items = useLoad(() => catalogueItems(), []);
  const assignments = useLoad(() => collect((cursor) => call(client.api.assignments.$get({ query: { limit: "200", cursor } })), 2000), []);
  const { deps, names } = useDepartmentNames();
  const [editing, setEditing] = useState<Row>();
  const rows: Row[] = useMemo(() => {
    const byCode = new Map((assignments.data ?? []).map((a) => [a.code, a]));
    return (items.data?.items ?? []).map((i: Item) => ({ code: i.code, name: i.name, assignment: byCode.get(i.code) }));
  }, [items.data, assignments.data]);
  const name = (id: string) => names.get(id) ?? id;
  return (
    <>
      <ErrorAlert error={items.error ?? assignments.error ?? deps.error} onRetry={() => { items.reload(); assignments.reload(); }} />
      <Table<Row>
        rowKey="code"
        loading={items.loading || assignments.loading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        rowClassName={(r) => (r.assignment?.status === "needs-review" ? "row-needs-review" : "")}
        columns={[
          { title: t("catalogue.code"), dataIndex: "code", width: 130 },
          { title: t("catalogue.name"), dataIndex: "name" },
          { title: t("assignment.status"), key: "status", width: 110, render: (_: unknown, r) => <StatusTag status={r.assignment?.status} /> },
          { title: t("assignment.leadDepartment"), key: "lead", render: (_: unknown, r) => (r.assignment ? name(r.assignment.leadDepartmentId) : "") },
          {
            title: t("assignment.cooperatingDepartments"),
            key: "coop",
            render: (_: unknown, r) =>
              r.assignment?.cooperating.map((c) => (
                <Tag key={c.departmentId} color={c.office ? "success" : "warning"}>
                  {name(c.departmentId)}：{c.office ? `${c.office} ${c.person ?? ""}` : t("assignment.waiting")}
                </Tag>
              )),
          },
          { title: t("assignment.office"), key: "office", render: (_: unknown, r) => (r.assignment?.office ? `${r.assignment.office} ${r.assignment.person ?? ""}` : "") },
          ...(can("assignment.write")
            ? [
                {
                  title: t("assignment.assign"),
                  key: "assign",
                  width: 110,
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
          departments={(deps.data ?? []).filter((d) => d.status === "active")}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            assignments.reload();
          }}
        />
      )}
    </>
  );
}

interface AssignValues {
  leadDepartmentId: string;
  cooperatingDepartmentIds: string[];
  office: string;
  person: string;
}

function AssignForm({ row, departments, onClose, onSaved }: { row: Row; departments: { id: string; name: string }[]; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
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
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form<AssignValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={a ? { leadDepartmentId: a.leadDepartmentId, cooperatingDepartmentIds: a.cooperating.map((c) => c.departmentId), office: a.office, person: a.person } : { cooperatingDepartmentIds: [] }}
      >
        <Form.Item name="leadDepartmentId" label={t("assignment.leadDepartment")} rules={[{ required: true, message: t("assignment.pick") }]}>
          <Select options={options} showSearch optionFilterProp="label" aria-label={t("assignment.leadDepartment")} />
        </Form.Item>
        <Form.Item name="cooperatingDepartmentIds" label={t("assignment.cooperatingDepartments")}>
          <Select mode="multiple" options={options} optionFilterProp="label" aria-label={t("assignment.cooperatingDepartments")} />
        </Form.Item>
        <Form.Item name="office" label={t("assignment.office")} rules={[{ required: true, message: t("assignment.required") }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="person" label={t("assignment.person")} rules={[{ required: true, message: t("assignment.required") }]}>
          <Input maxLength={30} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Coverage() {
  const { t } = useI18n();
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
  const { t } = useI18n();
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
          <Form.Item name="office" label={t("assignment.office")} rules={[{ required: true, message: t("assignment.required") }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="person" label={t("assignment.person")} rules={[{ required: true, message: t("assignment.required") }]}>
            <Input maxLength={30} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
