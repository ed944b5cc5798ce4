import { App, Button, Form, Input, Modal, Segmented, Select, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { Link } from "react-router-dom";
import { Sources, SourceNames } from "@supervision/core/clue/sources";
import { call, client } from "../api";
import { DataTable, type DataColumn } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { useI18n } from "../i18n";
import { useSession } from "../session";
import { formatTime } from "../time";
import { toApiError } from "./assistance-shared";
import { ClueStatusTag, SourceTag, useL } from "./ClueText";
import { ErrorAlert, PageTitle } from "./common";
import { paged } from "./EnforcementPickers";

type Clue = InferResponseType<typeof client.api.clues.$get, 200>["items"][number];

/** 线索归集: clues paged by status (待匹配 first for officers), and the officers' intake form. */
export default function Clues() {
  const L = useL();
  const { lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const [status, setStatus] = useState<"unmatched" | "tasked" | "all">("unmatched");
  const list = usePaged(
    (cursor) => paged(call(client.api.clues.$get({ query: { limit: "50", ...(status !== "all" ? { status } : {}), ...(cursor ? { cursor } : {}) } }))),
    [status],
  );
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReturnType<typeof toApiError>>();
  const [form] = Form.useForm();

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      const business = v.creditCode ? { creditCode: v.creditCode } : { name: v.name, address: v.address };
      const itemCodes = String(v.itemCodes ?? "").split(/[,，、\s]+/).filter(Boolean);
      const created = await call(client.api.clues.$post({ json: { source: v.source, business, facts: v.facts, itemCodes, evidence: [] } }));
      void message.success(created.status === "tasked" ? L("已登记并归入联合检查任务", "Filed and added to a joint task") : L("已登记，待确认主体", "Filed; the business awaits confirmation"));
      setOpen(false);
      form.resetFields();
      list.reload();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const columns: DataColumn<Clue>[] = [
    { key: "receivedAt", title: L("收到时间", "Received"), text: (c) => formatTime(c.receivedAt, "YYYY-MM-DD HH:mm"), sort: true },
    { key: "source", title: L("来源", "Source"), text: (c) => (lang === "en" ? SourceNames[c.source].en : SourceNames[c.source].zh), render: (_: unknown, c) => <SourceTag source={c.source} />, filter: true },
    {
      key: "business",
      title: L("主体", "Business"),
      text: (c) => c.entityName ?? c.business.name ?? c.business.creditCode ?? "",
      render: (_: unknown, c) => <Link to={`/clues/${c.id}`}>{c.entityName ?? c.business.name ?? c.business.creditCode}</Link>,
    },
    { key: "facts", title: L("事实", "Facts"), text: (c) => c.facts, responsive: ["md"] },
    { key: "status", title: L("状态", "Status"), text: (c) => c.status, render: (_: unknown, c) => <ClueStatusTag status={c.status} />, filter: true },
  ];

  return (
    <>
      <PageTitle extra={can("clue.write") ? <Button type="primary" onClick={() => setOpen(true)}>{L("登记线索", "File a clue")}</Button> : undefined}>{L("线索归集", "Clues")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {L(
          "12345 热线、行业协会、新闻媒体、部门日常监管和非现场监管（物联感知、视频分析、网店监测）报送的线索。按统一社会信用代码或名称与地址匹配主体，按监管事项分派牵头部门；同一主体 90 日内的线索归并为一个联合检查任务。",
          "Clues from the 12345 hotline, associations, media, departments' own work and non-site monitoring. Matched by credit code or by name and address, routed to the lead department of their items; clues about one business within 90 days become one joint task.",
        )}
      </Typography.Paragraph>
      <Segmented
        value={status}
        onChange={(v) => setStatus(v as typeof status)}
        options={[
          { value: "unmatched", label: L("待匹配主体", "Not matched") },
          { value: "tasked", label: L("已归入任务", "In a task") },
          { value: "all", label: L("全部", "All") },
        ]}
        style={{ marginBottom: 12 }}
      />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <DataTable<Clue>
        testId="clues"
        rowKey="id"
        caption={L("线索", "Clues")}
        rows={list.rows}
        loading={list.loading}
        columns={columns}
        exportName={L("线索", "Clues")}
        exportPages={list.pages}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
      />
      <Modal open={open} title={L("登记线索", "File a clue")} onCancel={() => setOpen(false)} onOk={() => void submit()} confirmLoading={busy} okText={L("提交", "Submit")} width={560}>
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" initialValues={{ source: "department" }}>
          <Form.Item name="source" label={L("来源", "Source")}>
            <Select options={Sources.filter((s) => s !== "campaign").map((s) => ({ value: s, label: lang === "en" ? SourceNames[s].en : SourceNames[s].zh }))} />
          </Form.Item>
          <Form.Item name="creditCode" label={L("统一社会信用代码（已知时）", "Credit code (if known)")}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="name" label={L("名称（无代码时必填）", "Name (without a code)")}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="address" label={L("地址（无代码时必填）", "Address (without a code)")}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="facts" label={L("事实", "Facts")} rules={[{ required: true, min: 4, message: L("请至少写 4 个字", "At least 4 characters") }]}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          <Form.Item name="itemCodes" label={L("监管事项编码（逗号分隔，可不填）", "Item codes (comma-separated, optional)")}>
            <Input placeholder="FJ-SP-001" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
