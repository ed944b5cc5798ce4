import { EditOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, InputNumber, List, Row, Space, Switch, Table, Tabs, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { call, client, type ApiError } from "../api";
import { DataTable } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { useLoad } from "../data";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as creditScoringStrings from "../locales/credit-scoring";
import * as publicDrawsStrings from "../locales/public-draws";
import { useSession } from "../session";
import { formatTime } from "../time";
import { toApiError } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";
import { BusinessPicker, paged, useConfirm } from "./EnforcementPickers";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof creditScoringStrings> | KeyOf<typeof publicDrawsStrings>;

type Scoring = InferResponseType<typeof client.api.credit.scoring.$get, 200>;
type Version = InferResponseType<typeof client.api.credit.scoring.versions.$get, 200>["items"][number];
type PointKey = keyof Scoring["points"];
type Explained = InferResponseType<(typeof client.api.businesses)[":creditCode"]["grade"]["$get"], 200>;
type CreditRecord = Explained["records"][number];

const GRADES = ["A", "B", "C"] as const;
/** The weights, each with its kind: a bonus (0…100), a deduction (−100…0), either, or a count (years, months). Core's ScoringConfig checks the same. */
const POINTS: { key: PointKey; kind: "bonus" | "deduction" | "any" | "count" }[] = [
  { key: "established", kind: "bonus" },
  { key: "establishedYears", kind: "count" },
  { key: "newBusiness", kind: "any" },
  { key: "newMonths", kind: "count" },
  { key: "expiredLicence", kind: "deduction" },
  { key: "inspectionCompliant", kind: "bonus" },
  { key: "inspectionCompliantCap", kind: "bonus" },
  { key: "inspectionNonCompliant", kind: "deduction" },
  { key: "penaltyWarning", kind: "deduction" },
  { key: "penaltyFine", kind: "deduction" },
  { key: "penaltySevere", kind: "deduction" },
  { key: "penaltyOther", kind: "deduction" },
  { key: "assistanceFinding", kind: "deduction" },
];
const HINT: Record<(typeof POINTS)[number]["kind"], PageKey> = { bonus: "crs.bonus", deduction: "crs.deduction", any: "crs.any", count: "crs.count" };
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0");

/** 信用风险分类评分规则: the rules in force (weights, thresholds, version, who and when), the
 * province publishing the next version (field errors beside the fields), and one business's
 * grade explained with its reasons and records. */
export default function CreditScoring() {
  const { t } = useStrings(creditScoringStrings, publicDrawsStrings);
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") ?? "rules";
  const county = !!me && me.tenant.level !== "province";
  const items = [
    { key: "rules", label: t("crs.tab.rules"), children: <Rules /> },
    { key: "versions", label: t("crs.tab.versions"), children: <Versions /> },
    ...(county ? [{ key: "grade", label: t("crs.tab.grade"), children: <GradeExplained /> }] : []),
  ];
  return (
    <>
      <PageTitle>{t("crs.title")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t("crs.intro")}
      </Typography.Paragraph>
      <Tabs activeKey={tab} onChange={(k) => setParams(k === "rules" ? {} : { tab: k }, { replace: true })} items={items} destroyOnHidden />
    </>
  );
}

/** The rules in force, and (for the province) the form for the next version. */
function Rules() {
  const { t } = useStrings(creditScoringStrings, publicDrawsStrings);
  const { can } = useSession();
  const scoring = useLoad(() => call(client.api.credit.scoring.$get()), []);
  const latest = useLoad(() => call(client.api.credit.scoring.versions.$get({ query: { limit: "1" } })), []);
  const [editing, setEditing] = useState(false);
  const s = scoring.data;
  const published = latest.data?.items[0];
  const who = published && s && published.version === s.version ? published : undefined;

  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <ErrorAlert error={scoring.error ?? latest.error} onRetry={() => (scoring.reload(), latest.reload())} />
      {s && !editing && (
        <>
          <Card
            title={t("crs.versionN", { version: s.version })}
            extra={
              can("credit.scoring") ? (
                <Button type="primary" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
                  {t("crs.edit")}
                </Button>
              ) : undefined
            }
          >
            <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered data-testid="scoring-in-force">
              <Descriptions.Item label={t("crs.version")}>{s.version}</Descriptions.Item>
              <Descriptions.Item label={t("crs.effectiveFrom")}>{s.effectiveFrom}</Descriptions.Item>
              <Descriptions.Item label={t("crs.source")} span={{ xs: 1, md: 2 }}>
                {s.source}
              </Descriptions.Item>
              <Descriptions.Item label={t("crs.publishedBy")}>{who ? who.publishedBy : t("crs.default")}</Descriptions.Item>
              <Descriptions.Item label={t("crs.publishedAt")}>{who ? formatTime(who.publishedAt, "YYYY-MM-DD HH:mm") : "—"}</Descriptions.Item>
              <Descriptions.Item label={t("crs.base")}>{s.base}</Descriptions.Item>
              <Descriptions.Item label={t("crs.window")}>{s.windowYears}</Descriptions.Item>
              <Descriptions.Item label={t("crs.thresholds")} span={{ xs: 1, md: 2 }}>
                {t("crs.thresholdLine", s.thresholds)}
              </Descriptions.Item>
              <Descriptions.Item label={t("crs.dishonest")} span={{ xs: 1, md: 2 }}>
                {s.dishonestIsD ? t("crs.yes") : t("crs.no")}
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t("crs.weights")}>
            <Table
              size="small"
              pagination={false}
              rowKey="key"
              scroll={{ x: true }}
              dataSource={POINTS}
              columns={[
                { title: t("crs.rule"), key: "rule", render: (_: unknown, p) => t(`crs.p.${p.key}` as PageKey) },
                { title: t("crs.points"), key: "points", width: 110, render: (_: unknown, p) => (p.kind === "count" ? s.points[p.key] : signed(s.points[p.key])) },
              ]}
            />
          </Card>
        </>
      )}
      {s && editing && (
        <Publish
          current={s}
          onCancel={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            scoring.reload();
            latest.reload();
          }}
        />
      )}
    </Space>
  );
}

interface Values {
  source: string;
  effectiveFrom: Dayjs;
  base: number;
  windowYears: number;
  thresholds: Record<(typeof GRADES)[number], number>;
  points: Record<PointKey, number>;
  dishonestIsD: boolean;
}

const FIELD_NAMES = new Set(["source", "effectiveFrom", "base", "windowYears", "dishonestIsD", ...GRADES.map((g) => `thresholds.${g}`), ...POINTS.map((p) => `points.${p.key}`)]);

/** The next version: the rules in force as the starting values; the API's 400 names each field, shown beside it. */
function Publish({ current, onCancel, onDone }: { current: Scoring; onCancel(): void; onDone(): void }) {
  const { t } = useStrings(creditScoringStrings, publicDrawsStrings);
  const { message } = App.useApp();
  const confirm = useConfirm();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const version = current.version + 1;
  const required = (field: string) => [{ required: true, message: t("crs.required", { field }) }];

  async function submit(v: Values) {
    if (!(await confirm(t("crs.confirm", { version })))) return;
    setBusy(true);
    setError(undefined);
    try {
      await call(
        client.api.credit.scoring.$post({
          json: {
            version,
            source: v.source.trim(),
            effectiveFrom: v.effectiveFrom.format("YYYY-MM-DD"),
            base: v.base,
            windowYears: v.windowYears,
            thresholds: v.thresholds,
            points: v.points,
            dishonestIsD: v.dishonestIsD,
          },
        }),
      );
      void message.success(t("crs.published", { version }));
      onDone();
    } catch (err) {
      setError(showErrors(form, toApiError(err), t("crs.stale")));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t("crs.publishTitle", { version })}>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        name="scoring"
        disabled={busy}
        onFinish={(v) => void submit(v)}
        initialValues={{ ...current, source: "", effectiveFrom: dayjs() }}
      >
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item label={t("crs.source")} name="source" rules={[{ required: true, whitespace: true, message: t("crs.required", { field: t("crs.source") }) }]}>
              <Input maxLength={300} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t("crs.effectiveFrom")} name="effectiveFrom" rules={required(t("crs.effectiveFrom"))}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t("crs.base")} name="base" rules={required(t("crs.base"))}>
              <InputNumber style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t("crs.window")} name="windowYears" rules={required(t("crs.window"))}>
              <InputNumber style={{ width: "100%" }} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t("crs.thresholds")}
        </Typography.Title>
        <Row gutter={16}>
          {GRADES.map((g, i) => (
            <Col xs={8} md={6} key={g}>
              <Form.Item
                label={t("crs.threshold", { grade: g })}
                name={["thresholds", g]}
                dependencies={i > 0 ? [["thresholds", GRADES[i - 1]!]] : []}
                rules={[
                  ...required(t("crs.threshold", { grade: g })),
                  ({ getFieldValue }) => ({
                    // A above B above C: the same rule as core's ScoringConfig, said beside the field.
                    validator: (_, v: number | null) => {
                      const above = i > 0 ? (getFieldValue(["thresholds", GRADES[i - 1]!]) as number | null) : null;
                      return v == null || above == null || v < above ? Promise.resolve() : Promise.reject(new Error(t("crs.order", { grade: g, above: GRADES[i - 1]! })));
                    },
                  }),
                ]}
              >
                <InputNumber style={{ width: "100%" }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t("crs.weights")}
        </Typography.Title>
        <Row gutter={16}>
          {POINTS.map((p) => (
            <Col xs={24} sm={12} md={8} key={p.key}>
              <Form.Item label={t(`crs.p.${p.key}` as PageKey)} name={["points", p.key]} extra={t(HINT[p.kind])} rules={required(t(`crs.p.${p.key}` as PageKey))}>
                <InputNumber style={{ width: "100%" }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item label={t("crs.dishonest")} name="dishonestIsD" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Space wrap>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t("crs.publish")}
          </Button>
          <Button onClick={onCancel} disabled={busy}>
            {t("common.cancel")}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

/** The API's field errors beside their fields (`points.penaltyFine` → that input); what names no field, as text. */
function showErrors(form: ReturnType<typeof Form.useForm<Values>>[0], err: ApiError, stale: string): string | undefined {
  if (err.status === 409) return stale;
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const d of err.details) {
    const field = d.field === "thresholds" ? "thresholds.A" : d.field;
    if (FIELD_NAMES.has(field)) byField.set(field, [...(byField.get(field) ?? []), d.message]);
    else rest.push(`${d.field}: ${d.message}`);
  }
  form.setFields([...byField].map(([field, errors]) => ({ name: field.split(".") as never, errors })));
  if (byField.size > 0 && rest.length === 0) return undefined;
  return [err.message, ...rest].join("；");
}

/** Every published version, newest first: who and when. */
function Versions() {
  const { t } = useStrings(creditScoringStrings, publicDrawsStrings);
  const versions = usePaged((cursor) => paged(call(client.api.credit.scoring.versions.$get({ query: { limit: "50", ...(cursor ? { cursor } : {}) } }))), []);
  return (
    <>
      <ErrorAlert error={versions.error} onRetry={versions.reload} />
      <DataTable<Version>
        testId="scoring-versions"
        rowKey="version"
        caption={t("crs.tab.versions")}
        rows={versions.rows}
        loading={versions.loading}
        exportName={t("crs.tab.versions")}
        exportPages={versions.pages}
        more={{ hasMore: versions.hasMore, loading: versions.loading, onMore: versions.more }}
        locale={{ emptyText: t("crs.versionsEmpty") }}
        columns={[
          { key: "version", title: t("crs.version"), text: (v) => v.version, sort: true, width: 80 },
          { key: "source", title: t("crs.source"), text: (v) => v.source },
          { key: "effectiveFrom", title: t("crs.effectiveFrom"), text: (v) => v.effectiveFrom, responsive: ["md"] },
          { key: "publishedBy", title: t("crs.publishedBy"), text: (v) => v.publishedBy },
          { key: "publishedAt", title: t("crs.publishedAt"), text: (v) => formatTime(v.publishedAt, "YYYY-MM-DD HH:mm"), sort: true },
        ]}
      />
    </>
  );
}

/** One business of this directory: its grade now, what the rules in force give it, each reason and the records. */
function GradeExplained() {
  const { t } = useStrings(creditScoringStrings, publicDrawsStrings);
  const [params, setParams] = useSearchParams();
  const code = params.get("code") ?? undefined;
  const [typed, setTyped] = useState(code ?? "");
  const [codeError, setCodeError] = useState<string>();
  const grade = useLoad(() => (code ? call(client.api.businesses[":creditCode"].grade.$get({ param: { creditCode: code } })) : Promise.resolve(undefined)), [code]);
  const business = useLoad(() => (code ? call(client.api.businesses[":creditCode"].$get({ param: { creditCode: code } })) : Promise.resolve(undefined)), [code]);
  const open = (c: string) => setParams({ tab: "grade", code: c }, { replace: true });
  const g = grade.data;
  const kind = (k: string) => t(`crs.kind.${k}` as PageKey);

  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900, marginBottom: 0 }}>
        {t("crs.gradeIntro")}
      </Typography.Paragraph>
      <Card>
        <Form layout="vertical" style={{ maxWidth: 560 }}>
          <Form.Item label={t("crs.pick")} htmlFor="crs-pick">
            <BusinessPicker id="crs-pick" value={code} onChange={(v) => typeof v === "string" && v && (setTyped(v), open(v))} />
          </Form.Item>
          <Form.Item label={t("crs.code")} htmlFor="crs-code" validateStatus={codeError ? "error" : undefined} help={codeError}>
            <Space.Compact style={{ width: "100%" }}>
              <Input id="crs-code" value={typed} maxLength={18} onChange={(e) => setTyped(e.target.value.trim().toUpperCase())} onPressEnter={() => show()} />
              <Button type="primary" onClick={() => show()}>
                {t("crs.show")}
              </Button>
            </Space.Compact>
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={grade.error ?? business.error} onRetry={() => (grade.reload(), business.reload())} />
      {g && business.data && (
        <Card title={business.data.name} extra={<Link to={`/businesses`}>{t("crs.openDirectory")}</Link>} data-testid="grade-explained">
          <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
            <Descriptions.Item label={t("pdr.creditCode")}>{g.creditCode}</Descriptions.Item>
            <Descriptions.Item label={t("crs.current")}>
              <Tag bordered={false}>{g.current}</Tag>
              {business.data.gradedAt ? formatTime(business.data.gradedAt, "YYYY-MM-DD HH:mm") : ""}
            </Descriptions.Item>
            <Descriptions.Item label={t("crs.trial")} span={{ xs: 1, md: 2 }}>
              {t("crs.trialLine", { grade: g.grade, score: g.score, version: g.rulesVersion })}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
            {t("crs.reasons")}
          </Typography.Title>
          <List size="small" bordered dataSource={g.reasons} renderItem={(r) => <List.Item>{r}</List.Item>} data-testid="grade-reasons" />
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
            {t("crs.records")}
          </Typography.Title>
          <DataTable<CreditRecord>
            rowKey={(r) => `${r.at}|${r.kind}|${r.ref ?? ""}|${r.outcome}`}
            caption={t("crs.records")}
            rows={g.records}
            exportName={`${t("crs.records")}${g.creditCode}`}
            search={false}
            locale={{ emptyText: <Empty description={t("crs.noRecords")} /> }}
            columns={[
              { key: "at", title: t("crs.recordAt"), text: (r) => (r.at.length > 10 ? formatTime(r.at, "YYYY-MM-DD") : r.at), sort: true },
              { key: "kind", title: t("crs.recordKind"), text: (r) => kind(r.kind), filter: true },
              { key: "outcome", title: t("crs.recordOutcome"), text: (r) => r.outcome },
              { key: "ref", title: t("crs.recordRef"), text: (r) => r.ref ?? "", responsive: ["md"] },
            ]}
          />
        </Card>
      )}
    </Space>
  );

  function show() {
    if (!/^[0-9A-Z]{18}$/.test(typed)) return setCodeError(t("crs.badCode"));
    setCodeError(undefined);
    open(typed);
  }
}
