import { ArrowLeftOutlined, CopyOutlined, FormOutlined, PrinterOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  QRCode,
  Radio,
  Result,
  Row,
  Space,
  Steps,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import type { ApiError } from "../api";
import { ask } from "../components/confirm";
import { useLoad } from "../data";
import { DocumentKinds } from "../print/kinds";
import { useI18n } from "../i18n";
import { useSession } from "../session";
import { formatTime, ZONE } from "../time";
import { mustChoose, toApiError } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";
import { useVisitActions } from "./Visits";
import { awaitsApproval, H2, OUTCOMES, OutcomeTag, publicUrl, StatusTag, useVisitText, visitApi, windowText, type Outcome, type Visit, type VisitResult } from "./VisitShared";

const DATE = "YYYY-MM-DD";

/** One visit: its code as a QR, the bodies and inspectors, its progress,
 * results per item (with re-check, penalty and transfer), sign-off by each
 * inspector and closing. Every change sends the `version` it was based on. */
export default function VisitDetail() {
  const { visitId = "" } = useParams();
  const vt = useVisitText();
  const { can } = useSession();
  const navigate = useNavigate();
  const loaded = useLoad(() => visitApi.get(visitId), [visitId]);
  const checklist = useLoad(() => visitApi.checklist(visitId).catch(() => undefined), [visitId]);
  const [fresh, setFresh] = useState<Visit>();
  const [error, setError] = useState<ApiError>();
  const visit = fresh && fresh.id === visitId && fresh.version >= (loaded.data?.version ?? 0) ? fresh : loaded.data;
  const update = (v: Visit) => {
    setError(undefined);
    setFresh(v);
  };
  const conflict = (err: ApiError) => {
    setError(err);
    setFresh(undefined);
    loaded.reload();
  };
  const actions = useVisitActions(update, conflict);

  if (loaded.error?.status === 404 || loaded.error?.status === 403) {
    return <Result status="404" title={<h1 className="page-title">{vt("detail.notFound")}</h1>} extra={<Link to="/visits">{vt("detail.back")}</Link>} />;
  }
  if (!visit) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;

  const itemNames = new Map<string, string>();
  for (const l of checklist.data?.lines ?? []) itemNames.set(l.itemCode, l.itemName);
  for (const r of visit.results) itemNames.set(r.itemCode, r.itemName);
  const canAnswer = visit.status === "approved" || visit.status === "in-progress" || (visit.emergency && visit.status === "draft");

  return (
    <>
      <div style={{ marginBottom: 8 }}>
        <Link to="/visits">
          <ArrowLeftOutlined aria-hidden /> {vt("detail.back")}
        </Link>
      </div>
      <PageTitle
        extra={
          <Space wrap>
            {canAnswer && can("visit.inspect") && (
              <Button type="primary" icon={<FormOutlined aria-hidden />} onClick={() => navigate(`/visits/${visit.id}/checklist`)} data-testid="open-checklist">
                {vt("detail.openChecklist")}
              </Button>
            )}
            {awaitsApproval(visit) && can("visit.approve") && (
              <Button loading={!!actions.busy} onClick={() => void actions.approve(visit)}>
                {visit.emergency ? vt("approveAfter") : vt("approve")}
              </Button>
            )}
            {visit.status === "approved" && !visit.notice && can("visit.write") && (
              <Button loading={!!actions.busy} onClick={() => void actions.notify(visit)}>
                {vt("notify")}
              </Button>
            )}
            {/* The printed notice exists once the document module offers the kind (print/kinds.ts). */}
            {visit.approval && "visit-notice" in DocumentKinds && (
              <Button icon={<PrinterOutlined aria-hidden />} onClick={() => navigate(`/print/visit-notice/${visit.id}`)} data-testid="print-visit-notice">
                {vt("detail.print")}
              </Button>
            )}
          </Space>
        }
      >
        {visit.entityName}
      </PageTitle>
      <ErrorAlert error={error} onRetry={() => (setError(undefined), loaded.reload())} />
      <Progress visit={visit} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Overview visit={visit} />
        </Col>
        <Col xs={24} lg={8}>
          <CodeCard visit={visit} />
        </Col>
        <Col xs={24}>
          <BodiesCard visit={visit} />
        </Col>
        <Col xs={24}>
          <ResultsCard visit={visit} itemNames={itemNames} onSaved={update} onError={conflict} />
        </Col>
        <Col xs={24}>
          <SignaturesCard visit={visit} onSaved={update} onError={conflict} />
        </Col>
      </Row>
    </>
  );
}

function Progress({ visit }: { visit: Visit }) {
  const vt = useVisitText();
  const steps = [
    { key: "created", done: true, at: undefined as string | undefined },
    { key: "approved", done: !!visit.approval, at: visit.approval?.at },
    { key: "notified", done: !!visit.notice, at: visit.notice?.at },
    { key: "inspected", done: ["in-progress", "signed", "closed"].includes(visit.status), at: undefined },
    { key: "signed", done: ["signed", "closed"].includes(visit.status), at: visit.signatures.at(-1)?.at },
    { key: "closed", done: visit.status === "closed", at: undefined },
  ] as const;
  // An emergency visit goes on site before its approval: the first step not done is where it stands.
  const current = steps.findIndex((s) => !s.done);
  return (
    <Card size="small" style={{ marginBottom: 16 }} title={<h2 style={H2}>{vt("detail.steps")}</h2>}>
      <Steps
        size="small"
        current={current === -1 ? steps.length - 1 : current}
        status={visit.status === "cancelled" ? "error" : current === -1 ? "finish" : "process"}
        responsive
        items={steps.map((s) => ({
          title: vt(`step.${s.key}`),
          status: s.done ? "finish" : undefined,
          description: s.at ? formatTime(s.at, "MM-DD HH:mm") : undefined,
        }))}
      />
    </Card>
  );
}

function Overview({ visit }: { visit: Visit }) {
  const vt = useVisitText();
  return (
    <Card size="small" title={<h2 style={H2}>{vt("detail.overview")}</h2>}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={vt("detail.entity")}>{visit.entityName}</Descriptions.Item>
        <Descriptions.Item label={vt("detail.creditCode")}>{visit.creditCode}</Descriptions.Item>
        <Descriptions.Item label={vt("col.status")}>
          <Space size={[4, 4]} wrap>
            <StatusTag status={visit.status} />
            {visit.emergency && (
              <Tag bordered={false} color="red">
                {vt("emergency")}
              </Tag>
            )}
            {visit.bodies.length > 1 && (
              <Tag bordered={false} color="blue">
                {vt("joint")}
              </Tag>
            )}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={vt("detail.window")}>{windowText(visit.window)}</Descriptions.Item>
        <Descriptions.Item label={vt("detail.origin")}>
          {vt(`origin.${visit.origin.kind}`)}
          {visit.origin.ref ? `（${visit.origin.ref}）` : ""}
        </Descriptions.Item>
        <Descriptions.Item label={vt("detail.tenant")}>{visit.tenantName}</Descriptions.Item>
        <Descriptions.Item label={vt("detail.approval")}>
          {visit.approval ? (
            <>
              {vt("detail.approvalBy", { name: visit.approval.by.name, at: formatTime(visit.approval.at, "YYYY-MM-DD HH:mm") })}
              {visit.approval.afterTheFact && (
                <Tag bordered={false} style={{ marginLeft: 4 }}>
                  {vt("afterTheFact")}
                </Tag>
              )}
            </>
          ) : (
            vt("detail.notApproved")
          )}
        </Descriptions.Item>
        <Descriptions.Item label={vt("detail.notice")}>
          {visit.notice ? vt("detail.noticeAt", { at: formatTime(visit.notice.at, "YYYY-MM-DD HH:mm") }) : vt("detail.notNotified")}
        </Descriptions.Item>
        <Descriptions.Item label={vt("detail.rating")} span={2}>
          {visit.rating ? (
            <>
              {vt("detail.stars", { stars: visit.rating.stars })}
              {visit.rating.comment ? `：${visit.rating.comment}` : ""}
            </>
          ) : (
            vt("detail.noRating")
          )}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** 扫码入企: the visit's code as a QR the business scans (on the inspector's phone and on the printed notice). */
function CodeCard({ visit }: { visit: Visit }) {
  const vt = useVisitText();
  const { message } = App.useApp();
  const url = publicUrl(visit.code);
  const issued = !!visit.approval || visit.emergency;
  return (
    <Card size="small" title={<h2 style={H2}>{vt("detail.qrTitle")}</h2>} data-testid="visit-code-card">
      {issued ? (
        <Space direction="vertical" align="center" style={{ width: "100%" }}>
          {/* The label is on the wrapper; antd's <svg role="img"> has none of its own, so it is hidden from assistive technology. */}
          <div role="img" aria-label={vt("detail.qrLabel", { url })} ref={(el) => el?.querySelector("svg")?.setAttribute("aria-hidden", "true")}>
            <QRCode value={url} size={200} type="svg" bordered={false} />
          </div>
          <Typography.Text copyable={false} code data-testid="visit-code">
            {visit.code}
          </Typography.Text>
          <Typography.Link href={url} target="_blank" rel="noreferrer" data-testid="visit-public-link" style={{ wordBreak: "break-all" }}>
            {url}
          </Typography.Link>
          <Button
            size="small"
            icon={<CopyOutlined aria-hidden />}
            onClick={() => void navigator.clipboard?.writeText(url).then(() => message.success(vt("detail.copied")), () => undefined)}
          >
            {vt("detail.copyLink")}
          </Button>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {vt("detail.qrHint")}
          </Typography.Paragraph>
        </Space>
      ) : (
        <Typography.Text type="secondary">{vt("detail.qrPending")}</Typography.Text>
      )}
    </Card>
  );
}

function BodiesCard({ visit }: { visit: Visit }) {
  const vt = useVisitText();
  return (
    <Card size="small" title={<h2 style={H2}>{vt("detail.bodies")}</h2>}>
      <List
        dataSource={visit.bodies}
        rowKey="bodyId"
        renderItem={(b) => (
          <List.Item>
            <div style={{ width: "100%" }}>
              <Typography.Text strong>{b.bodyName}</Typography.Text>
              <div>
                {vt("col.items")}：
                {b.itemCodes.map((c) => (
                  <Tag key={c} bordered={false}>
                    {c}
                  </Tag>
                ))}
              </div>
              <div>
                {vt("col.inspectors")}：
                {visit.inspectors
                  .filter((i) => i.bodyId === b.bodyId)
                  .map((i) => `${i.name}（${vt("new.certificate", { no: i.certificateNo })}）`)
                  .join("、")}
              </div>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

interface ResultRow {
  outcome?: Outcome;
  rectifyBy?: Dayjs | null;
  note?: string;
  recognisable?: boolean;
  validDays?: number | null;
}

/** Results per item: editable until the inspectors sign; after that, re-check and the links into the penalty and transfer flows. */
function ResultsCard({ visit, itemNames, onSaved, onError }: { visit: Visit; itemNames: Map<string, string>; onSaved(v: Visit): void; onError(e: ApiError): void }) {
  const vt = useVisitText();
  const { can } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, ResultRow>>();
  const [busy, setBusy] = useState(false);
  const [recheck, setRecheck] = useState<VisitResult>();
  const editable = !!visit.approval && (visit.status === "approved" || visit.status === "in-progress") && can("visit.inspect");
  const rows = useMemo(() => visit.bodies.flatMap((b) => b.itemCodes.map((itemCode) => ({ key: `${b.bodyId}|${itemCode}`, bodyId: b.bodyId, bodyName: b.bodyName, itemCode }))), [visit.bodies]);
  const resultOf = (bodyId: string, itemCode: string) => visit.results.find((r) => r.bodyId === bodyId && r.itemCode === itemCode);
  const initial = useMemo(
    () =>
      Object.fromEntries(
        rows.map((r) => {
          const res = resultOf(r.bodyId, r.itemCode);
          return [r.key, res ? { outcome: res.outcome, rectifyBy: res.rectifyBy ? dayjs.tz(res.rectifyBy, ZONE) : null, note: res.note, recognisable: res.recognisable ?? false } : { recognisable: false }];
        }),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, visit.version],
  );
  const watched = Form.useWatch([], form) as Record<string, ResultRow> | undefined;
  const name = (code: string) => itemNames.get(code) ?? code;

  async function save(values: Record<string, ResultRow>) {
    setBusy(true);
    try {
      const results = rows
        .map((r) => ({ r, v: values[r.key] }))
        .filter((x) => x.v?.outcome)
        .map(({ r, v }) => ({
          itemCode: r.itemCode,
          bodyId: r.bodyId,
          outcome: v!.outcome!,
          ...(v!.outcome === "rectify" && v!.rectifyBy ? { rectifyBy: v!.rectifyBy.format(DATE) } : {}),
          ...(v!.note?.trim() ? { note: v!.note.trim() } : {}),
          ...(v!.recognisable ? { recognisable: true, ...(v!.validDays ? { validDays: v!.validDays } : {}) } : {}),
        }));
      const next = await visitApi.results(visit.id, visit.version, results);
      void message.success(vt("detail.resultsSaved"));
      onSaved(next);
    } catch (err) {
      onError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const prefill = (r: VisitResult) =>
    new URLSearchParams({ visitId: visit.id, creditCode: visit.creditCode, entityName: visit.entityName, itemCode: r.itemCode, ...(r.note ? { description: r.note } : {}) }).toString();

  return (
    <Card size="small" title={<h2 style={H2}>{vt("detail.results")}</h2>} data-testid="visit-results">
      <Typography.Paragraph type="secondary">{vt("detail.resultsHint")}</Typography.Paragraph>
      {editable ? (
        <Form key={visit.version} form={form} layout="vertical" name="visit-results" initialValues={initial} onFinish={save} disabled={busy}>
          {rows.map((r) => {
            const v = watched?.[r.key];
            const item = name(r.itemCode);
            return (
              <Card key={r.key} size="small" type="inner" style={{ marginBottom: 12 }} title={`${item}（${r.itemCode}）· ${r.bodyName}`} data-testid={`result-${r.itemCode}`}>
                <Row gutter={16}>
                  <Col xs={24} md={10}>
                    <Form.Item label={vt("detail.outcome")} name={[r.key, "outcome"]} rules={[mustChoose(vt("detail.outcomeRequired", { item }))]}>
                      <Radio.Group optionType="button" options={OUTCOMES.map((o) => ({ value: o, label: vt(`outcome.${o}`) }))} />
                    </Form.Item>
                  </Col>
                  {v?.outcome === "rectify" && (
                    <Col xs={24} md={6}>
                      <Form.Item label={vt("detail.rectifyBy")} name={[r.key, "rectifyBy"]} rules={[{ required: true, message: vt("detail.rectifyByRequired", { item }) }]}>
                        <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.format(DATE) <= dayjs().tz(ZONE).format(DATE)} />
                      </Form.Item>
                    </Col>
                  )}
                  <Col xs={24} md={8}>
                    <Form.Item label={vt("detail.note")} name={[r.key, "note"]}>
                      <Input maxLength={500} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item label={vt("detail.recognisable")} name={[r.key, "recognisable"]} valuePropName="checked">
                      <Checkbox />
                    </Form.Item>
                  </Col>
                  {v?.recognisable && (
                    <Col xs={12} md={4}>
                      <Form.Item label={vt("detail.validDays")} name={[r.key, "validDays"]}>
                        <InputNumber min={1} max={1095} style={{ width: "100%" }} />
                      </Form.Item>
                    </Col>
                  )}
                </Row>
              </Card>
            );
          })}
          <Button type="primary" htmlType="submit" loading={busy}>
            {vt("detail.saveResults")}
          </Button>
        </Form>
      ) : (
        <List
          dataSource={rows}
          rowKey="key"
          renderItem={(r) => {
            const res = resultOf(r.bodyId, r.itemCode);
            return (
              <List.Item data-testid={`result-${r.itemCode}`}>
                <div style={{ width: "100%" }}>
                  <Space size={[8, 4]} wrap>
                    <Typography.Text strong>
                      {name(r.itemCode)}（{r.itemCode}）
                    </Typography.Text>
                    <Typography.Text type="secondary">{r.bodyName}</Typography.Text>
                    {res ? <OutcomeTag outcome={res.outcome} /> : <Typography.Text type="secondary">—</Typography.Text>}
                    {res?.rectifyBy && (
                      <span>
                        {vt("detail.rectifyBy")}：{res.rectifyBy}
                      </span>
                    )}
                    {res?.recognitionId && <Tag bordered={false}>{vt("detail.recognition")}</Tag>}
                  </Space>
                  {res?.note && <div>{res.note}</div>}
                  {res?.recheck && (
                    <div>{vt("detail.rechecked", { outcome: vt(res.recheck.outcome === "pass" ? "detail.recheckPass" : "detail.recheckFail"), at: formatTime(res.recheck.at, "YYYY-MM-DD HH:mm") })}：{res.recheck.note}</div>
                  )}
                  {res && (
                    <Space size={[8, 4]} wrap style={{ marginTop: 4 }}>
                      {res.outcome === "rectify" && !res.recheck && can("visit.inspect") && ["signed", "closed", "in-progress"].includes(visit.status) && (
                        <Button size="small" onClick={() => setRecheck(res)}>
                          {vt("detail.recheck")}
                        </Button>
                      )}
                      {res.outcome === "case" &&
                        (res.penaltyId ? <Tag bordered={false}>{vt("detail.penaltyDone")}</Tag> : <Link to={`/penalties?${prefill(res)}`}>{vt("detail.toPenalty")}</Link>)}
                      {res.outcome === "transfer" &&
                        (res.referralId ? <Tag bordered={false}>{vt("detail.referralDone")}</Tag> : <Link to={`/referrals?${prefill(res)}`}>{vt("detail.toReferral")}</Link>)}
                    </Space>
                  )}
                </div>
              </List.Item>
            );
          }}
        />
      )}
      {recheck && (
        <RecheckDialog
          visit={visit}
          result={recheck}
          itemName={name(recheck.itemCode)}
          onClose={() => setRecheck(undefined)}
          onSaved={(v) => {
            setRecheck(undefined);
            onSaved(v);
          }}
          onError={(e) => {
            setRecheck(undefined);
            onError(e);
          }}
        />
      )}
    </Card>
  );
}

function RecheckDialog(props: { visit: Visit; result: VisitResult; itemName: string; onClose(): void; onSaved(v: Visit): void; onError(e: ApiError): void }) {
  const vt = useVisitText();
  const { t } = useI18n();
  const [form] = Form.useForm<{ outcome: "pass" | "fail"; note: string }>();
  const [busy, setBusy] = useState(false);
  async function submit(v: { outcome: "pass" | "fail"; note: string }) {
    setBusy(true);
    try {
      props.onSaved(await visitApi.recheck(props.visit.id, { version: props.visit.version, itemCode: props.result.itemCode, outcome: v.outcome, note: v.note.trim() }));
    } catch (err) {
      props.onError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal open title={vt("detail.recheckTitle", { item: props.itemName })} onCancel={props.onClose} footer={null} destroyOnHidden>
      <Form form={form} layout="vertical" name="visit-recheck" onFinish={submit} disabled={busy} initialValues={{ outcome: "pass" }}>
        <Form.Item label={vt("detail.recheckOutcome")} name="outcome">
          <Radio.Group
            options={[
              { value: "pass", label: vt("detail.recheckPass") },
              { value: "fail", label: vt("detail.recheckFail") },
            ]}
          />
        </Form.Item>
        <Form.Item label={vt("detail.recheckNote")} name="note" rules={[{ required: true, whitespace: true, message: vt("detail.recheckNoteRequired") }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            {vt("detail.recheckSave")}
          </Button>
          <Button onClick={props.onClose}>{t("common.cancel")}</Button>
        </Space>
      </Form>
    </Modal>
  );
}

/** Each inspector signs for themself (the API checks the signed-in user is one of the visit's inspectors); then 办结. */
function SignaturesCard({ visit, onSaved, onError }: { visit: Visit; onSaved(v: Visit): void; onError(e: ApiError): void }) {
  const vt = useVisitText();
  const { t } = useI18n();
  const { can } = useSession();
  const { modal, message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const signedBy = new Map(visit.signatures.map((s) => [s.inspectorId, s]));
  async function act(confirm: string, ok: string, run: () => Promise<Visit>, done: string) {
    if (!(await ask(modal, { title: confirm, okText: ok, cancelText: t("common.cancel") }))) return;
    setBusy(true);
    try {
      onSaved(await run());
      void message.success(done);
    } catch (err) {
      onError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }
  const canSign = visit.results.length > 0 && (visit.status === "approved" || visit.status === "in-progress") && !!visit.approval && can("visit.inspect");
  return (
    <Card size="small" title={<h2 style={H2}>{vt("detail.signatures")}</h2>} data-testid="visit-signatures">
      <List
        dataSource={visit.inspectors}
        rowKey="id"
        renderItem={(i) => {
          const s = signedBy.get(i.id);
          return (
            <List.Item>
              <Space size={[8, 4]} wrap>
                <Typography.Text>{i.name}</Typography.Text>
                <Typography.Text type="secondary">{vt("new.certificate", { no: i.certificateNo })}</Typography.Text>
                {s ? (
                  <Tag bordered={false} color="green">
                    {vt("detail.signed", { at: formatTime(s.at, "YYYY-MM-DD HH:mm") })}
                  </Tag>
                ) : (
                  <Tag bordered={false}>{vt("detail.unsigned")}</Tag>
                )}
              </Space>
            </List.Item>
          );
        }}
      />
      <Space wrap style={{ marginTop: 8 }}>
        {canSign && (
          <Button type="primary" loading={busy} onClick={() => void act(vt("detail.signConfirm"), vt("detail.sign"), () => visitApi.sign(visit.id, visit.version), vt("detail.signedOk"))}>
            {vt("detail.sign")}
          </Button>
        )}
        {visit.status === "signed" && can("visit.write") && (
          <Button loading={busy} onClick={() => void act(vt("detail.closeConfirm"), vt("detail.close"), () => visitApi.close(visit.id, visit.version), vt("detail.closed"))}>
            {vt("detail.close")}
          </Button>
        )}
      </Space>
      {visit.status === "closed" && <Alert type="success" showIcon style={{ marginTop: 8 }} message={vt("status.closed")} />}
    </Card>
  );
}

