import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined, QuestionCircleOutlined } from "@ant-design/icons";
import { Breadcrumb, Button, Card, Col, DatePicker, Empty, Row, Segmented, Space, Spin, Statistic, Table, Tag, Tooltip, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { InferResponseType } from "hono/client";
import { useMemo, useState } from "react";
import { Link } from "react-router-dom";
import { call, client } from "../api";
import { EChart } from "../charts/EChart";
import { useLoad } from "../data";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as assistanceStrings from "../locales/assistance";
import { useText } from "../charts/text";
import { useSession } from "../session";
import { formatTime, ZONE } from "../time";
import { formatDue, useLabels } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof assistanceStrings>;

type Mine = InferResponseType<typeof client.api.dashboard.$get, 200>;
type Figure = Mine["figures"][number];
type Areas = InferResponseType<typeof client.api.dashboard.areas.$get, 200>;
type AreaRow = Areas["items"][number];
type Range = { from: string; to: string } | null;
type RangeKind = "all" | "month" | "quarter" | "year" | "custom";

/** The named ranges in Asia/Shanghai (whole months): this month, quarter, year. */
function namedRange(kind: Exclude<RangeKind, "custom">): Range {
  if (kind === "all") return null;
  const now = dayjs().tz(ZONE);
  if (kind === "month") return { from: now.format("YYYY-MM"), to: now.format("YYYY-MM") };
  if (kind === "year") return { from: `${now.year()}-01`, to: `${now.year()}-12` };
  const first = Math.floor(now.month() / 3) * 3;
  return { from: now.month(first).format("YYYY-MM"), to: now.month(first + 2).format("YYYY-MM") };
}

function useFigureText() {
  const { t } = useStrings(assistanceStrings);
  const tx = useText();
  return {
    name: (f: Figure) => t(`dash.figure.${f.key}` as PageKey),
    value: (f: Figure) => (f.value === null ? t("dash.noData") : f.kind === "share-at-least" ? `${(f.value * 100).toFixed(1)}%` : t("dash.days", { days: f.value })),
    target: (f: Figure) => (f.kind === "share-at-least" ? t("dash.targetShare", { value: Math.round(f.target * 100) }) : t("dash.targetDays", { value: f.target })),
  };
}

/** 平台默认目标, with its basis in a tooltip (keyboard-focusable), instead of a foreign attribution. */
function PlatformTarget() {
  const { t } = useStrings(assistanceStrings);
  const tx = useText();
  return (
    // Focus as well as hover: a keyboard user reads the basis too (WCAG 1.4.13).
    <Tooltip title={tx("dash.targetTip")} trigger={["hover", "focus"]}>
      <Tag tabIndex={0} icon={<QuestionCircleOutlined aria-hidden />} style={{ cursor: "help", marginInlineStart: 4 }} data-testid="platform-target">
        {tx("dash.platformTarget")}
      </Tag>
    </Tooltip>
  );
}

/** Met / not met / nothing to measure, as words with an icon (never colour alone). */
function Met({ met }: { met: boolean | null }) {
  const { t } = useStrings(assistanceStrings);
  const tx = useText();
  if (met === null)
    return (
      <span>
        <MinusCircleOutlined aria-hidden /> {t("dash.unmeasured")}
      </span>
    );
  return met ? (
    <span style={{ color: "#237804" }}>
      <CheckCircleFilled aria-hidden /> {t("dash.met")}
    </span>
  ) : (
    <span style={{ color: "#cf1322" }}>
      <CloseCircleFilled aria-hidden /> {t("dash.notMet")}
    </span>
  );
}

/** 工作看板: figures against the platform's default targets for a period, charts, what is overdue, and the regions below with drill-down. */
export default function Dashboard() {
  const { t } = useStrings(assistanceStrings);
  const tx = useText();
  const { me } = useSession();
  const [kind, setKind] = useState<RangeKind>("all");
  const [custom, setCustom] = useState<[Dayjs, Dayjs] | null>(null);
  const range: Range = kind === "custom" ? (custom ? { from: custom[0].format("YYYY-MM"), to: custom[1].format("YYYY-MM") } : null) : namedRange(kind);
  const key = range ? `${range.from}~${range.to}` : "all";
  const mine = useLoad(() => call(client.api.dashboard.$get({ query: range ?? {} })), [key]);
  const d = mine.data;
  return (
    <>
      <PageTitle>{t("dash.title")}</PageTitle>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap align="center">
          <span id="dash-range-label">{tx("dash.range")}</span>
          <Segmented<RangeKind>
            aria-labelledby="dash-range-label"
            value={kind}
            onChange={setKind}
            options={(["all", "month", "quarter", "year", "custom"] as const).map((k) => ({ value: k, label: tx(`dash.range.${k}`) }))}
          />
          {kind === "custom" && (
            <DatePicker.RangePicker
              picker="month"
              aria-label={tx("dash.range.pick")}
              placeholder={[tx("dash.range.pick"), tx("dash.range.pick")]}
              value={custom}
              disabledDate={(m) => m.isAfter(dayjs().tz(ZONE).endOf("month"))}
              onChange={(v) => setCustom(v && v[0] && v[1] ? [v[0], v[1]] : null)}
            />
          )}
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0" }} data-testid="dashboard-range">
          {range ? tx("dash.range.showing", { from: range.from, to: range.to }) : tx("dash.range.showingAll")}
        </Typography.Paragraph>
      </Card>
      <ErrorAlert error={mine.error} onRetry={mine.reload} />
      {!d && mine.loading && <Spin />}
      {d && <Own d={d} />}
      {me && me.tenant.level !== "county" && <Areas range={range} rangeKey={key} />}
    </>
  );
}

function Own({ d }: { d: Mine }) {
  const { t } = useStrings(assistanceStrings);
  const tx = useText();
  const labels = useLabels();
  const text = useFigureText();
  const shareTarget = Math.round((d.figures.find((f) => f.kind === "share-at-least")?.target ?? 0.8) * 100);
  const monthly = useMemo(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28, containLabel: true },
      xAxis: { type: "category", data: d.months.map((m) => m.month) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: tx("dash.series.sent"), type: "bar", data: d.months.map((m) => m.sent) },
        { name: tx("dash.series.received"), type: "bar", data: d.months.map((m) => m.received) },
        { name: tx("dash.series.answered"), type: "bar", data: d.months.map((m) => m.answered) },
      ],
    }),
    [d, t],
  );
  const shares = useMemo(
    () => ({
      tooltip: { trigger: "axis", valueFormatter: (v: unknown) => (typeof v === "number" ? `${v}%` : "—") },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28, containLabel: true },
      xAxis: { type: "category", data: d.months.map((m) => m.month) },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [
        {
          name: t("dash.figure.acceptedWithin7Days"),
          type: "line",
          connectNulls: false,
          data: d.months.map((m) => (m.acceptedWithin7Days === null ? null : Math.round(m.acceptedWithin7Days * 1000) / 10)),
          markLine: { symbol: "none", lineStyle: { type: "dashed", color: "#ad4e00" }, label: { formatter: `${tx("dash.platformTarget")} ${shareTarget}%` }, data: [{ yAxis: shareTarget }] },
        },
        { name: t("dash.figure.answeredByDeadline"), type: "line", connectNulls: false, data: d.months.map((m) => (m.answeredByDeadline === null ? null : Math.round(m.answeredByDeadline * 1000) / 10)) },
      ],
    }),
    [d, t, shareTarget],
  );
  return (
    <>
      <Typography.Paragraph type="secondary">{t("dash.asOf", { tenant: d.tenantName, at: formatTime(d.asOf, "YYYY-MM-DD HH:mm") })}</Typography.Paragraph>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t("dash.sent")} value={d.sent} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t("dash.received")} value={d.received} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={t("dash.answered")} value={d.answered} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic
              title={tx("dash.coverage")}
              value={d.coverage ? `${Math.round((d.coverage.assigned / Math.max(d.coverage.items, 1)) * 100)}%` : "—"}
              suffix={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {d.coverage ? tx("dash.coverageValue", { assigned: d.coverage.assigned, items: d.coverage.items }) : tx("dash.coverageNone")}
                </Typography.Text>
              }
            />
          </Card>
        </Col>
      </Row>

      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t("dash.targets")}
        </Typography.Title>
        <Table<Figure>
          rowKey="key"
          dataSource={d.figures}
          pagination={false}
          scroll={{ x: 560 }}
          data-testid="dashboard-figures"
          caption={<span className="sr-only">{t("dash.targetsCaption", { tenant: d.tenantName })}</span>}
          columns={[
            { title: t("dash.figure"), key: "name", render: (_: unknown, f) => text.name(f) },
            { title: t("dash.value"), key: "value", width: 120, render: (_: unknown, f) => text.value(f) },
            {
              title: t("dash.target"),
              key: "target",
              width: 220,
              render: (_: unknown, f) => (
                <span>
                  {text.target(f)}
                  <PlatformTarget />
                </span>
              ),
            },
            { title: t("dash.result"), key: "met", width: 120, render: (_: unknown, f) => <Met met={f.met} /> },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {tx("dash.targetsNote")}
        </Typography.Paragraph>
      </Card>

      {d.range && d.months.length > 0 && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} lg={12}>
            <Card>
              <Typography.Title level={2} style={{ fontSize: 18 }}>
                {tx("dash.chart.monthly")}
              </Typography.Title>
              <EChart testId="chart-monthly" option={monthly} label={tx("dash.chart.monthlyLabel", { tenant: d.tenantName, from: d.range.from, to: d.range.to })} />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card>
              <Typography.Title level={2} style={{ fontSize: 18 }}>
                {tx("dash.chart.shares")}
              </Typography.Title>
              <EChart testId="chart-shares" option={shares} label={tx("dash.chart.sharesLabel", { tenant: d.tenantName, target: shareTarget })} />
            </Card>
          </Col>
        </Row>
      )}

      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          {t("dash.overdue")}
        </Typography.Title>
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col xs={12} md={6}>
            <Statistic title={t("dash.owedAcknowledge")} value={d.overdue.owedAcknowledge} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t("dash.owedAnswer")} value={d.overdue.owedAnswer} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t("dash.awaited")} value={d.overdue.awaited} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t("dash.referralSteps")} value={d.overdue.referralSteps} />
          </Col>
        </Row>
        <Typography.Title level={3} style={{ fontSize: 16 }}>
          {t("dash.overdueRequests")}
        </Typography.Title>
        <Table
          rowKey={(r) => `${r.box}-${r.id}`}
          size="small"
          dataSource={d.overdueItems.assistance}
          pagination={false}
          scroll={{ x: 640 }}
          caption={<span className="sr-only">{t("dash.overdueRequests")}</span>}
          locale={{ emptyText: <Empty description={t("dash.noneOverdue")} /> }}
          columns={[
            { title: t("asr.type"), dataIndex: "type", render: (v: string, r) => <Link to={`/assistance/${r.id}`}>{labels.type(v)}</Link> },
            { title: t("dash.box"), dataIndex: "box", width: 120, render: (b: string) => t(b === "inbox" ? "asr.inbox" : "asr.sent") },
            { title: t("dash.otherTenant"), dataIndex: "otherTenantName", width: 160 },
            { title: t("esc.stage"), dataIndex: "stage", width: 120, render: (s: string) => labels.stage(s) },
            { title: t("dash.dueAt"), dataIndex: "dueAt", width: 180, render: (v: string) => formatDue(v) },
          ]}
        />
        <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
          {t("dash.overdueReferrals")}
        </Typography.Title>
        <Table
          rowKey={(r) => `${r.referralId}-${r.step}-${r.requestId ?? ""}`}
          size="small"
          dataSource={d.overdueItems.referralSteps}
          pagination={false}
          scroll={{ x: 640 }}
          caption={<span className="sr-only">{t("dash.overdueReferrals")}</span>}
          locale={{ emptyText: <Empty description={t("dash.noneOverdue")} /> }}
          columns={[
            { title: t("dash.referralTitle"), dataIndex: "title" },
            { title: t("dash.step"), dataIndex: "step", width: 200 },
            { title: t("dash.by"), dataIndex: "by", width: 140 },
            { title: t("dash.dueAt"), dataIndex: "dueAt", width: 180, render: (v: string) => formatTime(v, "YYYY-MM-DD HH:mm") },
          ]}
        />
      </Card>
    </>
  );
}

type Metric = "acceptedWithin7Days" | "answeredByDeadline" | "overdue" | "coverage";

/** The value a bar shows for a region: a share in %, or a count. */
function metricValue(r: AreaRow, m: Metric): number | null {
  if (m === "overdue") return r.overdue.owedAcknowledge + r.overdue.owedAnswer + r.overdue.referralSteps;
  if (m === "coverage") return r.coverage && r.coverage.items > 0 ? Math.round((r.coverage.assigned / r.coverage.items) * 1000) / 10 : null;
  const f = r.figures.find((x) => x.key === m);
  return f?.value == null ? null : Math.round(f.value * 1000) / 10;
}

/** 下级各地 with drill-down: the province's cities (each rolled up with its
 * counties), a click on a bar or name opens that city's counties; a city sees
 * its own counties. Rows come a page at a time from /api/dashboard/areas. */
function Areas({ range, rangeKey }: { range: Range; rangeKey: string }) {
  const { t } = useStrings(assistanceStrings);
  const tx = useText();
  const text = useFigureText();
  const [parent, setParent] = useState<string | undefined>();
  const [metric, setMetric] = useState<Metric>("acceptedWithin7Days");
  const [more, setMore] = useState<AreaRow[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const areas = useLoad(async () => {
    const res = await call(client.api.dashboard.areas.$get({ query: { ...(range ?? {}), ...(parent ? { parent } : {}), limit: "100" } }));
    setMore([]);
    setCursor(res.cursor);
    return res;
  }, [rangeKey, parent]);
  const rows = useMemo(() => [...(areas.data?.items ?? []), ...more], [areas.data, more]);
  const metricName = (m: Metric) => (m === "overdue" ? tx("dash.metric.overdue") : m === "coverage" ? tx("dash.coverageShare") : t(`dash.figure.${m}` as PageKey));
  const rowName = (r: AreaRow) => (r.own ? tx("dash.ownRow", { name: r.tenantName }) : r.tenantName);
  const isShare = metric !== "overdue";
  const target = isShare && metric !== "coverage" ? Math.round((rows[0]?.figures.find((f) => f.key === metric)?.target ?? 0.8) * 100) : undefined;
  const option = useMemo(
    () => ({
      tooltip: { trigger: "axis", valueFormatter: (v: unknown) => (typeof v === "number" ? (isShare ? `${v}%` : String(v)) : "—") },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "value", ...(isShare ? { min: 0, max: 100, axisLabel: { formatter: "{value}%" } } : { minInterval: 1 }) },
      yAxis: { type: "category", inverse: true, data: rows.map(rowName), axisLabel: { width: 110, overflow: "truncate" } },
      series: [
        {
          name: metricName(metric),
          type: "bar",
          data: rows.map((r) => ({ value: metricValue(r, metric), itemStyle: { color: r.drillable ? "#0958d9" : "#4096ff" } })),
          ...(target !== undefined
            ? { markLine: { symbol: "none", lineStyle: { type: "dashed", color: "#ad4e00" }, label: { formatter: `${tx("dash.platformTarget")} ${target}%`, position: "insideEndTop" }, data: [{ xAxis: target }] } }
            : {}),
        },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, metric, t, target],
  );
  const totals = useMemo(() => {
    const sum = (f: (r: AreaRow) => number) => rows.filter((r) => !r.own).reduce((s, r) => s + f(r), 0);
    return { sent: sum((r) => r.sent), received: sum((r) => r.received), answered: sum((r) => r.answered), overdue: sum((r) => metricValue(r, "overdue") ?? 0) };
  }, [rows]);
  const drill = (r: AreaRow | undefined) => {
    if (r?.drillable) setParent(r.tenantId);
  };
  async function loadMore() {
    if (!cursor) return;
    const res = await call(client.api.dashboard.areas.$get({ query: { ...(range ?? {}), ...(parent ? { parent } : {}), limit: "100", cursor } }));
    setMore((m) => [...m, ...res.items]);
    setCursor(res.cursor);
  }
  const chartHeight = Math.max(160, rows.length * 28 + 40);
  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t("dash.below")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t("dash.belowHint")} {tx("dash.drillHint")}
      </Typography.Paragraph>
      <ErrorAlert error={areas.error} onRetry={areas.reload} />
      {areas.data && (
        <nav aria-label={tx("dash.path")} style={{ marginBottom: 12 }}>
          <Breadcrumb
            items={areas.data.path.map((p, i) => ({
              key: p.tenantId,
              title:
                i < areas.data!.path.length - 1 ? (
                  <a
                    href="#"
                    onClick={(e) => {
                      e.preventDefault();
                      setParent(i === 0 ? undefined : p.tenantId);
                    }}
                  >
                    {p.tenantName}
                  </a>
                ) : (
                  <span aria-current="page">{p.tenantName}</span>
                ),
            }))}
          />
        </nav>
      )}
      {areas.data && (
        <Typography.Paragraph data-testid="dashboard-total">
          {t("dash.total")}：{t("dash.sent")} {totals.sent}，{t("dash.received")} {totals.received}，{t("dash.answered")} {totals.answered}，{t("dash.overdueShort")} {totals.overdue}
        </Typography.Paragraph>
      )}
      <Space wrap style={{ marginBottom: 8 }}>
        <span id="dash-metric-label">{tx("dash.metric")}</span>
        <Segmented<Metric>
          aria-labelledby="dash-metric-label"
          value={metric}
          onChange={setMetric}
          options={(["acceptedWithin7Days", "answeredByDeadline", "overdue", "coverage"] as const).map((m) => ({ value: m, label: metricName(m) }))}
        />
      </Space>
      {areas.loading && !areas.data && <Spin />}
      {rows.length > 0 && (
        <>
          <Typography.Title level={3} style={{ fontSize: 16 }}>
            {tx("dash.chart.areas", { metric: metricName(metric) })}
          </Typography.Title>
          <EChart
            testId="chart-areas"
            height={chartHeight}
            option={option}
            label={tx("dash.chart.areasLabel", { parent: areas.data?.parent.tenantName ?? "", metric: metricName(metric) })}
            onClick={(e) => drill(rows[e.dataIndex])}
          />
        </>
      )}
      <Table<AreaRow>
        rowKey={(r) => `${r.own ? "own-" : ""}${r.tenantId}`}
        size="small"
        loading={areas.loading}
        dataSource={rows}
        pagination={false}
        caption={<span className="sr-only">{t("dash.below")}</span>}
        scroll={{ x: 1000 }}
        style={{ marginTop: 16 }}
        columns={[
          {
            title: t("dash.tenant"),
            key: "tenant",
            width: 170,
            fixed: "left",
            render: (_: unknown, r) =>
              r.drillable ? (
                <Button type="link" style={{ padding: 0, height: "auto" }} onClick={() => drill(r)} aria-label={tx("dash.drillTo", { name: r.tenantName })}>
                  {r.tenantName}
                </Button>
              ) : (
                rowName(r)
              ),
          },
          { title: t("common.level"), dataIndex: "level", width: 80, render: (l: string) => t(`level.${l}` as PageKey) },
          { title: t("dash.sent"), dataIndex: "sent", width: 70 },
          { title: t("dash.received"), dataIndex: "received", width: 70 },
          ...[0, 1, 2].map((index) => ({
            title: rows[0] ? text.name(rows[0].figures[index]!) : "",
            key: `f${index}`,
            width: 130,
            render: (_: unknown, r: AreaRow) => {
              const f = r.figures[index]!;
              return (
                <div>
                  {f.value !== null && <div>{text.value(f)}</div>}
                  <Met met={f.met} />
                </div>
              );
            },
          })),
          {
            title: t("dash.overdueShort"),
            key: "overdue",
            width: 150,
            render: (_: unknown, r) => t("dash.overdueCounts", { requests: r.overdue.owedAcknowledge + r.overdue.owedAnswer, referrals: r.overdue.referralSteps }),
          },
          {
            title: tx("dash.coverageShare"),
            key: "coverage",
            width: 140,
            render: (_: unknown, r) => (r.coverage ? tx("dash.coverageValue", { assigned: r.coverage.assigned, items: r.coverage.items }) : "—"),
          },
          {
            title: t("dash.reportedAt"),
            key: "asOf",
            width: 170,
            render: (_: unknown, r) => (
              <div>
                <div>{r.asOf ? formatTime(r.asOf, "YYYY-MM-DD HH:mm") : t("dash.notReported")}</div>
                {r.tenants > 1 && <Typography.Text type="secondary">{tx("dash.reported", { reported: r.reported, tenants: r.tenants })}</Typography.Text>}
              </div>
            ),
          },
        ]}
      />
      {cursor && (
        <Button style={{ marginTop: 8 }} onClick={() => void loadMore()}>
          {tx("dash.loadMore")}
        </Button>
      )}
    </Card>
  );
}
