import { MinusCircleOutlined, PlusOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { useSearchParams } from "react-router-dom";
import { ApiError, call, client } from "../api";
import { departmentList, collect, useLoad } from "../data";
import { usePaged } from "../components/paged";
import { DataTable } from "../components/DataTable";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as referralsStrings from "../locales/referrals";
import * as spotcheckStrings from "../locales/spotcheck";
import { useText } from "../charts/text";
import { useSession } from "../session";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";
import { BeyondCalendar } from "./assistance-shared";
import { PrintButton } from "../print/PrintButton";
import { EvidencePreview } from "../evidence/EvidencePreview";
import { MAX_FILE_BYTES, MAX_FILE_LABEL } from "@supervision/core/evidence/limits";
import { readBase64 } from "../evidence/files";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof referralsStrings> | KeyOf<typeof spotcheckStrings>;

type Referral = InferResponseType<typeof client.api.referrals.$get, 200>["items"][number];
type Step = Referral["steps"][number];
type JudicialRequest = InferResponseType<(typeof client.api)["judicial-requests"]["$get"], 200>["items"][number];
type Department = InferResponseType<typeof client.api.tenant.departments.$get, 200>["items"][number];

type ActionKey = "approve" | "reject" | "transfer" | "openCase" | "refuse" | "supervise" | "askExplanation" | "explain";
type Organ = "police" | "procuratorate" | undefined;

const STATE_COLOR: Record<Referral["state"], string> = {
  reported: "default",
  approved: "default",
  "not-transferred": "default",
  transferred: "default",
  "case-opened": "success",
  refused: "warning",
  "supervision-requested": "default",
  "explanation-requested": "warning",
  explained: "default",
};

const fmt = (iso?: string) => (iso ? formatTime(iso, "YYYY-MM-DD HH:mm") : "");
/** A clock of N days ends at 24:00 Beijing time of its last day: shown so, not as 00:00 of the next. */
const fmtDue = (iso?: string) => {
  const s = fmt(iso);
  return s.endsWith(" 00:00") ? `${formatTime(new Date(Date.parse(iso!) - 60_000).toISOString(), "YYYY-MM-DD")} 24:00` : s;
};

/** The signed-in judicial user's organ, from the type of their department. */
function useOrgan(departments: Department[] | undefined): Organ {
  const { me } = useSession();
  const dep = departments?.find((d) => d.id === me?.departmentId);
  return dep?.type === "public-security" ? "police" : dep?.type === "procuratorate" ? "procuratorate" : undefined;
}

/** 行刑衔接: transfers with their statutory clocks, and requests from judicial organs. */
export default function Referrals() {
  const { t } = useStrings(referralsStrings, spotcheckStrings);
  const tx = useText();
  const { can } = useSession();
  // Opened from a visit's 移送 result (/referrals?visitId=…): the open form, prefilled.
  const [params] = useSearchParams();
  const [tab, setTab] = useState(params.get("visitId") && can("referral.write") ? "open" : "cases");
  const departments = useLoad(() => departmentList(), []);
  const judicial = can("referral.judicial");
  const items = [
    { key: "cases", label: t("crf.cases"), children: <CaseList departments={departments.data} /> },
    ...(can("referral.write") ? [{ key: "open", label: t("crf.open"), children: <OpenForm onOpened={() => setTab("cases")} /> }] : []),
    { key: "requests", label: t("crf.requests"), children: <RequestList departments={departments.data} /> },
  ];
  return (
    <>
      <PageTitle>{t("crf.title")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 960 }}>
        {t("crf.intro")}
      </Typography.Paragraph>
      {judicial && <Alert type="info" showIcon style={{ marginBottom: 16, maxWidth: 960 }} message={t("crf.judicialIntro")} />}
      <Tabs activeKey={tab} onChange={setTab} items={items} destroyOnHidden />
    </>
  );
}

/** "（超出工作日历）" after a due date the working-day calendar does not reach yet (text for search and export). */
function beyondText(t: (k: PageKey) => string, s: { dueBeyondCalendar?: boolean; doneAt?: string | null }) {
  return s.dueBeyondCalendar && !s.doneAt ? `（${t("cal.beyond")}）` : "";
}

function ClockTag({ step }: { step: Pick<Step, "dueAt" | "doneAt" | "overdue" | "dueBeyondCalendar"> }) {
  const { t } = useStrings(referralsStrings, spotcheckStrings);
  const tx = useText();
  if (!step.dueAt) return <Typography.Text type="secondary">{t("crf.noClock")}</Typography.Text>;
  return (
    <Space size={4} wrap>
      <span>{fmtDue(step.dueAt)}</span>
      {/* Past the last calendar year held: counted on plain weekends until the State Council's holidays are added. */}
      {step.dueBeyondCalendar && !step.doneAt && <BeyondCalendar />}
      {step.overdue ? (
        <Tag color="error" bordered={false}>
          {step.doneAt ? t("crf.late") : t("crf.overdue")}
        </Tag>
      ) : (
        !step.doneAt && (
          <Tag color="success" bordered={false}>
            {t("crf.onTime")}
          </Tag>
        )
      )}
    </Space>
  );
}

/** Which actions the signed-in user may offer on a referral in its state. */
function actionsFor(r: Referral, can: (p: Parameters<ReturnType<typeof useSession>["can"]>[0]) => boolean, organ: Organ): ActionKey[] {
  switch (r.state) {
    case "reported":
      return can("referral.decide") ? ["approve", "reject"] : [];
    case "approved":
      return can("referral.write") ? ["transfer"] : [];
    case "transferred":
      return can("referral.judicial") && organ === "police" ? ["openCase", "refuse"] : [];
    case "refused":
      return can("referral.write") ? ["supervise"] : [];
    case "supervision-requested":
      return can("referral.judicial") && organ === "procuratorate" ? ["askExplanation"] : [];
    case "explanation-requested":
      return can("referral.judicial") && organ === "police" ? ["explain"] : [];
    default:
      return [];
  }
}

function CaseList({ departments }: { departments: Department[] | undefined }) {
  const { t } = useStrings(referralsStrings, spotcheckStrings);
  const tx = useText();
  const { can } = useSession();
  const organ = useOrgan(departments);
  const list = usePaged((cursor) => call(client.api.referrals.$get({ query: { limit: "200", cursor } })), []);
  const { rows: data, error, loading, reload } = list;
  const [acting, setActing] = useState<{ referral: Referral; action: ActionKey }>();
  return (
    <>
      <ErrorAlert error={error} onRetry={reload} />
      <DataTable<Referral>
        rowKey="id"
        loading={loading}
        rows={data}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
        exportPages={list.pages}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t("crf.empty")} /> }}
        caption={t("crf.caption")}
        exportName={t("crf.caption")}
        expandable={{ expandedRowRender: (r) => <CaseDetail referral={r} departments={departments} /> }}
        columns={[
          { title: t("crf.case"), key: "title", text: (r) => `${r.title} ${r.suspectedOffence}`, sort: true, render: (_, r) => <span>{r.title}<br /><Typography.Text type="secondary">{r.suspectedOffence}</Typography.Text></span> },
          {
            title: t("crf.stateCol"),
            dataIndex: "state",
            width: 190,
            text: (r) => t(`crf.state.${r.state}` as PageKey),
            filter: true,
            render: (s: Referral["state"]) => (
              <Tag color={STATE_COLOR[s]} bordered={false}>
                {t(`crf.state.${s}` as PageKey)}
              </Tag>
            ),
          },
          {
            title: t("crf.openStep"),
            key: "step",
            text: (r) => (r.openStep ? `${t(`crf.step.${r.openStep.step}` as PageKey)}（${t(`crf.party.${r.openStep.by}` as PageKey)}）` : ""),
            filter: true,
            render: (_, r) => (r.openStep ? `${t(`crf.step.${r.openStep.step}` as PageKey)}（${t(`crf.party.${r.openStep.by}` as PageKey)}）` : "—"),
          },
          { title: t("crf.due"), key: "due", width: 230, text: (r) => (r.openStep?.dueAt ? `${fmtDue(r.openStep.dueAt)}${beyondText(t, r.openStep)}${r.openStep.overdue ? ` ${t("crf.overdue")}` : ""}` : ""), sort: true, render: (_, r) => (r.openStep ? <ClockTag step={r.openStep} /> : "—") },
          {
            title: t("crf.actions"),
            key: "actions",
            width: 200,
            render: (_, r) => (
              <Space wrap>
                {actionsFor(r, can, organ).map((a) => (
                  <Button
                    key={a}
                    size="small"
                    type={a === "reject" || a === "refuse" ? "default" : "primary"}
                    onClick={() => setActing({ referral: r, action: a })}
                    aria-label={t("crf.actionOf", { action: t(`crf.${a}` as PageKey), title: r.title })}
                  >
                    {t(`crf.${a}` as PageKey)}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {acting && (
        <ActionModal
          {...acting}
          departments={departments ?? []}
          onCancel={() => setActing(undefined)}
          onDone={() => {
            setActing(undefined);
            reload();
          }}
        />
      )}
    </>
  );
}

function CaseDetail({ referral: r, departments }: { referral: Referral; departments: Department[] | undefined }) {
  const { t } = useStrings(referralsStrings, spotcheckStrings);
  const tx = useText();
  const depName = (id?: string) => departments?.find((d) => d.id === id)?.name ?? id ?? "";
  return (
    <div style={{ display: "grid", gap: 12 }}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t("crf.offence")}>{r.suspectedOffence}</Descriptions.Item>
        <Descriptions.Item label={t("crf.facts")}>{r.facts}</Descriptions.Item>
        {r.entityName && <Descriptions.Item label={t("crf.entityNameOptional")}>{`${r.entityName} ${r.creditCode ?? ""}`}</Descriptions.Item>}
        <Descriptions.Item label={t("crf.team")}>{r.team.map((m) => `${m.name}（${m.badgeNo}）`).join("、")}</Descriptions.Item>
        <Descriptions.Item label={t("crf.evidence")}>
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {r.evidence.map((e) => (
              <li key={e.sha256 + e.name}>
                {e.name}（{t(`crf.kind.${e.kind}` as PageKey)}） <Typography.Text code style={{ fontSize: 12 }}>{e.sha256}</Typography.Text>{" "}
                <EvidencePreview path={`/api/evidence/referrals/${r.id}/${e.sha256}`} name={e.name} hash={e.sha256} />
              </li>
            ))}
          </ul>
        </Descriptions.Item>
        {r.policeDepartmentId && <Descriptions.Item label={t("crf.party.police")}>{depName(r.policeDepartmentId)}</Descriptions.Item>}
        {r.steps.some((s) => s.step === "transfer" && s.doneAt) && (
          <Descriptions.Item label={tx("print.button")}>
            <PrintButton size="small" kind="case-transfer" id={r.id} />
          </Descriptions.Item>
        )}
        {r.procuratorateDepartmentId && <Descriptions.Item label={t("crf.party.procuratorate")}>{depName(r.procuratorateDepartmentId)}</Descriptions.Item>}
      </Descriptions>
      <Table<Step>
        size="small"
        rowKey={(s) => `${s.step}-${s.startedAt}`}
        pagination={false}
        dataSource={r.steps}
        caption={<span className="sr-only">{t("crf.stepsCaption")}</span>}
        columns={[
          { title: t("crf.stepCol"), dataIndex: "step", render: (s: Step["step"]) => t(`crf.step.${s}` as PageKey) },
          { title: t("crf.by"), dataIndex: "by", render: (b: Step["by"]) => t(`crf.party.${b}` as PageKey) },
          { title: t("crf.started"), dataIndex: "startedAt", render: fmt },
          { title: t("crf.due"), key: "due", render: (_, s) => <ClockTag step={s} /> },
          { title: t("crf.done"), dataIndex: "doneAt", render: fmt },
          { title: t("crf.note"), key: "note", render: (_, s) => (s.note ? `${s.doneBy?.name ?? ""}：${s.note}` : "") },
        ]}
      />
    </div>
  );
}

interface ActionValues {
  reason: string;
  departmentId?: string;
}

function ActionModal(props: { referral: Referral; action: ActionKey; departments: Department[]; onDone(): void; onCancel(): void }) {
  const { referral: r, action } = props;
  const { t } = useStrings(referralsStrings, spotcheckStrings);
  const tx = useText();
  const { message } = App.useApp();
  const [form] = Form.useForm<ActionValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const departmentType = action === "transfer" ? "public-security" : action === "supervise" ? "procuratorate" : undefined;
  const options = props.departments.filter((d) => d.type === departmentType && d.status === "active").map((d) => ({ value: d.id, label: d.name }));

  async function submit(v: ActionValues) {
    setBusy(true);
    setError(undefined);
    const param = { referralId: r.id };
    const version = r.version;
    const api = client.api.referrals[":referralId"];
    try {
      switch (action) {
        case "approve":
        case "reject":
          await call(api.decision.$post({ param, json: { version, approve: action === "approve", reason: v.reason } }));
          break;
        case "transfer":
          await call(api.transfer.$post({ param, json: { version, note: v.reason, ...(v.departmentId ? { policeDepartmentId: v.departmentId } : {}) } }));
          break;
        case "openCase":
        case "refuse":
          await call(api["police-decision"].$post({ param, json: { version, openCase: action === "openCase", reason: v.reason } }));
          break;
        case "supervise":
          await call(api.supervision.$post({ param, json: { version, procuratorateDepartmentId: v.departmentId!, note: v.reason } }));
          break;
        case "askExplanation":
          await call(api["explanation-request"].$post({ param, json: { version, note: v.reason } }));
          break;
        case "explain":
          await call(api.explanation.$post({ param, json: { version, explanation: v.reason } }));
          break;
      }
      void message.success(t("crf.done.msg", { action: t(`crf.${action}` as PageKey) }));
      props.onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "client", String(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t("crf.actionOf", { action: t(`crf.${action}` as PageKey), title: r.title })}
      okText={t(`crf.${action}` as PageKey)}
      cancelText={t("common.cancel")}
      onOk={() => form.submit()}
      onCancel={props.onCancel}
      confirmLoading={busy}
      destroyOnHidden
    >
      <ErrorAlert error={error} />
      <Form<ActionValues> form={form} layout="vertical" name={`referral-${action}`} onFinish={submit}>
        {action === "transfer" && (
          <Form.Item label={t("crf.policeDepartment")} name="departmentId" extra={t("crf.policeDepartmentHint")}>
            <Select allowClear options={options} />
          </Form.Item>
        )}
        {action === "supervise" && (
          <Form.Item label={t("crf.procuratorate")} name="departmentId" rules={[{ required: true, message: t("crf.procuratorateRequired") }]}>
            <Select options={options} />
          </Form.Item>
        )}
        <Form.Item label={t("crf.reason")} name="reason" rules={[{ required: true, whitespace: true, min: 2, message: t("crf.reasonRequired") }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface OpenValues {
  title: string;
  suspectedOffence: string;
  facts: string;
  creditCode?: string;
  entityName?: string;
  team: { name: string; badgeNo: string }[];
  evidence: { name: string; kind: "document" | "record" | "photo" | "video" | "sample" | "other"; sha256: string }[];
}

const KINDS = ["document", "record", "photo", "video", "sample", "other"] as const;

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function OpenForm({ onOpened }: { onOpened(): void }) {
  const { t } = useStrings(referralsStrings, spotcheckStrings);
  const tx = useText();
  const { message } = App.useApp();
  const [form] = Form.useForm<OpenValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [params] = useSearchParams();
  const visitId = params.get("visitId") ?? undefined;

  async function submit(v: OpenValues) {
    setBusy(true);
    setError(undefined);
    try {
      const opened = await call(
        client.api.referrals.$post({
          json: {
            title: v.title,
            suspectedOffence: v.suspectedOffence,
            facts: v.facts,
            ...(v.creditCode?.trim() ? { creditCode: v.creditCode.trim() } : {}),
            ...(v.entityName?.trim() ? { entityName: v.entityName.trim() } : {}),
            team: v.team,
            evidence: v.evidence.map((e) => ({ ...e, sha256: e.sha256.trim().toLowerCase() })),
            ...(visitId ? { visitId, ...(params.get("itemCode") ? { visitItemCode: params.get("itemCode")! } : {}) } : {}),
          },
        }),
      );
      void message.success(t("crf.opened", { title: opened.title, due: fmtDue(opened.openStep?.dueAt) }));
      form.resetFields();
      onOpened();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "client", String(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card style={{ maxWidth: 960 }}>
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={error.message}
          description={error.details.length ? <ul style={{ margin: 0 }}>{error.details.map((d, i) => <li key={i}>{`${d.field}：${d.message}`}</li>)}</ul> : undefined}
        />
      )}
      <Form<OpenValues>
        form={form}
        layout="vertical"
        name="open-referral"
        onFinish={submit}
        disabled={busy}
        initialValues={{
          team: [{ name: "", badgeNo: "" }, { name: "", badgeNo: "" }],
          evidence: [{ name: "", kind: "document", sha256: "" }],
          ...(visitId ? { creditCode: params.get("creditCode") ?? undefined, entityName: params.get("entityName") ?? undefined, facts: params.get("description") ?? undefined } : {}),
        }}
      >
        <Form.Item label={t("crf.titleLabel")} name="title" rules={[{ required: true, whitespace: true, min: 2, message: t("crf.titleRequired") }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t("crf.offence")} name="suspectedOffence" rules={[{ required: true, whitespace: true, min: 2, message: t("crf.offenceRequired") }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t("crf.facts")} name="facts" rules={[{ required: true, whitespace: true, min: 2, message: t("crf.factsRequired") }]}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Space wrap align="start" size="large">
          <Form.Item label={t("crf.creditCodeOptional")} name="creditCode" style={{ width: 280 }}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item label={t("crf.entityNameOptional")} name="entityName" style={{ width: 320 }}>
            <Input maxLength={100} />
          </Form.Item>
        </Space>

        <fieldset style={{ border: "1px solid #d9d9d9", borderRadius: 4, padding: "8px 16px", marginBottom: 16 }}>
          <legend style={{ width: "auto", fontSize: 14, padding: "0 4px", marginBottom: 0, border: 0 }}>
            {t("crf.team")}（{t("crf.teamHint", { min: 2 })}）
          </legend>
          <Form.List name="team">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap>
                    <Form.Item label={`${t("crf.member", { n: i + 1 })} · ${t("crf.memberName")}`} name={[f.name, "name"]} rules={[{ required: true, whitespace: true, min: 2, message: t("crf.memberRequired") }]}>
                      <Input maxLength={50} />
                    </Form.Item>
                    <Form.Item label={`${t("crf.member", { n: i + 1 })} · ${t("crf.badgeNo")}`} name={[f.name, "badgeNo"]} rules={[{ required: true, whitespace: true, min: 2, message: t("crf.memberRequired") }]}>
                      <Input maxLength={30} />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button type="text" icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(f.name)} aria-label={`${t("crf.remove")} ${t("crf.member", { n: i + 1 })}`} style={{ marginTop: 30 }} />
                    )}
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add({ name: "", badgeNo: "" })}>
                  {t("crf.addMember")}
                </Button>
              </>
            )}
          </Form.List>
        </fieldset>

        <fieldset style={{ border: "1px solid #d9d9d9", borderRadius: 4, padding: "8px 16px", marginBottom: 16 }}>
          <legend style={{ width: "auto", fontSize: 14, padding: "0 4px", marginBottom: 0, border: 0 }}>{t("crf.evidence")}</legend>
          <Typography.Paragraph type="secondary">{t("crf.evidenceHashHint")}</Typography.Paragraph>
          <Form.List name="evidence">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap>
                    <Form.Item label={`${i + 1}. ${t("crf.evidenceName")}`} name={[f.name, "name"]} rules={[{ required: true, whitespace: true, message: t("crf.evidenceRequired") }]}>
                      <Input maxLength={200} />
                    </Form.Item>
                    <Form.Item label={`${i + 1}. ${t("crf.evidenceKind")}`} name={[f.name, "kind"]} style={{ width: 140 }}>
                      <Select options={KINDS.map((k) => ({ value: k, label: t(`crf.kind.${k}` as PageKey) }))} />
                    </Form.Item>
                    <Form.Item
                      label={`${i + 1}. ${t("crf.evidenceHash")}`}
                      name={[f.name, "sha256"]}
                      rules={[{ required: true, pattern: /^\s*[a-fA-F0-9]{64}\s*$/, message: t("crf.evidenceRequired") }]}
                      style={{ width: 360 }}
                    >
                      <Input maxLength={64} style={{ fontFamily: "monospace" }} />
                    </Form.Item>
                    <label style={{ display: "inline-block", marginTop: 30 }}>
                      <span className="sr-only">{`${i + 1}. ${t("crf.evidenceFile")}`}</span>
                      <input
                        type="file"
                        onChange={async (e) => {
                          const file = e.target.files?.[0];
                          if (!file) return;
                          const hex = await sha256Hex(file);
                          form.setFieldValue(["evidence", f.name, "sha256"], hex);
                          // Also upload the file (≤ MAX_FILE_LABEL), so the police it is transferred to can open it.
                          if (file.size > MAX_FILE_BYTES) void message.warning(tx("evidence.tooLarge", { name: file.name, limit: MAX_FILE_LABEL }));
                          else
                            void readBase64(file)
                              .then((data) => call(client.api.evidence.$post({ json: { name: file.name, contentType: file.type || "application/octet-stream", data } })))
                              .then(() => message.success(`${tx("evidence.uploaded")}：${file.name}`))
                              .catch((err: unknown) => message.error(err instanceof Error ? err.message : String(err)));
                          if (!form.getFieldValue(["evidence", f.name, "name"])) form.setFieldValue(["evidence", f.name, "name"], file.name);
                          void form.validateFields([["evidence", f.name, "sha256"]]);
                        }}
                      />
                    </label>
                    {fields.length > 1 && (
                      <Button type="text" icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(f.name)} aria-label={`${t("crf.remove")} ${i + 1}`} style={{ marginTop: 30 }} />
                    )}
                  </Space>
                ))}
                <div>
                  <Button type="dashed" icon={<PlusOutlined aria-hidden />} onClick={() => add({ name: "", kind: "document", sha256: "" })}>
                    {t("crf.addEvidence")}
                  </Button>
                </div>
              </>
            )}
          </Form.List>
        </fieldset>
        <Button type="primary" htmlType="submit" icon={<SendOutlined aria-hidden />} loading={busy}>
          {t("crf.submit")}
        </Button>
      </Form>
    </Card>
  );
}

interface RequestValues {
  kind: JudicialRequest["kind"];
  toDepartmentId: string;
  referralId?: string;
  subject: string;
  details: string;
}

function RequestList({ departments }: { departments: Department[] | undefined }) {
  const { t } = useStrings(referralsStrings, spotcheckStrings);
  const tx = useText();
  const { can } = useSession();
  const { message } = App.useApp();
  const list = usePaged((cursor) => call(client.api["judicial-requests"].$get({ query: { limit: "200", cursor } })), []);
  const { rows: data, error, loading, reload } = list;
  const referrals = useLoad(() => (can("referral.judicial") ? collect((cursor) => call(client.api.referrals.$get({ query: { limit: "200", cursor } }))) : Promise.resolve([] as Referral[])), []);
  const [answering, setAnswering] = useState<JudicialRequest>();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<RequestValues>();
  const [answerForm] = Form.useForm<{ answer: string }>();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<ApiError>();
  const depName = (id: string) => departments?.find((d) => d.id === id)?.name ?? id;
  const required = (field: PageKey) => [{ required: true, whitespace: true, message: t("jrq.required", { field: t(field) }) }];

  async function create(v: RequestValues) {
    setBusy(true);
    setActionError(undefined);
    try {
      const made = await call(client.api["judicial-requests"].$post({ json: { ...v, ...(v.referralId ? { referralId: v.referralId } : {}) } }));
      void message.success(t("jrq.created", { due: fmtDue(made.dueAt) }));
      setCreating(false);
      form.resetFields();
      reload();
    } catch (err) {
      setActionError(err instanceof ApiError ? err : new ApiError(0, "client", String(err)));
    } finally {
      setBusy(false);
    }
  }

  async function answer(v: { answer: string }) {
    if (!answering) return;
    setBusy(true);
    setActionError(undefined);
    try {
      await call(client.api["judicial-requests"][":requestId"].answer.$post({ param: { requestId: answering.id }, json: { version: answering.version, answer: v.answer } }));
      void message.success(t("jrq.answered"));
      setAnswering(undefined);
      answerForm.resetFields();
      reload();
    } catch (err) {
      setActionError(err instanceof ApiError ? err : new ApiError(0, "client", String(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {can("referral.judicial") && (
        <Button type="primary" icon={<PlusOutlined aria-hidden />} style={{ marginBottom: 12 }} onClick={() => setCreating(true)}>
          {t("jrq.create")}
        </Button>
      )}
      <ErrorAlert error={error} onRetry={reload} />
      <DataTable<JudicialRequest>
        rowKey="id"
        loading={loading}
        rows={data}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
        exportPages={list.pages}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t("jrq.empty")} /> }}
        caption={t("jrq.caption")}
        exportName={t("jrq.caption")}
        expandable={{
          expandedRowRender: (q) => (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t("jrq.details")}>{q.details}</Descriptions.Item>
              {q.answer && <Descriptions.Item label={t("jrq.answer")}>{`${q.answeredBy?.name ?? ""}（${fmt(q.answeredAt)}）：${q.answer}`}</Descriptions.Item>}
            </Descriptions>
          ),
        }}
        columns={[
          { title: t("jrq.kind"), dataIndex: "kind", width: 130, text: (q) => t(`jrq.kind.${q.kind}` as PageKey), filter: true, render: (k: JudicialRequest["kind"]) => t(`jrq.kind.${k}` as PageKey) },
          { title: t("jrq.subject"), dataIndex: "subject", sort: true },
          { title: t("jrq.from"), key: "from", text: (q) => `${t(`jrq.organ.${q.organ}` as PageKey)} · ${depName(q.fromDepartmentId)}`, filter: true, render: (_, q) => `${t(`jrq.organ.${q.organ}` as PageKey)} · ${depName(q.fromDepartmentId)}` },
          { title: t("jrq.to"), dataIndex: "toDepartmentId", text: (q) => depName(q.toDepartmentId), filter: true, render: depName },
          { title: t("crf.due"), key: "due", width: 230, text: (q) => (q.dueAt ? `${fmtDue(q.dueAt)}${beyondText(t, { dueBeyondCalendar: q.dueBeyondCalendar, doneAt: q.answeredAt })}${q.overdue ? ` ${t("crf.overdue")}` : ""}` : ""), sort: true, render: (_, q) => <ClockTag step={{ dueAt: q.dueAt, doneAt: q.answeredAt, overdue: q.overdue, dueBeyondCalendar: q.dueBeyondCalendar }} /> },
          {
            title: t("jrq.status"),
            key: "status",
            text: (q) => t(`jrq.status.${q.status}` as PageKey),
            filter: true,
            render: (_, q) =>
              q.status === "open" && can("referral.write") ? (
                <Button size="small" type="primary" onClick={() => setAnswering(q)} aria-label={t("jrq.answerOf", { subject: q.subject })}>
                  {t("jrq.answer")}
                </Button>
              ) : (
                <Tag color={q.status === "answered" ? "success" : "default"} bordered={false}>
                  {t(`jrq.status.${q.status}` as PageKey)}
                </Tag>
              ),
          },
        ]}
      />
      {creating && (
        <Modal open title={t("jrq.create")} okText={t("jrq.create")} cancelText={t("common.cancel")} onOk={() => form.submit()} onCancel={() => setCreating(false)} confirmLoading={busy} destroyOnHidden>
          <ErrorAlert error={actionError} />
          <Form<RequestValues> form={form} layout="vertical" name="judicial-request" onFinish={create} initialValues={{ kind: "appraisal" }}>
            <Form.Item label={t("jrq.kind")} name="kind">
              <Select options={(["inspection", "appraisal", "custody", "destruction"] as const).map((k) => ({ value: k, label: t(`jrq.kind.${k}` as PageKey) }))} />
            </Form.Item>
            <Form.Item label={t("jrq.to")} name="toDepartmentId" rules={[{ required: true, message: t("jrq.required", { field: t("jrq.to") }) }]}>
              <Select
                showSearch
                optionFilterProp="label"
                options={(departments ?? []).filter((d) => d.status === "active" && d.type !== "public-security" && d.type !== "procuratorate").map((d) => ({ value: d.id, label: d.name }))}
              />
            </Form.Item>
            <Form.Item label={t("jrq.referral")} name="referralId">
              <Select allowClear options={(referrals.data ?? []).map((r) => ({ value: r.id, label: r.title }))} />
            </Form.Item>
            <Form.Item label={t("jrq.subject")} name="subject" rules={required("jrq.subject")}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item label={t("jrq.details")} name="details" rules={required("jrq.details")}>
              <Input.TextArea rows={3} maxLength={5000} />
            </Form.Item>
          </Form>
        </Modal>
      )}
      {answering && (
        <Modal open title={t("jrq.answerOf", { subject: answering.subject })} okText={t("jrq.answer")} cancelText={t("common.cancel")} onOk={() => answerForm.submit()} onCancel={() => setAnswering(undefined)} confirmLoading={busy} destroyOnHidden>
          <ErrorAlert error={actionError} />
          <Form form={answerForm} layout="vertical" name="answer-judicial-request" onFinish={answer}>
            <Form.Item label={t("jrq.answer")} name="answer" rules={[{ required: true, whitespace: true, min: 2, message: t("jrq.answerRequired") }]}>
              <Input.TextArea rows={4} maxLength={5000} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}
