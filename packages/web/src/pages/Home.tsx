import { Card, Col, Descriptions, Empty, Row, Table } from "antd";
import type { InferResponseType } from "hono/client";
import { call, client } from "../api";
import { useLoad } from "../data";
import { useI18n } from "../i18n";
import { ErrorAlert, PageTitle } from "./common";

type TenantView = InferResponseType<typeof client.api.tenant.$get, 200>;
type TenantInfo = TenantView["children"][number];

export default function Home() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useLoad(() => call(client.api.tenant.$get()), []);
  const level = (l: TenantInfo["level"]) => t(`level.${l}`);

  return (
    <>
      <PageTitle>{t("home.title")}</PageTitle>
      <ErrorAlert error={error} onRetry={reload} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t("home.mine")}</h2>} loading={loading && !data}>
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
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t("home.parent")}</h2>} loading={loading && !data}>
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
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t("home.children", { count: data?.children.length ?? 0 })}</h2>} loading={loading && !data}>
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
    </>
  );
}
