import { CheckOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, App, Badge, Button, Card, Empty, Form, Input, Select, Tabs, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { ApiError, call, client } from "../api";
import { collect, useLoad } from "../data";
import { ask } from "../components/confirm";
import { usePaged } from "../components/paged";
import { DataTable, type DataColumn } from "../components/DataTable";
import { useStrings } from "../i18n";
import * as adminStrings from "../locales/admin";
import { useSession } from "../session";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";

type Notice = InferResponseType<typeof client.api.notices.$get, 200>["items"][number];

export default function Notices() {
  const { t } = useStrings(adminStrings);
  const { can } = useSession();
  const [tab, setTab] = useState("inbox");
  const canSend = can("notice.send");
  const items = [{ key: "inbox", label: t("notice.inbox"), children: <Inbox /> }];
  if (canSend) {
    items.push({ key: "sent", label: t("notice.sent"), children: <Sent /> });
    items.push({ key: "compose", label: t("notice.compose"), children: <Compose onSent={() => setTab("sent")} /> });
  }
  return (
    <>
      <PageTitle>{t("notice.title")}</PageTitle>
      <Tabs activeKey={tab} onChange={setTab} items={items} destroyOnHidden />
    </>
  );
}

function NoticeBody({ notice }: { notice: Notice }) {
  const { t } = useStrings(adminStrings);
  return (
    <div>
      <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 4 }}>{notice.body}</Typography.Paragraph>
      <Typography.Text type="secondary">
        {t("notice.sender")}：{notice.sentBy.name}
      </Typography.Text>
    </div>
  );
}

function Inbox() {
  const { t } = useStrings(adminStrings);
  const { can } = useSession();
  const { message } = App.useApp();
  const list = usePaged((cursor) => call(client.api.notices.$get({ query: { box: "inbox", limit: "200", cursor } })), []);
  const { rows: data, error, loading, reload } = list;
  const [busy, setBusy] = useState<string>();
  const [ackError, setAckError] = useState<ApiError>();

  async function acknowledge(n: Notice) {
    setBusy(n.id);
    setAckError(undefined);
    try {
      await call(client.api.notices[":noticeId"].acknowledge.$post({ param: { noticeId: n.id }, json: { version: n.version } }));
      void message.success(t("notice.acknowledgedMsg", { title: n.title }));
      reload();
    } catch (err) {
      setAckError(err instanceof ApiError ? err : new ApiError(0, "client", String(err)));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <>
      <ErrorAlert error={error ?? ackError} onRetry={reload} />
      <NoticeTable data={data} loading={loading} more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }} pages={list.pages} caption={t("notice.inbox")} columns={[
          { title: t("notice.from"), dataIndex: "fromTenantName", width: 140, filter: true },
          { title: t("notice.sentAt"), dataIndex: "sentAt", width: 180, text: (n) => formatTime(n.sentAt), sort: true, render: (v: string) => formatTime(v) },
          {
            title: t("notice.status"),
            key: "status",
            width: 260,
            filter: true,
            text: (n) => (n.acknowledgedAt ? t("notice.acknowledged", { at: formatTime(n.acknowledgedAt, "YYYY-MM-DD HH:mm") }) : t("notice.pending")),
            render: (_: unknown, n) =>
              n.acknowledgedAt ? (
                <Badge status="success" text={t("notice.acknowledged", { at: formatTime(n.acknowledgedAt, "YYYY-MM-DD HH:mm") })} />
              ) : can("notice.acknowledge") ? (
                <Button
                  type="primary"
                  size="small"
                  icon={<CheckOutlined aria-hidden />}
                  loading={busy === n.id}
                  onClick={() => acknowledge(n)}
                  aria-label={t("notice.acknowledgeOf", { title: n.title })}
                >
                  {t("notice.acknowledge")}
                </Button>
              ) : (
                <Badge status="warning" text={t("notice.pending")} />
              ),
          },
        ]}
      />
    </>
  );
}

function Sent() {
  const { t } = useStrings(adminStrings);
  const list = usePaged((cursor) => call(client.api.notices.$get({ query: { box: "sent", limit: "200", cursor } })), []);
  const { rows: data, error, loading, reload } = list;
  return (
    <>
      <ErrorAlert error={error} onRetry={reload} />
      <NoticeTable data={data} loading={loading} more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }} pages={list.pages} caption={t("notice.sent")} columns={[
          { title: t("notice.to"), dataIndex: "toTenants", width: 200, text: (n) => t("notice.recipients", { count: n.toTenants.length }), render: (to: string[]) => t("notice.recipients", { count: to.length }) },
          { title: t("notice.sentAt"), dataIndex: "sentAt", width: 180, text: (n) => formatTime(n.sentAt), sort: true, render: (v: string) => formatTime(v) },
        ]}
      />
    </>
  );
}

interface ComposeValues {
  title: string;
  body: string;
  toTenants?: string[];
}

function Compose({ onSent }: { onSent(): void }) {
  const { t } = useStrings(adminStrings);
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<ComposeValues>();
  const children = useLoad(() => call(client.api.tenant.children.$get()), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(values: ComposeValues) {
    const count = values.toTenants?.length || children.data?.length || 0;
    if (!(await ask(modal, { title: t("confirm.noticeTitle", { title: values.title }), content: t("confirm.noticeBody", { count }), okText: t("confirm.noticeOk"), cancelText: t("common.cancel") }))) return;
    setBusy(true);
    setError(undefined);
    try {
      const sent = await call(
        client.api.notices.$post({
          json: { title: values.title, body: values.body, ...(values.toTenants?.length ? { toTenants: values.toTenants } : {}) },
        }),
      );
      form.resetFields();
      void message.success(t("notice.sentMsg", { title: sent.title }));
      onSent();
    } catch (err) {
      if (err instanceof ApiError) {
        const fields: (keyof ComposeValues)[] = ["title", "body", "toTenants"];
        const fieldOf = (path: string) => fields.find((f) => f === path.split(".")[0]);
        const own = err.details.filter((d) => fieldOf(d.field));
        form.setFields(own.map((d) => ({ name: fieldOf(d.field)!, errors: [d.message] })));
        if (own.length === 0 || own.length < err.details.length) setError(err.message);
      } else setError(String(err));
    } finally {
      setBusy(false);
    }
  }

  if (children.data && children.data.length === 0) return <Alert type="info" showIcon message={t("notice.noChildren")} />;
  return (
    <Card style={{ maxWidth: 760 }}>
      <ErrorAlert error={children.error} onRetry={children.reload} />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<ComposeValues> form={form} layout="vertical" name="compose-notice" onFinish={submit} disabled={busy}>
        <Form.Item label={t("notice.subject")} name="title" rules={[{ required: true, whitespace: true, message: t("notice.subjectRequired") }]}>
          <Input maxLength={100} showCount />
        </Form.Item>
        <Form.Item label={t("notice.body")} name="body" rules={[{ required: true, whitespace: true, message: t("notice.bodyRequired") }]}>
          <Input.TextArea rows={6} maxLength={5000} />
        </Form.Item>
        <Form.Item label={t("notice.to")} name="toTenants" extra={t("notice.toHint")}>
          <Select
            mode="multiple"
            allowClear
            loading={children.loading}
            placeholder={t("notice.toPlaceholder")}
            optionFilterProp="label"
            options={(children.data ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.id}）` }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SendOutlined aria-hidden />} loading={busy}>
          {t("notice.send")}
        </Button>
      </Form>
    </Card>
  );
}

/** The notices table both boxes share: subject first, the box's own columns after, body on expand. */
function NoticeTable(props: {
  data: Notice[] | undefined;
  loading: boolean;
  caption: string;
  columns: DataColumn<Notice>[];
  more: { hasMore: boolean; loading: boolean; onMore(): void };
  pages(): AsyncGenerator<Notice[]>;
}) {
  const { t } = useStrings(adminStrings);
  return (
    <DataTable<Notice>
      testId="notices-table"
      rowKey="id"
      loading={props.loading}
      rows={props.data}
      more={props.more}
      exportPages={props.pages}
      exportName={props.caption}
      caption={props.caption}
      locale={{ emptyText: <Empty description={t("notice.empty")} /> }}
      expandable={{ expandedRowRender: (n) => <NoticeBody notice={n} />, rowExpandable: () => true }}
      columns={[{ title: t("notice.subject"), dataIndex: "title", sort: true }, { title: t("notice.body"), key: "body", text: (n) => n.body, hidden: true }, ...props.columns]}
    />
  );
}
