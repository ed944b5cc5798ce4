import { Alert, App, Button, Card, DatePicker, Descriptions, Grid, Input, List, Segmented, Space, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { InferResponseType } from "hono/client";
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { call, client } from "../api";
import { DataTable, type DataColumn } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { useSession } from "../session";
import { formatTime } from "../time";
import { toApiError } from "./assistance-shared";
import { SourceTag, TaskStatusTag, useL } from "./ClueText";
import { ErrorAlert, PageTitle } from "./common";
import { paged } from "./EnforcementPickers";
import { useI18n } from "../i18n";
import { useLoad } from "../data";
import { renderFact } from "./WarningText";

type Task = InferResponseType<typeof client.api.clues.tasks.$get, 200>["items"][number];

/** 联合检查任务 formed from clues: one per business per window, across departments. */
export default function ClueTasks() {
  const L = useL();
  const [status, setStatus] = useState<"open" | "scheduled">("open");
  const list = usePaged((cursor) => paged(call(client.api.clues.tasks.$get({ query: { limit: "50", status, ...(cursor ? { cursor } : {}) } }))), [status]);
  const columns: DataColumn<Task>[] = [
    { key: "entity", title: L("主体", "Business"), text: (t) => t.entityName, render: (_: unknown, t) => <Link to={`/clues/tasks/${t.id}`}>{t.entityName}</Link> },
    { key: "clues", title: L("线索数", "Clues"), text: (t) => t.clueCount, sort: true },
    { key: "departments", title: L("部门数", "Departments"), text: (t) => t.departmentIds.length, sort: true },
    { key: "sources", title: L("来源", "Sources"), text: (t) => t.sources.join(" "), render: (_: unknown, t) => t.sources.map((s) => <SourceTag key={s} source={s} />), responsive: ["md"] },
    { key: "last", title: L("最近线索", "Last clue"), text: (t) => formatTime(t.lastClueAt, "YYYY-MM-DD"), sort: true },
    { key: "status", title: L("状态", "Status"), text: (t) => t.status, render: (_: unknown, t) => <TaskStatusTag status={t.status} /> },
  ];
  return (
    <>
      <PageTitle>{L("联合检查任务（线索归并）", "Joint tasks from clues")}</PageTitle>
      <Segmented
        value={status}
        onChange={(v) => setStatus(v as typeof status)}
        options={[
          { value: "open", label: L("归集中", "Open") },
          { value: "scheduled", label: L("已安排检查", "Scheduled") },
        ]}
        style={{ marginBottom: 12 }}
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <DataTable<Task>
        testId="clue-tasks"
        rowKey="id"
        caption={L("联合检查任务", "Joint tasks")}
        rows={list.rows}
        loading={list.loading}
        columns={columns}
        exportName={L("联合检查任务", "Joint tasks")}
        exportPages={list.pages}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
      />
    </>
  );
}

type Precheck = Awaited<ReturnType<typeof precheck>>;
const precheck = (id: string, plannedDate: string) => call(client.api.clues.tasks[":taskId"].precheck.$get({ param: { taskId: id }, query: { plannedDate } }));

/** One task and the check before it becomes an inspection: recent tasks, recognised results (any tenant), the yearly cap, duplicate/high-frequency warnings; a reason when anything was found. */
export function ClueTaskDetail() {
  const L = useL();
  const { lang } = useI18n();
  const screens = Grid.useBreakpoint();
  const { taskId = "" } = useParams();
  // Department names for the task's departments and the cap rows (one page of ≤ 200 covers a tenant).
  const departments = useLoad(() => call(client.api.tenant.departments.$get({ query: { limit: "200" } })), []);
  const deptName = (id: string) => departments.data?.items.find((d) => d.id === id)?.name ?? id;
  const { can } = useSession();
  const { message } = App.useApp();
  const [date, setDate] = useState<Dayjs>(dayjs().add(3, "day"));
  const [check, setCheck] = useState<Precheck>();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReturnType<typeof toApiError>>();
  const plannedDate = date.format("YYYY-MM-DD");
  const reload = () => precheck(taskId, plannedDate).then(setCheck, (e) => setError(toApiError(e)));
  useEffect(() => void reload(), [taskId, plannedDate]);

  async function proceed() {
    if (!check) return;
    setBusy(true);
    setError(undefined);
    try {
      await call(client.api.clues.tasks[":taskId"].proceed.$post({ param: { taskId }, json: { version: check.task.version, plannedDate, ...(reason.trim() ? { reason: reason.trim() } : {}) } }));
      void message.success(L("已安排检查", "Inspection scheduled"));
      void reload();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const t = check?.task;
  return (
    <>
      <PageTitle>{L("联合检查任务", "Joint task")}</PageTitle>
      <ErrorAlert error={error} />
      {t && check && (
        <Space direction="vertical" size="middle" style={{ width: "100%" }}>
          <Card>
            {/* Stacked on a phone: a label column beside long names would make the view scroll sideways. */}
            <Descriptions column={{ xs: 1, md: 2 }} size="small" layout={screens.md ? "horizontal" : "vertical"} contentStyle={{ wordBreak: "break-word" }}>
              <Descriptions.Item label={L("主体", "Business")}>
                {t.entityName}（{t.creditCode}）
              </Descriptions.Item>
              <Descriptions.Item label={L("状态", "Status")}>
                <TaskStatusTag status={t.status} />
              </Descriptions.Item>
              <Descriptions.Item label={L("线索", "Clues")}>{t.clueCount}</Descriptions.Item>
              <Descriptions.Item label={L("来源", "Sources")}>{t.sources.map((s) => <SourceTag key={s} source={s} />)}</Descriptions.Item>
              <Descriptions.Item label={L("监管事项", "Items")}>{t.itemCodes.join("、") || "—"}</Descriptions.Item>
              <Descriptions.Item label={L("部门（首个为牵头）", "Departments (lead first)")}>
                <span data-testid="task-departments">
                  {t.departmentIds.length}：{t.departmentIds.map(deptName).join("、")}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={L("归集窗口", "Window")}>
                {formatTime(t.openedAt, "YYYY-MM-DD")} — {formatTime(t.until, "YYYY-MM-DD")}
              </Descriptions.Item>
              {t.outcome && (
                <Descriptions.Item label={L("已安排", "Scheduled")}>
                  <Link to="/inspections">{t.outcome.refId}</Link> {t.outcome.plannedDate} {t.outcome.reason ? `（${t.outcome.reason}）` : ""}
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          <Card title={L("安排检查前核查", "Check before scheduling")}>
            <Space wrap style={{ marginBottom: 12 }}>
              <span>{L("计划检查日期", "Planned date")}</span>
              <DatePicker value={date} onChange={(d) => d && setDate(d)} allowClear={false} />
            </Space>
            <List
              size="small"
              header={<Typography.Text strong>{L("互认有效的检查结果（任一地区）", "Recognised results (any tenant)")}</Typography.Text>}
              dataSource={check.recognised}
              locale={{ emptyText: L("无", "None") }}
              renderItem={(r) => (
                <List.Item>
                  {L(
                    `${r.issuingTenantName} ${r.resultDate} 检查（${r.outcome === "compliant" ? "未发现问题" : r.outcome}），互认有效至 ${formatTime(r.validUntil, "YYYY-MM-DD")}，事项 ${r.itemCodes.join("、")}`,
                    `${r.issuingTenantName} inspected on ${r.resultDate} (${r.outcome}), recognised until ${formatTime(r.validUntil, "YYYY-MM-DD")}, items ${r.itemCodes.join(", ")}`,
                  )}
                </List.Item>
              )}
            />
            <List
              size="small"
              header={<Typography.Text strong>{L("年度检查上限", "Yearly cap")}</Typography.Text>}
              dataSource={check.cap}
              locale={{ emptyText: L("参与部门尚无执法主体", "No enforcement body for these departments") }}
              renderItem={(c) => (
                <List.Item>
                  {deptName(c.departmentId)}：{L("本年已检查", "inspected this year")} {c.count} / {L("上限", "cap")} {c.cap} {c.count >= c.cap ? <Tag color="red">{L("已达上限", "at cap")}</Tag> : null}
                </List.Item>
              )}
            />
            <List
              size="small"
              header={<Typography.Text strong>{L("重复检查、高频检查预警", "Duplicate / too-frequent inspection warnings")}</Typography.Text>}
              dataSource={check.warnings}
              locale={{ emptyText: L("无", "None") }}
              renderItem={(w) => <List.Item>{`${lang === "en" ? w.ruleName.en : w.ruleName.zh}：${w.facts.map((f) => renderFact(f, lang)).join("；")}`}</List.Item>}
            />
            <List
              size="small"
              header={<Typography.Text strong>{L("本年已安排的检查（抽查与计划）", "Inspections planned this year (draws and plans)")}</Typography.Text>}
              dataSource={check.planned}
              locale={{ emptyText: L("无", "None") }}
              renderItem={(p) => <List.Item>{`${p.from} — ${p.to}`}</List.Item>}
            />
            <List
              size="small"
              header={<Typography.Text strong>{L("本主体此前的任务", "Earlier tasks of this business")}</Typography.Text>}
              dataSource={check.earlierTasks}
              locale={{ emptyText: L("无", "None") }}
              renderItem={(e) => <List.Item>{`${formatTime(e.openedAt, "YYYY-MM-DD")} ${e.status} ${e.outcome?.refId ?? ""}`}</List.Item>}
            />
            {t.status === "open" && can("inspection.schedule") && (
              <Space direction="vertical" style={{ width: "100%", marginTop: 12 }}>
                {check.needsReason && <Alert type="warning" showIcon message={L("核查有发现：如仍需检查，请填写至少 10 个字的理由（将记录在案）", "The check found something: to go ahead, give a reason of at least 10 characters (recorded)")} />}
                {check.needsReason && <Input.TextArea rows={2} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} aria-label={L("理由", "Reason")} />}
                <Button type="primary" loading={busy} disabled={check.needsReason && reason.trim().length < 10} onClick={() => void proceed()}>
                  {L("转为检查", "Schedule the inspection")}
                </Button>
              </Space>
            )}
          </Card>
        </Space>
      )}
    </>
  );
}
