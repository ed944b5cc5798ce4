import { Alert, Button, Card, Col, Descriptions, Empty, List, Row, Space, Table, Tag, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { Link } from "react-router-dom";
import { call, client } from "../api";
import { useLoad } from "../data";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as portalStrings from "../locales/portal";
import * as adminStrings from "../locales/admin";
// The to-do names a source that could not be read by its label, one of them (crf.requests) from the referral pages.
import * as referralsStrings from "../locales/referrals";
import { formatTime } from "../time";
import { useTodo, type TodoItem } from "../todo";
import { ErrorAlert, PageTitle } from "./common";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof portalStrings> | KeyOf<typeof adminStrings> | KeyOf<typeof referralsStrings>;

type TenantView = InferResponseType<typeof client.api.tenant.$get, 200>;
type TenantInfo = TenantView["children"][number];

const DAY = 86_400_000;

/** 今日待办 first (what waits on me, most urgent first, one click to act), then the region's facts. */
export default function Home() {
  const { t } = useStrings(portalStrings, adminStrings, referralsStrings);
  const todo = useTodo();
  const overdue = todo.items.filter((i) => i.overdue).length;
  const escalations = todo.items.filter((i) => i.kind === "escalation").length;

  return (
    <>
      <PageTitle
        extra={
          <Button onClick={todo.reload} loading={todo.loading}>
            {t("common.refresh")}
          </Button>
        }
      >
        {t("todo.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 960 }}>
        {t("todo.intro")}
      </Typography.Paragraph>
      {todo.failed.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={t("todo.failed", { sources: todo.failed.map((f) => t(f.source)).join("、") })}
          description={[...new Set(todo.failed.map((f) => (f.error.status === 0 ? t("net.offline") : f.error.message)))].join("；")}
          action={<Button onClick={todo.reload}>{t("common.retry")}</Button>}
        />
      )}
      {escalations > 0 && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t("todo.escalationsWaiting", { count: escalations })} />}
      <Card
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{t("todo.summary", { count: todo.items.length, overdue })}</h2>}
        extra={todo.loadedAt && <Typography.Text type="secondary">{t("todo.updated", { at: formatTime(todo.loadedAt, "HH:mm") })}</Typography.Text>}
        loading={todo.loading && !todo.loadedAt}
        style={{ marginBottom: 16 }}
        data-testid="todo"
      >
        <List<TodoItem>
          aria-label={t("todo.caption")}
          dataSource={todo.items}
          locale={{ emptyText: <Empty description={t("todo.none")} /> }}
          renderItem={(item) => <TodoRow item={item} />}
        />
      </Card>
      <RegionFacts />
    </>
  );
}

function Clock({ item }: { item: TodoItem }) {
  const { t } = useStrings(portalStrings, adminStrings, referralsStrings);
  if (!item.dueAt) return <Typography.Text type="secondary">{t("todo.noClock")}</Typography.Text>;
  const left = Math.floor((Date.parse(item.dueAt) - Date.now()) / DAY);
  return (
    <Space size={4} wrap>
      <span>{formatTime(item.dueAt, "YYYY-MM-DD HH:mm")}</span>
      {item.overdue ? (
        <Tag color="error" bordered={false}>
          {t("todo.overdue")}
        </Tag>
      ) : (
        <Tag color={left < 2 ? "warning" : "default"} bordered={false}>
          {left <= 0 ? t("todo.dueToday") : t("todo.dueIn", { days: left })}
        </Tag>
      )}
    </Space>
  );
}

function TodoRow({ item }: { item: TodoItem }) {
  const { t } = useStrings(portalStrings, adminStrings, referralsStrings);
  const kind = t(`todo.kind.${item.kind}` as PageKey);
  return (
    <List.Item
      className={item.overdue ? "todo-row overdue" : "todo-row"}
      data-testid="todo-item"
      actions={[
        <Link key="act" to={item.href} aria-label={t("todo.actOn", { title: item.title })} className="ant-btn ant-btn-primary ant-btn-sm todo-act">
          {t("todo.act")}
        </Link>,
      ]}
    >
      <List.Item.Meta
        title={
          <Space size={6} wrap>
            <Tag color={item.overdue ? "error" : "blue"} bordered={false}>
              {kind}
            </Tag>
            <span>{item.title}</span>
          </Space>
        }
        description={
          <Space size={12} wrap>
            {item.from && <span>{item.from}</span>}
            <span>
              <span className="sr-only">{t("todo.clock")}</span>
              <Clock item={item} />
            </span>
          </Space>
        }
      />
    </List.Item>
  );
}

function RegionFacts() {
  const { t } = useStrings(portalStrings, adminStrings, referralsStrings);
  const { data, error, loading, reload } = useLoad(() => call(client.api.tenant.$get()), []);
  const level = (l: TenantInfo["level"]) => t(`level.${l}`);
  return (
    <section aria-labelledby="region-facts">
      <Typography.Title level={2} id="region-facts" style={{ fontSize: 18, margin: "8px 0 12px" }}>
        {t("home.region")}
      </Typography.Title>
      <ErrorAlert error={error} onRetry={reload} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={<h3 style={{ fontSize: 16, margin: 0 }}>{t("home.mine")}</h3>} loading={loading && !data}>
            {data && (
              <Descriptions column={1} size="small" data-testid="my-tenant">
                <Descriptions.Item label={t("common.name")}>{data.name}</Descriptions.Item>
                <Descriptions.Item label={t("common.code")}>{data.id}</Descriptions.Item>
                <Descriptions.Item label={t("common.level")}>{level(data.level)}</Descriptions.Item>
              </Descriptions>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={<h3 style={{ fontSize: 16, margin: 0 }}>{t("home.parent")}</h3>} loading={loading && !data}>
            {data &&
              (data.parent ? (
                <Descriptions column={1} size="small" data-testid="parent-tenant">
                  <Descriptions.Item label={t("common.name")}>{data.parent.name}</Descriptions.Item>
                  <Descriptions.Item label={t("common.code")}>{data.parent.id}</Descriptions.Item>
                  <Descriptions.Item label={t("common.level")}>{level(data.parent.level)}</Descriptions.Item>
                </Descriptions>
              ) : (
                t("home.noParent")
              ))}
          </Card>
        </Col>
        <Col span={24}>
          <Card title={<h3 style={{ fontSize: 16, margin: 0 }}>{t("home.children", { count: data?.children.length ?? 0 })}</h3>} loading={loading && !data}>
            {data && data.children.length === 0 ? (
              <Empty description={t("home.noChildren")} />
            ) : (
              <Table<TenantInfo>
                size="small"
                rowKey="id"
                dataSource={data?.children ?? []}
                pagination={(data?.children.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                columns={[
                  { title: t("common.code"), dataIndex: "id", width: 140 },
                  { title: t("common.name"), dataIndex: "name" },
                  { title: t("common.level"), dataIndex: "level", width: 120, render: level },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
    </section>
  );
}
