import { Alert, App, Button, Card, Col, Descriptions, Form, InputNumber, Row, Space, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { Link } from "react-router-dom";
import { ApiError, call, client } from "../api";
import { DataTable } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { useLoad } from "../data";
import { useSession } from "../session";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";
import { useText } from "./WarningText";

type Weights = InferResponseType<typeof client.api.risk.weights.$get, 200>;
type Version = InferResponseType<typeof client.api.risk.weights.versions.$get, 200>["items"][number];
type Tx = (zh: string, en: string) => string;

/** Every weight: its dotted path (the API's `details[].field`), its label and the unit shown after the number. */
function fieldsOf(tx: Tx): { group: string; fields: { path: string; label: string; unit: string }[] }[] {
  const pts = tx("分", "pts");
  const days = tx("日", "days");
  return [
    {
      group: tx("线索", "Clues"),
      fields: [
        { path: "clueDays", label: tx("线索计数时间窗", "Clue window"), unit: days },
        { path: "perClue", label: tx("每条线索", "Per clue"), unit: pts },
        { path: "clueCap", label: tx("线索分值上限", "Cap for clues"), unit: pts },
      ],
    },
    {
      group: tx("未处置的预警（最高级别全额，其余减半）", "Undecided warnings (the highest in full, the rest half)"),
      fields: [
        { path: "warning.yellow", label: tx("黄色预警", "Yellow"), unit: pts },
        { path: "warning.orange", label: tx("橙色预警", "Orange"), unit: pts },
        { path: "warning.red", label: tx("红色预警", "Red"), unit: pts },
      ],
    },
    {
      group: tx("信用风险等级", "Credit grade"),
      fields: (["A", "B", "C", "D"] as const).map((g) => ({ path: `grade.${g}`, label: tx(`${g} 类`, `Grade ${g}`), unit: pts })),
    },
    {
      group: tx("检查与处罚记录", "Inspections and penalties"),
      fields: [
        { path: "findingDays", label: tx("发现问题时间窗", "Findings window"), unit: days },
        { path: "perFinding", label: tx("每次发现问题", "Per finding"), unit: pts },
        { path: "penaltyDays", label: tx("行政处罚时间窗", "Penalties window"), unit: days },
        { path: "perPenalty", label: tx("每次行政处罚", "Per penalty"), unit: pts },
      ],
    },
    {
      group: tx("久未检查", "Not inspected for long"),
      fields: [
        { path: "perStaleYear", label: tx("每满一年", "Per full year"), unit: pts },
        { path: "staleCap", label: tx("久未检查分值上限", "Cap for staleness"), unit: pts },
      ],
    },
  ];
}

const valueAt = (w: Weights, path: string): number => path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], w) as number;
const name = (path: string) => path.split(".");

/** 风险模型权重: the weights in force (every tenant reads them); the province saves
 * the next version (checked field by field by the API, errors beside the fields,
 * in the audit trail); every version with what changed, who and when. */
export default function RiskWeights() {
  const tx = useText();
  const { me } = useSession();
  const province = me?.tenant.id === "350000" && me.role === "province-admin";
  const [tick, setTick] = useState(0);
  const current = useLoad(() => call(client.api.risk.weights.$get()), [tick]);
  const versions = usePaged((cursor) => call(client.api.risk.weights.versions.$get({ query: { limit: "20", ...(cursor ? { cursor } : {}) } })), [tick], 20);
  const [editing, setEditing] = useState(false);
  const w = current.data;
  const latest = versions.rows[0];
  const who = w && latest && latest.version === w.version ? latest : undefined;
  const labels = new Map(fieldsOf(tx).flatMap((g) => g.fields.map((f) => [f.path, f.label] as const)));
  return (
    <>
      <PageTitle>{tx("风险模型权重", "Risk model weights")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {tx(
          "风险排名按这些权重计分。权重是带版本的数据：省级修改后保存为新版本（记入审计留痕），各地只读；各主体的分数在当晚重新评分时按新版本计算。",
          "The risk ranking scores businesses by these weights. They are versioned data: the province saves a change as a new version (in the audit trail), tenants read them; every business is re-scored by the new version at the nightly re-score.",
        )}{" "}
        <Link to="/risk">{tx("查看风险排名", "See the risk ranking")}</Link>
      </Typography.Paragraph>
      <ErrorAlert error={current.error} onRetry={current.reload} />
      {w && (
        <Card
          size="small"
          title={
            <span data-testid="risk-weights-version">
              {tx("现行第", "Version")} {w.version} {tx("版", "in force")}
            </span>
          }
          extra={
            province && !editing ? (
              <Button type="primary" onClick={() => setEditing(true)}>
                {tx("编辑并保存为新版本", "Edit and save as a new version")}
              </Button>
            ) : null
          }
          style={{ marginBottom: 16 }}
        >
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {who
              ? `${tx("发布人", "Published by")} ${who.publishedBy.name} · ${formatTime(who.publishedAt, "YYYY-MM-DD HH:mm")}`
              : tx("平台默认值（示例值，由省级按回测结果调整）", "The platform's default (example values, for the province to set from its back-tests)")}
          </Typography.Paragraph>
          {editing ? (
            <EditWeights
              weights={w}
              onClose={(saved) => {
                setEditing(false);
                if (saved) setTick((n) => n + 1);
              }}
            />
          ) : (
            <WeightsView weights={w} />
          )}
        </Card>
      )}
      <DataTable<Version>
        testId="risk-weights-versions"
        caption={tx("版本记录", "Versions")}
        exportName={tx("风险模型权重版本", "Risk weight versions")}
        rowKey="version"
        loading={versions.loading}
        rows={versions.rows}
        pagination={false}
        more={{ hasMore: versions.hasMore, loading: versions.loading, onMore: versions.more }}
        locale={{ emptyText: tx("尚未发布新版本（使用平台默认值）", "No version published yet (the platform's default applies)") }}
        columns={[
          { title: tx("版本", "Version"), key: "version", text: (v) => String(v.version) },
          { title: tx("改动", "Changed"), key: "changes", text: (v) => (v.changes.length ? v.changes.map((c) => labels.get(c) ?? c).join("、") : "—") },
          { title: tx("发布人", "Published by"), key: "by", text: (v) => v.publishedBy.name },
          { title: tx("时间", "When"), key: "at", text: (v) => formatTime(v.publishedAt, "YYYY-MM-DD HH:mm") },
        ]}
      />
    </>
  );
}

function WeightsView({ weights }: { weights: Weights }) {
  const tx = useText();
  return (
    <Space direction="vertical" style={{ width: "100%" }} size="middle">
      {fieldsOf(tx).map((g) => (
        <Descriptions key={g.group} title={<Typography.Text strong>{g.group}</Typography.Text>} size="small" bordered column={{ xs: 1, sm: 2, lg: 4 }}>
          {g.fields.map((f) => (
            <Descriptions.Item key={f.path} label={f.label}>
              <span data-testid={`weight-${f.path}`}>{valueAt(weights, f.path)}</span> {f.unit}
            </Descriptions.Item>
          ))}
        </Descriptions>
      ))}
    </Space>
  );
}

function EditWeights({ weights, onClose }: { weights: Weights; onClose(saved: boolean): void }) {
  const tx = useText();
  const { modal, message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const groups = fieldsOf(tx);
  const paths = groups.flatMap((g) => g.fields.map((f) => f.path));

  async function save() {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    const ok = await new Promise<boolean>((resolve) =>
      modal.confirm({
        title: tx("保存为新版本？", "Save as a new version?"),
        content: tx(`将发布第 ${weights.version + 1} 版，各地的风险排名在当晚重新评分时按新版本计算。`, `Version ${weights.version + 1} will be published; every tenant's ranking follows at the nightly re-score.`),
        okText: tx("保存", "Save"),
        cancelText: tx("取消", "Cancel"),
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      }),
    );
    if (!ok) return;
    setBusy(true);
    setError(undefined);
    form.setFields(paths.map((p) => ({ name: name(p), errors: [] })));
    try {
      const json = { ...(values as Omit<Weights, "version">), version: weights.version + 1 } as Weights;
      await call(client.api.risk.weights.$post({ json }));
      message.success(tx(`已发布第 ${weights.version + 1} 版`, `Version ${weights.version + 1} published`));
      onClose(true);
    } catch (err) {
      const e = err as ApiError;
      // The API names each failing weight (e.g. `grade.D`): shown beside it.
      const own = e.details.filter((d) => paths.includes(String(d.field)));
      if (own.length) form.setFields(own.map((d) => ({ name: name(String(d.field)), errors: [d.message] })));
      if (own.length !== e.details.length || !e.details.length) setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form form={form} layout="vertical" initialValues={weights} aria-label={tx("风险模型权重", "Risk model weights")}>
      {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 12 }} />}
      {groups.map((g) => (
        <fieldset key={g.group} style={{ border: 0, padding: 0, margin: "0 0 8px" }}>
          <legend style={{ fontSize: 14, fontWeight: 600, marginBottom: 8, border: 0 }}>{g.group}</legend>
          <Row gutter={16}>
            {g.fields.map((f) => (
              <Col key={f.path} xs={24} sm={12} lg={6}>
                <Form.Item name={name(f.path)} label={f.label} rules={[{ required: true, message: tx("请填写", "Required") }]}>
                  <InputNumber style={{ width: "100%" }} addonAfter={f.unit} data-testid={`weight-input-${f.path}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </fieldset>
      ))}
      <Space wrap>
        <Button type="primary" loading={busy} onClick={() => void save()}>
          {tx("保存为新版本", "Save as a new version")}
        </Button>
        <Button onClick={() => onClose(false)}>{tx("取消", "Cancel")}</Button>
      </Space>
    </Form>
  );
}
