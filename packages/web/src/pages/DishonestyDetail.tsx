import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Select, Space, Steps, Table, Typography, Upload } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import type { ApiError } from "../api";
import { useLoad } from "../data";
import { useI18n } from "../i18n";
import { useSession } from "../session";
import { formatTime } from "../time";
import { toApiError } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";
import { dishonestyApi, mustPick, recordLabel, StateTag, useDishonestyText, type Listing } from "./DishonestyText";

type Step = Listing["next"][number];
/** Which permission each step needs (core/auth/roles.ts; the API checks it again). */
const NEEDS: Record<Step, "dishonesty.propose" | "dishonesty.decide" | undefined> = {
  propose: "dishonesty.propose",
  notify: "dishonesty.propose",
  statement: "dishonesty.propose",
  list: "dishonesty.decide",
  "change-measures": "dishonesty.decide",
  "apply-repair": "dishonesty.propose",
  "decide-repair": "dishonesty.decide",
  expire: undefined,
  withdraw: "dishonesty.decide",
};

async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** One listing: what it rests on, its measures and windows, every step taken
 * (as a timeline), the next steps the user may take, and what the credit
 * platform acknowledged — or the messages that stalled on the way. */
export default function DishonestyDetail() {
  const { listingId = "" } = useParams();
  const dt = useDishonestyText();
  const { lang } = useI18n();
  const { can } = useSession();
  const loaded = useLoad(() => dishonestyApi.get(listingId), [listingId]);
  const l = loaded.data;
  const name = (x: { name: { zh: string; en: string } }) => (lang === "en" ? x.name.en : x.name.zh);
  return (
    <>
      <PageTitle extra={<Link to="/dishonesty">{dt("detail.back")}</Link>}>{l ? `${l.entityName}` : dt("title")}</PageTitle>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {l ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={14}>
            <Card>
              <Space wrap style={{ marginBottom: 12 }}>
                <span data-testid="dishonesty-state">
                  <StateTag state={l.effectiveState} />
                </span>
                <Typography.Text type="secondary">{l.creditCode}</Typography.Text>
              </Space>
              {l.stalled.length > 0 ? (
                <Alert
                  type="error"
                  showIcon
                  style={{ marginBottom: 12 }}
                  message={dt("detail.stalled", { n: l.stalled.length, error: l.stalled[0]!.error })}
                  action={can("outbox.read") ? <Link to="/outbox">{dt("detail.stalledLink")}</Link> : undefined}
                />
              ) : null}
              {l.effectiveState === "expired" && l.state !== "expired" ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={dt("detail.expiredNow")} /> : null}
              <Descriptions column={1} size="small" bordered>
                <Descriptions.Item label={dt("detail.category")}>
                  {name(l.category)}
                  <br />
                  <Typography.Text type="secondary">{l.category.legalBasis}</Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={dt("detail.facts")}>{l.facts}</Descriptions.Item>
                <Descriptions.Item label={dt("detail.basis")}>
                  {l.basis.map((b) => (
                    <div key={b.id}>
                      {formatTime(b.at, "YYYY-MM-DD")} · {recordLabel(dt, b.kind, b.outcome)}
                      {b.ref ? ` · ${b.ref}` : ""}
                    </div>
                  ))}
                </Descriptions.Item>
                <Descriptions.Item label={dt("detail.measures")}>
                  {l.measures.map((m) => (
                    <div key={m.code} title={m.basis}>
                      {name(m)}
                    </div>
                  ))}
                </Descriptions.Item>
                {l.notice ? (
                  <Descriptions.Item label={dt("detail.notice")}>
                    {formatTime(l.notice.at)} · {dt("detail.noticeDue", { due: formatTime(l.notice.dueAt) })}
                  </Descriptions.Item>
                ) : null}
                {l.listedAt ? (
                  <Descriptions.Item label={dt("detail.window")}>
                    {formatTime(l.listedAt, "YYYY-MM-DD")} – {formatTime(l.expiresAt, "YYYY-MM-DD")}
                    {l.repairOpensAt && l.effectiveState === "listed" ? (
                      <>
                        <br />
                        <Typography.Text type="secondary">{dt("detail.repairOpens", { at: formatTime(l.repairOpensAt, "YYYY-MM-DD") })}</Typography.Text>
                      </>
                    ) : null}
                  </Descriptions.Item>
                ) : null}
              </Descriptions>
            </Card>
            <Card title={dt("detail.deliveries")} style={{ marginTop: 16 }} data-testid="dishonesty-deliveries">
              <Table
                size="small"
                rowKey="messageId"
                pagination={false}
                scroll={{ x: true }}
                dataSource={l.deliveries}
                locale={{ emptyText: dt("detail.noDeliveries") }}
                columns={[
                  { key: "seq", title: "#", dataIndex: "sequence" },
                  { key: "event", title: dt("col.state"), render: (_, d) => dt(`event.${d.event}` as "event.listed") },
                  { key: "at", title: dt("col.listedAt"), render: (_, d) => formatTime(d.deliveredAt) },
                  { key: "status", title: "HTTP", dataIndex: "status" },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card title={dt("detail.actions")}>
              <Actions listing={l} onDone={loaded.reload} allowed={(s) => !!NEEDS[s] && can(NEEDS[s]!)} />
            </Card>
            <Card title={dt("detail.steps")} style={{ marginTop: 16 }} data-testid="dishonesty-steps">
              <Steps
                direction="vertical"
                size="small"
                current={l.steps.length - 1}
                items={l.steps.map((s) => ({
                  title: dt(`step.${s.step}`),
                  description: (
                    <>
                      <div>
                        {formatTime(s.at)} · {s.by.name}
                      </div>
                      {s.note ? <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: "pre-wrap" }}>{s.note}</Typography.Paragraph> : null}
                    </>
                  ),
                }))}
              />
            </Card>
          </Col>
        </Row>
      ) : null}
    </>
  );
}

function Actions({ listing: l, onDone, allowed }: { listing: Listing; onDone: () => void; allowed: (s: Step) => boolean }) {
  const dt = useDishonestyText();
  const { lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const steps = l.next.filter(allowed);
  const [step, setStep] = useState<Step | undefined>(steps[0]);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<{ name: string; sha256: string }[]>([]);
  const categories = useLoad(() => dishonestyApi.categories(), []);
  if (steps.length === 0) return <Typography.Text type="secondary">{l.next.includes("expire") ? dt("act.expire") : "—"}</Typography.Text>;
  const current = step && steps.includes(step) ? step : steps[0]!;
  const allowedMeasures = categories.data?.categories.find((c) => c.code === l.category.code)?.measures ?? [];

  async function run(values: { text?: string; reply?: string; reason?: string; measures?: string[]; approve?: boolean }) {
    setBusy(true);
    setError(undefined);
    try {
      const v = l.version;
      if (current === "notify") await dishonestyApi.notify(l.id, { version: v, text: values.text! });
      else if (current === "statement") await dishonestyApi.statement(l.id, { version: v, text: values.text! });
      else if (current === "list") await dishonestyApi.enter(l.id, { version: v, ...(values.reply ? { reply: values.reply } : {}) });
      else if (current === "change-measures") await dishonestyApi.measures(l.id, { version: v, measures: values.measures ?? [], reason: values.reason! });
      else if (current === "apply-repair") await dishonestyApi.repair(l.id, { version: v, reason: values.reason!, evidence: files });
      else if (current === "decide-repair") await dishonestyApi.decide(l.id, { version: v, approve: !!values.approve, reason: values.reason! });
      else if (current === "withdraw") await dishonestyApi.withdraw(l.id, { version: v, reason: values.reason! });
      void message.success(dt("done"));
      form.resetFields();
      setFiles([]);
      onDone();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" onFinish={run}>
      <ErrorAlert error={error} />
      <Form.Item label={dt("detail.actions")}>
        <Select aria-label={dt("detail.actions")} value={current} onChange={(s) => setStep(s)} options={steps.map((s) => ({ value: s, label: dt(`act.${s}`) }))} />
      </Form.Item>
      {current === "notify" || current === "statement" ? (
        <Form.Item name="text" label={dt(current === "notify" ? "form.text" : "form.statement")} rules={[{ required: true, max: 4000 }]}>
          <Input.TextArea rows={4} maxLength={4000} />
        </Form.Item>
      ) : null}
      {current === "list" ? (
        <Form.Item name="reply" label={dt("form.reply")} rules={[{ required: !!l.statement, max: 4000 }]} extra={l.statement?.text}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      ) : null}
      {current === "change-measures" ? (
        <Form.Item name="measures" label={dt("form.measures")} initialValue={l.measures.map((m) => m.code)} rules={[mustPick(dt("form.measures"))]}>
          <Select
            mode="multiple"
            aria-label={dt("form.measures")}
            options={(categories.data?.measures ?? []).filter((m) => allowedMeasures.includes(m.code)).map((m) => ({ value: m.code, label: lang === "en" ? m.name.en : m.name.zh }))}
          />
        </Form.Item>
      ) : null}
      {current === "apply-repair" ? (
        <Form.Item label={dt("form.evidence")} required>
          <Upload
            multiple
            showUploadList={false}
            beforeUpload={async (file) => {
              const sha256 = await sha256Hex(file);
              setFiles((f) => [...f, { name: file.name, sha256 }]);
              return false;
            }}
          >
            <Button>{dt("form.evidence")}</Button>
          </Upload>
          {files.map((f) => (
            <div key={f.sha256}>
              {f.name} <Typography.Text type="secondary" code>{f.sha256.slice(0, 16)}…</Typography.Text>
            </div>
          ))}
        </Form.Item>
      ) : null}
      {current === "decide-repair" ? (
        <Form.Item name="approve" label={dt("act.decide-repair")} initialValue={true}>
          <Select aria-label={dt("act.decide-repair")} options={[{ value: true, label: dt("form.approve") }, { value: false, label: dt("form.reject") }]} />
        </Form.Item>
      ) : null}
      {current === "change-measures" || current === "apply-repair" || current === "decide-repair" || current === "withdraw" ? (
        <Form.Item name="reason" label={dt("form.reason")} rules={[{ required: true, max: 4000 }]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      ) : null}
      <Button type="primary" htmlType="submit" loading={busy} disabled={current === "apply-repair" && files.length === 0} danger={current === "list"}>
        {dt(`act.${current}`)}
      </Button>
    </Form>
  );
}
