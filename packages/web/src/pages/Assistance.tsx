import { SendOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Radio, Select, Tabs, Typography } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { ConfidentialityCodes, RequestTypeCodes, runningClock, type RequestType } from "@supervision/core/assistance/rules";
import { DepartmentTypes } from "@supervision/core/department/types";
import { call, client } from "../api";
import { DataTable, type DataColumn } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { catalogueItems, useLoad } from "../data";
import { useStrings } from "../i18n";
import * as assistanceStrings from "../locales/assistance";
import * as spotcheckStrings from "../locales/spotcheck";
import { useSession } from "../session";
import { formatTime, ZONE } from "../time";
import {
  applyApiErrors,
  AttachmentsField,
  BeyondCalendar,
  mustChoose,
  defaultDeadline,
  dueDate,
  endOfBeijingDay,
  formatDue,
  OverdueTag,
  StatusTag,
  tenantLabel,
  toApiError,
  useLabels,
  useTenants,
  type AttachmentRef,
} from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";

type Request = InferResponseType<typeof client.api.assistance.$get, 200>["items"][number];
type Box = "inbox" | "sent";

/** 跨区域协助: the inbox, the sent box and a new request. */
export default function Assistance() {
  const { t } = useStrings(assistanceStrings, spotcheckStrings);
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") ?? "inbox";
  const items = [
    { key: "inbox", label: t("asr.inbox"), children: <RequestTable box="inbox" /> },
    { key: "sent", label: t("asr.sent"), children: <RequestTable box="sent" /> },
  ];
  if (can("assistance.send")) items.push({ key: "new", label: t("asr.new"), children: <NewRequest /> });
  return (
    <>
      <PageTitle>{t("asr.title")}</PageTitle>
      <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key }, { replace: true })} items={items} destroyOnHidden />
    </>
  );
}

function RequestTable({ box }: { box: Box }) {
  const { t } = useStrings(assistanceStrings, spotcheckStrings);
  const labels = useLabels();
  const list = usePaged((cursor) => call(client.api.assistance.$get({ query: { box, limit: "100", ...(cursor ? { cursor } : {}) } })), [box]);
  const other = (r: Request) => (box === "inbox" ? r.fromTenantName : r.toTenantName);
  const deadlines = (r: Request) =>
    [
      runningClock(r)?.stage === "acknowledge" ? t("asr.ackBy", { at: formatDue(r.ackDueAt) }) + (r.ackDueBeyondCalendar ? `（${t("cal.beyond")}）` : "") : "",
      t("asr.answerBy", { at: formatDue(r.dueAt) }) + (r.dueBeyondCalendar ? `（${t("cal.beyond")}）` : ""),
      r.overdue ? t("asr.overdue") : "",
    ]
      .filter(Boolean)
      .join("；");
  const columns: DataColumn<Request>[] = [
    {
      key: "type",
      title: t("asr.type"),
      width: 130,
      text: (r) => labels.type(r.type),
      filter: true,
      render: (_: unknown, r) => <Link to={`/assistance/${r.id}`} aria-label={t("asr.openRequest", { type: labels.type(r.type), tenant: other(r) })}>{labels.type(r.type)}</Link>,
    },
    { key: "tenant", title: t(box === "inbox" ? "asr.from" : "asr.to"), width: 120, text: other, filter: true, sort: true },
    {
      key: "entity",
      title: t("asr.entity"),
      width: 260,
      text: (r) => (r.creditCode ? `${r.entityName ?? ""} ${r.creditCode}`.trim() : t("asr.hidden")),
      render: (_: unknown, r) =>
        r.creditCode ? (
          <div>
            {r.entityName && <div>{r.entityName}</div>}
            <Typography.Text className="hash">{r.creditCode}</Typography.Text>
          </div>
        ) : (
          <Typography.Text type="secondary">{t("asr.hidden")}</Typography.Text>
        ),
    },
    { key: "status", title: t("asr.status"), width: 150, text: (r) => labels.status(r.status), filter: true, render: (_: unknown, r) => <StatusTag status={r.status} /> },
    {
      key: "deadline",
      title: t("asr.deadline"),
      width: 230,
      text: deadlines,
      sort: false,
      render: (_: unknown, r) => (
        <div>
          {runningClock(r)?.stage === "acknowledge" && (
            <div>
              {t("asr.ackBy", { at: formatDue(r.ackDueAt) })}
              {r.ackDueBeyondCalendar && <BeyondCalendar />}
            </div>
          )}
          <div>
            {t("asr.answerBy", { at: formatDue(r.dueAt) })}
            {r.dueBeyondCalendar && <BeyondCalendar />}
          </div>
          {r.overdue && <OverdueTag />}
        </div>
      ),
    },
    {
      key: "department",
      title: t("asr.department"),
      width: 190,
      text: (r) => r.departmentName ?? (r.departmentType ? labels.department(r.departmentType) : t("asr.notRouted")),
      filter: true,
      render: (_: unknown, r) => r.departmentName ?? (r.departmentType ? labels.department(r.departmentType) : <Typography.Text type="secondary">{t("asr.notRouted")}</Typography.Text>),
    },
    { key: "sentAt", title: t("asr.sentAt"), width: 170, text: (r) => formatTime(r.sentAt, "YYYY-MM-DD HH:mm"), sort: true },
  ];
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <DataTable<Request>
        rowKey="id"
        testId={`assistance-${box}`}
        caption={t(box === "inbox" ? "asr.inboxCaption" : "asr.sentCaption")}
        rows={list.rows}
        loading={list.loading}
        columns={columns}
        exportName={t(box === "inbox" ? "asr.inbox" : "asr.sent")}
        exportPages={list.pages}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
        // After a failed load the list is unknown, not empty.
        locale={{ emptyText: list.error ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("net.notLoaded")} /> : <Empty description={t("asr.empty")} /> }}
        scroll={{ x: 1250 }}
      />
    </>
  );
}

interface NewValues {
  toTenant: string;
  type: RequestType;
  creditCode: string;
  entityName?: string;
  itemCodes?: string[];
  facts: string;
  dueDate?: Dayjs;
  departmentType?: string;
  confidentiality: "public" | "internal" | "confidential";
  attachments?: AttachmentRef[];
}

const FIELDS = ["toTenant", "type", "creditCode", "entityName", "itemCodes", "facts", "dueAt", "departmentType", "confidentiality", "attachments"];

function NewRequest() {
  const { t, lang } = useStrings(assistanceStrings, spotcheckStrings);
  const labels = useLabels();
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewValues>();
  const tenants = useTenants();
  // The catalogue's items in force, when the catalogue has reached this tenant; codes may still be typed.
  const catalogue = useLoad(() => catalogueItems().catch(() => ({ version: 0, items: [] })), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const type = Form.useWatch("type", form) ?? "investigation";
  const rule = defaultDeadline(type);

  async function submit(v: NewValues) {
    setBusy(true);
    setError(undefined);
    try {
      const sent = await call(
        client.api.assistance.$post({
          json: {
            toTenant: v.toTenant,
            type: v.type,
            creditCode: v.creditCode,
            entityName: v.entityName?.trim() || undefined,
            itemCodes: v.itemCodes ?? [],
            facts: v.facts,
            dueAt: v.dueDate ? endOfBeijingDay(v.dueDate) : undefined,
            departmentType: v.departmentType,
            confidentiality: v.confidentiality,
            attachments: v.attachments ?? [],
          },
        }),
      );
      void message.success(t("asr.sentMsg", { tenant: sent.toTenantName }));
      navigate(`/assistance/${sent.id}`);
    } catch (err) {
      const e = toApiError(err);
      const rest = applyApiErrors(form, e, FIELDS, {
        "assistance.same_tenant": "toTenant",
        "tenant.not_found": "toTenant",
        "assistance.deadline_too_late": "dueDate",
        "assistance.deadline_too_early": "dueDate",
        "assistance.attachment_unknown": "attachments",
      });
      // The API names the deadline "dueAt"; the form's field is the date.
      const due = e.details.filter((d) => d.field === "dueAt");
      if (due.length) form.setFields([{ name: "dueDate", errors: due.map((d) => d.message) }]);
      setError(rest);
    } finally {
      setBusy(false);
    }
  }

  const maxDate = dueDate(rule.dueAt);
  const todayBeijing = dayjs().tz(ZONE).format("YYYY-MM-DD");
  return (
    <Card style={{ maxWidth: 860 }}>
      <ErrorAlert error={tenants.error} onRetry={tenants.reload} />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form<NewValues>
        form={form}
        layout="vertical"
        name="new-assistance"
        onFinish={submit}
        disabled={busy}
        initialValues={{ type: "investigation", confidentiality: "internal", itemCodes: [], attachments: [] }}
      >
        <Form.Item label={t("asr.to")} name="toTenant" rules={[mustChoose(t("asr.toRequired"))]} extra={t("asr.toHint")}>
          <Select
            showSearch
            loading={tenants.loading}
            optionFilterProp="label"
            placeholder={t("asr.toPlaceholder")}
            options={(tenants.data ?? []).filter((x) => x.id !== me?.tenant.id).map((x) => ({ value: x.id, label: tenantLabel(x, lang) }))}
          />
        </Form.Item>
        <Form.Item label={t("asr.type")} name="type">
          <Select options={RequestTypeCodes.map((code) => ({ value: code, label: labels.type(code) }))} />
        </Form.Item>
        <div style={{ display: "flex", gap: 16, flexWrap: "wrap" }}>
          <Form.Item
            label={t("asr.creditCode")}
            name="creditCode"
            style={{ flex: "1 1 260px" }}
            rules={[{ required: true, whitespace: true, message: t("asr.creditCodeRequired") }]}
            extra={t("asr.creditCodeHint")}
          >
            <Input maxLength={18} className="hash" autoComplete="off" />
          </Form.Item>
          <Form.Item label={t("asr.entityName")} name="entityName" style={{ flex: "1 1 260px" }}>
            <Input maxLength={200} />
          </Form.Item>
        </div>
        <Form.Item label={t("asr.items")} name="itemCodes" extra={catalogue.data?.items.length ? t("asr.itemsHint") : t("asr.itemsHintNoCatalogue")}>
          <Select
            // Real items only when there is a catalogue to pick from (search text never becomes a tag); codes typed only without one.
            mode={catalogue.data?.items.length ? "multiple" : "tags"}
            tokenSeparators={catalogue.data?.items.length ? undefined : [",", "，", " "]}
            optionFilterProp="label"
            loading={catalogue.loading}
            options={(catalogue.data?.items ?? []).map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }))}
          />
        </Form.Item>
        <Form.Item label={t("asr.facts")} name="facts" rules={[{ required: true, whitespace: true, message: t("asr.factsRequired") }]}>
          <Input.TextArea rows={5} maxLength={10000} showCount />
        </Form.Item>
        <Form.Item label={t("asr.dueDate")} name="dueDate" extra={t("asr.dueHint", { date: formatDue(rule.dueAt), ack: formatDue(rule.ackDueAt) })}>
          <DatePicker
            style={{ width: 220 }}
            placeholder={maxDate}
            disabledDate={(d) => {
              const s = d.format("YYYY-MM-DD");
              return s < todayBeijing || s > maxDate;
            }}
          />
        </Form.Item>
        <Form.Item label={t("asr.departmentType")} name="departmentType" extra={t("asr.departmentTypeHint")}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={DepartmentTypes.filter((d) => !("provinceOnly" in d && d.provinceOnly)).map((d) => ({ value: d.type, label: labels.department(d.type) }))}
          />
        </Form.Item>
        <Form.Item label={t("asr.confidentiality")} name="confidentiality" extra={t("asr.confidentialityHint")}>
          <Radio.Group options={ConfidentialityCodes.map((c) => ({ value: c, label: labels.confidentiality(c) }))} />
        </Form.Item>
        <Form.Item label={t("asr.attachments")} name="attachments">
          <AttachmentsField />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SendOutlined aria-hidden />} loading={busy}>
          {t("asr.send")}
        </Button>
      </Form>
    </Card>
  );
}
