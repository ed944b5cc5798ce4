import { App, Button, DatePicker, Form, Input, Modal, Select, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { call, client } from "../api";
import { DataTable, type DataColumn } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { useI18n } from "../i18n";
import { useSession } from "../session";
import { toApiError } from "./assistance-shared";
import { useL } from "./ClueText";
import { ErrorAlert, PageTitle } from "./common";
import { paged } from "./EnforcementPickers";

type Campaign = InferResponseType<typeof client.api.campaigns.$get, 200>["items"][number];
const KIND = { industry: ["行业性", "Industry-wide"], area: ["区域性", "Area-wide"], widespread: ["普遍性", "Widespread"], frequent: ["多发性", "Recurring"] } as const;

/** 专项整治: industry- or area-wide problems raised across departments; businesses put under a campaign become clues, so its tasks follow the clue rules. */
export default function Campaigns() {
  const L = useL();
  const { lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const list = usePaged((cursor) => paged(call(client.api.campaigns.$get({ query: { limit: "50", ...(cursor ? { cursor } : {}) } }))), []);
  const departments = usePaged((cursor) => paged(call(client.api.tenant.departments.$get({ query: { limit: "200", ...(cursor ? { cursor } : {}) } }))), []);
  const [open, setOpen] = useState<"create" | Campaign | undefined>();
  const [error, setError] = useState<ReturnType<typeof toApiError>>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      if (open === "create") {
        await call(
          client.api.campaigns.$post({
            json: {
              title: v.title,
              kind: v.kind,
              description: v.description,
              departmentIds: v.departmentIds,
              itemCodes: String(v.itemCodes).split(/[,，、\s]+/).filter(Boolean),
              from: v.period[0].format("YYYY-MM-DD"),
              to: v.period[1].format("YYYY-MM-DD"),
            },
          }),
        );
      } else if (open) {
        const res = await call(
          client.api.campaigns[":campaignId"].businesses.$post({ param: { campaignId: open.id }, json: { creditCodes: String(v.creditCodes).split(/[,，、\s]+/).filter(Boolean), facts: v.facts } }),
        );
        void message.success(L(`已纳入 ${res.clues.length} 户，按线索规则归并为联合检查任务`, `${res.clues.length} business(es) added as clues`));
      }
      setOpen(undefined);
      form.resetFields();
      list.reload();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const columns: DataColumn<Campaign>[] = [
    { key: "title", title: L("名称", "Title"), text: (c) => c.title },
    { key: "kind", title: L("类型", "Kind"), text: (c) => KIND[c.kind][lang === "en" ? 1 : 0], filter: true },
    { key: "period", title: L("期间", "Period"), text: (c) => `${c.from} — ${c.to}`, responsive: ["md"] },
    { key: "departments", title: L("部门数", "Departments"), text: (c) => c.departmentIds.length },
    { key: "businesses", title: L("纳入主体", "Businesses"), text: (c) => c.businesses, sort: true },
    {
      key: "act",
      title: "",
      noExport: true,
      text: () => "",
      render: (_: unknown, c) =>
        can("campaign.write") && c.status === "open" ? (
          <Button size="small" onClick={() => setOpen(c)}>
            {L("纳入主体", "Add businesses")}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <PageTitle extra={can("campaign.write") ? <Button type="primary" onClick={() => setOpen("create")}>{L("发起专项整治", "Start a campaign")}</Button> : undefined}>{L("专项整治", "Special campaigns")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {L("针对行业性、区域性、普遍性、多发性问题跨部门开展专项整治；纳入的主体按线索规则归并为联合检查任务，转为检查前同样核查互认结果、年度上限与重复检查。", "Campaigns across departments for industry- or area-wide problems; their businesses follow the clue rules (one joint task per business, the same pre-task check).")}
      </Typography.Paragraph>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <DataTable<Campaign>
        testId="campaigns"
        rowKey="id"
        caption={L("专项整治", "Campaigns")}
        rows={list.rows}
        loading={list.loading}
        columns={columns}
        exportName={L("专项整治", "Campaigns")}
        exportPages={list.pages}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
      />
      <Modal open={!!open} title={open === "create" ? L("发起专项整治", "Start a campaign") : L("纳入主体", "Add businesses")} onCancel={() => setOpen(undefined)} onOk={() => void submit()} confirmLoading={busy} width={560}>
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical">
          {open === "create" ? (
            <>
              <Form.Item name="title" label={L("名称", "Title")} rules={[{ required: true, min: 4 }]}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="kind" label={L("类型", "Kind")} rules={[{ required: true }]}>
                <Select options={Object.entries(KIND).map(([k, v]) => ({ value: k, label: v[lang === "en" ? 1 : 0] }))} />
              </Form.Item>
              <Form.Item name="description" label={L("问题描述", "Problem")} rules={[{ required: true, min: 4 }]}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Form.Item name="departmentIds" label={L("参与部门", "Departments")} rules={[{ required: true }]}>
                <Select mode="multiple" options={departments.rows.map((d) => ({ value: d.id, label: d.name }))} />
              </Form.Item>
              <Form.Item name="itemCodes" label={L("监管事项编码（逗号分隔）", "Item codes (comma-separated)")} rules={[{ required: true }]}>
                <Input placeholder="FJ-SP-001" />
              </Form.Item>
              <Form.Item name="period" label={L("期间", "Period")} rules={[{ required: true }]}>
                <DatePicker.RangePicker style={{ width: "100%" }} />
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item name="creditCodes" label={L("统一社会信用代码（逗号或换行分隔）", "Credit codes (comma- or line-separated)")} rules={[{ required: true }]}>
                <Input.TextArea rows={3} />
              </Form.Item>
              <Form.Item name="facts" label={L("排查情况", "Facts")} rules={[{ required: true, min: 4 }]}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}
