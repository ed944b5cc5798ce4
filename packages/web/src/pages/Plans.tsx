import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import type { InferResponseType } from "hono/client";
import { useMemo, useState } from "react";
// Plain data (no node:crypto): the plan defaults and ranges with their sources.
import { Grades, SpotCheckDefaults, type Grade } from "@supervision/core/plan/defaults";
import { call, client } from "../api";
import { useLoad } from "../data";
import { DataTable, type DataColumn } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { useStrings } from "../i18n";
import * as spotcheckStrings from "../locales/spotcheck";
import { useSession } from "../session";
import { formatTime, ZONE } from "../time";
import { applyApiErrors, toApiError } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";
import { ItemPicker, ItemTags, useBodies, useConfirm, paged } from "./EnforcementPickers";

type Plan = InferResponseType<typeof client.api.plans.$get, 200>["items"][number];
type Filing = InferResponseType<typeof client.api.plans.filing.$get, 200>;
type FilingRow = Filing["bodies"][number];
const GRADES = Grades;

/** The platform defaults and allowed ranges of core's plan/defaults.ts (plain data, the same the API
 * checks against), in percent: the form's starting values and hints. */
const DEFAULT_RATIOS = Object.fromEntries(GRADES.map((g) => [g, SpotCheckDefaults.ratios.value[g] / 100])) as Record<Grade, number>;
const RANGES = Object.fromEntries(GRADES.map((g) => [g, SpotCheckDefaults.ratios.ranges[g].map((bp) => bp / 100) as [number, number]])) as Record<Grade, [number, number]>;
const DEFAULT_CAP = SpotCheckDefaults.yearlyCap.value;

/** 年度检查计划: the year's filing status (who has not filed by 31 March), the plans filed, and filing one (one body or joint). */
export default function Plans() {
  const { t } = useStrings(spotcheckStrings);
  const { can } = useSession();
  const [year, setYear] = useState(() => Number(dayjs().tz(ZONE).format("YYYY")));
  const filing = useLoad(() => call(client.api.plans.filing.$get({ query: { year: String(year) } })), [year]);
  const plans = usePaged((cursor) => paged(call(client.api.plans.$get({ query: { year: String(year), limit: "100", ...(cursor ? { cursor } : {}) } }))), [year]);
  const bodies = useBodies();
  const [filingOpen, setFilingOpen] = useState(false);
  const bodyName = useMemo(() => new Map((bodies.data ?? []).map((b) => [b.id, b.name])), [bodies.data]);

  const columns: DataColumn<Plan>[] = [
    {
      key: "title",
      title: t("pln.planTitle"),
      text: (p) => p.title,
      sort: true,
      render: (_: unknown, p) => (
        <Space direction="vertical" size={0}>
          <span>{p.title}</span>
          <Space size={4} wrap>
            {p.joint && <Tag color="blue">{t("pln.joint")}</Tag>}
            {p.late && <Tag color="warning" style={{ color: "rgba(0,0,0,0.88)" }}>{t("pln.late")}</Tag>}
          </Space>
        </Space>
      ),
    },
    { key: "bodies", title: t("pln.bodies"), text: (p) => p.bodyIds.map((id) => bodyName.get(id) ?? id).join("、") },
    { key: "items", title: t("pln.items"), text: (p) => p.itemCodes.join("、"), render: (_: unknown, p) => <ItemTags codes={p.itemCodes} max={2} /> },
    { key: "period", title: t("pln.period"), text: (p) => `${p.periodFrom} – ${p.periodTo}`, sort: true },
    { key: "ratios", title: t("pln.ratios"), text: (p) => GRADES.map((g) => `${p.ratios[g] / 100}%`).join(" / "), responsive: ["md"] },
    { key: "cap", title: t("pln.cap"), text: (p) => p.cap, responsive: ["md"] },
    { key: "filedAt", title: t("pln.filedAt"), text: (p) => formatTime(p.filedAt, "YYYY-MM-DD"), sort: true, responsive: ["lg"] },
  ];

  return (
    <>
      <PageTitle
        extra={
          <Space wrap>
            <DatePicker picker="year" allowClear={false} aria-label={t("pln.year")} value={dayjs(`${year}-01-01`)} onChange={(d) => d && setYear(d.year())} />
            {can("plan.write") && (
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setFilingOpen(true)}>
                {t("pln.file")}
              </Button>
            )}
          </Space>
        }
      >
        {t("pln.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t("pln.intro")}
      </Typography.Paragraph>
      <ErrorAlert error={filing.error ?? plans.error} onRetry={() => (filing.reload(), plans.reload())} />
      {filing.data && <FilingStatus filing={filing.data} />}
      <Card title={t("pln.list")}>
        <DataTable<Plan>
          testId="plans"
          rowKey="id"
          caption={t("pln.list")}
          rows={plans.rows}
          loading={plans.loading}
          columns={columns}
          exportName={`${t("pln.title")}${year}`}
          exportPages={plans.pages}
          more={{ hasMore: plans.hasMore, loading: plans.loading, onMore: plans.more }}
          locale={{ emptyText: t("pln.empty") }}
        />
      </Card>
      {filingOpen && (
        <FilePlan
          year={year}
          onClose={() => setFilingOpen(false)}
          onDone={() => {
            setFilingOpen(false);
            filing.reload();
            plans.reload();
          }}
        />
      )}
    </>
  );
}

/** Who has filed the year's plan, who filed late and who has not, against the deadline. */
function FilingStatus({ filing }: { filing: Filing }) {
  const { t } = useStrings(spotcheckStrings);
  const filed = filing.bodies.filter((b) => b.filed).length;
  const state = (b: FilingRow) => (!b.filed ? t("pln.notFiled") : b.late ? t("pln.late") : t("pln.filed"));
  const columns: DataColumn<FilingRow>[] = [
    { key: "name", title: t("pln.bodies"), text: (b) => b.name, sort: true },
    {
      key: "state",
      title: t("pln.filing"),
      text: state,
      filter: true,
      sort: true,
      render: (_: unknown, b) => (
        <Tag color={!b.filed ? "error" : b.late ? "warning" : "success"} bordered={false} style={{ color: "rgba(0,0,0,0.88)" }}>
          {state(b)}
        </Tag>
      ),
    },
  ];
  return (
    <Card title={t("pln.filing")} style={{ marginBottom: 16 }} data-testid="filing">
      <Space direction="vertical" style={{ width: "100%" }}>
        <Space wrap>
          <Typography.Text>{t("pln.deadline", { date: filing.deadline })}</Typography.Text>
          {filing.pastDeadline && <Tag color="error">{t("pln.pastDeadline")}</Tag>}
          <Typography.Text strong data-testid="filing-count">
            {t("pln.filedCount", { filed, total: filing.bodies.length })}
          </Typography.Text>
        </Space>
        {filing.unfiled.length === 0 ? (
          <Alert type="success" showIcon message={t("pln.allFiled")} />
        ) : (
          <Alert
            type={filing.pastDeadline ? "error" : "warning"}
            showIcon
            data-testid="unfiled"
            message={`${t("pln.unfiled")}（${filing.unfiled.length}）`}
            description={filing.unfiled.map((b) => b.name).join("、")}
          />
        )}
        <DataTable<FilingRow> rowKey="bodyId" caption={t("pln.filing")} rows={filing.bodies} columns={columns} exportName={`${t("pln.filing")}${filing.year}`} search={false} />
      </Space>
    </Card>
  );
}

interface Values {
  title: string;
  bodyIds: string[];
  itemCodes: string[];
  period: [Dayjs, Dayjs];
  ratios: Record<Grade, number>;
  cap: number;
}

const FIELDS = ["title", "bodyIds", "itemCodes", "period", "ratios", "cap"];

function FilePlan({ year, onClose, onDone }: { year: number; onClose(): void; onDone(): void }) {
  const { t } = useStrings(spotcheckStrings);
  const { message } = App.useApp();
  const { me } = useSession();
  const confirm = useConfirm();
  const bodies = useBodies();
  const [form] = Form.useForm<Values>();
  const chosen = Form.useWatch("bodyIds", form) ?? [];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // An officer files for their own department's body (or a joint plan with it).
  const options = (bodies.data ?? []).filter((b) => b.status === "active").map((b) => ({ value: b.id, label: b.name, departmentId: b.departmentId }));
  const allowedItems = useMemo(() => {
    const picked = (bodies.data ?? []).filter((b) => chosen.includes(b.id));
    return picked.length ? [...new Set(picked.flatMap((b) => b.inspectionItems))] : undefined;
  }, [bodies.data, chosen]);

  async function submit(v: Values) {
    if (!(await confirm(t("pln.fileConfirm", { title: v.title.trim() })))) return;
    setBusy(true);
    setError(undefined);
    try {
      await call(
        client.api.plans.$post({
          json: {
            title: v.title.trim(),
            year,
            bodyIds: v.bodyIds,
            itemCodes: v.itemCodes,
            periodFrom: v.period[0].format("YYYY-MM-DD"),
            periodTo: v.period[1].format("YYYY-MM-DD"),
            // Percent in the form, basis points in the API (exact integers in the draw).
            ratios: { A: Math.round(v.ratios.A * 100), B: Math.round(v.ratios.B * 100), C: Math.round(v.ratios.C * 100), D: Math.round(v.ratios.D * 100) },
            cap: v.cap,
          },
        }),
      );
      void message.success(t("pln.fileDone"));
      onDone();
    } catch (err) {
      const e = toApiError(err);
      const rest = applyApiErrors(form, e, FIELDS, {
        "plan.period_order": "period",
        "plan.period_year": "period",
        "plan.duplicate": "bodyIds",
        "plan.not_your_body": "bodyIds",
        "enforcement.not_found": "bodyIds",
      });
      const period = e.details.filter((d) => d.field === "periodFrom" || d.field === "periodTo");
      if (period.length) form.setFields([{ name: "period", errors: period.map((d) => d.message) }]);
      if (e.code === "plan.ratio_range") {
        const grade = GRADES.find((g) => e.message.includes(`${g} `) || e.message.includes(`${g}类`) || e.message.includes(`grade ${g}`));
        form.setFields([{ name: ["ratios", grade ?? "A"], errors: [e.message] }]);
        setError(undefined);
      } else setError(period.length && !rest ? undefined : rest);
    } finally {
      setBusy(false);
    }
  }

  const nonEmpty = (field: string) => ({ validator: (_: unknown, v: unknown) => (Array.isArray(v) && v.length > 0 ? Promise.resolve() : Promise.reject(new Error(t("sc.choose", { field })))) });
  return (
    <Modal open title={`${t("pln.file")}（${year}）`} okText={t("pln.file")} cancelText={t("common.cancel")} confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden width={640}>
      <ErrorAlert error={bodies.error} onRetry={bodies.reload} />
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        name="file-plan"
        onFinish={(v) => void submit(v)}
        disabled={busy}
        initialValues={{ ratios: DEFAULT_RATIOS, cap: DEFAULT_CAP, bodyIds: me?.role === "officer" ? options.filter((o) => o.departmentId === me.departmentId).map((o) => o.value) : [] }}
      >
        <Form.Item label={t("pln.planTitle")} name="title" extra={t("pln.titleHint")} rules={[{ required: true, whitespace: true, min: 4, message: t("sc.required", { field: t("pln.planTitle") }) }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t("pln.bodies")} name="bodyIds" extra={chosen.length > 1 ? `${t("pln.joint")}：${t("pln.bodiesHint")}` : t("pln.bodiesHint")} rules={[nonEmpty(t("pln.bodies"))]}>
          <Select mode="multiple" showSearch optionFilterProp="label" loading={bodies.loading} options={options.map(({ value, label }) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label={t("pln.items")} name="itemCodes" extra={t("pln.itemsHint")} rules={[nonEmpty(t("pln.items"))]}>
          <ItemPicker allowed={allowedItems} />
        </Form.Item>
        <Form.Item label={t("pln.period")} name="period" rules={[{ validator: (_: unknown, v: unknown) => (Array.isArray(v) && v[0] && v[1] ? Promise.resolve() : Promise.reject(new Error(t("sc.choose", { field: t("pln.period") })))) }]}>
          <DatePicker.RangePicker
            style={{ width: "100%" }}
            defaultPickerValue={[dayjs(`${year}-01-01`), dayjs(`${year}-01-01`)]}
            disabledDate={(d) => d.year() !== year}
          />
        </Form.Item>
        <Typography.Text strong>{t("pln.ratios")}</Typography.Text>
        <div style={{ display: "flex", gap: 12, flexWrap: "wrap", marginTop: 8 }}>
          {GRADES.map((g) => (
            <Form.Item key={g} label={t("pln.ratio", { grade: g })} name={["ratios", g]} style={{ flex: "1 1 120px" }} extra={t("pln.ratioRange", { min: RANGES[g][0], max: RANGES[g][1] })}>
              <InputNumber min={RANGES[g][0]} max={RANGES[g][1]} step={1} style={{ width: "100%" }} />
            </Form.Item>
          ))}
        </div>
        <Form.Item label={t("pln.cap")} name="cap" extra={t("pln.capHint")}>
          <InputNumber min={1} max={12} precision={0} style={{ width: 160 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
