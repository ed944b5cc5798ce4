import { Alert, Badge, Switch, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useEffect, useState } from "react";
import { call, client } from "../api";
import { collect, useLoad } from "../data";
import { DataTable } from "../DataTable";
import { useStrings } from "../i18n";
import * as catalogueStrings from "../locales/catalogue";
import * as portalStrings from "../locales/portal";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";

type Status = InferResponseType<typeof client.api.catalogue.tenants.$get, 200>["items"][number];

/** 同步情况 (province): each tenant's version in force and whether its assignments are complete, from the tenants' own reports. */
export default function CatalogueSync() {
  const { t } = useStrings(catalogueStrings, portalStrings);
  const statuses = useLoad(() => collect((cursor) => call(client.api.catalogue.tenants.$get({ query: { limit: "200", cursor } }))), []);
  const sync = useLoad(() => call(client.api.catalogue.sync.$get()), []);
  const rows = statuses.data ?? [];
  const latest = sync.data?.latestVersion ?? 0;
  // Live while a version is spreading: every 5 s until every region reports it.
  const [live, setLive] = useState(true);
  const spreading = rows.length > 0 && rows.some((r) => !r.upToDate);
  useEffect(() => {
    if (!live || !spreading) return;
    const timer = setInterval(() => {
      statuses.reload();
      sync.reload();
    }, 5_000);
    return () => clearInterval(timer);
  }, [live, spreading, statuses.reload, sync.reload]);
  const levelName = (l: string) => t(`level.${l}` as never);
  const versionText = (r: Status) => (r.version === null ? t("sync.noReport") : `${t("catalogue.versionOf", { version: r.version })} · ${r.upToDate ? t("sync.upToDate") : t("sync.behind")}`);
  const coverageText = (r: Status) => (r.coverage ? `${r.coverage.assigned} / ${r.coverage.items}（${r.coverage.unassigned}、${r.coverage.needsReview}）` : "");
  const completeText = (r: Status) => (r.version === null ? "" : r.complete ? t("sync.complete") : t("sync.incomplete"));
  return (
    <>
      <PageTitle>{t("sync.title")}</PageTitle>
      <ErrorAlert error={statuses.error ?? sync.error} onRetry={statuses.reload} />
      {statuses.data && (
        <Alert
          style={{ marginBottom: 16 }}
          type="info"
          showIcon
          message={t("sync.latest", { version: latest })}
          description={t("sync.summary", { upToDate: rows.filter((r) => r.upToDate).length, total: rows.length, complete: rows.filter((r) => r.complete).length })}
        />
      )}
      <DataTable<Status>
        testId="sync-table"
        caption={t("sync.title")}
        exportName={t("sync.title")}
        rowKey="tenantId"
        loading={statuses.loading && !statuses.data}
        rows={rows}
        pagination={{ pageSize: 25, hideOnSinglePage: true, showSizeChanger: true, pageSizeOptions: [25, 50, 100] }}
        toolbar={
          <Typography.Text>
            <Switch size="small" checked={live} onChange={setLive} aria-label={t("sync.live")} /> {t("sync.live")}
            {statuses.data && <span className="sr-only" aria-live="polite">{t("sync.summary", { upToDate: rows.filter((r) => r.upToDate).length, total: rows.length, complete: rows.filter((r) => r.complete).length })}</span>}
          </Typography.Text>
        }
        columns={[
          { key: "tenantId", title: t("common.code"), dataIndex: "tenantId", width: 100, text: (r) => r.tenantId, sort: true },
          { key: "name", title: t("sync.tenant"), dataIndex: "name", text: (r) => r.name, sort: true },
          { key: "level", title: t("common.level"), width: 80, text: (r) => levelName(r.level), filter: true },
          {
            key: "version",
            title: t("sync.version"),
            width: 200,
            text: versionText,
            filter: true,
            sort: true,
            render: (_: unknown, r) =>
              r.version === null ? <Badge status="default" text={versionText(r)} /> : <Badge status={r.upToDate ? "success" : "warning"} text={versionText(r)} />,
          },
          { key: "syncedAt", title: t("catalogue.syncedAt"), width: 170, text: (r) => formatTime(r.syncedAt), sort: true },
          { key: "coverage", title: t("sync.coverage"), text: coverageText },
          {
            key: "complete",
            title: t("sync.complete"),
            width: 120,
            text: completeText,
            filter: true,
            render: (_: unknown, r) => (r.version === null ? null : <Badge status={r.complete ? "success" : "error"} text={completeText(r)} />),
          },
          { key: "reportedAt", title: t("sync.reportedAt"), width: 170, text: (r) => formatTime(r.reportedAt), sort: true },
        ]}
      />
    </>
  );
}
