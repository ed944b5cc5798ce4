import { Card, Col, Progress, Row, Statistic, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { call, client } from "../api";
import { DataTable, type DataColumn } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { useLoad } from "../data";
import { format, useI18n } from "../i18n";
import { ErrorAlert } from "../pages/common";

/** 指标 (a dashboard section): this tenant's joint-inspection share against
 * its target, inspections per business, published on time, objections
 * answered on time; and its counties' as they reported them by message. */
const ind = client.api.indicators;
type BelowRow = InferResponseType<(typeof ind)["below"]["$get"], 200>["items"][number];

const zh = {
  title: "监管指标",
  joint: "联合检查实施率",
  target: "目标 {t}",
  perBusiness: "户均检查次数",
  onTime: "按期公示率",
  answered: "异议按期答复率",
  below: "下级各地（按报送）",
  tenant: "行政区划",
  asOf: "报送时间",
  none: "—",
  total: "合计 {v}",
};
const en: typeof zh = {
  title: "Indicators",
  joint: "Joint-inspection share",
  target: "Target {t}",
  perBusiness: "Inspections per business",
  onTime: "Published on time",
  answered: "Objections answered on time",
  below: "Tenants below (as reported)",
  tenant: "Tenant",
  asOf: "Reported at",
  none: "—",
  total: "Total {v}",
};

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${Math.round(v * 1000) / 10}%`);

export function IndicatorsSection({ year }: { year?: number }) {
  const { lang } = useI18n();
  const tx = (k: keyof typeof zh, p: Record<string, string | number> = {}) => format((lang === "en" ? en : zh)[k], p);
  const q = year ? { year: String(year) } : {};
  const mine = useLoad(() => call(ind.$get({ query: q as never })), [year]);
  const below = usePaged((cursor) => call(ind.below.$get({ query: { ...q, limit: "50", ...(cursor ? { cursor } : {}) } as never })), [year]);
  const f = mine.data?.figures;
  const columns: DataColumn<BelowRow>[] = [
    { title: tx("tenant"), dataIndex: "tenantName" },
    { title: tx("joint"), text: (r) => pct(r.figures.jointShare), sort: true },
    { title: tx("perBusiness"), text: (r) => r.figures.inspectionsPerBusiness ?? "—" },
    { title: tx("onTime"), text: (r) => pct(r.figures.publishedOnTime) },
    { title: tx("answered"), text: (r) => pct(r.figures.objectionsAnsweredOnTime) },
    { title: tx("asOf"), text: (r) => r.asOf ?? tx("none") },
  ];
  return (
    <Card title={tx("title")} data-testid="indicators" style={{ marginBottom: 16 }}>
      <ErrorAlert error={mine.error} onRetry={mine.reload} />
      {f && (
        <Row gutter={[16, 16]}>
          <Col xs={24} sm={12} lg={6}>
            <Statistic title={tx("joint")} value={pct(f.jointShare)} />
            <Progress percent={Math.round((f.jointShare ?? 0) * 100)} success={{ percent: Math.round(f.jointTarget * 100) }} status={f.jointMet === false ? "exception" : "normal"} showInfo={false} aria-label={tx("joint")} />
            <Typography.Text type="secondary">{tx("target", { t: pct(f.jointTarget) })}</Typography.Text>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Statistic title={tx("perBusiness")} value={f.inspectionsPerBusiness ?? "—"} />
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Statistic title={tx("onTime")} value={pct(f.publishedOnTime)} />
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Statistic title={tx("answered")} value={pct(f.objectionsAnsweredOnTime)} />
          </Col>
        </Row>
      )}
      {(below.rows.length > 0 || below.loading) && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {tx("below")}
          </Typography.Title>
          <DataTable rows={below.rows} columns={columns} rowKey="tenantId" exportName={tx("below")} exportPages={below.pages} more={{ hasMore: below.hasMore, loading: below.loading, onMore: below.more }} search={false} />
        </>
      )}
    </Card>
  );
}
