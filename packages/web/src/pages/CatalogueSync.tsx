import { Alert, Badge, Table } from "antd";
import type { InferResponseType } from "hono/client";
import { call, client } from "../api";
import { useLoad } from "../data";
import { useI18n } from "../i18n";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";

type Status = InferResponseType<typeof client.api.catalogue.tenants.$get, 200>[number];

/** 同步情况 (province): each tenant's version in force and whether its assignments are complete, from the tenants' own reports. */
export default function CatalogueSync() {
  const { t } = useI18n();
  const statuses = useLoad(() => call(client.api.catalogue.tenants.$get()), []);
  const sync = useLoad(() => call(client.api.catalogue.sync.$get()), []);
  const rows = statuses.data ?? [];
  const latest = sync.data?.latestVersion ?? 0;
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
      <Table<Status>
        rowKey="tenantId"
        loading={statuses.loading}
        dataSource={rows}
        pagination={{ pageSize: 25, hideOnSinglePage: true }}
        columns={[
          { title: t("common.code"), dataIndex: "tenantId", width: 100 },
          { title: t("sync.tenant"), dataIndex: "name" },
          { title: t("common.level"), dataIndex: "level", width: 80, render: (l: string) => t(`level.${l}` as never) },
          {
            title: t("sync.version"),
            key: "version",
            width: 200,
            render: (_: unknown, r) =>
              r.version === null ? (
                <Badge status="default" text={t("sync.noReport")} />
              ) : (
                <Badge status={r.upToDate ? "success" : "warning"} text={`${t("catalogue.versionOf", { version: r.version })} · ${r.upToDate ? t("sync.upToDate") : t("sync.behind")}`} />
              ),
          },
          { title: t("catalogue.syncedAt"), dataIndex: "syncedAt", width: 170, render: (v: string | null) => formatTime(v) },
          {
            title: t("sync.coverage"),
            key: "coverage",
            render: (_: unknown, r) => (r.coverage ? `${r.coverage.assigned} / ${r.coverage.items}（${r.coverage.unassigned}、${r.coverage.needsReview}）` : ""),
          },
          {
            title: t("sync.complete"),
            key: "complete",
            width: 120,
            render: (_: unknown, r) => (r.version === null ? null : <Badge status={r.complete ? "success" : "error"} text={r.complete ? t("sync.complete") : t("sync.incomplete")} />),
          },
          { title: t("sync.reportedAt"), dataIndex: "reportedAt", width: 170, render: (v: string | null) => formatTime(v) },
        ]}
      />
    </>
  );
}
