import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, DatePicker, Empty, Form, Input, Row, Select, Space, Statistic, Switch, Tabs, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import dayjs from "dayjs";
import { useMemo, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { call, client } from "../api";
import { ask } from "../components/confirm";
import { DataTable, type DataColumn } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { eachPage, useLoad } from "../data";
import { useI18n } from "../i18n";
import { useSession } from "../session";
import { formatTime, ZONE } from "../time";
import { applyApiErrors, mustChoose, toApiError } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";
import { ItemPicker, paged, useBodies, type Body } from "./EnforcementPickers";
import {
  awaitsApproval,
  ORIGINS,
  STATUSES,
  StatusTag,
  visitApi,
  windowText,
  useVisitText,
  type OriginKind,
  type Visit,
  type VisitReport,
  type VisitStatus,
} from "./VisitShared";
import type { ApiError } from "../api";

const DATE = "YYYY-MM-DD";

/** 综合查一次: the tenant's visits (filtered by status, a page at a time), a new
 * visit from a business and each body's items and inspectors, the reports of
 * visits without a code, and the year's figures. */
export default function Visits() {
  const vt = useVisitText();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") ?? "list";
  const items = [
    { key: "list", label: vt("tab.list"), children: <VisitList /> },
    ...(can("visit.write") ? [{ key: "new", label: vt("tab.new"), children: <NewVisit onCreated={() => setParams({ tab: "list" })} /> }] : []),
    ...(can("visit.reports") ? [{ key: "reports", label: vt("tab.reports"), children: <Reports /> }] : []),
    { key: "stats", label: vt("tab.stats"), children: <Stats /> },
  ];
  return (
    <>
      <PageTitle>{vt("title")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {vt("intro")}
      </Typography.Paragraph>
      <Tabs activeKey={tab} onChange={(key) => setParams({ tab: key })} items={items} destroyOnHidden />
    </>
  );
}

/** Approve (or approve after the fact) and notify, from a list row or the detail page; each with `version` and a confirmation. */
export function useVisitActions(onDone: (v: Visit) => void, onConflict: (err: ApiError) => void) {
  const vt = useVisitText();
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const [busy, setBusy] = useState<string>();
  async function act(v: Visit, key: string, confirm: string, run: () => Promise<Visit>, done: string) {
    if (!(await ask(modal, { title: confirm, okText: vt(key === "notify" ? "notify" : key === "approveAfter" ? "approveAfter" : "approve"), cancelText: t("common.cancel") }))) return;
    setBusy(`${v.id}:${key}`);
    try {
      const next = await run();
      void message.success(done);
      onDone(next);
    } catch (err) {
      onConflict(toApiError(err));
    } finally {
      setBusy(undefined);
    }
  }
  return {
    busy,
    approve: (v: Visit) => {
      // An emergency visit whose day has come (or which is already on site) is approved after the fact.
      const after = v.emergency && (v.status === "in-progress" || dayjs().tz(ZONE).format(DATE) >= v.window.from);
      return act(v, after ? "approveAfter" : "approve", vt(after ? "approveAfterConfirm" : "approveConfirm"), () => visitApi.approve(v.id, v.version, after), vt("approved"));
    },
    notify: (v: Visit) => act(v, "notify", vt("notifyConfirm"), () => visitApi.notify(v.id, v.version), vt("notified")),
  };
}

function VisitList() {
  const vt = useVisitText();
  const { can } = useSession();
  const [status, setStatus] = useState<VisitStatus>();
  const list = usePaged((cursor) => visitApi.list({ limit: 50, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }), [status]);
  const [error, setError] = useState<ApiError>();
  const actions = useVisitActions(
    () => list.reload(),
    (err) => {
      setError(err);
      list.reload();
    },
  );
  const bodiesText = (v: Visit) => v.bodies.map((b) => b.bodyName).join("、");
  const columns: DataColumn<Visit>[] = [
    {
      key: "entity",
      title: vt("col.entity"),
      text: (v) => `${v.entityName} ${v.creditCode}`,
      sort: true,
      render: (_, v) => (
        <span>
          <Link to={`/visits/${v.id}`}>{v.entityName}</Link>
          <br />
          <Typography.Text type="secondary">{v.creditCode}</Typography.Text>
        </span>
      ),
    },
    {
      key: "bodies",
      title: vt("col.bodies"),
      text: bodiesText,
      render: (_, v) => (
        <span>
          {bodiesText(v)}
          {v.bodies.length > 1 && (
            <Tag bordered={false} color="blue" style={{ marginLeft: 4 }}>
              {vt("joint")}
            </Tag>
          )}
        </span>
      ),
    },
    { key: "window", title: vt("col.window"), text: (v) => windowText(v.window), sort: true },
    { key: "origin", title: vt("col.origin"), text: (v) => vt(`origin.${v.origin.kind}`), filter: true },
    {
      key: "status",
      title: vt("col.status"),
      text: (v) => `${vt(`status.${v.status}`)}${v.emergency ? ` · ${vt("emergency")}` : ""}${v.approval?.afterTheFact ? ` · ${vt("afterTheFact")}` : ""}`,
      render: (_, v) => (
        <Space size={[4, 4]} wrap>
          <StatusTag status={v.status} />
          {v.emergency && (
            <Tag bordered={false} color="red">
              {vt("emergency")}
            </Tag>
          )}
          {v.approval?.afterTheFact && <Tag bordered={false}>{vt("afterTheFact")}</Tag>}
        </Space>
      ),
    },
    {
      key: "actions",
      title: vt("col.actions"),
      noExport: true,
      render: (_, v) => (
        <Space size={[4, 4]} wrap>
          <Link to={`/visits/${v.id}`} aria-label={`${vt("open")} ${v.entityName}`}>
            {vt("open")}
          </Link>
          {awaitsApproval(v) && can("visit.approve") && (
            <Button size="small" type="primary" loading={actions.busy?.startsWith(v.id)} onClick={() => void actions.approve(v)}>
              {v.emergency ? vt("approveAfter") : vt("approve")}
            </Button>
          )}
          {v.status === "approved" && !v.notice && can("visit.write") && (
            <Button size="small" loading={actions.busy?.startsWith(v.id)} onClick={() => void actions.notify(v)}>
              {vt("notify")}
            </Button>
          )}
        </Space>
      ),
    },
  ];
  return (
    <>
      <ErrorAlert error={error ?? list.error} onRetry={() => (setError(undefined), list.reload())} />
      <DataTable<Visit>
        testId="visits-table"
        caption={vt("list.caption")}
        exportName={vt("list.caption")}
        exportPages={() => eachPage((c) => visitApi.list({ limit: 100, ...(status ? { status } : {}), ...(c ? { cursor: c } : {}) }))}
        rowKey="id"
        loading={list.loading}
        rows={list.rows}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: <Empty description={vt("list.empty")} /> }}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
        toolbar={
          <Select<VisitStatus | "">
            aria-label={vt("list.status")}
            style={{ minWidth: 140 }}
            value={status ?? ""}
            onChange={(v) => setStatus(v || undefined)}
            options={[{ value: "", label: vt("list.allStatuses") }, ...STATUSES.map((s) => ({ value: s, label: vt(`status.${s}`) }))]}
          />
        }
        columns={columns}
      />
    </>
  );
}

interface BodyRow {
  bodyId?: string;
  itemCodes?: string[];
  inspectorIds?: string[];
}
interface NewValues {
  creditCode?: string;
  origin?: OriginKind;
  originRef?: string;
  window?: [Dayjs, Dayjs];
  emergency: boolean;
  exception?: string;
  overrideReason?: string;
  bodies: BodyRow[];
}

/** A business of this tenant's directory, found by name as the user types; keeps the chosen name for the request. */
function BusinessSelect(props: { id?: string; value?: string; onChange?(v: string | undefined): void; names: Map<string, string> }) {
  const vt = useVisitText();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  async function search(q: string) {
    const n = ++seq.current;
    if (q.trim().length < 2) return setOptions([]);
    setLoading(true);
    try {
      const page = await call(client.api.businesses.$get({ query: { q: q.trim(), by: "name", limit: "20" } as never }));
      if (n !== seq.current) return;
      for (const b of page.items) props.names.set(b.creditCode, b.name);
      setOptions(page.items.map((b) => ({ value: b.creditCode, label: `${b.name}（${b.creditCode}）` })));
    } catch {
      if (n === seq.current) setOptions([]);
    } finally {
      if (n === seq.current) setLoading(false);
    }
  }
  const current = props.value && !options.some((o) => o.value === props.value) ? [{ value: props.value, label: `${props.names.get(props.value) ?? ""}（${props.value}）` }] : [];
  return (
    <Select
      id={props.id}
      showSearch
      allowClear
      filterOption={false}
      onSearch={(q) => void search(q)}
      loading={loading}
      placeholder={vt("new.businessSearch")}
      notFoundContent={null}
      value={props.value}
      onChange={props.onChange}
      options={[...current, ...options]}
    />
  );
}

/** The body's inspectors (active ones), with their certificate numbers. */
function InspectorSelect(props: { id?: string; value?: string[]; onChange?(v: string[]): void; bodyId?: string }) {
  const vt = useVisitText();
  const people = useLoad(
    () =>
      props.bodyId
        ? call(client.api.inspectors.$get({ query: { limit: "100", bodyId: props.bodyId } })).then((p) => p.items.filter((i) => i.status === "active"))
        : Promise.resolve([]),
    [props.bodyId],
  );
  return (
    <Select
      id={props.id}
      mode="multiple"
      allowClear
      showSearch
      optionFilterProp="label"
      disabled={!props.bodyId}
      loading={people.loading && !!props.bodyId}
      placeholder={props.bodyId ? undefined : vt("new.inspectorsPlaceholder")}
      value={props.value}
      onChange={props.onChange}
      options={(people.data ?? []).map((i) => ({ value: i.id, label: `${i.name}${i.certificateNo ? `（${vt("new.certificate", { no: i.certificateNo })}）` : ""}` }))}
    />
  );
}

function NewVisit({ onCreated }: { onCreated(): void }) {
  const vt = useVisitText();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewValues>();
  const bodies = useBodies();
  const names = useMemo(() => new Map<string, string>(), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const chosenBodies = Form.useWatch("bodies", form) ?? [];
  const origin = Form.useWatch("origin", form);
  // A recognised result still covers an item (执法互认): the API asks for a reason to inspect again.
  const [recognised, setRecognised] = useState<string>();
  const bodyById = useMemo(() => new Map((bodies.data ?? []).filter((b) => b.status === "active").map((b) => [b.id, b] as const)), [bodies.data]);

  async function submit(v: NewValues) {
    setBusy(true);
    setError(undefined);
    try {
      const created = await visitApi.create({
        creditCode: v.creditCode!,
        entityName: names.get(v.creditCode!) ?? v.creditCode!,
        origin: { kind: v.origin!, ...(v.originRef?.trim() ? { ref: v.originRef.trim() } : {}) },
        window: { from: v.window![0].format(DATE), to: v.window![1].format(DATE) },
        emergency: v.emergency,
        // A drawn task brings its bodies, items and inspectors from the draw's result line.
        ...(v.origin === "draw" ? {} : { bodies: v.bodies.map((b) => ({ bodyId: b.bodyId!, itemCodes: b.itemCodes ?? [], inspectorIds: b.inspectorIds ?? [] })) }),
        ...(v.exception?.trim() && (v.origin === "case" || v.origin === "special") ? { exception: v.exception.trim() } : {}),
        ...(recognised && v.overrideReason?.trim() ? { overrideReason: v.overrideReason.trim() } : {}),
      });
      // Another body's visit to the same business in overlapping days: this one joined it (进一次门、查多项).
      void message.success(created.joined ? vt("new.joined") : vt("new.created"));
      setRecognised(undefined);
      form.resetFields();
      onCreated();
      navigate(`/visits/${created.id}`);
    } catch (err) {
      const e = toApiError(err);
      if (e.code === "inspection.duplicate_recognised") {
        setRecognised(e.message);
        return;
      }
      setError(applyApiErrors(form, e, ["creditCode", "origin", "window", "emergency", "bodies", "exception", "overrideReason"], { "visit.over_cap": "bodies" }));
    } finally {
      setBusy(false);
    }
  }

  const bodyOptions = (bodies.data ?? []).filter((b) => b.status === "active").map((b: Body) => ({ value: b.id, label: b.name }));
  return (
    <Card style={{ maxWidth: 1000 }}>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form<NewValues> form={form} layout="vertical" name="new-visit" onFinish={submit} disabled={busy} onValuesChange={(changed) => ("creditCode" in changed || "bodies" in changed ? setRecognised(undefined) : undefined)} initialValues={{ emergency: false, bodies: [{}] }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={vt("new.business")} name="creditCode" rules={[mustChoose(vt("new.businessRequired"))]}>
              <BusinessSelect names={names} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item label={vt("new.origin")} name="origin" rules={[mustChoose(vt("new.originRequired"))]}>
              <Select options={ORIGINS.map((o) => ({ value: o, label: vt(`origin.${o}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item
              label={origin === "draw" ? vt("new.drawRef") : vt("new.originRef")}
              name="originRef"
              extra={origin === "draw" ? vt("new.drawRefHint") : vt("new.originRefHint")}
              rules={origin === "draw" ? [{ required: true, whitespace: true, message: vt("new.drawRefRequired") }] : []}
            >
              <Input maxLength={80} />
            </Form.Item>
          </Col>
          {(origin === "case" || origin === "special") && (
            <Col xs={24}>
              <Form.Item label={vt("new.exception")} name="exception" extra={vt("new.exceptionHint")} rules={[{ required: true, whitespace: true, min: 4, message: vt("new.exceptionRequired") }]}>
                <Input maxLength={300} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item label={vt("new.window")} name="window" rules={[{ required: true, message: vt("new.windowRequired") }]}>
              <DatePicker.RangePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={vt("new.emergency")} name="emergency" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        {origin === "draw" ? (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={vt("new.fromDraw")} />
        ) : (
        <>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {vt("new.bodies")}
        </Typography.Title>
        <Form.List
          name="bodies"
          rules={[{ validator: (_, rows: BodyRow[] | undefined) => (rows?.length ? Promise.resolve() : Promise.reject(new Error(vt("new.bodiesRequired")))) }]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, index) => {
                const row = chosenBodies[index];
                const body = row?.bodyId ? bodyById.get(row.bodyId) : undefined;
                return (
                  <Card key={field.key} size="small" style={{ marginBottom: 12 }} data-testid={`visit-body-${index}`}>
                    <Row gutter={16}>
                      <Col xs={24} md={8}>
                        <Form.Item
                          label={vt("new.body")}
                          name={[field.name, "bodyId"]}
                          rules={[
                            mustChoose(vt("new.bodyRequired")),
                            {
                              validator: (_, v: string | undefined) =>
                                v && chosenBodies.filter((b) => b?.bodyId === v).length > 1 ? Promise.reject(new Error(vt("new.bodyTwice"))) : Promise.resolve(),
                            },
                          ]}
                        >
                          <Select
                            showSearch
                            optionFilterProp="label"
                            loading={bodies.loading}
                            options={bodyOptions}
                            onChange={() => form.setFieldValue(["bodies", field.name, "inspectorIds"], [])}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={8}>
                        <Form.Item
                          label={vt("new.items")}
                          name={[field.name, "itemCodes"]}
                          rules={[{ validator: (_, v: string[] | undefined) => (v?.length ? Promise.resolve() : Promise.reject(new Error(vt("new.itemsRequired")))) }]}
                        >
                          <ItemPicker allowed={body?.inspectionItems ?? []} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={8}>
                        <Form.Item
                          label={vt("new.inspectors")}
                          name={[field.name, "inspectorIds"]}
                          rules={[{ validator: (_, v: string[] | undefined) => (v?.length ? Promise.resolve() : Promise.reject(new Error(vt("new.inspectorsRequired")))) }]}
                        >
                          <InspectorSelect bodyId={row?.bodyId} />
                        </Form.Item>
                      </Col>
                    </Row>
                    {fields.length > 1 && (
                      <Button size="small" icon={<DeleteOutlined aria-hidden />} onClick={() => remove(field.name)}>
                        {vt("new.removeBody")}
                      </Button>
                    )}
                  </Card>
                );
              })}
              <Form.ErrorList errors={errors} />
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({})} style={{ marginBottom: 16 }}>
                {vt("new.addBody")}
              </Button>
            </>
          )}
        </Form.List>
        </>
        )}
        {recognised && (
          <Alert
            type="warning"
            showIcon
            role="alert"
            style={{ marginBottom: 16 }}
            message={recognised}
            description={
              <Form.Item label={vt("new.overrideReason")} name="overrideReason" rules={[{ required: true, whitespace: true, min: 10, message: vt("new.overrideReasonRequired") }]} style={{ marginBottom: 0 }}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            }
          />
        )}
        <div>
          <Button type="primary" htmlType="submit" loading={busy}>
            {vt("new.submit")}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

/** 未亮码举报: reports from businesses, for the enforcement-supervision office (with their deadline). */
function Reports() {
  const vt = useVisitText();
  const list = usePaged((cursor) => visitApi.reports({ limit: 50, ...(cursor ? { cursor } : {}) }), []);
  const columns: DataColumn<VisitReport>[] = [
    { key: "entity", title: vt("rep.entity"), text: (r) => `${r.entityName} ${r.creditCode}`, sort: true },
    { key: "occurredOn", title: vt("rep.occurredOn"), text: (r) => r.occurredOn, sort: true },
    { key: "code", title: vt("rep.code"), text: (r) => r.code ?? vt("rep.noCode"), filter: true },
    { key: "description", title: vt("rep.description"), text: (r) => r.description },
    { key: "contact", title: vt("rep.contact"), text: (r) => r.contact ?? "" },
    { key: "receivedAt", title: vt("rep.receivedAt"), text: (r) => formatTime(r.receivedAt, "YYYY-MM-DD HH:mm"), sort: true },
    { key: "dueAt", title: vt("rep.dueAt"), text: (r) => (r.dueAt ? formatTime(r.dueAt, "YYYY-MM-DD") : ""), sort: true },
  ];
  return (
    <>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <DataTable<VisitReport>
        testId="visit-reports-table"
        caption={vt("rep.caption")}
        exportName={vt("rep.caption")}
        exportPages={list.pages}
        rowKey="id"
        loading={list.loading}
        rows={list.rows}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: <Empty description={vt("rep.empty")} /> }}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
        columns={columns}
      />
    </>
  );
}

/** The year's figures: visits, joint share, visits per business against the cap, reports without a code, ratings. */
function Stats() {
  const vt = useVisitText();
  const thisYear = Number(dayjs().tz(ZONE).format("YYYY"));
  const [year, setYear] = useState(thisYear);
  const stats = useLoad(() => visitApi.stats(year), [year]);
  const s = stats.data;
  type Row = NonNullable<typeof s>["perBusiness"][number];
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <label htmlFor="visit-stats-year">{vt("stats.year")}</label>
        <Select id="visit-stats-year" value={year} onChange={setYear} options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: String(y) }))} />
      </Space>
      <ErrorAlert error={stats.error} onRetry={stats.reload} />
      {s && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={vt("stats.visits")} value={s.visits} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={vt("stats.jointShare")} value={s.visits ? `${Math.round((s.joint / s.visits) * 1000) / 10}%` : "—"} />
                <Typography.Text type="secondary">
                  {vt("stats.joint")} {s.joint}
                </Typography.Text>
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={vt("stats.noCode")} value={s.noCodeReports} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title={vt("stats.ratings")} value={s.ratings.count ? vt("stats.ratingsValue", { count: s.ratings.count, mean: s.ratings.mean ?? 0 }) : vt("stats.noRatings")} />
              </Card>
            </Col>
          </Row>
          <DataTable<Row>
            testId="visit-per-business"
            caption={vt("stats.perBusiness")}
            exportName={vt("stats.perBusiness")}
            rowKey="creditCode"
            rows={s.perBusiness}
            pagination={false}
            columns={[
              { key: "entity", title: vt("col.entity"), text: (r) => `${r.entityName} ${r.creditCode}`, sort: true },
              { key: "count", title: vt("stats.count"), text: (r) => r.count, sort: true },
              { key: "cap", title: vt("stats.cap"), text: (r) => r.cap, sort: true },
              { key: "over", title: vt("stats.overCap"), text: (r) => (r.count >= r.cap ? vt("stats.overCap") : ""), filter: true },
            ]}
          />
        </>
      )}
    </>
  );
}
