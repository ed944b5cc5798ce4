import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, InputNumber, List, Modal, Select, Space, Tag, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { parseDateList, parseHolidayLines } from "@supervision/core/policy/calendar";
import { describe as describeValue, type RuleValue } from "@supervision/core/policy/rules";
import { ApiError, call, client } from "../api";
import { useLoad } from "../data";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as policyStrings from "../locales/policy";
import { useSession } from "../session";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof policyStrings>;

/** 规则与期限: every number the rules use, its source, the calendar; the
 * province admin edits, a tenant admin tightens, everyone reads. Cards and
 * lists, no wide tables: usable at 390 px. */

type PolicyInfo = InferResponseType<typeof client.api.policy.$get, 200>;
type Rule = PolicyInfo["rules"][number];
const UNITS = ["hours", "days", "working-days", "months"] as const;
const GROUPS = ["assistance", "assistanceTargets", "referral", "recognition"] as const;

const asError = (err: unknown) => (err instanceof ApiError ? err : new ApiError(0, "client", String(err)));

export default function Policy() {
  const { t } = useStrings(policyStrings);
  const { can } = useSession();
  const { data, error, loading, reload } = useLoad(() => call(client.api.policy.$get()), []);
  const [editing, setEditing] = useState<{ rule: Rule; mode: "province" | "tenant" }>();
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data) return <Card loading={loading} />;
  return (
    <>
      <PageTitle>{t("pol.title")}</PageTitle>
      <Typography.Paragraph>{t("pol.intro")}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {/* The province has no tightening of its own; a region at version 0 has never tightened: say so rather than "version 0". */}
        {data.tenantId === "350000"
          ? t("pol.versionsProvince", { province: data.provinceVersion })
          : data.tenantVersion > 0
            ? t("pol.versions", { province: data.provinceVersion, tenant: data.tenantVersion })
            : t("pol.versionsUntightened", { province: data.provinceVersion })}
      </Typography.Paragraph>
      {GROUPS.map((g) => (
        <Card key={g} title={<h2 className="card-title" style={{ margin: 0, fontSize: 16 }}>{t(`pol.group.${g}` as PageKey)}</h2>} style={{ marginBottom: 16 }} size="small">
          <List
            dataSource={data.rules.filter((r) => r.path.startsWith(`${g}.`))}
            renderItem={(rule) => (
              <RuleItem
                rule={rule}
                onEdit={can("policy.write") ? () => setEditing({ rule, mode: "province" }) : undefined}
                onTighten={can("policy.tighten") && data.tenantId !== "350000" ? () => setEditing({ rule, mode: "tenant" }) : undefined}
                tenantVersion={data.tenantVersion}
                onSaved={reload}
              />
            )}
          />
        </Card>
      ))}
      <Calendar info={data} onSaved={reload} />
      <History />
      {editing && (
        <EditRule
          rule={editing.rule}
          mode={editing.mode}
          version={editing.mode === "province" ? data.provinceVersion : data.tenantVersion}
          onClose={(saved) => {
            setEditing(undefined);
            if (saved) reload();
          }}
        />
      )}
    </>
  );
}

function useValueText() {
  const { lang } = useStrings(policyStrings);
  return (v: RuleValue) => describeValue(v, lang);
}

function RuleItem({ rule, onEdit, onTighten, tenantVersion, onSaved }: { rule: Rule; onEdit?: () => void; onTighten?: () => void; tenantVersion: number; onSaved: () => void }) {
  const { t, lang } = useStrings(policyStrings);
  const { message } = App.useApp();
  const text = useValueText();
  const [err, setErr] = useState<ApiError>();
  async function untighten() {
    try {
      const res = await call(client.api.policy.tenant.$put({ json: { version: tenantVersion, rules: { [rule.path]: null } } }));
      void message.success(t("pol.saved", { version: res.tenantVersion }));
      onSaved();
    } catch (e) {
      setErr(asError(e));
    }
  }
  return (
    <List.Item
      actions={[
        onEdit && <Button key="e" size="small" onClick={onEdit}>{t("pol.edit")}</Button>,
        onTighten && <Button key="t" size="small" onClick={onTighten}>{t("pol.tighten")}</Button>,
        onTighten && rule.tenant && <Button key="u" size="small" type="link" onClick={untighten}>{t("pol.untighten")}</Button>,
      ].filter(Boolean)}
      style={{ flexWrap: "wrap" }}
    >
      <div style={{ minWidth: 0, flex: "1 1 240px" }}>
        <Space wrap size={4}>
          <Typography.Text strong>{lang === "en" ? rule.en : rule.zh}</Typography.Text>
          <Tag color="blue">{t("pol.inForce")}：{text(rule.value)}</Tag>
          {rule.tenant && <Tag color="purple">{t("pol.tightened")}</Tag>}
          <Tag>{t(`pol.direction.${rule.tighten}` as PageKey)}</Tag>
        </Space>
        <div style={{ overflowWrap: "anywhere" }}>
          <Typography.Text type="secondary">
            {t("pol.province")}：{text(rule.province)} · {t("pol.source")}：{rule.source}
          </Typography.Text>
          {rule.tenant?.reason && (
            <div>
              <Typography.Text type="secondary">{t("pol.reason")}：{rule.tenant.reason}</Typography.Text>
            </div>
          )}
          {JSON.stringify(rule.defaultValue) !== JSON.stringify(rule.province) && (
            <div>
              <Typography.Text type="secondary">{t("pol.default")}：{text(rule.defaultValue)}</Typography.Text>
            </div>
          )}
        </div>
        <ErrorAlert error={err} />
      </div>
    </List.Item>
  );
}

function EditRule({ rule, mode, version, onClose }: { rule: Rule; mode: "province" | "tenant"; version: number; onClose: (saved: boolean) => void }) {
  const { t, lang } = useStrings(policyStrings);
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [err, setErr] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const current = mode === "tenant" && rule.tenant ? rule.tenant.value : rule.province;
  const isClock = rule.kind === "clock";
  const initial = {
    amount: "duration" in current ? current.duration.amount : undefined,
    unit: "duration" in current ? current.duration.unit : undefined,
    value: "value" in current ? current.value : undefined,
    source: mode === "province" ? rule.source : undefined,
    reason: rule.tenant?.reason,
  };
  async function save() {
    const v = await form.validateFields();
    const value = isClock ? { duration: { amount: v.amount as number, unit: v.unit as (typeof UNITS)[number] } } : { value: v.value as number };
    setBusy(true);
    setErr(undefined);
    try {
      const res =
        mode === "province"
          ? await call(client.api.policy.province.$put({ json: { version, rules: { [rule.path]: { ...value, source: v.source } }, ...(v.note ? { note: v.note } : {}) } }))
          : await call(client.api.policy.tenant.$put({ json: { version, rules: { [rule.path]: { ...value, ...(v.reason ? { reason: v.reason } : {}) } } } }));
      void message.success(t("pol.saved", { version: mode === "province" ? res.provinceVersion : res.tenantVersion }));
      onClose(true);
    } catch (e) {
      setErr(asError(e));
    } finally {
      setBusy(false);
    }
  }
  const name = lang === "en" ? rule.en : rule.zh;
  return (
    <Modal open title={t(mode === "province" ? "pol.editTitle" : "pol.tightenTitle", { name })} onOk={save} okButtonProps={{ loading: busy }} onCancel={() => onClose(false)} width="min(560px, 96vw)">
      <Form form={form} name="policy-rule" layout="vertical" initialValues={initial}>
        {isClock ? (
          <Space wrap>
            <Form.Item name="amount" label={t("pol.amount")} rules={[{ required: true, message: t("pol.valueRequired") }]}>
              <InputNumber min={1} max={10000} precision={0} />
            </Form.Item>
            <Form.Item name="unit" label={t("pol.unit")} rules={[{ required: true }]}>
              <Select style={{ minWidth: 140 }} options={UNITS.map((u) => ({ value: u, label: t(`pol.unit.${u}` as PageKey) }))} />
            </Form.Item>
          </Space>
        ) : (
          <Form.Item name="value" label={t("pol.value")} rules={[{ required: true, message: t("pol.valueRequired") }]}>
            <InputNumber min={0} step={rule.kind === "share" ? 0.05 : 1} />
          </Form.Item>
        )}
        {mode === "province" ? (
          <>
            <Form.Item name="source" label={t("pol.source")} extra={t("pol.sourceHint")} rules={[{ required: true, min: 4, message: t("pol.sourceRequired") }]}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
            <Form.Item name="note" label={t("pol.note")}>
              <Input maxLength={500} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="reason" label={t("pol.reason")}>
            <Input maxLength={500} />
          </Form.Item>
        )}
      </Form>
      <FieldErrors error={err} />
    </Modal>
  );
}

function FieldErrors({ error }: { error?: ApiError }) {
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      message={error.message}
      description={error.details.length ? <ul style={{ margin: 0, paddingLeft: 20 }}>{error.details.map((d) => <li key={d.field + d.rule}><code>{d.field}</code>：{d.message}</li>)}</ul> : undefined}
    />
  );
}

function Calendar({ info, onSaved }: { info: PolicyInfo; onSaved: () => void }) {
  const { t } = useStrings(policyStrings);
  const { can } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [err, setErr] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const next = info.calendar.lastYear + 1;
  async function add() {
    const v = await form.validateFields();
    setBusy(true);
    setErr(undefined);
    try {
      await call(
        client.api.policy.calendar.$post({
          json: { version: info.provinceVersion, year: next, holidays: parseHolidayLines(v.holidays ?? ""), workdays: parseDateList(v.workdays ?? ""), source: v.source },
        }),
      );
      void message.success(t("pol.yearAdded", { year: next }));
      form.resetFields();
      onSaved();
    } catch (e) {
      setErr(asError(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card title={<h2 className="card-title" style={{ margin: 0, fontSize: 16 }}>{t("pol.calendar")}</h2>} size="small" style={{ marginBottom: 16 }}>
      <Typography.Paragraph>{t("pol.calendarIntro", { last: info.calendar.lastYear })}</Typography.Paragraph>
      <List
        dataSource={info.calendar.years}
        renderItem={(y) => (
          <List.Item>
            <div style={{ minWidth: 0, overflowWrap: "anywhere" }}>
              <Space wrap size={4}>
                <Typography.Text strong>{t("pol.year", { year: y.year })}</Typography.Text>
                <Tag color={y.addedBy === "province" ? "purple" : undefined}>{t(y.addedBy === "province" ? "pol.addedByProvince" : "pol.shipped")}</Tag>
                <Typography.Text type="secondary">{t("pol.daysOff", { holidays: y.holidays, workdays: y.workdays })}</Typography.Text>
              </Space>
              <div>
                <Typography.Text type="secondary">{t("pol.source")}：{y.source}</Typography.Text>
              </div>
            </div>
          </List.Item>
        )}
      />
      {can("policy.write") && (
        <Form form={form} name="policy-calendar" layout="vertical" style={{ marginTop: 16 }} onFinish={add}>
          <Typography.Title level={3} style={{ fontSize: 15 }}>{t("pol.addYear", { year: next })}</Typography.Title>
          <Form.Item name="holidays" label={t("pol.holidays")} extra={t("pol.holidaysHint")} rules={[{ required: true }]}>
            <Input.TextArea rows={5} />
          </Form.Item>
          <Form.Item name="workdays" label={t("pol.workdays")} extra={t("pol.workdaysHint")}>
            <Input />
          </Form.Item>
          <Form.Item name="source" label={t("pol.noticeSource")} rules={[{ required: true, min: 4, message: t("pol.sourceRequired") }]}>
            <Input maxLength={500} />
          </Form.Item>
          <FieldErrors error={err} />
          <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 8 }}>
            {t("pol.addYear", { year: next })}
          </Button>
        </Form>
      )}
    </Card>
  );
}

type Version = InferResponseType<typeof client.api.policy.versions.$get, 200>["items"][number];

function History() {
  const { t } = useStrings(policyStrings);
  const [items, setItems] = useState<Version[]>([]);
  const [cursor, setCursor] = useState<string | null>();
  const { error, loading } = useLoad(async () => {
    const page = await call(client.api.policy.versions.$get({ query: { scope: "province", limit: "10" } }));
    setItems(page.items);
    setCursor(page.cursor);
    return page;
  }, []);
  async function more() {
    const page = await call(client.api.policy.versions.$get({ query: { scope: "province", limit: "10", ...(cursor ? { cursor } : {}) } }));
    setItems((old) => [...old, ...page.items]);
    setCursor(page.cursor);
  }
  return (
    <Card title={<h2 className="card-title" style={{ margin: 0, fontSize: 16 }}>{t("pol.history")}</h2>} size="small" loading={loading}>
      <ErrorAlert error={error} />
      {items.length === 0 ? (
        <Empty description={t("pol.none")} />
      ) : (
        <List
          dataSource={items}
          renderItem={(v) => (
            <List.Item>
              <Descriptions size="small" column={1} title={`v${v.version}`} style={{ minWidth: 0, overflowWrap: "anywhere" }}>
                <Descriptions.Item>{t("pol.by", { name: v.updatedBy.name, at: formatTime(v.updatedAt, "YYYY-MM-DD HH:mm") })}</Descriptions.Item>
                {v.note && <Descriptions.Item>{v.note}</Descriptions.Item>}
                {v.changes.map((c) => (
                  <Descriptions.Item key={c}>
                    <code style={{ whiteSpace: "normal" }}>{c}</code>
                  </Descriptions.Item>
                ))}
              </Descriptions>
            </List.Item>
          )}
        />
      )}
      {cursor && <Button onClick={() => void more()}>{t("pol.more")}</Button>}
    </Card>
  );
}
