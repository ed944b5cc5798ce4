import { App, Button, Card, Descriptions, Grid, Input, Progress, Space, Table, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { call, client } from "../api";
import { useSession } from "../session";
import { formatTime } from "../time";
import { toApiError } from "./assistance-shared";
import { ClueStatusTag, SourceTag, useL } from "./ClueText";
import { ErrorAlert, PageTitle } from "./common";

type Clue = Awaited<ReturnType<typeof load>>;
const load = (id: string) => call(client.api.clues[":clueId"].$get({ param: { clueId: id } }));

/** One clue: what it says, where it was routed, and (unmatched) the directory's candidates with a confidence to confirm or correct. */
export default function ClueDetail() {
  const L = useL();
  const screens = Grid.useBreakpoint();
  const { clueId = "" } = useParams();
  const { can } = useSession();
  const { message } = App.useApp();
  const [clue, setClue] = useState<Clue>();
  const [error, setError] = useState<ReturnType<typeof toApiError>>();
  const [other, setOther] = useState("");
  const [busy, setBusy] = useState<string>();
  const reload = () => load(clueId).then(setClue, (e) => setError(toApiError(e)));
  useEffect(() => void reload(), [clueId]);

  async function confirm(creditCode: string) {
    if (!clue) return;
    setBusy(creditCode);
    setError(undefined);
    try {
      const next = await call(client.api.clues[":clueId"].match.$post({ param: { clueId }, json: { version: clue.version, creditCode } }));
      setClue(next);
      void message.success(L("已确认主体，线索已归入联合检查任务", "Business confirmed; the clue joined a joint task"));
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <>
      <PageTitle>{L("线索详情", "Clue")}</PageTitle>
      <ErrorAlert error={error} />
      {clue && (
        <Space direction="vertical" style={{ width: "100%" }} size="middle">
          <Card>
            <Descriptions column={{ xs: 1, md: 2 }} size="small" layout={screens.md ? "horizontal" : "vertical"} contentStyle={{ wordBreak: "break-word" }}>
              <Descriptions.Item label={L("状态", "Status")}>
                <ClueStatusTag status={clue.status} />
              </Descriptions.Item>
              <Descriptions.Item label={L("来源", "Source")}>
                <SourceTag source={clue.source} />
              </Descriptions.Item>
              <Descriptions.Item label={L("收到时间", "Received")}>{formatTime(clue.receivedAt, "YYYY-MM-DD HH:mm")}</Descriptions.Item>
              <Descriptions.Item label={L("所述主体", "Business as given")}>
                {[clue.business.creditCode, clue.business.name, clue.business.address].filter(Boolean).join(" · ")}
              </Descriptions.Item>
              {clue.entityName && (
                <Descriptions.Item label={L("匹配主体", "Matched business")}>
                  {clue.entityName}（{clue.creditCode}）
                </Descriptions.Item>
              )}
              <Descriptions.Item label={L("事实", "Facts")}>{clue.facts}</Descriptions.Item>
              <Descriptions.Item label={L("监管事项", "Items")}>{clue.itemCodes.join("、") || "—"}</Descriptions.Item>
              <Descriptions.Item label={L("证据（SHA-256）", "Evidence (SHA-256)")}>
                {clue.evidence.length ? clue.evidence.map((e) => <div key={e.sha256} className="hash">{e.name ?? ""} {e.sha256.slice(0, 16)}…</div>) : "—"}
              </Descriptions.Item>
              {clue.taskId && (
                <Descriptions.Item label={L("联合检查任务", "Joint task")}>
                  <Link to={`/clues/tasks/${clue.taskId}`}>{clue.taskId}</Link>
                </Descriptions.Item>
              )}
              {clue.warnings?.length ? (
                <Descriptions.Item label={L("触发预警", "Warnings fired")}>{clue.warnings.map((w) => w.ruleName.zh).join("、")}</Descriptions.Item>
              ) : null}
            </Descriptions>
          </Card>
          {clue.status === "unmatched" && (
            <Card title={L("匹配候选（请确认或更正）", "Candidates (confirm or correct)")}>
              <Table
                rowKey="creditCode"
                size="small"
                pagination={false}
                scroll={{ x: true }}
                dataSource={clue.candidates ?? []}
                locale={{ emptyText: L("名录中没有相近的主体", "No similar business in the directory") }}
                columns={[
                  { key: "name", title: L("名称", "Name"), render: (_: unknown, c) => `${c.name}（${c.creditCode}）` },
                  { key: "address", title: L("地址", "Address"), dataIndex: "address", responsive: ["md"] },
                  { key: "confidence", title: L("置信度", "Confidence"), render: (_: unknown, c) => <Progress percent={Math.round(c.confidence * 100)} size="small" style={{ minWidth: 90 }} aria-label={L("置信度", "Confidence")} /> },
                  {
                    key: "act",
                    title: "",
                    render: (_: unknown, c) =>
                      can("clue.write") ? (
                        <Button size="small" type="primary" loading={busy === c.creditCode} onClick={() => void confirm(c.creditCode)}>
                          {L("确认", "Confirm")}
                        </Button>
                      ) : null,
                  },
                ]}
              />
              {can("clue.write") && (
                <Space.Compact style={{ marginTop: 12, width: "100%", maxWidth: 420 }}>
                  <Input placeholder={L("更正：输入统一社会信用代码", "Correct: enter a credit code")} value={other} onChange={(e) => setOther(e.target.value)} maxLength={18} />
                  <Button disabled={other.length !== 18} loading={busy === other} onClick={() => void confirm(other.toUpperCase())}>
                    {L("更正", "Correct")}
                  </Button>
                </Space.Compact>
              )}
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {L("置信度按名称（70%）与地址（30%）相似度计算；全角半角、空格与“有限责任公司/有限公司”已统一。", "Confidence weighs name (70%) and address (30%) similarity after folding width, spaces and legal-form variants.")}
              </Typography.Paragraph>
            </Card>
          )}
        </Space>
      )}
    </>
  );
}
