import { Alert, Button, Form, InputNumber, Modal, Select, Switch, Tag, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { KindNames, tighteningIssues, type Rule } from "@supervision/core/warning/rules";
import { ApiError, call, client } from "../api";
import { useLoad } from "../data";
import { DataTable } from "../components/DataTable";
import { useI18n } from "../i18n";
import { useSession } from "../session";
import { ErrorAlert, PageTitle } from "./common";
import { renderCode, useText } from "./WarningText";
import { LevelTag } from "./Warnings";

type View = InferResponseType<typeof client.api.warnings.rules.$get, 200>;

/** A rule's parameters in words. */
function paramsText(r: Rule, tx: (zh: string, en: string) => string): string {
  switch (r.kind) {
    case "clue-count":
      return tx(`${r.params.days} 日内 ≥ ${r.params.count} 条线索`, `≥ ${r.params.count} clues in ${r.params.days} days`);
    case "grade":
      return tx(`信用等级 ${r.params.grades.join("、")}`, `grades ${r.params.grades.join(", ")}`);
    case "reading":
      return `${r.params.metric} > ${r.params.threshold}${r.params.unit}`;
    case "repeat-findings":
      return tx(`${r.params.days} 日内发现问题 ≥ ${r.params.count} 次`, `≥ ${r.params.count} findings in ${r.params.days} days`);
    case "over-cap":
      return tx(`距年度上限 ≤ ${r.params.ahead} 次`, `within ${r.params.ahead} of the yearly cap`);
    case "multi-body":
      return tx(`${r.params.days} 日内 ≥ ${r.params.bodies} 个执法主体`, `≥ ${r.params.bodies} bodies in ${r.params.days} days`);
    case "duplicate":
      return tx(`${r.params.days} 日内已有检查`, `another inspection within ${r.params.days} days`);
  }
}

/** 预警规则: the rules in force with where each comes from; the province edits its own, a tenant only tightens. */
export default function WarningRules() {
  const tx = useText();
  const { lang } = useI18n();
  const { me, can } = useSession();
  const [tick, setTick] = useState(0);
  const view = useLoad(() => call(client.api.warnings.rules.$get()), [tick]);
  const [editing, setEditing] = useState<Rule>();
  const province = me?.tenant.id === "350000";
  const v = view.data;
  const origin = (r: Rule) =>
    !v ? "" : !v.province.some((p) => p.id === r.id) ? tx("本级新增", "This tenant's own") : v.tenant.some((t) => t.id === r.id) ? tx("本级收紧", "Tightened here") : tx("省级", "Province");
  return (
    <>
      <PageTitle>{tx("预警规则", "Warning rules")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {province
          ? tx("省级规则是各地的默认值；每次修改形成新版本并记入审计留痕。", "The province's rules are every tenant's defaults; each change is a new version, in the audit trail.")
          : tx("本级可收紧省级规则（阈值更低、时间窗更长、级别更高、覆盖更多事项），不能放宽或停用。", "This tenant may tighten the province's rules (lower thresholds, longer windows, higher levels, more items), never loosen or disable them.")}
        {v && ` ${tx("省级第", "Province version")} ${v.provinceVersion}${tx(" 版，本级第 ", ", this tenant's version ")}${v.tenantVersion}${tx(" 版", "")}`}
      </Typography.Paragraph>
      <ErrorAlert error={view.error} onRetry={() => setTick((n) => n + 1)} />
      <DataTable<Rule>
        testId="warning-rules-table"
        caption={tx("现行预警规则", "Warning rules in force")}
        exportName={tx("预警规则", "Warning rules")}
        rowKey="id"
        loading={view.loading}
        rows={v?.inForce}
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { title: tx("规则", "Rule"), key: "name", text: (r) => r.name[lang] },
          { title: tx("类型", "Kind"), key: "kind", text: (r) => KindNames[r.kind][lang === "en" ? "en" : "zh"], filter: true },
          { title: tx("条件", "Condition"), key: "params", text: (r) => paramsText(r, tx) },
          { title: tx("事项", "Items"), key: "items", text: (r) => (r.itemCodes.length ? r.itemCodes.join("、") : tx("全部事项", "every item")) },
          { title: tx("级别", "Level"), key: "level", text: (r) => r.level, render: (_, r) => <LevelTag level={r.level} /> },
          { title: tx("状态", "State"), key: "enabled", text: (r) => (r.enabled ? tx("启用", "on") : tx("停用", "off")), render: (_, r) => (r.enabled ? <Tag color="success">{tx("启用", "on")}</Tag> : <Tag>{tx("停用", "off")}</Tag>) },
          { title: tx("来源", "From"), key: "origin", text: origin },
          {
            title: tx("操作", "Actions"),
            key: "actions",
            noExport: true,
            render: (_, r) =>
              can("warning.rules") ? (
                <Button size="small" onClick={() => setEditing(r)}>
                  {province ? tx("修改", "Edit") : tx("收紧", "Tighten")}
                </Button>
              ) : null,
          },
        ]}
      />
      {editing && v && (
        <EditRule
          rule={editing}
          view={v}
          province={province}
          onClose={(done) => {
            setEditing(undefined);
            if (done) setTick((n) => n + 1);
          }}
        />
      )}
    </>
  );
}

type Values = { level: Rule["level"]; enabled: boolean; grades?: string[] } & Record<string, unknown>;

function EditRule({ rule, view, province, onClose }: { rule: Rule; view: View; province: boolean; onClose(done: boolean): void }) {
  const tx = useText();
  const { lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const numeric = Object.entries(rule.params).filter(([, x]) => typeof x === "number") as [string, number][];
  const label: Record<string, string> = {
    count: tx("数量阈值", "Count threshold"),
    days: tx("时间窗（日）", "Window (days)"),
    threshold: tx("阈值", "Threshold"),
    ahead: tx("距上限（次）", "Ahead of the cap"),
    bodies: tx("执法主体数", "Bodies"),
  };

  function build(values: Values): Rule {
    const params = { ...rule.params } as Record<string, unknown>;
    for (const [k] of numeric) params[k] = values[`p_${k}`];
    if (rule.kind === "grade") params.grades = values.grades;
    return { ...rule, level: values.level, enabled: values.enabled, params } as Rule;
  }

  async function submit() {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    const next = build(values);
    const list = province ? view.province : view.tenant;
    const index = list.findIndex((r) => r.id === rule.id);
    const rules = index >= 0 ? list.map((r, i) => (i === index ? next : r)) : [...list, next];
    const at = index >= 0 ? index : rules.length - 1;
    const fieldOf = (f: string) => {
      const m = /^rules\.(\d+)\.(.+)$/.exec(f);
      if (!m || Number(m[1]) !== at) return undefined;
      if (m[2]!.startsWith("params.grades")) return "grades";
      if (m[2]!.startsWith("params.")) return `p_${m[2]!.slice(7)}`;
      return m[2] === "level" || m[2] === "enabled" ? m[2] : undefined;
    };
    // The same check the API makes, before asking it (the API decides).
    if (!province) {
      const issues = tighteningIssues(rules, view.province).map((i) => ({ field: i.field, message: renderCode(i.rule, i.params, lang) }));
      const own = issues.filter((i) => fieldOf(i.field));
      if (own.length) return form.setFields(own.map((i) => ({ name: fieldOf(i.field)!, errors: [i.message] })));
    }
    setBusy(true);
    setError(undefined);
    try {
      const json = { version: province ? view.provinceVersion : view.tenantVersion, rules };
      await call(province ? client.api.warnings.rules.province.$put({ json }) : client.api.warnings.rules.tenant.$put({ json }));
      onClose(true);
    } catch (err) {
      const e = err as ApiError;
      const own = e.details.filter((d) => fieldOf(String(d.field)));
      if (own.length) form.setFields(own.map((d) => ({ name: fieldOf(String(d.field))!, errors: [d.message] })));
      else setError(e);
    } finally {
      setBusy(false);
    }
  }

  const initial: Values = { level: rule.level, enabled: rule.enabled, ...(rule.kind === "grade" ? { grades: rule.params.grades } : {}), ...Object.fromEntries(numeric.map(([k, x]) => [`p_${k}`, x])) };
  return (
    <Modal open title={`${province ? tx("修改", "Edit") : tx("收紧", "Tighten")}：${rule.name[lang]}`} okText={tx("保存", "Save")} cancelText={tx("取消", "Cancel")} confirmLoading={busy} onOk={() => void submit()} onCancel={() => onClose(false)}>
      {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initial}>
        {numeric.map(([k]) => (
          <Form.Item key={k} name={`p_${k}`} label={label[k] ?? k} rules={[{ required: true, message: tx("请填写", "Required") }]}>
            <InputNumber style={{ width: "100%" }} />
          </Form.Item>
        ))}
        {rule.kind === "grade" && (
          <Form.Item name="grades" label={tx("信用等级", "Credit grades")}>
            <Select mode="multiple" options={["A", "B", "C", "D"].map((g) => ({ value: g, label: g }))} />
          </Form.Item>
        )}
        <Form.Item name="level" label={tx("级别", "Level")}>
          <Select
            options={[
              { value: "yellow", label: tx("黄色", "Yellow") },
              { value: "orange", label: tx("橙色", "Orange") },
              { value: "red", label: tx("红色", "Red") },
            ]}
          />
        </Form.Item>
        <Form.Item name="enabled" label={tx("启用", "Enabled")} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
