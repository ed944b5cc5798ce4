import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from "@ant-design/icons";
import { Card, Col, Empty, Row, Spin, Statistic, Table, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { Link } from "react-router-dom";
import { call, client } from "../api";
import { useLoad } from "../data";
import { useI18n, type MessageKey } from "../i18n";
import { useSession } from "../session";
import { formatTime } from "../time";
import { formatDue, useLabels } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";

type Mine = InferResponseType<typeof client.api.dashboard.$get, 200>;
type Figure = Mine["figures"][number];
type BelowRow = InferResponseType<typeof client.api.dashboard.below.$get, 200>["tenants"][number];

function useFigureText() {
  const { t } = useI18n();
  return {
    name: (f: Figure) => t(`dash.figure.${f.key}` as MessageKey),
    value: (f: Figure) => (f.value === null ? t("dash.noData") : f.kind === "share-at-least" ? `${(f.value * 100).toFixed(1)}%` : t("dash.days", { days: f.value })),
    target: (f: Figure) => (f.kind === "share-at-least" ? t("dash.targetShare", { value: Math.round(f.target * 100) }) : t("dash.targetDays", { value: f.target })),
  };
}

/** Met / not met / nothing to measure, as words with an icon (never colour alone). */
function Met({ met }: { met: boolean | null }) {
  const { t } = useI18n();
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

/** 工作看板: this tenant's assistance figures against the targets, what is overdue, and the tenants below. */
export default function Dashboard() {
  const { t } = useI18n();
  const { me } = useSession();
  const mine = useLoad(() => call(client.api.dashboard.$get()), []);
  const d = mine.data;
  return (
    <>
      <PageTitle>{t("dash.title")}</PageTitle>
      <ErrorAlert error={mine.error} onRetry={mine.reload} />
      {!d && mine.loading && <Spin />}
      {d && <Own d={d} />}
      {me && me.tenant.level !== "county" && <Below />}
    </>
  );
}

function Own({ d }: { d: Mine }) {
  const { t } = useI18n();
  const labels = useLabels();
  const text = useFigureText();
  return (
    <>
      <Typography.Paragraph type="secondary">{t("dash.asOf", { tenant: d.tenantName, at: formatTime(d.asOf, "YYYY-MM-DD HH:mm") })}</Typography.Paragraph>
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={8}>
          <Card>
            <Statistic title={t("dash.sent")} value={d.sent} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card>
            <Statistic title={t("dash.received")} value={d.received} />
          </Card>
        </Col>
        <Col xs={8}>
          <Card>
            <Statistic title={t("dash.answered")} value={d.answered} />
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
          data-testid="dashboard-figures"
          caption={<span className="sr-only">{t("dash.targetsCaption", { tenant: d.tenantName })}</span>}
          columns={[
            { title: t("dash.figure"), key: "name", render: (_: unknown, f) => text.name(f) },
            { title: t("dash.value"), key: "value", width: 160, render: (_: unknown, f) => text.value(f) },
            { title: t("dash.target"), key: "target", width: 160, render: (_: unknown, f) => text.target(f) },
            { title: t("dash.result"), key: "met", width: 160, render: (_: unknown, f) => <Met met={f.met} /> },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t("dash.targetsSource")}
        </Typography.Paragraph>
      </Card>

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

function Below() {
  const { t } = useI18n();
  const text = useFigureText();
  const below = useLoad(() => call(client.api.dashboard.below.$get()), []);
  const figureColumn = (index: number) => ({
    title: below.data ? text.name(below.data.total.figures[index]!) : "",
    key: `f${index}`,
    width: 130,
    render: (_: unknown, r: BelowRow) => {
      const f = r.figures[index]!;
      return (
        <div>
          {f.value !== null && <div>{text.value(f)}</div>}
          <Met met={f.met} />
        </div>
      );
    },
  });
  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t("dash.below")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t("dash.belowHint")}</Typography.Paragraph>
      <ErrorAlert error={below.error} onRetry={below.reload} />
      {below.data && (
        <Typography.Paragraph data-testid="dashboard-total">
          {t("dash.total")}：{below.data.total.figures.map((f) => `${text.name(f)} ${text.value(f)}（${text.target(f)}）`).join("；")}
        </Typography.Paragraph>
      )}
      <Table<BelowRow>
        rowKey="tenantId"
        size="small"
        loading={below.loading}
        dataSource={below.data?.tenants ?? []}
        pagination={{ pageSize: 30, hideOnSinglePage: true }}
        caption={<span className="sr-only">{t("dash.below")}</span>}
        scroll={{ x: 1000 }}
        columns={[
          { title: t("dash.tenant"), dataIndex: "tenantName", width: 150, fixed: "left" },
          { title: t("common.level"), dataIndex: "level", width: 80, render: (l: string) => t(`level.${l}` as MessageKey) },
          { title: t("dash.sent"), dataIndex: "sent", width: 70 },
          { title: t("dash.received"), dataIndex: "received", width: 70 },
          figureColumn(0),
          figureColumn(1),
          figureColumn(2),
          {
            title: t("dash.overdueShort"),
            key: "overdue",
            width: 150,
            render: (_: unknown, r) => t("dash.overdueCounts", { requests: r.overdue.owedAcknowledge + r.overdue.owedAnswer, referrals: r.overdue.referralSteps }),
          },
          { title: t("dash.reportedAt"), dataIndex: "asOf", width: 150, render: (v: string | null) => (v ? formatTime(v, "YYYY-MM-DD HH:mm") : t("dash.notReported")) },
        ]}
      />
    </Card>
  );
}
