import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, MessageOutlined, RollbackOutlined, SolutionOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Space, Spin, Tag, Typography } from "antd";
import type { InferResponseType } from "hono/client";
// Pure rules (no I/O): which stage's clock runs on a request.
import { runningClock } from "@supervision/core/assistance/rules";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError, call, client } from "../api";
import { ask } from "../components/confirm";
import { useLoad } from "../data";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as assistanceStrings from "../locales/assistance";
import * as portalStrings from "../locales/portal";
import * as spotcheckStrings from "../locales/spotcheck";
import { useSession } from "../session";
import { formatTime } from "../time";
import { applyApiErrors, AttachmentLinks, BeyondCalendar, DeliveryState, AttachmentsField, ConflictAlert, formatDue, OverdueTag, StatusTag, toApiError, useLabels, type AttachmentRef } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";
import { PrintButton } from "../print/PrintButton";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof assistanceStrings> | KeyOf<typeof portalStrings> | KeyOf<typeof spotcheckStrings>;

type Detail = InferResponseType<(typeof client.api.assistance)[":requestId"]["$get"], 200>;
type Action = "accept" | "decline" | "question" | "reply" | "answer" | "withdraw";

/** Which actions the current user may take on this copy now (mirrors core's rules; the API decides):
 * those of the stage whose clock runs (core's one rule of it), none once closed. */
function actionsFor(r: Detail, me: { role: string; departmentId: string | null } | undefined, can: (p: "assistance.handle" | "assistance.send") => boolean): Action[] {
  const clock = runningClock(r);
  if (!clock) return [];
  if (r.box === "inbox") {
    const ownDepartment = !me || me.role !== "officer" || !r.departmentId || me.departmentId === r.departmentId;
    if (!can("assistance.handle") || !ownDepartment) return [];
    return clock.stage === "acknowledge" ? ["accept", "decline", "question"] : ["answer", "question"];
  }
  const out: Action[] = [];
  if (can("assistance.handle")) out.push("reply");
  if (can("assistance.send")) out.push("withdraw");
  return out;
}

export default function AssistanceDetail() {
  const { requestId = "" } = useParams();
  const { t } = useStrings(assistanceStrings, portalStrings, spotcheckStrings);
  const labels = useLabels();
  const { me, can } = useSession();
  const { message } = App.useApp();
  const { data: r, error, loading, reload } = useLoad(() => call(client.api.assistance[":requestId"].$get({ param: { requestId } })), [requestId]);
  const [dialog, setDialog] = useState<Exclude<Action, "accept">>();
  const [conflict, setConflict] = useState<ApiError>();
  const [actError, setActError] = useState<ApiError>();
  const [accepting, setAccepting] = useState(false);

  function refresh() {
    setConflict(undefined);
    setActError(undefined);
    setDialog(undefined);
    reload();
  }
  function failed(err: unknown) {
    const e = toApiError(err);
    if (e.status === 409) {
      setDialog(undefined);
      setConflict(e);
    } else setActError(e);
  }

  async function accept(d: Detail) {
    setAccepting(true);
    setActError(undefined);
    try {
      await call(client.api.assistance[":requestId"].accept.$post({ param: { requestId: d.id }, json: { version: d.version } }));
      void message.success(t("asr.done.accept"));
      refresh();
    } catch (err) {
      failed(err);
    } finally {
      setAccepting(false);
    }
  }

  const back = (
    <Link to={`/assistance?tab=${r?.box ?? "inbox"}`}>
      <ArrowLeftOutlined aria-hidden /> {t("asr.back")}
    </Link>
  );
  if (!r) {
    return (
      <>
        <PageTitle extra={back}>{t("asr.detailTitle")}</PageTitle>
        <ErrorAlert error={error} onRetry={reload} />
        {loading && <Spin />}
      </>
    );
  }

  const actions = actionsFor(r, me, can);
  const tenantName = (id: string) => (id === r.fromTenant ? r.fromTenantName : id === r.toTenant ? r.toTenantName : id);
  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            {!r.redacted && <PrintButton kind="assistance-letter" id={r.id} />}
            {back}
          </Space>
        }
      >
        {t("asr.detailHeading", { type: labels.type(r.type), tenant: r.box === "inbox" ? r.fromTenantName : r.toTenantName })}
      </PageTitle>
      <ErrorAlert error={error} onRetry={reload} />
      {conflict && <ConflictAlert error={conflict} onReload={refresh} />}
      {actError && <ErrorAlert error={actError} />}
      <Space style={{ marginBottom: 16 }} wrap>
        <span data-testid="request-status">
          <StatusTag status={r.status} />
        </span>
        {r.overdue && <OverdueTag />}
        <Tag bordered={false}>{labels.confidentiality(r.confidentiality)}</Tag>
        <Typography.Text type="secondary">{t(r.box === "inbox" ? "asr.inInbox" : "asr.inSent")}</Typography.Text>
      </Space>

      {r.delivery && (
        <div style={{ marginBottom: 16 }}>
          <DeliveryState delivery={r.delivery} canSeeOutbox={can("outbox.read")} />
        </div>
      )}
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t("asr.request")}
        </Typography.Title>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label={t("asr.from")}>{r.fromTenantName}</Descriptions.Item>
          <Descriptions.Item label={t("asr.to")}>{r.toTenantName}</Descriptions.Item>
          <Descriptions.Item label={t("asr.type")}>{labels.type(r.type)}</Descriptions.Item>
          <Descriptions.Item label={t("asr.department")}>{r.departmentName ?? (r.departmentType ? labels.department(r.departmentType) : t("asr.notRouted"))}</Descriptions.Item>
          <Descriptions.Item label={t("asr.entity")}>
            {r.entityName && <div>{r.entityName}</div>}
            <span className="hash">{r.creditCode}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("asr.items")}>{r.itemCodes?.length ? r.itemCodes.join("、") : t("common.none")}</Descriptions.Item>
          <Descriptions.Item label={t("asr.sentAt")}>
            {formatTime(r.sentAt, "YYYY-MM-DD HH:mm")}（{r.sentBy.name}）
          </Descriptions.Item>
          <Descriptions.Item label={t("asr.ackDue")}>
            {formatDue(r.ackDueAt)}
            {r.ackDueBeyondCalendar && <BeyondCalendar />}
            {r.acknowledgedAt && <div>{t(r.status === "declined" ? "asr.declinedOn" : "asr.acceptedOn", { at: formatTime(r.acknowledgedAt, "YYYY-MM-DD HH:mm") })}</div>}
          </Descriptions.Item>
          <Descriptions.Item label={t("asr.answerDue")}>
            {formatDue(r.dueAt)}
            {r.dueBeyondCalendar && <BeyondCalendar />}
          </Descriptions.Item>
          {r.escalations?.length ? (
            <Descriptions.Item label={t("asr.escalations")}>
              {r.escalations.map((e) => (
                <div key={e.id}>{t("asr.escalatedTo", { stage: labels.stage(e.stage), tenant: e.to, at: formatTime(e.at, "YYYY-MM-DD HH:mm") })}</div>
              ))}
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t("dlv.label")} span={2}>
            {r.delivery ? <Typography.Text type="danger">{t("dlv.stalled")}</Typography.Text> : <DeliveryState canSeeOutbox={false} />}
          </Descriptions.Item>
          <Descriptions.Item label={t("asr.facts")} span={2}>
            <div style={{ whiteSpace: "pre-wrap" }}>{r.facts}</div>
          </Descriptions.Item>
          <Descriptions.Item label={t("asr.attachments")} span={2}>
            <AttachmentLinks refs={r.attachments} />
          </Descriptions.Item>
          {r.declineReason && (
            <Descriptions.Item label={t("asr.declineReason")} span={2}>
              {r.declineReason}
            </Descriptions.Item>
          )}
          {r.withdrawReason && (
            <Descriptions.Item label={t("asr.withdrawReason")} span={2}>
              {r.withdrawReason}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      {r.answer && (
        <Card style={{ marginBottom: 16 }} data-testid="answer">
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {t("asr.answer")}
          </Typography.Title>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("asr.result")}>
              <div style={{ whiteSpace: "pre-wrap" }}>{r.answer.result}</div>
            </Descriptions.Item>
            {r.answer.findings && (
              <Descriptions.Item label={t("asr.findings")}>
                <div style={{ whiteSpace: "pre-wrap" }}>{r.answer.findings}</div>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t("asr.answeredAt")}>{formatTime(r.answeredAt, "YYYY-MM-DD HH:mm")}</Descriptions.Item>
            <Descriptions.Item label={t("asr.evidence")}>
              <AttachmentLinks refs={r.answer.attachments} />
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}

      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t("asr.actions")}
        </Typography.Title>
        {actions.length === 0 ? (
          <Typography.Text type="secondary">{t(runningClock(r) ? "asr.noActionsRole" : "asr.noActionsClosed")}</Typography.Text>
        ) : (
          <Space wrap>
            {actions.includes("accept") && (
              <Button type="primary" icon={<CheckOutlined aria-hidden />} loading={accepting} onClick={() => void accept(r)}>
                {t("asr.act.accept")}
              </Button>
            )}
            {actions.includes("answer") && (
              <Button type="primary" icon={<SolutionOutlined aria-hidden />} onClick={() => setDialog("answer")}>
                {t("asr.act.answer")}
              </Button>
            )}
            {actions.includes("decline") && (
              <Button danger icon={<CloseOutlined aria-hidden />} onClick={() => setDialog("decline")}>
                {t("asr.act.decline")}
              </Button>
            )}
            {actions.includes("question") && (
              <Button icon={<MessageOutlined aria-hidden />} onClick={() => setDialog("question")}>
                {t("asr.act.question")}
              </Button>
            )}
            {actions.includes("reply") && (
              <Button icon={<MessageOutlined aria-hidden />} onClick={() => setDialog("reply")}>
                {t("asr.act.reply")}
              </Button>
            )}
            {actions.includes("withdraw") && (
              <Button danger icon={<RollbackOutlined aria-hidden />} onClick={() => setDialog("withdraw")}>
                {t("asr.act.withdraw")}
              </Button>
            )}
          </Space>
        )}
      </Card>

      <Card>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t("asr.thread")}
        </Typography.Title>
        {r.thread.length === 0 ? (
          <Empty description={t("asr.threadEmpty")} />
        ) : (
          <ol className="thread" data-testid="thread" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {r.thread.map((p) => (
              <li key={p.id} style={{ borderLeft: "3px solid #d9d9d9", padding: "4px 0 8px 12px", marginBottom: 12 }}>
                <Space wrap size={8}>
                  <Typography.Text strong>{t(`asr.post.${p.kind}` as PageKey)}</Typography.Text>
                  <span>
                    {tenantName(p.byTenant)} · {p.by.name}
                  </span>
                  <Typography.Text type="secondary">{formatTime(p.at, "YYYY-MM-DD HH:mm")}</Typography.Text>
                </Space>
                {p.body && <div style={{ whiteSpace: "pre-wrap", marginTop: 4 }}>{p.body}</div>}
                {p.attachments?.length ? (
                  <div style={{ marginTop: 4 }}>
                    <AttachmentLinks refs={p.attachments} />
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </Card>

      {dialog && <ActionDialog action={dialog} request={r} onClose={() => setDialog(undefined)} onDone={refresh} onConflict={failed} />}
    </>
  );
}

interface ActValues {
  text: string;
  findings?: string;
  attachments?: AttachmentRef[];
}

/** One action with text (and, for a post or an answer, attachments), sending the copy's version. */
function ActionDialog(props: { action: Exclude<Action, "accept">; request: Detail; onClose(): void; onDone(): void; onConflict(err: unknown): void }) {
  const { t } = useStrings(assistanceStrings, portalStrings, spotcheckStrings);
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<ActValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const { action, request: r } = props;
  const withFiles = action === "answer" || action === "question" || action === "reply";

  async function submit(v: ActValues) {
    // A final answer ends the request: asked once more before it goes (issue 15 Found 8).
    if (action === "answer" && !(await ask(modal, { title: t("confirm.finalTitle"), content: t("confirm.finalBody"), okText: t("confirm.finalOk"), cancelText: t("common.cancel") }))) return;
    setBusy(true);
    setError(undefined);
    const param = { requestId: r.id };
    const version = r.version;
    try {
      const api = client.api.assistance[":requestId"];
      if (action === "decline") await call(api.decline.$post({ param, json: { version, text: v.text } }));
      else if (action === "withdraw") await call(api.withdraw.$post({ param, json: { version, text: v.text } }));
      else if (action === "answer") await call(api.answer.$post({ param, json: { version, text: v.text, findings: v.findings?.trim() || undefined, attachments: v.attachments ?? [] } }));
      else await call(api.posts.$post({ param, json: { version, text: v.text, attachments: v.attachments ?? [] } }));
      void message.success(t(`asr.done.${action}` as PageKey));
      props.onDone();
    } catch (err) {
      const e = toApiError(err);
      if (e.status === 409) props.onConflict(e);
      else setError(applyApiErrors(form, e, ["text", "findings", "attachments"], { "assistance.text_required": "text", "assistance.attachment_unknown": "attachments" }));
    } finally {
      setBusy(false);
    }
  }

  const textLabel = t(`asr.text.${action}` as PageKey);
  return (
    <Modal
      open
      title={t(`asr.act.${action}` as PageKey)}
      okText={t(`asr.act.${action}` as PageKey)}
      cancelText={t("common.cancel")}
      confirmLoading={busy}
      okButtonProps={{ danger: action === "decline" || action === "withdraw" }}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form<ActValues> form={form} layout="vertical" name={`assistance-${action}`} onFinish={submit} disabled={busy} initialValues={{ attachments: [] }}>
        <Form.Item label={textLabel} name="text" rules={[{ required: true, whitespace: true, message: t("asr.textRequired", { field: textLabel }) }]}>
          <Input.TextArea rows={5} maxLength={10000} />
        </Form.Item>
        {action === "answer" && (
          <Form.Item label={t("asr.findings")} name="findings">
            <Input.TextArea rows={3} maxLength={10000} />
          </Form.Item>
        )}
        {withFiles && (
          <Form.Item label={t(action === "answer" ? "asr.evidence" : "asr.attachments")} name="attachments">
            <AttachmentsField />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
