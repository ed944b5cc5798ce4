import { Button, Card, Col, Descriptions, Empty, InputNumber, List, Row, Select, Space, Tag, Typography } from "antd";
import { useCallback, useEffect, useState } from "react";
import type { InferResponseType } from "hono/client";
import { ApiError, call, client } from "../api";
import { useStrings } from "../i18n";
import * as drawsStrings from "../locales/draws";
import { useSession } from "../session";
import { ErrorAlert, PageTitle } from "./common";

type DrawPage = InferResponseType<typeof client.api.draws.$get, 200>;
type DrawInfo = DrawPage["items"][number];
type PlanPage = InferResponseType<typeof client.api.plans.$get, 200>;
type TaskPage = InferResponseType<(typeof client.api.draws)[":drawId"]["tasks"]["$get"], 200>;

/** 双随机: commit a draw over the year's plans, run it, read its tasks; the verify command is shown beside each draw. */
export default function Draws() {
  const { t } = useStrings(drawsStrings);
  const { can, me } = useSession();
  const [year, setYear] = useState(new Date().getFullYear());
  const [plans, setPlans] = useState<PlanPage["items"]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [draws, setDraws] = useState<DrawInfo[]>([]);
  const [open, setOpen] = useState<{ id: string; page: TaskPage } | undefined>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setPlans((await call(client.api.plans.$get({ query: { year: String(year) } }))).items);
      setDraws((await call(client.api.draws.$get({ query: {} }))).items);
    } catch (e) {
      setError(e as ApiError);
    }
  }, [year]);
  useEffect(() => void load(), [load]);

  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
      await load();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const showTasks = (id: string, chunk = 0) =>
    act(async () => setOpen({ id, page: await call(client.api.draws[":drawId"].tasks.$get({ param: { drawId: id }, query: { chunk: String(chunk) } })) }));

  return (
    <>
      <PageTitle>{t("drw.title")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t("drw.intro")}
      </Typography.Paragraph>
      <ErrorAlert error={error} />
      {can("draw.run") && (
        <Card title={t("drw.new")} style={{ marginBottom: 16 }}>
          <Row gutter={[12, 12]}>
            <Col xs={24} sm={6}>
              <InputNumber aria-label={t("drw.year")} value={year} min={2020} max={2100} onChange={(v) => v && setYear(v)} style={{ width: "100%" }} />
            </Col>
            <Col xs={24} sm={12}>
              {plans.length ? (
                <Select mode="multiple" aria-label={t("drw.plans")} placeholder={t("drw.plans")} value={chosen} onChange={setChosen} style={{ width: "100%" }} options={plans.map((p) => ({ value: p.id, label: p.title }))} />
              ) : (
                <Typography.Text type="secondary">{t("drw.noPlans")}</Typography.Text>
              )}
            </Col>
            <Col xs={24} sm={6}>
              <Button type="primary" block disabled={!chosen.length} loading={busy} onClick={() => act(() => call(client.api.draws.$post({ json: { planIds: chosen } })))}>
                {t("drw.commit")}
              </Button>
            </Col>
          </Row>
        </Card>
      )}
      <Card title={t("drw.list")}>
        {draws.length === 0 ? (
          <Empty />
        ) : (
          <List
            dataSource={draws}
            renderItem={(d) => (
              <List.Item key={d.id}>
                <Space direction="vertical" style={{ width: "100%", minWidth: 0 }}>
                  <Space wrap>
                    <Typography.Text strong>{d.title}</Typography.Text>
                    <Tag color={d.status === "drawn" ? "green" : "gold"}>{t(`drw.status.${d.status}`)}</Tag>
                  </Space>
                  <Descriptions size="small" column={{ xs: 1, sm: 2 }} style={{ wordBreak: "break-all" }}>
                    <Descriptions.Item label={t("drw.seedCommitment")}>{d.seedCommitment}</Descriptions.Item>
                    <Descriptions.Item label={t("drw.listHash")}>{d.listHash}</Descriptions.Item>
                    {d.seed && <Descriptions.Item label={t("drw.seed")}>{d.seed}</Descriptions.Item>}
                    {d.taskCount !== undefined && <Descriptions.Item label={t("drw.tasks")}>{`${d.taskCount}（${t("drw.joint")} ${d.jointCount ?? 0}）`}</Descriptions.Item>}
                    <Descriptions.Item label={t("drw.verify")}>
                      <Typography.Text code copyable>{`npm run draw:verify -- ${me?.tenant.id ?? d.tenantId} ${d.id}`}</Typography.Text>
                    </Descriptions.Item>
                  </Descriptions>
                  <Space wrap>
                    {d.status === "committed" && can("draw.run") && (
                      <Button type="primary" loading={busy} onClick={() => act(() => call(client.api.draws[":drawId"].run.$post({ param: { drawId: d.id } })))}>
                        {t("drw.run")}
                      </Button>
                    )}
                    {d.status === "drawn" && <Button onClick={() => showTasks(d.id)}>{t("drw.tasks")}</Button>}
                  </Space>
                  {open?.id === d.id && (
                    <List
                      size="small"
                      dataSource={open.page.tasks}
                      footer={open.page.next !== null && <Button onClick={() => showTasks(d.id, open.page.next!)}>{t("drw.more")}</Button>}
                      renderItem={(task) => (
                        <List.Item key={task.c}>
                          <Space direction="vertical" size={0}>
                            <Space wrap>
                              <Typography.Text>{task.business?.name ?? task.c}</Typography.Text>
                              <Tag>{task.business?.grade}</Tag>
                              {task.bodies.length > 1 && <Tag color="blue">{t("drw.joint")}</Tag>}
                            </Space>
                            <Typography.Text type="secondary">{`${task.c} · ${task.items.join("、")} · ${t("drw.inspectors")} ${Object.values(task.inspectors).flat().length}`}</Typography.Text>
                          </Space>
                        </List.Item>
                      )}
                    />
                  )}
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}
