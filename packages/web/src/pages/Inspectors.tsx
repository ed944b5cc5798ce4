import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, DatePicker, Form, Input, Modal, Select, Space, Switch, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { InferResponseType } from "hono/client";
import { useMemo, useState } from "react";
// Pure rules (no I/O): why someone may not be drawn or recorded.
import { ineligibility } from "@supervision/core/inspector/rules";
import { call, client } from "../api";
import { DataTable, type DataColumn } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as spotcheckStrings from "../locales/spotcheck";
import { useSession } from "../session";
import { ZONE } from "../time";
import { applyApiErrors, mustChoose, toApiError } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";
import { BusinessPicker, ItemPicker, ItemTags, TownshipPicker, useBodies, useTownships, paged } from "./EnforcementPickers";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof spotcheckStrings>;

type Inspector = InferResponseType<typeof client.api.inspectors.$get, 200>["items"][number];
type Kind = Inspector["kind"];
const KINDS: Kind[] = ["officer", "grid-worker", "auxiliary", "third-party"];

/** 执法检查人员: each body's people, their 执法证 and qualifications, declared
 * conflicts; who may be drawn is shown in words, never by colour alone. */
export default function Inspectors() {
  const { t } = useStrings(spotcheckStrings);
  const { can } = useSession();
  const bodies = useBodies();
  const townships = useTownships();
  const [bodyId, setBodyId] = useState<string>();
  const [onlyCertified, setOnlyCertified] = useState(false);
  const list = usePaged((cursor) => paged(call(client.api.inspectors.$get({ query: { limit: "100", ...(bodyId ? { bodyId } : {}), ...(cursor ? { cursor } : {}) } }))), [bodyId]);
  const [editing, setEditing] = useState<Inspector | "new">();
  const bodyName = useMemo(() => new Map((bodies.data ?? []).map((b) => [b.id, b.name])), [bodies.data]);
  const townshipName = useMemo(() => new Map((townships.data ?? []).map((x) => [x.id, x.name])), [townships.data]);
  const rows = useMemo(() => list.rows.filter((i) => !onlyCertified || i.certifiedToday), [list.rows, onlyCertified]);

  const eligibility = (i: Inspector) => {
    if (i.certifiedToday) return t("isp.certified");
    const today = dayjs().tz(ZONE).format("YYYY-MM-DD");
    const reason = ineligibility(i, today, []) ?? "certificate-not-valid";
    return `${t("isp.notCertified")}：${t(`isp.reason.${reason}` as PageKey, { kind: t(`isp.kind.${i.kind}` as PageKey) })}`;
  };
  const conflicts = (i: Inspector) =>
    i.conflictBusinesses.length + i.conflictTownships.length + i.kinship.length === 0
      ? t("isp.noConflicts")
      : [
          ...i.conflictTownships.map((c) => townshipName.get(c) ?? c),
          ...i.conflictBusinesses,
          ...i.kinship.map((k) => `${k.relation}：${k.creditCode}`),
        ].join("、");

  const columns: DataColumn<Inspector>[] = [
    { key: "name", title: t("isp.name"), text: (i) => i.name, sort: true },
    { key: "body", title: t("isp.body"), text: (i) => bodyName.get(i.bodyId) ?? i.bodyId, filter: true },
    { key: "kind", title: t("isp.kind"), text: (i) => t(`isp.kind.${i.kind}` as PageKey), filter: true },
    {
      key: "eligible",
      title: t("isp.eligible"),
      text: eligibility,
      filter: false,
      render: (_: unknown, i) => (
        <Tag color={i.certifiedToday ? "success" : "error"} bordered={false} style={{ color: "rgba(0,0,0,0.88)", whiteSpace: "normal" }} data-testid="eligibility">
          {eligibility(i)}
        </Tag>
      ),
    },
    { key: "certificateNo", title: t("isp.certificateNo"), text: (i) => i.certificateNo ?? "" },
    { key: "validity", title: t("isp.validity"), text: (i) => (i.certificateFrom ? `${i.certificateFrom} – ${i.certificateUntil ?? ""}` : ""), responsive: ["md"] },
    { key: "qualifications", title: t("isp.qualifications"), text: (i) => i.qualifications.join("、"), render: (_: unknown, i) => <ItemTags codes={i.qualifications} max={2} />, responsive: ["lg"] },
    { key: "conflicts", title: t("isp.conflicts"), text: conflicts, responsive: ["lg"] },
  ];
  if (can("inspector.write")) {
    columns.push({
      key: "actions",
      title: t("isp.edit"),
      noExport: true,
      text: () => "",
      render: (_: unknown, i) => (
        <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(i)} aria-label={t("isp.editOf", { name: i.name })}>
          {t("isp.edit")}
        </Button>
      ),
    });
  }

  return (
    <>
      <PageTitle>{t("isp.title")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t("isp.intro")}
      </Typography.Paragraph>
      <ErrorAlert error={bodies.error ?? list.error} onRetry={() => (bodies.reload(), list.reload())} />
      <DataTable<Inspector>
        testId="inspectors"
        rowKey="id"
        caption={t("isp.title")}
        rows={rows}
        loading={list.loading}
        columns={columns}
        exportName={t("isp.title")}
        exportPages={list.pages}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
        locale={{ emptyText: t("isp.empty") }}
        toolbar={
          <>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              aria-label={t("isp.body")}
              placeholder={t("isp.allBodies")}
              value={bodyId}
              onChange={setBodyId}
              style={{ width: 240, maxWidth: "100%" }}
              options={(bodies.data ?? []).map((b) => ({ value: b.id, label: b.name }))}
            />
            <Space>
              <Switch checked={onlyCertified} onChange={setOnlyCertified} aria-label={t("isp.onlyCertified")} />
              <span aria-hidden>{t("isp.onlyCertified")}</span>
            </Space>
            {can("inspector.write") && (
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing("new")}>
                {t("isp.add")}
              </Button>
            )}
          </>
        }
      />
      {editing && (
        <InspectorForm
          inspector={editing === "new" ? undefined : editing}
          bodies={(bodies.data ?? []).filter((b) => b.status === "active").map((b) => ({ value: b.id, label: b.name }))}
          defaultBody={bodyId}
          onClose={() => setEditing(undefined)}
          onDone={() => {
            setEditing(undefined);
            list.reload();
          }}
        />
      )}
    </>
  );
}

interface Values {
  bodyId: string;
  name: string;
  kind: Kind;
  certificateNo?: string;
  validity?: [Dayjs, Dayjs];
  qualifications?: string[];
  conflictBusinesses?: string[];
  conflictTownships?: string[];
  kinship?: { creditCode?: string; relation?: string }[];
  homeTownship?: string;
  status?: "active" | "inactive";
}

const FIELDS = ["bodyId", "name", "kind", "certificateNo", "validity", "qualifications", "conflictBusinesses", "conflictTownships", "kinship", "homeTownship", "status"];

/** Register or change one inspector; the API's field errors land beside their fields. */
function InspectorForm({ inspector, bodies, defaultBody, onClose, onDone }: { inspector?: Inspector; bodies: { value: string; label: string }[]; defaultBody?: string; onClose(): void; onDone(): void }) {
  const { t } = useStrings(spotcheckStrings);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch("kind", form) ?? inspector?.kind ?? "officer";
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const editing = !!inspector;

  async function submit(v: Values) {
    setBusy(true);
    setError(undefined);
    const cert =
      v.kind === "officer" || v.certificateNo
        ? { certificateNo: v.certificateNo?.trim() || undefined, certificateFrom: v.validity?.[0]?.format("YYYY-MM-DD"), certificateUntil: v.validity?.[1]?.format("YYYY-MM-DD") }
        : {};
    const kinship = (v.kinship ?? []).filter((k) => k.creditCode && k.relation?.trim()).map((k) => ({ creditCode: k.creditCode!, relation: k.relation!.trim() }));
    try {
      const saved = inspector
        ? await call(
            client.api.inspectors[":inspectorId"].$patch({
              param: { inspectorId: inspector.id },
              json: {
                version: inspector.version,
                ...cert,
                qualifications: v.qualifications ?? [],
                conflictBusinesses: v.conflictBusinesses ?? [],
                conflictTownships: v.conflictTownships ?? [],
                kinship,
                status: v.status,
              },
            }),
          )
        : await call(
            client.api.inspectors.$post({
              json: {
                bodyId: v.bodyId,
                name: v.name.trim(),
                kind: v.kind,
                ...cert,
                qualifications: v.qualifications ?? [],
                conflictBusinesses: v.conflictBusinesses ?? [],
                conflictTownships: v.conflictTownships ?? [],
                kinship,
                homeTownship: v.homeTownship,
              },
            }),
          );
      void message.success(t(editing ? "isp.updated" : "isp.created", { name: saved.name }));
      onDone();
    } catch (err) {
      const e = toApiError(err);
      // The API names the certificate's dates; the form has one range for them.
      const dates = e.details.filter((d) => d.field === "certificateFrom" || d.field === "certificateUntil");
      const rest = applyApiErrors(form, e, FIELDS, { "inspector.certificate_required": "certificateNo", "enforcement.not_found": "bodyId" });
      if (dates.length) form.setFields([{ name: "validity", errors: dates.map((d) => d.message) }]);
      setError(dates.length && rest?.includes("certificate") ? undefined : rest);
    } finally {
      setBusy(false);
    }
  }

  const initial: Partial<Values> = inspector
    ? {
        bodyId: inspector.bodyId,
        name: inspector.name,
        kind: inspector.kind,
        certificateNo: inspector.certificateNo,
        validity: inspector.certificateFrom && inspector.certificateUntil ? [dayjs(inspector.certificateFrom), dayjs(inspector.certificateUntil)] : undefined,
        qualifications: inspector.qualifications,
        conflictBusinesses: inspector.conflictBusinesses,
        conflictTownships: inspector.conflictTownships,
        kinship: inspector.kinship,
        homeTownship: inspector.homeTownship,
        status: inspector.status,
      }
    : { kind: "officer", bodyId: defaultBody, qualifications: [], conflictBusinesses: [], conflictTownships: [], kinship: [] };

  return (
    <Modal
      open
      title={inspector ? t("isp.editOf", { name: inspector.name }) : t("isp.add")}
      okText={t("common.save")}
      cancelText={t("common.cancel")}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" name="inspector" onFinish={(v) => void submit(v)} disabled={busy} initialValues={initial}>
        <Form.Item label={t("isp.body")} name="bodyId" rules={[mustChoose(t("sc.choose", { field: t("isp.body") }))]}>
          <Select showSearch optionFilterProp="label" options={bodies} disabled={editing} />
        </Form.Item>
        <div style={{ display: "flex", gap: 16, flexWrap: "wrap" }}>
          <Form.Item label={t("isp.name")} name="name" style={{ flex: "1 1 200px" }} rules={[{ required: true, whitespace: true, min: 2, message: t("sc.required", { field: t("isp.name") }) }]}>
            <Input maxLength={40} disabled={editing} />
          </Form.Item>
          <Form.Item label={t("isp.kind")} name="kind" style={{ flex: "1 1 200px" }} extra={kind !== "officer" ? t("isp.kindHint") : undefined}>
            <Select disabled={editing} options={KINDS.map((k) => ({ value: k, label: t(`isp.kind.${k}` as PageKey) }))} />
          </Form.Item>
        </div>
        <div style={{ display: "flex", gap: 16, flexWrap: "wrap" }}>
          <Form.Item
            label={t("isp.certificateNo")}
            name="certificateNo"
            style={{ flex: "1 1 200px" }}
            extra={kind === "officer" ? t("isp.certHint") : undefined}
            rules={kind === "officer" ? [{ required: true, whitespace: true, min: 4, message: t("sc.required", { field: t("isp.certificateNo") }) }] : []}
          >
            <Input maxLength={40} autoComplete="off" />
          </Form.Item>
          <Form.Item
            label={t("isp.validity")}
            name="validity"
            style={{ flex: "1 1 260px" }}
            rules={kind === "officer" ? [mustChoose(t("sc.choose", { field: t("isp.validity") }))] : []}
          >
            <DatePicker.RangePicker style={{ width: "100%" }} />
          </Form.Item>
        </div>
        <Form.Item label={t("isp.qualifications")} name="qualifications">
          <ItemPicker />
        </Form.Item>
        <Form.Item label={t("isp.conflictTownships")} name="conflictTownships">
          <TownshipPicker multiple />
        </Form.Item>
        <Form.Item label={t("isp.conflictBusinesses")} name="conflictBusinesses">
          <BusinessPicker multiple />
        </Form.Item>
        <Form.Item label={t("isp.kinship")}>
          <Form.List name="kinship">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <div key={f.key} style={{ display: "flex", gap: 8, flexWrap: "wrap", alignItems: "flex-start" }}>
                    <Form.Item name={[f.name, "creditCode"]} style={{ flex: "1 1 240px", marginBottom: 8 }} rules={[mustChoose(t("sc.choose", { field: t("isp.kinship") }))]}>
                      <BusinessPicker />
                    </Form.Item>
                    <Form.Item name={[f.name, "relation"]} style={{ flex: "0 1 140px", marginBottom: 8 }} rules={[{ required: true, whitespace: true, message: t("sc.required", { field: t("isp.relation") }) }]}>
                      <Input placeholder={t("isp.relation")} aria-label={t("isp.relation")} maxLength={40} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined aria-hidden />} aria-label={t("isp.remove")} onClick={() => remove(f.name)} />
                  </div>
                ))}
                <Button onClick={() => add({})} icon={<PlusOutlined aria-hidden />}>
                  {t("isp.addKinship")}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        {!editing && (
          <Form.Item label={t("isp.homeTownship")} name="homeTownship">
            <TownshipPicker />
          </Form.Item>
        )}
        {editing && (
          <Form.Item label={t("isp.status")} name="status">
            <Select
              options={[
                { value: "active", label: t("isp.status.active") },
                { value: "inactive", label: t("isp.status.inactive") },
              ]}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
