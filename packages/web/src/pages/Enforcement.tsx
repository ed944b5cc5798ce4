import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Grid, Input, List, Modal, Radio, Select, Space, Tabs, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import type { InferResponseType } from "hono/client";
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { call, client } from "../api";
import { departmentList, useLoad } from "../data";
import { DataTable, type DataColumn } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { useStrings } from "../i18n";
import * as spotcheckStrings from "../locales/spotcheck";
import { useSession } from "../session";
import { formatTime } from "../time";
import { applyApiErrors, mustChoose, toApiError } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";
import { ItemPicker, ItemTags, paged, TownshipPicker, useCatalogue, useConfirm, useTownships, type Body } from "./EnforcementPickers";

type Batch = InferResponseType<typeof client.api.enforcement.batches.$get, 200>["items"][number];

/** 行政执法主体: the published list of bodies with each body's inspection-item
 * list, and the batches of penalty powers the county devolved to townships. */
export default function Enforcement() {
  const { t } = useStrings(spotcheckStrings);
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") ?? "bodies";
  const { me } = useSession();
  return (
    <>
      <PageTitle>{t("enf.title")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t("enf.intro")}
      </Typography.Paragraph>
      {me && (
        <Typography.Paragraph type="secondary">
          {t("sc.publicLink")}：<Typography.Text code copyable>{`/api/public/enforcement/${me.tenant.id}/bodies`}</Typography.Text>
        </Typography.Paragraph>
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          { key: "bodies", label: t("enf.tabBodies"), children: <Bodies /> },
          { key: "batches", label: t("enf.tabBatches"), children: <Batches /> },
        ]}
      />
    </>
  );
}

function Bodies() {
  const { t } = useStrings(spotcheckStrings);
  const { can } = useSession();
  const bodies = usePaged((cursor) => paged(call(client.api.enforcement.bodies.$get({ query: { limit: "100", ...(cursor ? { cursor } : {}) } }))), []);
  const [open, setOpen] = useState<Body>();
  const [adding, setAdding] = useState(false);
  const kindName = (b: Body) => t(b.kind === "township" ? "enf.kind.township" : "enf.kind.department");
  const columns: DataColumn<Body>[] = [
    {
      key: "name",
      title: t("enf.name"),
      text: (b) => b.name,
      sort: true,
      render: (_: unknown, b) => (
        <Button type="link" style={{ padding: 0, height: "auto", whiteSpace: "normal", textAlign: "left" }} onClick={() => setOpen(b)}>
          {b.name}
        </Button>
      ),
    },
    { key: "kind", title: t("enf.kind"), text: (b) => (b.townshipName ? `${kindName(b)}·${b.townshipName}` : kindName(b)), filter: true },
    { key: "items", title: t("enf.items"), text: (b) => b.inspectionItems.join("、"), render: (_: unknown, b) => <ItemTags codes={b.inspectionItems} /> },
    { key: "status", title: t("enf.status"), text: (b) => t(b.status === "active" ? "enf.status.active" : "enf.status.withdrawn"), filter: true },
    { key: "publishedAt", title: t("enf.publishedAt"), text: (b) => formatTime(b.publishedAt, "YYYY-MM-DD"), sort: true, responsive: ["md"] },
  ];
  return (
    <>
      <ErrorAlert error={bodies.error} onRetry={bodies.reload} />
      <DataTable<Body>
        testId="bodies"
        rowKey="id"
        caption={t("enf.tabBodies")}
        rows={bodies.rows}
        loading={bodies.loading}
        columns={columns}
        exportName={t("enf.title")}
        exportPages={bodies.pages}
        more={{ hasMore: bodies.hasMore, loading: bodies.loading, onMore: bodies.more }}
        locale={{ emptyText: t("enf.empty") }}
        toolbar={
          can("enforcement.write") ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
              {t("enf.publish")}
            </Button>
          ) : undefined
        }
      />
      {open && (
        <BodyDrawer
          body={open}
          onClose={() => setOpen(undefined)}
          onChanged={(b) => {
            setOpen(b);
            bodies.reload();
          }}
        />
      )}
      {adding && (
        <PublishBody
          taken={new Set(bodies.rows.map((b) => b.departmentId))}
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            bodies.reload();
          }}
        />
      )}
    </>
  );
}

/** A body's published inspection-item list, with its names; the admin publishes a changed list after confirming. */
function BodyDrawer({ body, onClose, onChanged }: { body: Body; onClose(): void; onChanged(b: Body): void }) {
  const { t } = useStrings(spotcheckStrings);
  const { can } = useSession();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const catalogue = useCatalogue();
  const confirm = useConfirm();
  const [editing, setEditing] = useState(false);
  const [items, setItems] = useState<string[]>(body.inspectionItems);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const names = useMemo(() => new Map((catalogue.data?.items ?? []).map((i) => [i.code, i.name])), [catalogue.data]);

  async function save() {
    if (!(await confirm(t("enf.itemsConfirm", { n: items.length })))) return;
    setBusy(true);
    setError(undefined);
    try {
      const next = await call(client.api.enforcement.bodies[":bodyId"].$patch({ param: { bodyId: body.id }, json: { version: body.version, inspectionItems: items } }));
      void message.success(t("enf.itemsSaved"));
      setEditing(false);
      onChanged(next);
    } catch (err) {
      setError(toApiError(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer open onClose={onClose} width={screens.md ? 640 : "100%"} title={t("enf.itemsOf", { name: body.name })}>
      <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t("enf.kind")}>{t(body.kind === "township" ? "enf.kind.township" : "enf.kind.department")}</Descriptions.Item>
        {body.townshipName && <Descriptions.Item label={t("enf.township")}>{body.townshipName}</Descriptions.Item>}
        <Descriptions.Item label={t("enf.status")}>{t(body.status === "active" ? "enf.status.active" : "enf.status.withdrawn")}</Descriptions.Item>
        <Descriptions.Item label={t("enf.publishedAt")}>{formatTime(body.publishedAt, "YYYY-MM-DD HH:mm")}</Descriptions.Item>
      </Descriptions>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      {editing ? (
        <Space direction="vertical" style={{ width: "100%" }}>
          <ItemPicker value={items} onChange={setItems} aria-label={t("enf.items")} />
          <Space>
            <Button type="primary" loading={busy} onClick={() => void save()}>
              {t("common.save")}
            </Button>
            <Button onClick={() => setEditing(false)}>{t("common.cancel")}</Button>
          </Space>
        </Space>
      ) : (
        <>
          <List
            size="small"
            data-testid="body-items"
            header={<Typography.Text strong>{`${t("enf.items")}（${t("enf.itemCount", { n: body.inspectionItems.length })}）`}</Typography.Text>}
            dataSource={body.inspectionItems}
            renderItem={(code) => (
              <List.Item>
                <Space wrap>
                  <Tag bordered={false}>{code}</Tag>
                  <span>{names.get(code) ?? ""}</span>
                </Space>
              </List.Item>
            )}
          />
          {can("enforcement.write") && (
            <Button style={{ marginTop: 12 }} onClick={() => setEditing(true)}>
              {t("enf.editItems")}
            </Button>
          )}
        </>
      )}
    </Drawer>
  );
}

interface BodyValues {
  departmentId: string;
  kind: "department" | "township";
  townshipCode?: string;
  name?: string;
  inspectionItems?: string[];
}

function PublishBody({ taken, onClose, onDone }: { taken: Set<string>; onClose(): void; onDone(): void }) {
  const { t } = useStrings(spotcheckStrings);
  const { message } = App.useApp();
  const confirm = useConfirm();
  const [form] = Form.useForm<BodyValues>();
  const departments = useLoad(() => departmentList(), []);
  const kind = Form.useWatch("kind", form) ?? "department";
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(v: BodyValues) {
    const dep = departments.data?.find((d) => d.id === v.departmentId);
    if (!(await confirm(t("enf.publishConfirm", { name: v.name?.trim() || dep?.name || "" })))) return;
    setBusy(true);
    setError(undefined);
    try {
      await call(
        client.api.enforcement.bodies.$post({
          json: { departmentId: v.departmentId, kind: v.kind, townshipCode: v.kind === "township" ? v.townshipCode : undefined, name: v.name?.trim() || undefined, inspectionItems: v.inspectionItems ?? [] },
        }),
      );
      void message.success(t("enf.published"));
      onDone();
    } catch (err) {
      setError(
        applyApiErrors(form, toApiError(err), ["departmentId", "kind", "townshipCode", "name", "inspectionItems"], {
          "enforcement.department_taken": "departmentId",
          "enforcement.township_required": "townshipCode",
          "enforcement.township_unknown": "townshipCode",
        }),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={t("enf.publish")} okText={t("enf.publish")} cancelText={t("common.cancel")} confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      <ErrorAlert error={departments.error} onRetry={departments.reload} />
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form<BodyValues> form={form} layout="vertical" name="publish-body" onFinish={(v) => void submit(v)} disabled={busy} initialValues={{ kind: "department", inspectionItems: [] }}>
        <Form.Item label={t("enf.department")} name="departmentId" rules={[mustChoose(t("sc.choose", { field: t("enf.department") }))]}>
          <Select
            showSearch
            optionFilterProp="label"
            loading={departments.loading}
            options={(departments.data ?? []).filter((d) => d.status === "active" && !taken.has(d.id)).map((d) => ({ value: d.id, label: d.name }))}
          />
        </Form.Item>
        <Form.Item label={t("enf.kind")} name="kind" extra={kind === "township" ? t("enf.townshipHint") : undefined}>
          <Radio.Group
            options={[
              { value: "department", label: t("enf.kind.department") },
              { value: "township", label: t("enf.kind.township") },
            ]}
          />
        </Form.Item>
        {kind === "township" && (
          <Form.Item label={t("enf.township")} name="townshipCode" rules={[mustChoose(t("sc.choose", { field: t("enf.township") }))]}>
            <TownshipPicker />
          </Form.Item>
        )}
        <Form.Item label={t("enf.name")} name="name" extra={t("enf.nameHint")}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item label={t("enf.items")} name="inspectionItems">
          <ItemPicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function Batches() {
  const { t } = useStrings(spotcheckStrings);
  const { can } = useSession();
  const batches = usePaged((cursor) => paged(call(client.api.enforcement.batches.$get({ query: { limit: "100", ...(cursor ? { cursor } : {}) } }))), []);
  const [adding, setAdding] = useState(false);
  const columns: DataColumn<Batch>[] = [
    { key: "title", title: t("enf.batchTitle"), text: (b) => b.title, sort: true },
    { key: "townships", title: t("enf.batchTownships"), text: (b) => b.townships.map((x) => x.name).join("、"), filter: true },
    { key: "items", title: t("enf.batchItems"), text: (b) => b.itemCodes.join("、"), render: (_: unknown, b) => <ItemTags codes={b.itemCodes} /> },
    { key: "effectiveDate", title: t("enf.effectiveDate"), text: (b) => b.effectiveDate, sort: true },
    { key: "publishedAt", title: t("enf.publishedAt"), text: (b) => formatTime(b.publishedAt, "YYYY-MM-DD"), sort: true, responsive: ["md"] },
  ];
  return (
    <>
      <ErrorAlert error={batches.error} onRetry={batches.reload} />
      <DataTable<Batch>
        testId="batches"
        rowKey="id"
        caption={t("enf.tabBatches")}
        rows={batches.rows}
        loading={batches.loading}
        columns={columns}
        exportName={t("enf.tabBatches")}
        exportPages={batches.pages}
        more={{ hasMore: batches.hasMore, loading: batches.loading, onMore: batches.more }}
        locale={{ emptyText: t("enf.batchEmpty") }}
        toolbar={
          can("enforcement.write") ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
              {t("enf.batchPublish")}
            </Button>
          ) : undefined
        }
      />
      {adding && (
        <PublishBatch
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            batches.reload();
          }}
        />
      )}
    </>
  );
}

interface BatchValues {
  title: string;
  townshipCodes: string[];
  itemCodes: string[];
  effectiveDate: Dayjs;
}

function PublishBatch({ onClose, onDone }: { onClose(): void; onDone(): void }) {
  const { t } = useStrings(spotcheckStrings);
  const townships = useTownships();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const [form] = Form.useForm<BatchValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  async function submit(v: BatchValues) {
    const date = v.effectiveDate.format("YYYY-MM-DD");
    const known = new Map((townships.data ?? []).map((x) => [x.id, x.name]));
    const names = v.townshipCodes.map((c) => known.get(c) ?? c).join("、");
    if (!(await confirm(t("enf.batchConfirm", { townships: names, n: v.itemCodes.length, date })))) return;
    setBusy(true);
    setError(undefined);
    try {
      await call(client.api.enforcement.batches.$post({ json: { title: v.title.trim(), townshipCodes: v.townshipCodes, itemCodes: v.itemCodes, effectiveDate: date } }));
      void message.success(t("enf.batchPublished"));
      onDone();
    } catch (err) {
      const e = toApiError(err);
      const rest = applyApiErrors(form, e, ["title", "townshipCodes", "itemCodes", "effectiveDate"], { "enforcement.township_unknown": "townshipCodes" });
      setError(rest);
    } finally {
      setBusy(false);
    }
  }

  const required = (field: string) => mustChoose(t("sc.choose", { field }));
  const nonEmpty = (field: string) => ({ validator: (_: unknown, v: unknown) => (Array.isArray(v) && v.length > 0 ? Promise.resolve() : Promise.reject(new Error(t("sc.choose", { field })))) });
  return (
    <Modal open title={t("enf.batchPublish")} okText={t("enf.batchPublish")} cancelText={t("common.cancel")} confirmLoading={busy} onOk={() => form.submit()} onCancel={onClose} destroyOnHidden>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Card size="small" variant="borderless" styles={{ body: { padding: 0 } }}>
        <Form<BatchValues> form={form} layout="vertical" name="publish-batch" onFinish={(v) => void submit(v)} disabled={busy}>
          <Form.Item label={t("enf.batchTitle")} name="title" extra={t("enf.titleHint")} rules={[{ required: true, whitespace: true, min: 4, message: t("sc.required", { field: t("enf.batchTitle") }) }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label={t("enf.batchTownships")} name="townshipCodes" rules={[nonEmpty(t("enf.batchTownships"))]}>
            <TownshipPicker multiple />
          </Form.Item>
          <Form.Item label={t("enf.batchItems")} name="itemCodes" rules={[nonEmpty(t("enf.batchItems"))]}>
            <ItemPicker />
          </Form.Item>
          <Form.Item label={t("enf.effectiveDate")} name="effectiveDate" rules={[required(t("enf.effectiveDate"))]}>
            <DatePicker style={{ width: 220 }} />
          </Form.Item>
        </Form>
      </Card>
    </Modal>
  );
}
