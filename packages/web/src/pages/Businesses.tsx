import { UploadOutlined } from "@ant-design/icons";
import { App, Button, Descriptions, Drawer, Empty, Grid, Input, List, Select, Space, Tag, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { BusinessTypeNames, GradeNames, Grades, type BusinessType, type Grade } from "@supervision/core/business/names";
import { industryName } from "@supervision/core/catalogue/areas";
import { ApiError, call, client } from "../api";
import { DataTable } from "../components/DataTable";
import { eachPage, useLoad } from "../data";
import { useStrings } from "../i18n";
import * as businessesStrings from "../locales/businesses";
import { useSession } from "../session";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";

type Page = InferResponseType<typeof client.api.businesses.$get, 200>;
type Business = Page["items"][number];
const COLORS: Record<Grade, string> = { A: "green", B: "blue", C: "orange", D: "red" };

export function GradeTag({ grade }: { grade: Grade }) {
  const { lang } = useStrings(businessesStrings);
  return <Tag color={COLORS[grade]}>{GradeNames[grade][lang]}</Tag>;
}

/** 市场主体名录库: counts per grade, search by code, name or address, a page at a time; details with the grade's reasons. */
export default function Businesses() {
  const { t, lang } = useStrings(businessesStrings);
  const { can } = useSession();
  const screens = Grid.useBreakpoint();
  const counts = useLoad(() => call(client.api.businesses.counts.$get()), []);
  const [q, setQ] = useState("");
  const [by, setBy] = useState<"name" | "address">("name");
  const [grade, setGrade] = useState<Grade | undefined>();
  const [rows, setRows] = useState<Business[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<string>();

  // The list's query as shown (search or grade), one page from `next`: the screen and the export read the same pages.
  function fetchPage(next?: string, limit = "50") {
    const query: Record<string, string> = { limit };
    if (q.trim()) Object.assign(query, { q: q.trim(), by });
    else if (grade) query.grade = grade;
    if (next) query.cursor = next;
    return call(client.api.businesses.$get({ query: query as never }));
  }

  async function load(next?: string) {
    setLoading(true);
    setError(undefined);
    try {
      const page = await fetchPage(next);
      setRows((r) => (next ? [...r, ...page.items] : page.items));
      setCursor(page.cursor);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, "client", String(err)));
    } finally {
      setLoading(false);
    }
  }
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => void load(), [grade, lang]);

  return (
    <>
      <PageTitle
        extra={
          can("business.import") ? (
            <Link to="/businesses/import">
              <Button icon={<UploadOutlined aria-hidden />}>{t("biz.import")}</Button>
            </Link>
          ) : undefined
        }
      >
        {t("biz.title")}
      </PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t("biz.intro")}
      </Typography.Paragraph>
      {counts.data && (
        <Space wrap style={{ marginBottom: 12 }}>
          {Grades.map((g) => (
            <Tag key={g} color={COLORS[g]}>
              {t("biz.count", { grade: g, n: counts.data![g] })}
            </Tag>
          ))}
        </Space>
      )}
      <Space wrap style={{ marginBottom: 12, width: "100%" }}>
        <Select
          aria-label={t("biz.search")}
          value={by}
          onChange={setBy}
          style={{ width: 110 }}
          options={[
            { value: "name", label: t("biz.byName") },
            { value: "address", label: t("biz.byAddress") },
          ]}
        />
        <Input.Search
          aria-label={t("biz.search")}
          placeholder={t("biz.search")}
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={() => void load()}
          style={{ width: screens.md ? 360 : 240 }}
        />
        <Select
          aria-label={t("biz.grade")}
          allowClear
          placeholder={t("biz.allGrades")}
          value={grade}
          onChange={(v) => setGrade(v)}
          style={{ width: 150 }}
          options={Grades.map((g) => ({ value: g, label: GradeNames[g][lang] }))}
        />
      </Space>
      <ErrorAlert error={error} onRetry={() => void load()} />
      <DataTable<Business>
        testId="businesses-table"
        caption={t("biz.title")}
        exportName={t("biz.title")}
        // Searched on the server (above); the export walks every page of the same query.
        search={false}
        exportPages={() => eachPage((c) => fetchPage(c, "200"))}
        rowKey="creditCode"
        size="small"
        loading={loading}
        rows={rows}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={t("biz.empty")} /> }}
        onRow={(r) => ({ onClick: () => setOpen(r.creditCode), style: { cursor: "pointer" } })}
        columns={[
          {
            title: t("biz.name"),
            dataIndex: "name",
            sort: true,
            render: (name: string, r) => (
              <Button type="link" style={{ padding: 0, whiteSpace: "normal", textAlign: "left", height: "auto" }} onClick={() => setOpen(r.creditCode)}>
                {name}
              </Button>
            ),
          },
          { title: t("biz.grade"), dataIndex: "grade", width: 90, sort: true, render: (g: Grade) => <Tag color={COLORS[g]}>{g}</Tag> },
          { title: t("biz.code"), dataIndex: "creditCode", responsive: ["md"], render: (c: string) => <Typography.Text code>{c}</Typography.Text> },
          { title: t("biz.township"), dataIndex: "townshipName", responsive: ["lg"] },
          { title: t("biz.address"), dataIndex: "address", responsive: ["xl"] },
        ]}
      />
      {cursor && (
        <div style={{ textAlign: "center", marginTop: 12 }}>
          <Button onClick={() => void load(cursor)} loading={loading}>
            {t("biz.more")}
          </Button>
        </div>
      )}
      <BusinessDrawer code={open} onClose={() => setOpen(undefined)} onChanged={() => counts.reload()} />
    </>
  );
}

function BusinessDrawer({ code, onClose, onChanged }: { code?: string; onClose(): void; onChanged(): void }) {
  const { t, lang } = useStrings(businessesStrings);
  const { can } = useSession();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const info = useLoad(() => (code ? call(client.api.businesses[":creditCode"].$get({ param: { creditCode: code } })) : Promise.resolve(undefined)), [code]);
  const grade = useLoad(() => (code ? call(client.api.businesses[":creditCode"].grade.$get({ param: { creditCode: code } })) : Promise.resolve(undefined)), [code]);
  const [busy, setBusy] = useState(false);
  const b = info.data;

  async function recompute() {
    if (!code) return;
    setBusy(true);
    try {
      const r = await call(client.api.businesses[":creditCode"].grade.$post({ param: { creditCode: code } }));
      void message.success(t("biz.recomputed", { grade: r.grade }));
      info.reload();
      grade.reload();
      onChanged();
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Drawer open={!!code} onClose={onClose} width={screens.md ? 640 : "100%"} title={b?.name ?? code} destroyOnHidden>
      <ErrorAlert error={info.error} onRetry={info.reload} />
      {b && (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("biz.code")}>{b.creditCode}</Descriptions.Item>
            <Descriptions.Item label={t("biz.type")}>{BusinessTypeNames[b.type as BusinessType]?.[lang] ?? b.type}</Descriptions.Item>
            <Descriptions.Item label={t("biz.address")}>{b.address}</Descriptions.Item>
            <Descriptions.Item label={t("biz.township")}>{b.townshipName}</Descriptions.Item>
            <Descriptions.Item label={t("biz.industries")}>{b.industries.map((i) => industryName(i, lang)).join(lang === "en" ? ", " : "、")}</Descriptions.Item>
            <Descriptions.Item label={t("biz.licences")}>
              {b.licences.map((l) => `${l.kind} ${l.number}${l.validUntil ? `（${l.validUntil}）` : ""}`).join("；")}
            </Descriptions.Item>
            <Descriptions.Item label={t("biz.items")}>{b.itemCodes.join("、")}</Descriptions.Item>
            <Descriptions.Item label={t("biz.grade")}>
              <GradeTag grade={b.grade} />
            </Descriptions.Item>
            <Descriptions.Item label={t("biz.gradedAt")}>{formatTime(b.gradedAt)}</Descriptions.Item>
            <Descriptions.Item label={t("biz.source")}>{b.gradeSource}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
            {t("biz.reasons")}
          </Typography.Title>
          <List size="small" dataSource={b.gradeReasons} renderItem={(r) => <List.Item>{r}</List.Item>} />
          {grade.data && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {t("biz.preview", { grade: grade.data.grade, score: grade.data.score })}
            </Typography.Paragraph>
          )}
          {can("credit.grade") && (
            <Button onClick={() => void recompute()} loading={busy}>
              {t("biz.recompute")}
            </Button>
          )}
        </>
      )}
    </Drawer>
  );
}
