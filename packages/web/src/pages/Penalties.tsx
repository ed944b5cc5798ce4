import { FileDoneOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, List, Row, Select, Space, Tabs, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { InferRequestType, InferResponseType } from "hono/client";
import { useCallback, useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { ApiError, call, client } from "../api";
import { DataTable } from "../components/DataTable";
import { catalogueItems, eachPage, useLoad } from "../data";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as penaltiesStrings from "../locales/penalties";
import { useSession } from "../session";
import { formatTime, ZONE } from "../time";
import { ErrorAlert, PageTitle } from "./common";
import { mustChoose } from "./assistance-shared";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof penaltiesStrings>;

type Page = InferResponseType<typeof client.api.penalties.$get, 200>;
type Penalty = Page["items"][number];
type Measure = Penalty["measure"];
type RecordBody = InferRequestType<typeof client.api.penalties.$post>["json"];
type Match = NonNullable<Penalty["nearMatchDecision"]>["matches"][number];
const MEASURES: Measure[] = ["warning", "fine", "confiscation", "suspension", "revocation", "detention-of-goods", "other"];
/** Must match core's MIN_DECISION_REASON (penalty/rules.ts); the API refuses a shorter reason anyway. */
const MIN_REASON = 10;
const OVERSEERS = ["province-admin", "tenant-admin", "auditor"];
const DATE = "YYYY-MM-DD";

/** 行政处罚: record a penalty; a second fine on the same act is refused, near matches need a recorded reason. */
export default function Penalties() {
  const { t } = useStrings(penaltiesStrings);
  const { can } = useSession();
  const [tab, setTab] = useState(can("penalty.write") ? "record" : "list");
  const items = [
    ...(can("penalty.write") ? [{ key: "record", label: t("pnl.record"), children: <RecordForm onRecorded={() => setTab("list")} /> }] : []),
    { key: "list", label: t("pnl.list"), children: <PenaltyList /> },
  ];
  return (
    <>
      <PageTitle>{t("pnl.title")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t("pnl.intro")}
      </Typography.Paragraph>
      <Tabs activeKey={tab} onChange={setTab} items={items} destroyOnHidden />
    </>
  );
}

interface Values {
  creditCode: string;
  entityName: string;
  itemCode: string;
  clause: string;
  conduct: string;
  actDate: Dayjs;
  actUntil?: Dayjs | null;
  description: string;
  decisionNo: string;
  decidedOn?: Dayjs | null;
  measure: Measure;
  amount?: number | null;
}

/** The first fine on the act, as the 409 refusal names it. */
interface FirstDecision {
  tenantName: string;
  decisionNo: string;
  decidedOn: string;
  match?: Match;
}

/** Near matches held for a decision, with the body that was held. */
interface Held {
  error: ApiError;
  changed: boolean;
  matches: Match[];
  body: RecordBody;
}

const todayBeijing = () => dayjs().tz(ZONE).format(DATE);

function RecordForm({ onRecorded }: { onRecorded(): void }) {
  const { t } = useStrings(penaltiesStrings);
  const [params] = useSearchParams();
  const visitId = params.get("visitId") ?? undefined;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [reasonForm] = Form.useForm<{ reason: string }>();
  const measure = Form.useWatch("measure", form);
  const actDate = Form.useWatch("actDate", form);
  // The items in force, when the catalogue has reached this tenant.
  const catalogue = useLoad(() => catalogueItems().catch(() => ({ version: 0, items: [] })), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [first, setFirst] = useState<{ error: ApiError; decision: FirstDecision }>();
  const [held, setHeld] = useState<Held>();
  const required = (field: PageKey) => [{ required: true, whitespace: true, message: t("pnl.required", { field: t(field) }) }];
  const picked = (field: PageKey) => [{ required: true, message: t("pnl.pick", { field: t(field) }) }];
  // For a Select: a validator, not `required` — antd would put aria-required on the Select's role-less wrapper div (axe aria-allowed-attr).
  const chosen = (field: PageKey) => [mustChoose(t("pnl.pick", { field: t(field) }))];

  function bodyOf(v: Values): RecordBody {
    return {
      creditCode: v.creditCode.trim(),
      entityName: v.entityName,
      fact: {
        itemCode: v.itemCode,
        clause: v.clause,
        actDate: v.actDate.format(DATE),
        ...(v.actUntil ? { actUntil: v.actUntil.format(DATE) } : {}),
        conduct: v.conduct,
        description: v.description,
      },
      decisionNo: v.decisionNo,
      ...(v.decidedOn ? { decidedOn: v.decidedOn.format(DATE) } : {}),
      measure: v.measure,
      ...(v.amount !== undefined && v.amount !== null ? { amount: v.amount } : {}),
      // The visit whose result this decides: the visit shows the penalty (立案 → 已立案处罚).
      ...(visitId ? { visitId } : {}),
    };
  }

  async function send(body: RecordBody) {
    setBusy(true);
    setError(undefined);
    setFirst(undefined);
    try {
      const recorded = await call(client.api.penalties.$post({ json: body }));
      void message.success(t("pnl.recorded", { decisionNo: recorded.decisionNo }));
      setHeld(undefined);
      form.resetFields();
      reasonForm.resetFields();
      onRecorded();
    } catch (err) {
      if (err instanceof ApiError && err.code === "penalty.already_penalised") {
        setHeld(undefined);
        setFirst({ error: err, decision: err.details as unknown as FirstDecision });
      } else if (err instanceof ApiError && (err.code === "penalty.near_matches" || err.code === "penalty.near_matches_changed")) {
        const details = err.details as unknown as { nearMatches: Match[] };
        setHeld({ error: err, changed: err.code === "penalty.near_matches_changed", matches: details.nearMatches, body: { ...body, nearMatchDecision: undefined } });
      } else if (err instanceof ApiError) {
        // Field errors go beside their fields (fact.conduct → conduct); anything else above the form.
        const fieldOf = (f: string): keyof Values | undefined => {
          const name = f.replace(/^fact\./, "") as keyof Values;
          return name in (form.getFieldsValue(true) as object) || ["amount", "decidedOn", "actUntil"].includes(name) ? name : undefined;
        };
        const own = (Array.isArray(err.details) ? err.details : []).filter((d) => fieldOf(String(d.field)));
        form.setFields(own.map((d) => ({ name: fieldOf(String(d.field))!, errors: [d.message] })));
        if (own.length === 0) setError(err);
      } else setError(new ApiError(0, "client", String(err)));
    } finally {
      setBusy(false);
    }
  }

  async function decide({ reason }: { reason: string }) {
    if (!held) return;
    await send({ ...held.body, nearMatchDecision: { reason, matches: held.matches.map((m) => m.key) } });
  }

  const today = todayBeijing();
  const full = { xs: 24, md: 12, lg: 8 };
  return (
    <Card style={{ maxWidth: 1000 }}>
      {first && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={t("pnl.alreadyTitle")}
          description={
            <>
              <Typography.Paragraph>{first.error.message}</Typography.Paragraph>
              {first.decision.match ? <MatchCard match={first.decision.match} /> : null}
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {t("pnl.alreadyHint")}
              </Typography.Paragraph>
            </>
          }
        />
      )}
      {held && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={held.changed ? t("pnl.nearChanged") : t("pnl.nearTitle", { count: held.matches.length })}
          description={
            <>
              <Typography.Paragraph>{t("pnl.nearHint")}</Typography.Paragraph>
              <List dataSource={held.matches} rowKey="key" split={false} renderItem={(m) => <List.Item style={{ padding: "4px 0" }}><MatchCard match={m} /></List.Item>} />
              <Form form={reasonForm} layout="vertical" name="near-match-decision" onFinish={decide} disabled={busy}>
                <Form.Item
                  label={t("pnl.reason")}
                  name="reason"
                  rules={[{ required: true, whitespace: true, min: MIN_REASON, message: t("pnl.reasonRequired", { min: MIN_REASON }) }]}
                >
                  <Input.TextArea rows={3} maxLength={500} showCount />
                </Form.Item>
                <Space wrap>
                  <Button type="primary" htmlType="submit" loading={busy}>
                    {t("pnl.confirm")}
                  </Button>
                  <Button onClick={() => setHeld(undefined)}>{t("pnl.cancelNear")}</Button>
                </Space>
              </Form>
            </>
          }
        />
      )}
      <ErrorAlert error={error} />
      <Form<Values>
        form={form}
        layout="vertical"
        name="record-penalty"
        onFinish={(v) => send(bodyOf(v))}
        // A decision covers what was shown for this act: any change to the act asks again.
        onValuesChange={() => {
          setHeld(undefined);
          setFirst(undefined);
        }}
        disabled={busy || !!held}
        initialValues={{
          measure: "fine",
          ...(visitId
            ? { creditCode: params.get("creditCode") ?? undefined, entityName: params.get("entityName") ?? undefined, itemCode: params.get("itemCode") ?? undefined, description: params.get("description") ?? undefined }
            : {}),
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={12} lg={8}>
            <Form.Item label={t("pnl.creditCode")} name="creditCode" rules={[{ required: true, len: 18, whitespace: true, message: t("pnl.creditCodeRequired") }]}>
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} lg={16}>
            <Form.Item label={t("pnl.entityName")} name="entityName" rules={required("pnl.entityName")}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t("pnl.item")} name="itemCode" extra={t("pnl.itemHint")} rules={chosen("pnl.item")}>
              <Select
                showSearch
                optionFilterProp="label"
                loading={catalogue.loading}
                options={(catalogue.data?.items ?? []).map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t("pnl.clause")} name="clause" extra={t("pnl.clauseHint")} rules={required("pnl.clause")}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t("pnl.conduct")} name="conduct" extra={t("pnl.conductHint")} rules={required("pnl.conduct")}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col {...full}>
            <Form.Item label={t("pnl.actDate")} name="actDate" rules={picked("pnl.actDate")}>
              <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.format(DATE) > today} />
            </Form.Item>
          </Col>
          <Col {...full}>
            <Form.Item label={t("pnl.actUntil")} name="actUntil" extra={t("pnl.actUntilHint")}>
              <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.format(DATE) > today || (!!actDate && d.format(DATE) < actDate.format(DATE))} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t("pnl.description")} name="description" rules={required("pnl.description")}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </Col>
          <Col {...full}>
            <Form.Item label={t("pnl.decisionNo")} name="decisionNo" rules={required("pnl.decisionNo")}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col {...full}>
            <Form.Item label={t("pnl.decidedOn")} name="decidedOn" extra={t("pnl.decidedOnHint")}>
              <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.format(DATE) > today} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12} lg={4}>
            <Form.Item label={t("pnl.measure")} name="measure" rules={chosen("pnl.measure")}>
              <Select options={MEASURES.map((m) => ({ value: m, label: t(`pnl.measure.${m}` as PageKey) }))} />
            </Form.Item>
          </Col>
          {measure === "fine" && (
            <Col xs={24} md={12} lg={4}>
              <Form.Item label={t("pnl.amount")} name="amount" rules={[{ required: true, message: t("pnl.required", { field: t("pnl.amount") }) }]}>
                <InputNumber min={0.01} precision={2} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Button type="primary" htmlType="submit" icon={<FileDoneOutlined aria-hidden />} loading={busy}>
          {t("pnl.submit")}
        </Button>
      </Form>
    </Card>
  );
}

/** One earlier fine, as the registry shares it (never the other region's case file). */
function MatchCard({ match }: { match: Match }) {
  const { t } = useStrings(penaltiesStrings);
  const period = match.actFrom === match.actTo ? match.actFrom : `${match.actFrom} ~ ${match.actTo}`;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered style={{ width: "100%" }}>
      <Descriptions.Item label={t("pnl.region")}>
        {match.tenantName}
        {match.departmentName ? ` · ${match.departmentName}` : ""}
      </Descriptions.Item>
      <Descriptions.Item label={t("pnl.decisionNo")}>
        {match.decisionNo}（{match.decidedOn}）
      </Descriptions.Item>
      <Descriptions.Item label={t("pnl.actPeriod")}>{period}</Descriptions.Item>
      <Descriptions.Item label={t("pnl.item")}>{match.itemCode}</Descriptions.Item>
      <Descriptions.Item label={t("pnl.conduct")}>{match.conduct}</Descriptions.Item>
      <Descriptions.Item label={t("pnl.clause")}>{match.clause}</Descriptions.Item>
      <Descriptions.Item label={t("pnl.why")} span={2}>
        <Space size={[4, 4]} wrap>
          {match.reasons.map((r) => (
            <Tag key={r} color={r === "same-act" ? "red" : r === "dates" || r === "items" ? "orange" : "default"}>
              {t(`pnl.why.${r}` as PageKey)}
            </Tag>
          ))}
        </Space>
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The penalties this user may see, newest first, a page at a time (officers: their department's). */
function PenaltyList() {
  const { t } = useStrings(penaltiesStrings);
  const { me } = useSession();
  const [rows, setRows] = useState<Penalty[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError>();

  const load = useCallback(async (after: string | null) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await call(client.api.penalties.$get({ query: { limit: "20", ...(after ? { cursor: after } : {}) } }));
      setRows((r) => (after ? [...r, ...page.items] : page.items));
      setCursor(page.cursor);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "client", String(err)));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load(null);
  }, [load]);

  return (
    <>
      <Typography.Paragraph type="secondary">{OVERSEERS.includes(me?.role ?? "") ? t("pnl.listHintAll") : t("pnl.listHintOfficer")}</Typography.Paragraph>
      <ErrorAlert error={error} onRetry={() => void load(null)} />
      <DataTable<Penalty>
        testId="penalties-table"
        caption={t("pnl.caption")}
        exportName={t("pnl.caption")}
        exportPages={() => eachPage((c) => call(client.api.penalties.$get({ query: { limit: "100", ...(c ? { cursor: c } : {}) } })))}
        rowKey="id"
        loading={loading}
        rows={rows}
        pagination={false}
        locale={{ emptyText: <Empty description={t("pnl.empty")} /> }}
        expandable={{
          expandedRowRender: (p) => (
            <>
              <Typography.Paragraph>{p.fact.description}</Typography.Paragraph>
              {p.nearMatchDecision && (
                <Alert
                  type="info"
                  message={t("pnl.decisionReason")}
                  description={
                    <>
                      <Typography.Paragraph>{p.nearMatchDecision.reason}</Typography.Paragraph>
                      {p.nearMatchDecision.matches.map((m) => (
                        <Typography.Paragraph key={m.key} type="secondary" style={{ marginBottom: 4 }}>
                          {m.tenantName} {m.departmentName ?? ""} {m.decisionNo}（{m.actFrom === m.actTo ? m.actFrom : `${m.actFrom} ~ ${m.actTo}`}）
                        </Typography.Paragraph>
                      ))}
                    </>
                  }
                />
              )}
            </>
          ),
        }}
        columns={[
          { title: t("pnl.decisionNo"), dataIndex: "decisionNo", sort: true },
          {
            title: t("pnl.entity"),
            key: "entity",
            text: (p) => `${p.entityName} ${p.creditCode}`,
            sort: true,
            render: (_, p) => (
              <span>
                {p.entityName}
                <br />
                <Typography.Text type="secondary">{p.creditCode}</Typography.Text>
              </span>
            ),
          },
          { title: t("pnl.conduct"), key: "conduct", text: (p) => p.fact.conduct ?? p.fact.description, render: (_, p) => p.fact.conduct ?? p.fact.description },
          { title: t("pnl.clause"), key: "fact", text: (p) => `${p.fact.itemCode} · ${p.fact.clause}`, render: (_, p) => `${p.fact.itemCode} · ${p.fact.clause}` },
          { title: t("pnl.actPeriod"), key: "actDate", text: (p) => (p.fact.actUntil ? `${p.fact.actDate} ~ ${p.fact.actUntil}` : p.fact.actDate), sort: true, render: (_, p) => (p.fact.actUntil ? `${p.fact.actDate} ~ ${p.fact.actUntil}` : p.fact.actDate) },
          { title: t("pnl.measure"), key: "measure", text: (p) => `${t(`pnl.measure.${p.measure}` as PageKey)}${p.amount ? t("pnl.amountOf", { amount: p.amount }) : ""}`, filter: true, render: (_, p) => `${t(`pnl.measure.${p.measure}` as PageKey)}${p.amount ? t("pnl.amountOf", { amount: p.amount }) : ""}` },
          { title: t("pnl.department"), dataIndex: "departmentName", filter: true, render: (v?: string) => v ?? "" },
          { title: t("pnl.decidedOn"), dataIndex: "decidedOn", sort: true },
          { title: t("pnl.recordedAt"), dataIndex: "recordedAt", text: (p) => formatTime(p.recordedAt, "YYYY-MM-DD HH:mm"), sort: true, render: (v: string) => formatTime(v, "YYYY-MM-DD HH:mm") },
        ]}
      />
      {cursor && (
        <div style={{ marginTop: 12, textAlign: "center" }}>
          <Button onClick={() => void load(cursor)} loading={loading}>
            {t("pnl.more")}
          </Button>
        </div>
      )}
    </>
  );
}
