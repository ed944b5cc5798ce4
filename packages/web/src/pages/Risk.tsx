import { Button, Card, Col, Empty, List, Row, Space, Tag, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { Link } from "react-router-dom";
import { call, client } from "../api";
import { usePaged } from "../components/paged";
import { useI18n } from "../i18n";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";
import { renderCode, useText } from "./WarningText";

type Entry = InferResponseType<typeof client.api.risk.$get, 200>["items"][number];

const GRADE_COLOR: Record<string, string> = { A: "green", B: "blue", C: "orange", D: "red" };

/** 风险排名: this tenant's businesses, highest risk first, each with the reasons that raised it (a card per business: readable at 390 px). */
export default function Risk() {
  const tx = useText();
  const { lang } = useI18n();
  const paged = usePaged((cursor) => call(client.api.risk.$get({ query: { limit: "20", ...(cursor ? { cursor } : {}) } })), [], 20);
  return (
    <>
      <PageTitle>{tx("风险排名", "Risk ranking")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {tx(
          "按线索、未处置的预警、信用风险等级和检查、处罚记录计算风险分，由高到低排列，每户列出加分的理由，供安排检查参考。模型权重由省级按版本发布，每晚按现行权重重新评分。",
          "Businesses ranked by a risk score from their clues, undecided warnings, credit grade and inspection and penalty records, highest first, each with the reasons that raised it, to target inspections. The province publishes the model's weights by version; every business is re-scored nightly.",
        )}{" "}
        <Link to="/risk/weights">{tx("查看模型权重", "See the model's weights")}</Link>
      </Typography.Paragraph>
      <ErrorAlert error={paged.error} onRetry={paged.reload} />
      <List<Entry>
        data-testid="risk-list"
        loading={paged.loading && paged.rows.length === 0}
        dataSource={paged.rows}
        locale={{ emptyText: <Empty description={tx("暂无风险评分", "No risk scores yet")} /> }}
        renderItem={(r, i) => (
          <List.Item key={r.creditCode} style={{ paddingInline: 0 }}>
            <Card size="small" style={{ width: "100%" }}>
              <Row gutter={[8, 8]} align="middle" wrap>
                <Col flex="48px">
                  <Typography.Text strong style={{ fontSize: 20 }}>
                    <span className="sr-only">{tx("第", "Rank ")}</span>
                    {i + 1}
                    <span className="sr-only">{tx("名", "")}</span>
                  </Typography.Text>
                </Col>
                <Col flex="auto" style={{ minWidth: 0 }}>
                  <Typography.Text strong style={{ wordBreak: "break-all" }}>
                    {r.entityName ?? r.creditCode}
                  </Typography.Text>
                  <br />
                  <Typography.Text type="secondary" style={{ wordBreak: "break-all" }}>
                    {r.creditCode}
                  </Typography.Text>
                </Col>
                <Col>
                  <Space size={4}>
                    {r.grade && <Tag color={GRADE_COLOR[r.grade]}>{tx(`${r.grade} 类`, `Grade ${r.grade}`)}</Tag>}
                    <Tag style={{ color: "#871400", background: "#fff2e8", borderColor: "#ffbb96" }} data-testid="risk-score">
                      {tx("风险分", "Score")} {r.score}
                    </Tag>
                  </Space>
                </Col>
              </Row>
              <ul style={{ margin: "8px 0 0", paddingInlineStart: 18 }} aria-label={tx("理由", "Reasons")}>
                {r.reasons.map((x) => (
                  <li key={x.code}>
                    {renderCode(x.code, x.params, lang)} <Typography.Text type="secondary">+{x.points}</Typography.Text>
                  </li>
                ))}
                {r.reasons.length === 0 && <li>{tx("无加分项", "Nothing raised it")}</li>}
              </ul>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {tx("计算于", "Scored")} {formatTime(r.updatedAt, "YYYY-MM-DD HH:mm")}
              </Typography.Text>
            </Card>
          </List.Item>
        )}
      />
      {paged.hasMore && (
        <Button onClick={paged.more} loading={paged.loading} block>
          {tx("加载更多", "Load more")}
        </Button>
      )}
    </>
  );
}
