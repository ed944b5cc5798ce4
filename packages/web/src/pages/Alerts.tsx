import { FormOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Radio, Select, Spin, Table, Tabs, Tag, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import { ApiError, call, client } from "../api";
import { collect, useLoad } from "../data";
import { ask } from "../components/confirm";
import { usePaged } from "../components/paged";
import { DataTable } from "../components/DataTable";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as assistanceStrings from "../locales/assistance";
import { useSession } from "../session";
import { formatTime } from "../time";
import { applyApiErrors, useConflict, mustChoose, tenantLabel, toApiError, useTenants } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof assistanceStrings>;

type AlertInfo = InferResponseType<typeof client.api.alerts.$get, 200>["items"][number];
type Level = AlertInfo["level"];
type FollowStatus = "handling" | "found" | "not-found";

const LEVEL_COLOR: Record<Level, string> = { blue: "blue", yellow: "gold", orange: "orange", red: "red" };

/** 预警协同: alerts received (with this tenant's follow-up), alerts sent (with everyone's), and a new alert. */
export default function Alerts() {
  const { t } = useStrings(assistanceStrings);
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") ?? "inbox";
  const items = [{ key: "inbox", label: t("alr.inbox"), children: <Received /> }];
  if (can("alert.send")) {
    items.push({ key: "sent", label: t("alr.sent"), children: <Sent /> });
    items.push({ key: "new", label: t("alr.new"), children: <SendAlert onSent={() => setParams({ tab: "sent" }, { replace: true })} /> });
  }
  return (
    <>
      <PageTitle>{t("alr.title")}</PageTitle>
      <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key }, { replace: true })} items={items} destroyOnHidden />
    </>
  );
}

function LevelTag({ level }: { level: Level }) {
  const { t } = useStrings(assistanceStrings);
  return (
    <Tag color={LEVEL_COLOR[level]} bordered={false} style={{ color: "rgba(0,0,0,0.88)" }}>
      {t(`alr.level.${level}` as PageKey)}
    </Tag>
  );
}

function Subject({ a }: { a: AlertInfo }) {
  return (
    <div>
      {a.entityName && <div>{a.entityName}</div>}
      {a.creditCode && <div className="hash">{a.creditCode}</div>}
      {a.productName && <div>{a.productName}</div>}
    </div>
  );
}

function Body({ a }: { a: AlertInfo }) {
  const { t } = useStrings(assistanceStrings);
  return (
    <div>
      <Typography.Paragraph style={{ whiteSpace: "pre-wrap", marginBottom: 4 }}>{a.body}</Typography.Paragraph>
      <Typography.Text type="secondary">
        {t("alr.sentBy")}：{a.sentBy.name}
      </Typography.Text>
    </div>
  );
}

function Received() {
  const { t } = useStrings(assistanceStrings);
  const { can } = useSession();
  const list = usePaged((cursor) => call(client.api.alerts.$get({ query: { box: "inbox", limit: "200", cursor } })), []);
  const { rows: data, error, loading, reload } = list;
  const [following, setFollowing] = useState<AlertInfo>();
  const conflict = useConflict(reload);
  const { message } = App.useApp();
  return (
    <>
      <ErrorAlert error={error} onRetry={reload} />
      {conflict.alert}
      <DataTable<AlertInfo>
        rowKey="id"
        loading={loading}
        rows={data}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
        exportPages={list.pages}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        caption={t("alr.inboxCaption")}
        exportName={t("alr.inboxCaption")}
        locale={{ emptyText: <Empty description={t("alr.empty")} /> }}
        expandable={{ expandedRowRender: (a) => <Body a={a} />, rowExpandable: () => true }}
        columns={[
          { title: t("alr.subjectTitle"), dataIndex: "title", sort: true },
          { title: t("alr.level"), dataIndex: "level", width: 100, text: (a) => t(`alr.level.${a.level}` as PageKey), filter: true, render: (l: Level) => <LevelTag level={l} /> },
          { title: t("alr.from"), dataIndex: "fromTenantName", width: 130, filter: true },
          { title: t("alr.subject"), key: "subject", width: 240, text: (a) => [a.entityName, a.creditCode, a.productName].filter(Boolean).join(" "), render: (_: unknown, a) => <Subject a={a} /> },
          { title: t("alr.sentAt"), dataIndex: "sentAt", width: 160, text: (a) => formatTime(a.sentAt, "YYYY-MM-DD HH:mm"), sort: true, render: (v: string) => formatTime(v, "YYYY-MM-DD HH:mm") },
          {
            title: t("alr.followUp"),
            key: "followUp",
            width: 240,
            text: (a) => (a.followUp ? t(`alr.status.${a.followUp.status}` as PageKey) : t("alr.noFollowUp")),
            filter: true,
            render: (_: unknown, a) => (
              <div>
                {a.followUp ? (
                  <div>
                    <div>{t(`alr.status.${a.followUp.status}` as PageKey)}（{formatTime(a.followUp.at, "MM-DD HH:mm")}）</div>
                    {a.followUp.note && <Typography.Text type="secondary">{a.followUp.note}</Typography.Text>}
                  </div>
                ) : (
                  <Typography.Text type="secondary">{t("alr.noFollowUp")}</Typography.Text>
                )}
                {can("alert.follow") && (
                  <Button size="small" icon={<FormOutlined aria-hidden />} onClick={() => setFollowing(a)} aria-label={t("alr.followUpButton", { action: t(a.followUp ? "alr.updateFollowUp" : "alr.recordFollowUp"), title: a.title })} style={{ marginTop: 4 }}>
                    {t(a.followUp ? "alr.updateFollowUp" : "alr.recordFollowUp")}
                  </Button>
                )}
              </div>
            ),
          },
        ]}
      />
      {following && (
        <FollowUpDialog
          alert={following}
          onClose={() => setFollowing(undefined)}
          onConflict={(e) => {
            setFollowing(undefined);
            conflict.show(e);
          }}
          onDone={() => {
            setFollowing(undefined);
            void message.success(t("alr.followed"));
            reload();
          }}
        />
      )}
    </>
  );
}

function FollowUpDialog(props: { alert: AlertInfo; onClose(): void; onDone(): void; onConflict(e: ApiError): void }) {
  const { t } = useStrings(assistanceStrings);
  const [form] = Form.useForm<{ status: FollowStatus; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const a = props.alert;
  async function submit(v: { status: FollowStatus; note?: string }) {
    setBusy(true);
    setError(undefined);
    try {
      await call(client.api.alerts[":alertId"]["follow-up"].$post({ param: { alertId: a.id }, json: { version: a.version, status: v.status, note: v.note?.trim() || undefined } }));
      props.onDone();
    } catch (err) {
      const e = toApiError(err);
      if (e.status === 409) props.onConflict(e);
      else setError(applyApiErrors(form, e, ["status", "note"]));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={t("alr.followUpOf", { title: a.title })} okText={t("common.save")} cancelText={t("common.cancel")} confirmLoading={busy} onOk={() => form.submit()} onCancel={props.onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" name="alert-follow-up" onFinish={submit} initialValues={{ status: a.followUp?.status ?? "handling", note: a.followUp?.note }} disabled={busy}>
        <Form.Item label={t("alr.followStatus")} name="status">
          <Radio.Group options={(["handling", "found", "not-found"] as const).map((s) => ({ value: s, label: t(`alr.status.${s}` as PageKey) }))} />
        </Form.Item>
        <Form.Item label={t("alr.note")} name="note">
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Sent() {
  const { t } = useStrings(assistanceStrings);
  const list = usePaged((cursor) => call(client.api.alerts.$get({ query: { box: "sent", limit: "200", cursor } })), []);
  const { rows: data, error, loading, reload } = list;
  const tenants = useTenants();
  const cityName = (id: string | undefined) => tenants.data?.find((x) => x.id === id)?.name ?? id ?? "";
  return (
    <>
      <ErrorAlert error={error} onRetry={reload} />
      <DataTable<AlertInfo>
        rowKey="id"
        loading={loading}
        rows={data}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
        exportPages={list.pages}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        caption={t("alr.sentCaption")}
        exportName={t("alr.sentCaption")}
        locale={{ emptyText: <Empty description={t("alr.empty")} /> }}
        expandable={{ expandedRowRender: (a) => <FollowUps a={a} />, rowExpandable: () => true }}
        columns={[
          { title: t("alr.subjectTitle"), dataIndex: "title", sort: true },
          { title: t("alr.level"), dataIndex: "level", width: 100, text: (a) => t(`alr.level.${a.level}` as PageKey), filter: true, render: (l: Level) => <LevelTag level={l} /> },
          { title: t("alr.scope"), key: "scope", width: 170, text: (a) => (a.scope === "all" ? t("alr.scopeAll") : t("alr.scopeCityOf", { city: cityName(a.cityId) })), render: (_: unknown, a) => (a.scope === "all" ? t("alr.scopeAll") : t("alr.scopeCityOf", { city: cityName(a.cityId) })) },
          { title: t("alr.delivered"), key: "delivered", width: 120, text: (a) => t("alr.deliveredOf", { delivered: a.delivered, recipients: a.recipients }), render: (_: unknown, a) => t("alr.deliveredOf", { delivered: a.delivered, recipients: a.recipients }) },
          {
            title: t("alr.counts"),
            key: "counts",
            width: 300,
            text: (a) => (a.counts ? t("alr.countsText", { followed: a.counts.followed, recipients: a.recipients, found: a.counts.found, notFound: a.counts.notFound, handling: a.counts.handling }) : ""),
            render: (_: unknown, a) =>
              a.counts ? (
                <span data-testid="alert-counts">{t("alr.countsText", { followed: a.counts.followed, recipients: a.recipients, found: a.counts.found, notFound: a.counts.notFound, handling: a.counts.handling })}</span>
              ) : null,
          },
          { title: t("alr.sentAt"), dataIndex: "sentAt", width: 160, text: (a) => formatTime(a.sentAt, "YYYY-MM-DD HH:mm"), sort: true, render: (v: string) => formatTime(v, "YYYY-MM-DD HH:mm") },
        ]}
      />
    </>
  );
}

/** Each tenant's follow-up of a sent alert. */
function FollowUps({ a }: { a: AlertInfo }) {
  const { t } = useStrings(assistanceStrings);
  const { data, error, loading } = useLoad(() => call(client.api.alerts[":alertId"].$get({ param: { alertId: a.id } })), [a.id]);
  if (loading && !data) return <Spin />;
  return (
    <div>
      <Body a={a} />
      <ErrorAlert error={error} />
      <Table
        size="small"
        rowKey="tenantId"
        style={{ marginTop: 8 }}
        dataSource={data?.followUps ?? []}
        pagination={false}
        caption={<span className="sr-only">{t("alr.followUpsCaption", { title: a.title })}</span>}
        locale={{ emptyText: <Empty description={t("alr.noFollowUps")} /> }}
        columns={[
          { title: t("alr.tenant"), dataIndex: "tenantName", width: 160 },
          { title: t("alr.followStatus"), dataIndex: "status", width: 120, render: (s: string) => t(`alr.status.${s}` as PageKey) },
          { title: t("alr.note"), dataIndex: "note" },
          { title: t("alr.at"), dataIndex: "at", width: 160, render: (v: string) => formatTime(v, "YYYY-MM-DD HH:mm") },
        ]}
      />
    </div>
  );
}

interface SendValues {
  scope: "all" | "city";
  cityId?: string;
  level: Level;
  title: string;
  body: string;
  creditCode?: string;
  entityName?: string;
  productName?: string;
}

function SendAlert({ onSent }: { onSent(): void }) {
  const { t, lang } = useStrings(assistanceStrings);
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<SendValues>();
  const tenants = useTenants();
  const scope = Form.useWatch("scope", form) ?? "all";
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(v: SendValues) {
    // Province-wide and not recalled: ask first (a city's own alert goes without).
    if (v.scope === "all" && !(await ask(modal, { title: t("confirm.alertTitle", { title: v.title }), content: t("confirm.alertAll"), okText: t("confirm.alertOk"), cancelText: t("common.cancel") }))) return;
    setBusy(true);
    setError(undefined);
    try {
      const sent = await call(
        client.api.alerts.$post({
          json: {
            scope: v.scope,
            cityId: v.scope === "city" ? v.cityId : undefined,
            level: v.level,
            title: v.title,
            body: v.body,
            creditCode: v.creditCode?.trim() || undefined,
            entityName: v.entityName?.trim() || undefined,
            productName: v.productName?.trim() || undefined,
          },
        }),
      );
      form.resetFields();
      void message.success(t("alr.sentMsg", { count: sent.recipients }));
      onSent();
    } catch (err) {
      setError(applyApiErrors(form, toApiError(err), ["scope", "cityId", "level", "title", "body", "creditCode", "entityName", "productName"], { "assistance.alert_city": "cityId", "assistance.alert_subject": "productName" }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card style={{ maxWidth: 760 }}>
      <ErrorAlert error={tenants.error} onRetry={tenants.reload} />
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form<SendValues> form={form} layout="vertical" name="send-alert" onFinish={submit} disabled={busy} initialValues={{ scope: "all", level: "yellow" }}>
        <Form.Item label={t("alr.scope")} name="scope">
          <Radio.Group
            options={[
              { value: "all", label: t("alr.scopeAll") },
              { value: "city", label: t("alr.scopeCity") },
            ]}
          />
        </Form.Item>
        {scope === "city" && (
          <Form.Item label={t("alr.city")} name="cityId" rules={[mustChoose(t("alr.cityRequired"))]}>
            <Select showSearch optionFilterProp="label" options={(tenants.data ?? []).filter((x) => x.level === "city").map((x) => ({ value: x.id, label: tenantLabel(x, lang) }))} />
          </Form.Item>
        )}
        <Form.Item label={t("alr.level")} name="level">
          <Radio.Group options={(["blue", "yellow", "orange", "red"] as const).map((l) => ({ value: l, label: t(`alr.level.${l}` as PageKey) }))} />
        </Form.Item>
        <Form.Item label={t("alr.subjectTitle")} name="title" rules={[{ required: true, whitespace: true, message: t("alr.titleRequired") }]}>
          <Input maxLength={100} showCount />
        </Form.Item>
        <Form.Item label={t("alr.body")} name="body" rules={[{ required: true, whitespace: true, message: t("alr.bodyRequired") }]}>
          <Input.TextArea rows={5} maxLength={5000} />
        </Form.Item>
        <div style={{ display: "flex", gap: 16, flexWrap: "wrap" }}>
          <Form.Item label={t("asr.creditCode")} name="creditCode" style={{ flex: "1 1 220px" }} extra={t("alr.subjectHint")}>
            <Input maxLength={18} className="hash" autoComplete="off" />
          </Form.Item>
          <Form.Item label={t("asr.entityName")} name="entityName" style={{ flex: "1 1 220px" }}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item label={t("alr.productName")} name="productName" style={{ flex: "1 1 220px" }}>
            <Input maxLength={200} />
          </Form.Item>
        </div>
        <Button type="primary" htmlType="submit" icon={<SendOutlined aria-hidden />} loading={busy}>
          {t("alr.send")}
        </Button>
      </Form>
    </Card>
  );
}
