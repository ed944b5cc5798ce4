import { EditOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Tag, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { call, client } from "../api";
import { DataTable, type DataColumn } from "../components/DataTable";
import { useLoad } from "../data";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as spotcheckStrings from "../locales/spotcheck";
import { formatTime } from "../time";
import { applyApiErrors, tenantLabel, toApiError, useConflict, useTenants } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";
import { useConfirm } from "./EnforcementPickers";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof spotcheckStrings>;

type Organ = InferResponseType<typeof client.api.tenant.organs.$get, 200>["items"][number];

/** 机关设置 (province): the reserved organs (police, procuratorate, 编办,
 * enforcement supervision) of each city and county. The province sets one;
 * the region applies it through a message and the row turns "applied". */
export default function ReservedOrgans() {
  const { t, lang } = useStrings(spotcheckStrings);
  const tenants = useTenants();
  const [tenantId, setTenantId] = useState<string>();
  const organs = useLoad(() => (tenantId ? call(client.api.tenant.organs.$get({ query: { tenantId } })) : Promise.resolve(undefined)), [tenantId]);
  const [editing, setEditing] = useState<Organ>();
  const conflict = useConflict(organs.reload);

  const stateText = (o: Organ) => (o.state === "applied" ? t("org.applied") : o.state === "pending" ? t("org.pending") : t("org.absent"));
  const columns: DataColumn<Organ>[] = [
    { key: "type", title: t("org.type"), text: (o) => t(`org.type.${o.type}` as PageKey) },
    { key: "name", title: t("org.name"), text: (o) => o.name ?? "" },
    {
      key: "state",
      title: t("org.state"),
      text: stateText,
      render: (_: unknown, o) => (
        <Space direction="vertical" size={0}>
          <Tag color={o.state === "applied" ? "success" : o.state === "pending" ? "processing" : "default"} bordered={false} style={{ color: "rgba(0,0,0,0.88)" }}>
            {stateText(o)}
          </Tag>
          {o.status === "disabled" && <Typography.Text type="secondary">{t("org.disabled")}</Typography.Text>}
          {o.appliedAt && <Typography.Text type="secondary">{formatTime(o.appliedAt, "YYYY-MM-DD HH:mm")}</Typography.Text>}
        </Space>
      ),
    },
    {
      key: "actions",
      title: t("org.set"),
      noExport: true,
      text: () => "",
      render: (_: unknown, o) => (
        <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(o)} aria-label={`${t("org.set")} ${t(`org.type.${o.type}` as PageKey)}`}>
          {t("org.set")}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageTitle>{t("org.title")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t("org.intro")}
      </Typography.Paragraph>
      <ErrorAlert error={tenants.error ?? organs.error} onRetry={() => (tenants.reload(), organs.reload())} />
      {conflict.alert}
      <Card>
        <Space direction="vertical" style={{ width: "100%" }}>
          <Select
            showSearch
            optionFilterProp="label"
            aria-label={t("org.tenant")}
            placeholder={t("org.pickTenant")}
            value={tenantId}
            onChange={setTenantId}
            loading={tenants.loading}
            style={{ width: 320, maxWidth: "100%" }}
            options={(tenants.data ?? []).filter((x) => x.level !== "province").map((x) => ({ value: x.id, label: tenantLabel(x, lang) }))}
          />
          {tenantId && (
            <DataTable<Organ>
              testId="organs"
              rowKey="type"
              caption={t("org.title")}
              rows={organs.data?.items}
              loading={organs.loading}
              columns={columns}
              exportName={`${t("org.title")}${tenantId}`}
              search={false}
              toolbar={
                <Button onClick={organs.reload} loading={organs.loading}>
                  {t("common.refresh")}
                </Button>
              }
            />
          )}
        </Space>
      </Card>
      {editing && (
        <OrganForm
          organ={editing}
          onClose={() => setEditing(undefined)}
          onConflict={(e) => {
            setEditing(undefined);
            conflict.show(e);
          }}
          onDone={() => {
            setEditing(undefined);
            organs.reload();
          }}
        />
      )}
    </>
  );
}

interface Values {
  name: string;
  nameEn?: string;
  status: "active" | "disabled";
}

function OrganForm({ organ, onClose, onDone, onConflict }: { organ: Organ; onClose(): void; onDone(): void; onConflict(e: ReturnType<typeof toApiError>): void }) {
  const { t } = useStrings(spotcheckStrings);
  const { message } = App.useApp();
  const confirm = useConfirm();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const typeName = t(`org.type.${organ.type}` as PageKey);

  async function submit(v: Values) {
    if (!(await confirm(t("org.confirm", { tenant: organ.tenantName, type: typeName, name: v.name.trim() })))) return;
    setBusy(true);
    setError(undefined);
    try {
      await call(
        client.api.tenant.organs[":tenantId"][":type"].$put({
          param: { tenantId: organ.tenantId, type: organ.type },
          json: { name: v.name.trim(), nameEn: v.nameEn?.trim() || undefined, status: v.status, version: organ.version },
        }),
      );
      void message.success(t("org.saved"));
      onDone();
    } catch (err) {
      const e = toApiError(err);
      if (e.status === 409) onConflict(e);
      else setError(applyApiErrors(form, e, ["name", "nameEn", "status"]));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={`${organ.tenantName} · ${typeName}`} okText={t("common.save")} cancelText={t("common.cancel")} confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" name="organ" onFinish={(v) => void submit(v)} disabled={busy} initialValues={{ name: organ.name ?? "", nameEn: organ.nameEn ?? "", status: organ.status ?? "active" }}>
        <Form.Item label={t("org.name")} name="name" rules={[{ required: true, whitespace: true, min: 2, message: t("sc.required", { field: t("org.name") }) }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item label={t("org.nameEn")} name="nameEn">
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item label={t("org.state")} name="status">
          <Select
            options={[
              { value: "active", label: t("org.active") },
              { value: "disabled", label: t("org.disabled") },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
