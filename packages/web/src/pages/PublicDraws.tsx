import { Alert, Card, Select, Space, Tag, Typography } from "antd";
import { hc, type InferResponseType } from "hono/client";
import { useMemo, type ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
// Type only: erased at build time.
import type { PublicAppType } from "@supervision/functions/api/app";
// Plain data (GB/T 2260): the province's cities and counties, named without a request.
import divisions from "@supervision/core/data/fujian-divisions.json";
import { ApiError, apiBase, call } from "../api";
import { DataTable } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { acceptLanguage, useStrings } from "../i18n";
import * as publicDrawsStrings from "../locales/public-draws";
import * as drawsStrings from "../locales/draws";
import { LanguageSwitch } from "../LanguageSwitch";
import { formatTime } from "../time";

/** A list page in the shape usePaged reads (kept here: EnforcementPickers would bring the signed-in pages' strings). */
const paged = <T,>(page: Promise<{ items: T[]; cursor?: string | null }>) => page.then((p) => ({ items: p.items, cursor: p.cursor ?? null }));

/** 双随机抽查公示 (一公开): a tenant's published draws, no sign-in (no token is sent). */
export const publicClient = hc<PublicAppType>(apiBase, { headers: () => ({ "accept-language": acceptLanguage() }) });

export type PublicDraw = InferResponseType<(typeof publicClient.api.public.draws)[":tenantId"]["$get"], 200>["items"][number];

/** 平潭综合实验区 is a city-level tenant of its own, though GB/T 2260 lists it under 福州市 (core tenant/index.ts). */
const PINGTAN = "350128";

/** A tenant's name from the division list; its code when unknown. */
export function tenantName(id: string | undefined): string {
  if (!id) return "";
  if (id === PINGTAN) return "平潭综合实验区";
  return divisions.cities.find((c) => c.code === id)?.name ?? divisions.counties.find((c) => c.code === id)?.name ?? id;
}

export function isTenant(id: string | undefined): id is string {
  return !!id && (divisions.cities.some((c) => c.code === id) || divisions.counties.some((c) => c.code === id));
}

/** The page frame outside the signed-in shell: brand, language, sign-in link. */
export function PublicDrawLayout({ children }: { children: ReactNode }) {
  const { t } = useStrings(publicDrawsStrings, drawsStrings);
  return (
    <div className="guides-page">
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <header className="guides-top no-print">
        <Link to="/public/draws" className="guides-brand">
          <img src="/favicon.svg" alt="" />
          <span>{t("pdr.brand")}</span>
        </Link>
        <Space wrap>
          <LanguageSwitch />
          <Link to="/guides">{t("pdr.guides")}</Link>
          <Link to="/signin">{t("pdr.signin")}</Link>
        </Space>
      </header>
      <main id="main" tabIndex={-1} className="guides-main">
        {children}
      </main>
    </div>
  );
}

export function LoadError({ error }: { error: ApiError | undefined }) {
  if (!error) return null;
  return <Alert type="error" showIcon role="alert" message={error.message} style={{ marginBottom: 16 }} />;
}

export function DrawStatus({ status }: { status: PublicDraw["status"] }) {
  const { t } = useStrings(publicDrawsStrings, drawsStrings);
  return (
    <Tag color={status === "drawn" ? "success" : "processing"} bordered={false} style={{ color: "rgba(0,0,0,0.88)" }}>
      {t(status === "drawn" ? "drw.status.drawn" : "drw.status.committed")}
    </Tag>
  );
}

/** /public/draws[/:tenantId]: choose a city or county, then its draws newest first, a page at a time. */
export default function PublicDraws() {
  const { t } = useStrings(publicDrawsStrings, drawsStrings);
  const navigate = useNavigate();
  const { tenantId: param } = useParams();
  const tenantId = isTenant(param) ? param : undefined;
  const options = useMemo(
    () =>
      divisions.cities.map((c) => ({
        label: c.name,
        title: c.name,
        options: [
          { value: c.code, label: `${c.name}（${c.code}）` },
          ...divisions.counties.filter((x) => x.cityCode === c.code).map((x) => ({ value: x.code, label: `${tenantName(x.code)}（${x.code}）` })),
        ],
      })),
    [],
  );
  const draws = usePaged(
    (cursor) =>
      tenantId
        ? paged(call(publicClient.api.public.draws[":tenantId"].$get({ param: { tenantId }, query: { limit: "20", ...(cursor ? { cursor } : {}) } as never })))
        : Promise.resolve({ items: [] as PublicDraw[], cursor: null }),
    [tenantId],
    20,
  );

  return (
    <PublicDrawLayout>
      <Typography.Title level={1} className="page-title">
        {t("pdr.title")}
      </Typography.Title>
      <Typography.Paragraph>{t("pdr.intro")}</Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <label htmlFor="pdr-tenant" style={{ display: "block", marginBottom: 8 }}>
          {t("pdr.tenant")}
        </label>
        <Select
          id="pdr-tenant"
          showSearch
          optionFilterProp="label"
          placeholder={t("pdr.pickTenant")}
          value={tenantId}
          onChange={(v: string) => navigate(`/public/draws/${v}`)}
          options={options}
          style={{ width: 320, maxWidth: "100%" }}
        />
      </Card>
      {tenantId && (
        <>
          <Typography.Title level={2} style={{ fontSize: 18 }}>
            {t("pdr.list", { tenant: tenantName(tenantId) })}
          </Typography.Title>
          <LoadError error={draws.error} />
          <DataTable<PublicDraw>
            testId="public-draws"
            rowKey="id"
            caption={t("pdr.list", { tenant: tenantName(tenantId) })}
            rows={draws.rows}
            loading={draws.loading}
            exportName={t("pdr.list", { tenant: tenantName(tenantId) })}
            exportPages={draws.pages}
            more={{ hasMore: draws.hasMore, loading: draws.loading, onMore: draws.more }}
            scroll={{ x: true }}
            locale={{ emptyText: t("pdr.empty") }}
            columns={[
              {
                key: "title",
                title: t("pdr.titleCol"),
                text: (d) => d.title,
                render: (_: unknown, d) => <Link to={`/public/draws/${tenantId}/${d.id}`}>{d.title}</Link>,
              },
              { key: "drawDate", title: t("pdr.drawDate"), text: (d) => d.drawDate, sort: true },
              { key: "period", title: t("pdr.period"), text: (d) => `${d.periodFrom} ~ ${d.periodTo}`, responsive: ["md"] },
              { key: "status", title: t("pdr.status"), text: (d) => t(d.status === "drawn" ? "drw.status.drawn" : "drw.status.committed"), render: (_: unknown, d) => <DrawStatus status={d.status} /> },
              { key: "committedAt", title: t("pdr.committedAt"), text: (d) => formatTime(d.committedAt, "YYYY-MM-DD HH:mm"), responsive: ["lg"] },
            ]}
          />
        </>
      )}
    </PublicDrawLayout>
  );
}
