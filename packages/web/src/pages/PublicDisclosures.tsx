import { Alert, Button, Card, Descriptions, Form, Input, List, Select, Space, Tag, Typography, Upload } from "antd";
import type { InferResponseType } from "hono/client";
import { useMemo, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import divisions from "@supervision/core/data/fujian-divisions.json";
import { call, type ApiError } from "../api";
import { usePaged } from "../components/paged";
import { useLoad } from "../data";
import { useI18n, format } from "../i18n";
import { formatTime } from "../time";
import { isTenant, LoadError, PublicDrawLayout, publicClient, tenantName } from "./PublicDraws";

/** 一公开 public pages (no sign-in): search a tenant's published results and
 * penalties by business name or credit code, read one with its corrections,
 * and object to it within 21 days with evidence (hashed in the browser). */
const p = publicClient.api.public.disclosures;
type Row = InferResponseType<(typeof p)["$get"], 200>["items"][number];

const zh = {
  title: "检查结果与行政处罚公示",
  intro: "按主体名称（至少两个字）或统一社会信用代码查询。个体工商户经营者姓名和身份证号码已遮蔽；公示期满的记录不再显示。对公示内容有异议的，可在公示之日起 21 日内提出并附证据。",
  tenant: "行政区划",
  pick: "请选择市、县（区）",
  q: "主体名称或统一社会信用代码",
  search: "查询",
  none: "没有符合条件的公示记录",
  more: "加载更多",
  "kind.inspection": "检查结果",
  "kind.penalty": "行政处罚",
  corrected: "已更正",
  bodies: "检查/处罚机关",
  occurred: "日期",
  until: "公示至",
  results: "检查结果",
  decision: "处罚决定",
  corrections: "更正",
  object: "提出异议",
  objectClosed: "异议期已过（至 {until}）",
  code: "统一社会信用代码（须与公示主体一致）",
  text: "异议内容",
  contact: "联系方式（选填）",
  files: "证据文件（可多份，提交时计算哈希）",
  submit: "提交异议",
  made: "异议已受理，答复期限 {due}",
  back: "返回",
  "outcome.pass": "合格",
  "outcome.rectify": "责令整改",
  "outcome.case": "立案调查",
  "outcome.transfer": "移送",
};
const en: typeof zh = {
  title: "Published inspection results and penalties",
  intro: "Search by business name (two characters or more) or credit code. A sole trader's name and ID numbers are masked; records whose window has ended are not shown. A business may object within 21 days of publication, with evidence.",
  tenant: "City or county",
  pick: "Choose a city or county",
  q: "Business name or credit code",
  search: "Search",
  none: "No published records match",
  more: "More",
  "kind.inspection": "Inspection result",
  "kind.penalty": "Penalty",
  corrected: "Corrected",
  bodies: "Bodies",
  occurred: "Date",
  until: "Public until",
  results: "Results",
  decision: "Decision",
  corrections: "Corrections",
  object: "Object",
  objectClosed: "The window for objections has closed (until {until})",
  code: "Credit code (must be the record's business)",
  text: "Objection",
  contact: "Contact (optional)",
  files: "Evidence files (hashed when sent)",
  submit: "Send the objection",
  made: "Objection received; answer due {due}",
  back: "Back",
  "outcome.pass": "Pass",
  "outcome.rectify": "Rectify",
  "outcome.case": "Case opened",
  "outcome.transfer": "Transferred",
};
function useText() {
  const { lang } = useI18n();
  return (k: keyof typeof zh, params: Record<string, string | number> = {}) => format((lang === "en" ? en : zh)[k], params);
}

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
function base64(bytes: ArrayBuffer): string {
  let s = "";
  const u = new Uint8Array(bytes);
  for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The Beijing day a deadline belongs to: a day clock ends at 24:00 of its last day (00:00 of the next), as the API's messages say. */
const dueDay = (iso: string) => formatTime(new Date(Date.parse(iso) - 1).toISOString(), "YYYY-MM-DD");

/** /public/disclosures[/:tenantId[/:disclosureId]] */
export default function PublicDisclosures() {
  const tx = useText();
  const navigate = useNavigate();
  const { tenantId: param, disclosureId } = useParams();
  const tenantId = isTenant(param) ? param : undefined;
  const [q, setQ] = useState("");
  const [query, setQuery] = useState("");
  const options = useMemo(
    () =>
      divisions.cities.map((c) => ({
        label: c.name,
        title: c.name,
        options: [{ value: c.code, label: c.name }, ...divisions.counties.filter((x) => x.cityCode === c.code).map((x) => ({ value: x.code, label: tenantName(x.code) }))],
      })),
    [],
  );
  const rows = usePaged(
    (cursor) =>
      tenantId ? call(p.$get({ query: { tenantId, limit: "20", ...(query ? { q: query } : {}), ...(cursor ? { cursor } : {}) } as never })) : Promise.resolve({ items: [] as Row[], cursor: null }),
    [tenantId, query],
    20,
  );
  return (
    <PublicDrawLayout>
      <Typography.Title level={1} className="page-title">
        {tx("title")}
      </Typography.Title>
      <Typography.Paragraph>{tx("intro")}</Typography.Paragraph>
      {disclosureId && tenantId ? (
        <Detail tenantId={tenantId} id={disclosureId} onBack={() => navigate(`/public/disclosures/${tenantId}`)} />
      ) : (
        <>
          <Card style={{ marginBottom: 16 }}>
            <Space direction="vertical" style={{ width: "100%" }}>
              <label htmlFor="pds-tenant">{tx("tenant")}</label>
              <Select id="pds-tenant" showSearch optionFilterProp="label" placeholder={tx("pick")} value={tenantId} onChange={(v: string) => navigate(`/public/disclosures/${v}`)} options={options} style={{ width: "100%" }} />
              <label htmlFor="pds-q">{tx("q")}</label>
              <Input.Search id="pds-q" value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => setQuery(v.trim())} enterButton={tx("search")} disabled={!tenantId} />
            </Space>
          </Card>
          <LoadError error={rows.error as ApiError | undefined} />
          {tenantId && (
            <List
              data-testid="public-disclosures"
              locale={{ emptyText: tx("none") }}
              dataSource={rows.rows}
              loading={rows.loading}
              renderItem={(r) => (
                <List.Item key={r.id} onClick={() => navigate(`/public/disclosures/${tenantId}/${r.id}`)} style={{ cursor: "pointer" }}>
                  <List.Item.Meta
                    title={<a href={`/public/disclosures/${tenantId}/${r.id}`} onClick={(e) => e.preventDefault()}>{r.publicName}</a>}
                    description={
                      <Space wrap size={4}>
                        <Tag bordered={false}>{tx(`kind.${r.kind}`)}</Tag>
                        <span>{r.creditCode}</span>
                        <span>{r.occurredOn}</span>
                        {r.corrected && <Tag color="blue">{tx("corrected")}</Tag>}
                      </Space>
                    }
                  />
                </List.Item>
              )}
            />
          )}
          {rows.hasMore && <Button onClick={rows.more}>{tx("more")}</Button>}
        </>
      )}
    </PublicDrawLayout>
  );
}

function Detail({ tenantId, id, onBack }: { tenantId: string; id: string; onBack: () => void }) {
  const tx = useText();
  const loaded = useLoad(() => call(p[":tenantId"][":disclosureId"].$get({ param: { tenantId, disclosureId: id } })), [tenantId, id]);
  const r = loaded.data;
  return (
    <>
      <Button onClick={onBack} style={{ marginBottom: 12 }}>
        {tx("back")}
      </Button>
      <LoadError error={loaded.error} />
      {r && (
        <Card title={r.publicName} data-testid="public-disclosure">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={tx("tenant")}>{r.tenantName}</Descriptions.Item>
            <Descriptions.Item label="统一社会信用代码 / Credit code">{r.creditCode}</Descriptions.Item>
            <Descriptions.Item label={tx("bodies")}>{r.bodies.join("、")}</Descriptions.Item>
            <Descriptions.Item label={tx("occurred")}>{r.occurredOn}</Descriptions.Item>
            <Descriptions.Item label={tx("until")}>{dueDay(r.visibleUntil)}</Descriptions.Item>
            {r.penalty && (
              <Descriptions.Item label={tx("decision")}>
                {r.penalty.decisionNo} · {r.penalty.measure}
                {r.penalty.amount !== undefined ? ` · ${r.penalty.amount} 元` : ""}
                {r.penalty.conduct ? ` · ${r.penalty.conduct}` : ""}
              </Descriptions.Item>
            )}
          </Descriptions>
          {r.results.length > 0 && (
            <List size="small" header={tx("results")} dataSource={r.results} renderItem={(x) => <List.Item key={x.itemCode}>{x.itemName}：{tx(`outcome.${x.outcome}` as keyof typeof zh) ?? x.outcome}</List.Item>} />
          )}
          {r.corrections.length > 0 && (
            <Alert type="info" showIcon style={{ marginTop: 12 }} message={tx("corrections")} description={r.corrections.map((c) => <div key={c.objectionId}>{formatTime(c.at, "YYYY-MM-DD")} {c.text}</div>)} />
          )}
          {r.objectionOpen ? <ObjectionForm tenantId={tenantId} id={id} /> : <Alert type="warning" style={{ marginTop: 12 }} message={tx("objectClosed", { until: dueDay(r.objectionUntil) })} />}
        </Card>
      )}
    </>
  );
}

function ObjectionForm({ tenantId, id }: { tenantId: string; id: string }) {
  const tx = useText();
  const [form] = Form.useForm<{ creditCode: string; text: string; contact?: string }>();
  const [files, setFiles] = useState<File[]>([]);
  const [result, setResult] = useState<{ ok?: string; error?: string }>({});
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const evidence = await Promise.all(
        files.map(async (f) => {
          const bytes = await f.arrayBuffer();
          return { name: f.name, type: f.type || "application/octet-stream", contentBase64: base64(bytes), sha256: await sha256Hex(bytes) };
        }),
      );
      const made = await call(p[":tenantId"][":disclosureId"].objections.$post({ param: { tenantId, disclosureId: id }, json: { ...v, evidence } }));
      setResult({ ok: tx("made", { due: dueDay(made.answerDueAt) }) });
      form.resetFields();
      setFiles([]);
    } catch (e) {
      setResult({ error: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card type="inner" title={tx("object")} style={{ marginTop: 16 }}>
      {result.ok && <Alert type="success" showIcon role="status" message={result.ok} style={{ marginBottom: 12 }} />}
      {result.error && <Alert type="error" showIcon role="alert" message={result.error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="creditCode" label={tx("code")} rules={[{ required: true }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="text" label={tx("text")} rules={[{ required: true, min: 5 }]}>
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="contact" label={tx("contact")}>
          <Input />
        </Form.Item>
        <Form.Item label={tx("files")}>
          <Upload beforeUpload={(f) => (setFiles((fs) => [...fs, f]), false)} onRemove={(f) => setFiles((fs) => fs.filter((x) => x.name !== f.name))} fileList={files.map((f) => ({ uid: f.name, name: f.name }))} multiple>
            <Button>{tx("files")}</Button>
          </Upload>
        </Form.Item>
        <Button type="primary" loading={busy} onClick={() => void submit()}>
          {tx("submit")}
        </Button>
      </Form>
    </Card>
  );
}
