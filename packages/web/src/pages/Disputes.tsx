import { ArrowLeftOutlined, PlusOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Radio, Select, Space, Switch, Table, Tag, Timeline, Typography } from "antd";
import type { FormInstance } from "antd";
import type { InferResponseType } from "hono/client";
import { useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ApiError, call, client } from "../api";
import { departmentList, collect, useLoad } from "../data";
import { ask } from "../components/confirm";
import { usePaged } from "../components/paged";
import { DataTable } from "../components/DataTable";
import { useStrings, type KeyOf, type MessageKey, type Translate } from "../i18n";
import * as disputesStrings from "../locales/disputes";
import { useSession } from "../session";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";
import { PrintButton } from "../print/PrintButton";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof disputesStrings>;

type DisputeInfo = InferResponseType<typeof client.api.disputes.$get, 200>["items"][number];
type Detail = InferResponseType<(typeof client.api.disputes)[":disputeId"]["$get"], 200>;
type Step = Detail["you"]["steps"][number];
type Department = InferResponseType<typeof client.api.tenant.departments.$get, 200>["items"][number];

/** Dark text on a light ground: AA contrast (antd's preset tag colours fall short). */
const TONES = {
  blue: { color: "#003eb3", background: "#e6f4ff", borderColor: "#91caff" },
  indigo: { color: "#10239e", background: "#f0f5ff", borderColor: "#adc6ff" },
  cyan: { color: "#00474f", background: "#e6fffb", borderColor: "#87e8de" },
  purple: { color: "#391085", background: "#f9f0ff", borderColor: "#d3adf7" },
  green: { color: "#135200", background: "#f6ffed", borderColor: "#b7eb8f" },
  orange: { color: "#873800", background: "#fff7e6", borderColor: "#ffd591" },
  grey: { color: "#434343", background: "#f5f5f5", borderColor: "#d9d9d9" },
};

const STATE_TONE: Record<DisputeInfo["status"], keyof typeof TONES> = {
  negotiating: "blue",
  proposed: "indigo",
  agreed: "cyan",
  filed: "purple",
  confirmed: "green",
  escalated: "orange",
  decided: "green",
  withdrawn: "grey",
};

/** 职责争议: the list, or one dispute when the URL names it. */
export default function Disputes() {
  const { disputeId } = useParams();
  return disputeId ? <DisputeView id={disputeId} /> : <DisputeList />;
}

function StateTag({ status }: { status: DisputeInfo["status"] }) {
  const { t } = useStrings(disputesStrings);
  return (
    <Tag style={TONES[STATE_TONE[status]]}>
      {t(`dsp.state.${status}` as PageKey)}
    </Tag>
  );
}

const subjectOf = (d: Pick<DisputeInfo, "itemCode" | "itemName" | "subject">, t: Translate<PageKey>) =>
  d.itemCode ? t("dsp.item", { code: d.itemCode, name: d.itemName ?? "" }) : t("dsp.newIndustry", { subject: d.subject ?? "" });

function DisputeList() {
  const { t } = useStrings(disputesStrings);
  const { can } = useSession();
  const navigate = useNavigate();
  const [onlyOpen, setOnlyOpen] = useState(false);
  const [opening, setOpening] = useState(false);
  const list = usePaged((cursor) => call(client.api.disputes.$get({ query: { ...(onlyOpen ? { open: "true" as const } : {}), limit: "200", cursor } })), [onlyOpen]);
  const { rows: data, error, loading, reload } = list;

  return (
    <>
      <PageTitle
        extra={
          can("dispute.act") && (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpening(true)}>
              {t("dsp.open")}
            </Button>
          )
        }
      >
        {t("dsp.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t("dsp.intro")}
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Switch id="dsp-only-open" checked={onlyOpen} onChange={setOnlyOpen} />
        <label htmlFor="dsp-only-open">{t("dsp.filterOpen")}</label>
      </Space>
      <ErrorAlert error={error} onRetry={reload} />
      <DataTable<DisputeInfo>
        rowKey="id"
        loading={loading}
        rows={data}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
        exportPages={list.pages}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        caption={t("dsp.caption")}
        exportName={t("dsp.caption")}
        locale={{ emptyText: <Empty description={t("dsp.empty")} /> }}
        columns={[
          {
            title: t("dsp.subjectCol"),
            key: "subject",
            text: (d) => subjectOf(d, t),
            sort: true,
            render: (_: unknown, d) => (
              <Link to={`/disputes/${d.id}`} aria-label={t("dsp.viewOf", { subject: subjectOf(d, t) })}>
                {subjectOf(d, t)}
              </Link>
            ),
          },
          { title: t("dsp.departments"), key: "departments", text: (d) => d.departments.map((x) => x.name).join("、"), render: (_: unknown, d) => d.departments.map((x) => x.name).join("、") },
          { title: t("dsp.status"), dataIndex: "status", width: 170, text: (d) => t(`dsp.state.${d.status}` as PageKey), filter: true, render: (s: DisputeInfo["status"]) => <StateTag status={s} /> },
          { title: t("dsp.lead"), key: "lead", width: 200, text: (d) => d.outcome?.lead?.name ?? "", filter: true, render: (_: unknown, d) => d.outcome?.lead?.name ?? "—" },
          { title: t("dsp.openedAt"), dataIndex: "openedAt", width: 170, text: (d) => formatTime(d.openedAt, "YYYY-MM-DD HH:mm"), sort: true, render: (v: string) => formatTime(v, "YYYY-MM-DD HH:mm") },
        ]}
      />
      {opening && (
        <OpenDispute
          onClose={() => setOpening(false)}
          onOpened={(d) => {
            setOpening(false);
            navigate(`/disputes/${d.id}`);
          }}
        />
      )}
    </>
  );
}

function useDepartments() {
  return useLoad(() => departmentList(), []);
}

const selectable = (deps: Department[] | undefined) => (deps ?? []).filter((d) => d.status === "active" && d.type !== "establishment");

interface OpenValues {
  target: "item" | "subject";
  itemCode?: string;
  subject?: string;
  kind: "overlap" | "unclaimed";
  departmentIds: string[];
  reason: string;
}

/** Put the API's field errors on the form; return what no field took. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function fieldErrors(form: FormInstance<any>, err: ApiError, fields: string[]): string | undefined {
  const fieldOf = (path: string) => fields.find((f) => f === path.split(".")[0]);
  const own = err.details.filter((d) => fieldOf(d.field));
  form.setFields(own.map((d) => ({ name: fieldOf(d.field)!, errors: [d.message] })));
  return own.length > 0 && own.length === err.details.length ? undefined : err.message;
}

function OpenDispute({ onClose, onOpened }: { onClose(): void; onOpened(d: Detail): void }) {
  const { t } = useStrings(disputesStrings);
  const { message } = App.useApp();
  const [form] = Form.useForm<OpenValues>();
  const deps = useDepartments();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const target = Form.useWatch("target", form) ?? "item";

  async function submit(v: OpenValues) {
    setBusy(true);
    setError(undefined);
    try {
      const d = await call(
        client.api.disputes.$post({
          json: {
            ...(v.target === "item" ? { itemCode: v.itemCode?.trim() } : { subject: v.subject }),
            kind: v.kind,
            departmentIds: v.departmentIds,
            reason: v.reason,
          },
        }),
      );
      void message.success(t("dsp.opened"));
      onOpened(d);
    } catch (err) {
      setError(err instanceof ApiError ? fieldErrors(form, err, ["itemCode", "subject", "kind", "departmentIds", "reason", "hostDepartmentId"]) : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={t("dsp.openTitle")} onCancel={onClose} okText={t("dsp.open")} cancelText={t("common.cancel")} onOk={() => form.submit()} confirmLoading={busy} width={680} maskClosable={false} destroyOnHidden>
      <ErrorAlert error={deps.error} onRetry={deps.reload} />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form<OpenValues> form={form} layout="vertical" name="open-dispute" onFinish={submit} initialValues={{ target: "item", kind: "overlap", departmentIds: [] }} disabled={busy}>
        <Form.Item label={t("dsp.target")} name="target">
          <Radio.Group
            optionType="button"
            options={[
              { value: "item", label: t("dsp.targetItem") },
              { value: "subject", label: t("dsp.targetSubject") },
            ]}
          />
        </Form.Item>
        {target === "item" ? (
          <Form.Item label={t("dsp.itemCode")} name="itemCode" extra={t("dsp.itemCodeHint")} rules={[{ required: true, whitespace: true, message: t("dsp.itemCodeRequired") }]}>
            <Input maxLength={32} placeholder="FJ-SP-001" />
          </Form.Item>
        ) : (
          <Form.Item label={t("dsp.subject")} name="subject" rules={[{ required: true, whitespace: true, message: t("dsp.subjectRequired") }]}>
            <Input maxLength={100} />
          </Form.Item>
        )}
        <Form.Item label={t("dsp.kind")} name="kind">
          <Radio.Group
            options={[
              { value: "overlap", label: t("dsp.kind.overlap") },
              { value: "unclaimed", label: t("dsp.kind.unclaimed") },
            ]}
          />
        </Form.Item>
        <Form.Item label={t("dsp.departments")} name="departmentIds" extra={t("dsp.departmentsHint")} rules={[{ required: true, type: "array", min: 1, message: t("dsp.departmentsRequired") }]}>
          <Select mode="multiple" loading={deps.loading} optionFilterProp="label" options={selectable(deps.data).map((d) => ({ value: d.id, label: d.name }))} />
        </Form.Item>
        <Form.Item label={t("dsp.reason")} name="reason" rules={[{ required: true, whitespace: true, message: t("dsp.reasonRequired") }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Call the API for one step of the machine. */
function runStep(id: string, step: Exclude<Step, "open" | "post">, version: number, v: { leadDepartmentId?: string; text?: string }) {
  const param = { disputeId: id };
  const d = client.api.disputes[":disputeId"];
  const text = v.text?.trim() ?? "";
  switch (step) {
    case "propose":
      return call(d.propose.$post({ param, json: { version, leadDepartmentId: v.leadDepartmentId!, terms: text } }));
    case "accept":
      return call(d.accept.$post({ param, json: { version } }));
    case "decline":
      return call(d.decline.$post({ param, json: { version, reason: text } }));
    case "file":
      return call(d.file.$post({ param, json: { version, ...(text ? { note: text } : {}) } }));
    case "confirm":
      return call(d.confirm.$post({ param, json: { version, ...(text ? { note: text } : {}) } }));
    case "reject":
      return call(d.reject.$post({ param, json: { version, reason: text } }));
    case "escalate":
      return call(d.escalate.$post({ param, json: { version, reason: text } }));
    case "decide":
      return call(d.decide.$post({ param, json: { version, leadDepartmentId: v.leadDepartmentId!, reasoning: text } }));
    case "withdraw":
      return call(d.withdraw.$post({ param, json: { version, reason: text } }));
  }
}

/** What each step asks for: a lead department, a text (required or not) and its label. */
const STEP_FORM: Record<Exclude<Step, "open" | "post">, { lead?: "parties" | "any"; text?: { label: PageKey; required?: PageKey } }> = {
  propose: { lead: "parties", text: { label: "dsp.terms", required: "dsp.termsRequired" } },
  accept: {},
  decline: { text: { label: "dsp.reasonField", required: "dsp.reasonRequired" } },
  file: { text: { label: "dsp.noteField" } },
  confirm: { text: { label: "dsp.noteField" } },
  reject: { text: { label: "dsp.reasonField", required: "dsp.reasonRequired" } },
  escalate: { text: { label: "dsp.reasonField", required: "dsp.reasonRequired" } },
  decide: { lead: "any", text: { label: "dsp.reasoning", required: "dsp.reasoningRequired" } },
  withdraw: { text: { label: "dsp.reasonField", required: "dsp.reasonRequired" } },
};

function DisputeView({ id }: { id: string }) {
  const { t } = useStrings(disputesStrings);
  const { message } = App.useApp();
  const loaded = useLoad(() => call(client.api.disputes[":disputeId"].$get({ param: { disputeId: id } })), [id]);
  const deps = useDepartments();
  const [current, setCurrent] = useState<Detail>();
  const [acting, setActing] = useState<Exclude<Step, "open" | "post">>();
  const [actError, setActError] = useState<ApiError>();
  const d = current && current.id === id && current.version >= (loaded.data?.version ?? 0) ? current : loaded.data;

  function done(next: Detail, step: Step) {
    setCurrent(next);
    // A post finishing must not close a step dialog opened meanwhile.
    if (step !== "post") setActing(undefined);
    setActError(undefined);
    void message.success(t("dsp.done", { step: t(`dsp.step.${step}` as PageKey) }));
  }
  function failed(err: unknown) {
    const e = err instanceof ApiError ? err : new ApiError(0, "client", String(err));
    if (e.status === 409 && e.code === "request.conflict") {
      setActError(new ApiError(409, e.code, t("dsp.conflict")));
      loaded.reload();
    } else setActError(e);
  }

  return (
    <>
      <PageTitle>
        {t("dsp.title")}
      </PageTitle>
      <Link to="/disputes">
        <ArrowLeftOutlined aria-hidden /> {t("dsp.back")}
      </Link>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {d && (
        <div style={{ display: "grid", gap: 16, marginTop: 12, maxWidth: 1100 }}>
          <Card
            title={
              <h2 style={{ margin: 0, fontSize: 18 }} data-testid="dispute-subject">
                {subjectOf(d, t)}
              </h2>
            }
            extra={<StateTag status={d.status} />}
          >
            <Outcome d={d} />
            <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
              <Descriptions.Item label={t("dsp.kind")}>{t(`dsp.kind.${d.kind}` as PageKey)}</Descriptions.Item>
              <Descriptions.Item label={t("dsp.host")}>{d.host.name}</Descriptions.Item>
              <Descriptions.Item label={t("dsp.departments")} span={2}>
                <Space wrap>
                  {d.departments.map((x) => (
                    <Tag key={x.id} style={d.proposal?.acceptedBy.includes(x.id) ? TONES.green : undefined}>
                      {x.name}
                      {d.proposal && ` · ${d.proposal.acceptedBy.includes(x.id) ? t("dsp.accepted") : t("dsp.notAccepted")}`}
                    </Tag>
                  ))}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t("dsp.reason")} span={2}>
                {d.reason}
              </Descriptions.Item>
              {d.proposal && (
                <Descriptions.Item label={t("dsp.proposal")} span={2}>
                  <div>{t("dsp.proposalLead", { lead: d.proposal.lead.name, by: d.proposal.proposedBy.name })}</div>
                  <div>{d.proposal.terms}</div>
                </Descriptions.Item>
              )}
              {d.filing && (
                <Descriptions.Item label={t("dsp.filing")} span={2}>
                  {formatTime(d.filing.at, "YYYY-MM-DD HH:mm")} · {d.filing.by.name}
                  {d.filing.note ? ` · ${d.filing.note}` : ""}
                </Descriptions.Item>
              )}
              {d.escalation && (
                <Descriptions.Item label={t("dsp.escalation")} span={2}>
                  {formatTime(d.escalation.at, "YYYY-MM-DD HH:mm")} · {d.escalation.by.name} · {d.escalation.reason}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t("dsp.openedAt")}>{formatTime(d.openedAt)}</Descriptions.Item>
            </Descriptions>
          </Card>

          <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t("dsp.actions")}</h2>}>
            <Typography.Paragraph type="secondary">{t("dsp.yourRoles", { roles: d.you.roles.map((r) => t(`dsp.role.${r}` as PageKey)).join("、") })}</Typography.Paragraph>
            {actError && <Alert type="error" showIcon message={actError.message} style={{ marginBottom: 12 }} role="alert" />}
            {d.you.steps.filter((s) => s !== "post").length === 0 && !d.you.steps.includes("post") && <Typography.Text>{t("dsp.noActions")}</Typography.Text>}
            <Space wrap>
              {d.you.steps
                .filter((s): s is Exclude<Step, "open" | "post"> => s !== "post" && s !== "open")
                .map((s) => (
                  <Button key={s} type={s === "confirm" || s === "decide" || s === "accept" || s === "file" ? "primary" : "default"} danger={s === "withdraw"} onClick={() => setActing(s)}>
                    {t(`dsp.step.${s}` as PageKey)}
                  </Button>
                ))}
            </Space>
            {d.you.steps.includes("post") && <PostForm d={d} onDone={(next) => done(next, "post")} onError={failed} />}
          </Card>

          <Card title={<h2 style={{ margin: 0, fontSize: 16 }}>{t("dsp.thread")}</h2>}>
            <Timeline
              items={d.thread.map((e) => ({
                key: e.id,
                color: e.step === "post" ? "gray" : e.step === "confirm" || e.step === "decide" ? "green" : "blue",
                children: (
                  <div data-testid="thread-entry">
                    <Typography.Text strong>{t(`dsp.step.${e.step}` as PageKey)}</Typography.Text>
                    <Typography.Text type="secondary">
                      {" "}
                      · {e.department?.name ?? e.by.name} · {e.by.name} · {formatTime(e.at, "YYYY-MM-DD HH:mm")}
                    </Typography.Text>
                    {e.text && <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: "4px 0 0" }}>{e.text}</Typography.Paragraph>}
                  </div>
                ),
              }))}
            />
          </Card>
        </div>
      )}
      {d && acting && (
        <StepDialog
          d={d}
          step={acting}
          departments={deps.data}
          onCancel={() => setActing(undefined)}
          onSubmit={async (v) => {
            try {
              done(await runStep(d.id, acting, d.version, v), acting);
            } catch (err) {
              setActing(undefined);
              failed(err);
            }
          }}
        />
      )}
    </>
  );
}

function Outcome({ d }: { d: Detail }) {
  const { t } = useStrings(disputesStrings);
  if (!d.outcome) return null;
  const o = d.outcome;
  if (o.how === "withdrawn") return <Alert type="info" showIcon message={t("dsp.outcomeWithdrawn")} description={o.reasoning} style={{ marginBottom: 16 }} />;
  const lead = o.lead?.name ?? "";
  return (
    <Alert
      type="success"
      showIcon
      data-testid="dispute-outcome"
      style={{ marginBottom: 16 }}
      message={t(o.how === "agreement" ? "dsp.outcomeAgreement" : "dsp.outcomeDecision", { lead })}
      description={
        <>
          {o.reasoning && <div>{o.reasoning}</div>}
          <div>{o.assignmentUpdated ? t("dsp.assignmentUpdated") : t("dsp.leadOnDispute")}</div>
          {o.how === "decision" && (
            <div style={{ marginTop: 8 }}>
              <PrintButton size="small" kind="dispute-ruling" id={d.id} />
            </div>
          )}
        </>
      }
    />
  );
}

function PostForm({ d, onDone, onError }: { d: Detail; onDone(next: Detail): void; onError(err: unknown): void }) {
  const { t } = useStrings(disputesStrings);
  const [form] = Form.useForm<{ text: string }>();
  const [busy, setBusy] = useState(false);
  async function submit(v: { text: string }) {
    setBusy(true);
    try {
      const next = await call(client.api.disputes[":disputeId"].posts.$post({ param: { disputeId: d.id }, json: { version: d.version, text: v.text } }));
      form.resetFields();
      onDone(next);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Form form={form} layout="vertical" name="dispute-post" onFinish={submit} style={{ marginTop: 16 }} disabled={busy}>
      <Form.Item label={t("dsp.postLabel")} name="text" rules={[{ required: true, whitespace: true, message: t("dsp.postRequired") }]}>
        <Input.TextArea rows={3} maxLength={5000} placeholder={t("dsp.postPlaceholder")} />
      </Form.Item>
      <Button htmlType="submit" icon={<SendOutlined aria-hidden />} loading={busy}>
        {t("dsp.step.post")}
      </Button>
    </Form>
  );
}

function StepDialog(props: { d: Detail; step: Exclude<Step, "open" | "post">; departments: Department[] | undefined; onCancel(): void; onSubmit(v: { leadDepartmentId?: string; text?: string }): Promise<void> }) {
  const { t } = useStrings(disputesStrings);
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ leadDepartmentId?: string; text?: string }>();
  const [busy, setBusy] = useState(false);
  const spec = STEP_FORM[props.step];
  const leads = useMemo(
    () => (spec.lead === "parties" ? props.d.departments : selectable(props.departments).map((x) => ({ id: x.id, name: x.name }))),
    [spec.lead, props.d.departments, props.departments],
  );
  return (
    <Modal
      open
      title={t(`dsp.step.${props.step}` as PageKey)}
      okText={t(`dsp.step.${props.step}` as PageKey)}
      cancelText={t("common.cancel")}
      onCancel={props.onCancel}
      confirmLoading={busy}
      onOk={() => form.submit()}
      maskClosable={false}
      destroyOnHidden
    >
      {props.step === "accept" && props.d.proposal && <Typography.Paragraph>{t("dsp.confirmAccept", { lead: props.d.proposal.lead.name })}</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        name={`dispute-${props.step}`}
        onFinish={async (v) => {
          // A ruling or a confirmation ends the dispute: ask once more before it is final.
          if ((props.step === "decide" || props.step === "confirm") && !(await ask(modal, { title: t("confirm.finalTitle"), content: t("confirm.finalBody"), okText: t("confirm.finalOk"), cancelText: t("common.cancel") }))) return;
          setBusy(true);
          try {
            await props.onSubmit(v);
          } finally {
            setBusy(false);
          }
        }}
      >
        {spec.lead && (
          <Form.Item label={t("dsp.leadDepartment")} name="leadDepartmentId" rules={[{ required: true, message: t("dsp.leadRequired") }]}>
            <Select showSearch optionFilterProp="label" options={leads.map((x) => ({ value: x.id, label: x.name }))} />
          </Form.Item>
        )}
        {spec.text && (
          <Form.Item label={t(spec.text.label)} name="text" rules={spec.text.required ? [{ required: true, whitespace: true, message: t(spec.text.required) }] : []}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
