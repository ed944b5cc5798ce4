import { BranchesOutlined, ClockCircleOutlined } from "@ant-design/icons";
import { Alert, App, Button, DatePicker, Empty, Form, Modal, Select, Space, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import type { RequestType } from "@supervision/core/assistance/rules";
import { DepartmentTypes } from "@supervision/core/department/types";
import { ApiError, call, client } from "../api";
import { DataTable } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { useStrings } from "../i18n";
import * as assistanceStrings from "../locales/assistance";
import { useSession } from "../session";
import { formatTime, ZONE } from "../time";
import { applyApiErrors, useConflict, mustChoose, defaultDeadline, descendantsOf, dueDate, endOfBeijingDay, formatDue, tenantLabel, toApiError, useLabels, useTenants, type TenantInfo } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";
import { PrintButton } from "../print/PrintButton";

type Escalation = InferResponseType<typeof client.api.assistance.escalations.$get, 200>["items"][number];

/** 协调督办: overdue requests between tenants below this one, escalated here. */
export default function AssistanceEscalations() {
  const { t } = useStrings(assistanceStrings);
  const labels = useLabels();
  const { me } = useSession();
  const list = usePaged((cursor) => call(client.api.assistance.escalations.$get({ query: { limit: "100", ...(cursor ? { cursor } : {}) } })), []);
  const reload = list.reload;
  const tenants = useTenants();
  const [open, setOpen] = useState<{ kind: "reassign" | "designate"; esc: Escalation }>();
  const conflict = useConflict(reload);
  const { message } = App.useApp();

  return (
    <>
      <PageTitle>{t("esc.title")}</PageTitle>
      <Typography.Paragraph type="secondary">{t("esc.intro")}</Typography.Paragraph>
      <ErrorAlert error={list.error} onRetry={reload} />
      {conflict.alert}
      <DataTable<Escalation>
        rowKey="id"
        testId="escalations"
        caption={t("esc.caption")}
        rows={list.rows}
        loading={list.loading}
        exportName={t("esc.title")}
        exportPages={list.pages}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
        locale={{ emptyText: <Empty description={t("esc.empty")} /> }}
        columns={[
          { key: "from", title: t("asr.from"), text: (e) => e.fromTenantName, width: 140, filter: true, sort: true },
          { key: "receiver", title: t("esc.receiver"), text: (e) => e.toTenantName, width: 140, filter: true, sort: true },
          { key: "type", title: t("asr.type"), text: (e) => labels.type(e.type), width: 140, filter: true },
          {
            key: "entity",
            title: t("asr.entity"),
            width: 240,
            text: (e) => (e.creditCode ? `${e.entityName ?? ""} ${e.creditCode}`.trim() : t("asr.hidden")),
            render: (_: unknown, e) => (e.creditCode ? <span>{e.entityName ? `${e.entityName} ` : ""}<span className="hash">{e.creditCode}</span></span> : <Typography.Text type="secondary">{t("asr.hidden")}</Typography.Text>),
          },
          { key: "stage", title: t("esc.stage"), text: (e) => labels.stage(e.stage), width: 130, filter: true },
          { key: "overdueSince", title: t("esc.overdueSince"), text: (e) => formatDue(e.overdueSince), width: 160, sort: true },
          {
            key: "status",
            title: t("asr.status"),
            width: 230,
            text: (e) => t(`esc.status.${e.status}`),
            filter: true,
            render: (_: unknown, e) => (
              <div>
                <Tag bordered={false} color={e.status === "open" ? "gold" : "green"} style={{ color: "rgba(0,0,0,0.88)" }}>
                  {t(`esc.status.${e.status}`)}
                </Tag>
                {e.resolution && typeof e.resolution.tenantId === "string" && (
                  <div>{t("esc.newHandler", { name: tenants.data?.find((x) => x.id === e.resolution!.tenantId)?.name ?? String(e.resolution.tenantId) })}</div>
                )}
                {e.resolution && typeof e.resolution.departmentType === "string" && <div>{t("esc.newDepartment", { name: labels.department(e.resolution.departmentType) })}</div>}
                {e.resolution && typeof e.resolution.dueAt === "string" && <div>{t("esc.newDue", { at: formatDue(e.resolution.dueAt) })}</div>}
              </div>
            ),
          },
          {
            key: "actions",
            title: t("esc.actions"),
            width: 230,
            noExport: true,
            // Kept in view at 1440 px while the other columns scroll (issue 15 Found 8).
            fixed: "right",
            text: () => "",
            render: (_: unknown, e) =>
              e.status === "open" ? (
                <Space wrap>
                  <Button size="small" icon={<ClockCircleOutlined aria-hidden />} onClick={() => setOpen({ kind: "reassign", esc: e })} aria-label={t("esc.reassignOf", { from: e.fromTenantName, to: e.toTenantName })}>
                    {t("esc.reassign")}
                  </Button>
                  <Button size="small" icon={<BranchesOutlined aria-hidden />} onClick={() => setOpen({ kind: "designate", esc: e })} aria-label={t("esc.designateOf", { from: e.fromTenantName, to: e.toTenantName })}>
                    {t("esc.designate")}
                  </Button>
                  <PrintButton size="small" kind="supervision-letter" id={e.id} />
                </Space>
              ) : (
                <Space wrap>
                  <Typography.Text type="secondary">{t("esc.resolved")}</Typography.Text>
                  <PrintButton size="small" kind="supervision-letter" id={e.id} />
                </Space>
              ),
          },
        ]}
      />
      {open && (
        <ResolveDialog
          kind={open.kind}
          esc={open.esc}
          candidates={descendantsOf(tenants.data ?? [], me?.tenant.id ?? "").filter((x) => x.id !== open.esc.fromTenant && x.id !== open.esc.toTenant)}
          onClose={() => setOpen(undefined)}
          onConflict={(e) => {
            setOpen(undefined);
            conflict.show(e);
          }}
          onDone={() => {
            setOpen(undefined);
            void message.success(t(open.kind === "reassign" ? "esc.reassigned" : "esc.designated"));
            reload();
          }}
        />
      )}
    </>
  );
}

interface ResolveValues {
  dueDate?: Dayjs;
  departmentType?: string;
  tenantId?: string;
}

function ResolveDialog(props: { kind: "reassign" | "designate"; esc: Escalation; candidates: TenantInfo[]; onClose(): void; onDone(): void; onConflict(e: ApiError): void }) {
  const { t, lang } = useStrings(assistanceStrings);
  const labels = useLabels();
  const [form] = Form.useForm<ResolveValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const { esc, kind } = props;
  const rule = defaultDeadline(esc.type as RequestType);
  const maxDate = dueDate(rule.dueAt);
  const today = dayjs().tz(ZONE).format("YYYY-MM-DD");

  async function submit(v: ResolveValues) {
    setBusy(true);
    setError(undefined);
    const dueAt = v.dueDate ? endOfBeijingDay(v.dueDate) : undefined;
    try {
      if (kind === "reassign") {
        await call(client.api.assistance.escalations[":escalationId"].reassign.$post({ param: { escalationId: esc.id }, json: { version: esc.version, dueAt, departmentType: v.departmentType } }));
      } else {
        await call(client.api.assistance.escalations[":escalationId"].designate.$post({ param: { escalationId: esc.id }, json: { version: esc.version, tenantId: v.tenantId!, dueAt } }));
      }
      props.onDone();
    } catch (err) {
      const e = toApiError(err);
      if (e.status === 409) props.onConflict(e);
      else {
        const rest = applyApiErrors(form, e, ["departmentType", "tenantId"], {
          "assistance.designate_target": "tenantId",
          "assistance.deadline_too_late": "dueDate",
          "assistance.deadline_too_early": "dueDate",
        });
        const due = e.details.filter((d) => d.field === "dueAt");
        if (due.length) form.setFields([{ name: "dueDate", errors: due.map((d) => d.message) }]);
        setError(rest);
      }
    } finally {
      setBusy(false);
    }
  }

  const title = t(kind === "reassign" ? "esc.reassignOf" : "esc.designateOf", { from: esc.fromTenantName, to: esc.toTenantName });
  return (
    <Modal open title={title} okText={t(kind === "reassign" ? "esc.reassign" : "esc.designate")} cancelText={t("common.cancel")} confirmLoading={busy} onOk={() => form.submit()} onCancel={props.onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">{t("esc.requestSummary", { type: labels.type(esc.type), sentAt: formatTime(esc.sentAt, "YYYY-MM-DD"), due: formatDue(esc.dueAt) })}</Typography.Paragraph>
      <Form<ResolveValues> form={form} layout="vertical" name={`escalation-${kind}`} onFinish={submit} disabled={busy}>
        {kind === "designate" && (
          <Form.Item label={t("esc.designateTenant")} name="tenantId" rules={[mustChoose(t("esc.designateRequired"))]}>
            <Select showSearch optionFilterProp="label" options={props.candidates.map((x) => ({ value: x.id, label: tenantLabel(x, lang) }))} />
          </Form.Item>
        )}
        {kind === "reassign" && (
          <Form.Item label={t("esc.department")} name="departmentType" extra={t("esc.departmentHint")}>
            <Select allowClear showSearch optionFilterProp="label" options={DepartmentTypes.filter((d) => !("provinceOnly" in d && d.provinceOnly)).map((d) => ({ value: d.type, label: labels.department(d.type) }))} />
          </Form.Item>
        )}
        <Form.Item label={t("esc.newDeadline")} name="dueDate" extra={t("esc.deadlineHint", { date: formatDue(rule.dueAt) })}>
          <DatePicker style={{ width: 220 }} placeholder={maxDate} disabledDate={(d) => d.format("YYYY-MM-DD") < today || d.format("YYYY-MM-DD") > maxDate} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
