import { RedoOutlined } from "@ant-design/icons";
import { App, Button, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useMemo, useState } from "react";
import { Link } from "react-router-dom";
import { call, client } from "../api";
import { DataTable, type DataColumn } from "../components/DataTable";
import { usePaged } from "../components/paged";
import { useStrings } from "../i18n";
import * as spotcheckStrings from "../locales/spotcheck";
import { useSession } from "../session";
import { formatTime } from "../time";
import { toApiError, useTenants } from "./assistance-shared";
import { ErrorAlert, PageTitle } from "./common";
import { useConfirm, paged } from "./EnforcementPickers";

type Stalled = InferResponseType<typeof client.api.outbox.stalled.$get, 200>["items"][number];

/** 停滞的消息: this tenant's messages the platform gave up sending (issue 11:
 * nothing lost in silence), with the retry once the cause is fixed. */
export default function Outbox() {
  const { t, lang } = useStrings(spotcheckStrings);
  const { can } = useSession();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const tenants = useTenants();
  const list = usePaged((cursor) => paged(call(client.api.outbox.stalled.$get({ query: { limit: "100", ...(cursor ? { cursor } : {}) } }))), []);
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<ReturnType<typeof toApiError>>();
  const tenantName = useMemo(() => new Map((tenants.data ?? []).map((x) => [x.id, x.name])), [tenants.data]);

  async function retry(m: Stalled) {
    if (!(await confirm(t("obx.retryConfirm"), t("obx.retry")))) return;
    setBusy(m.id);
    setError(undefined);
    try {
      await call(client.api.outbox.stalled[":messageId"].retry.$post({ param: { messageId: m.id } }));
      void message.success(t("obx.retried"));
      list.reload();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(undefined);
    }
  }

  const target = (m: Stalled) => (m.target ? `${m.target.type} ${m.target.id}` : "");
  const columns: DataColumn<Stalled>[] = [
    { key: "type", title: t("obx.type"), text: (m) => m.type, filter: true },
    { key: "to", title: t("obx.to"), text: (m) => (tenantName.get(m.toTenant) ? `${tenantName.get(m.toTenant)}（${m.toTenant}）` : m.toTenant), filter: true },
    {
      key: "target",
      title: t("obx.target"),
      text: target,
      render: (_: unknown, m) =>
        m.target?.type === "assistance" ? (
          <Link to={`/assistance/${m.target.id}`}>
            {t("obx.open")} {m.target.id}
          </Link>
        ) : (
          <Typography.Text className="hash">{target(m)}</Typography.Text>
        ),
    },
    { key: "attempts", title: t("obx.attempts"), text: (m) => m.attempts, sort: true, render: (_: unknown, m) => t("obx.attemptsN", { n: m.attempts }) },
    { key: "error", title: t("obx.error"), text: (m) => m.error, render: (_: unknown, m) => <span style={{ wordBreak: "break-word", display: "inline-block", maxWidth: 360 }}>{m.error}</span> },
    { key: "createdAt", title: t("obx.createdAt"), text: (m) => formatTime(m.createdAt, "YYYY-MM-DD HH:mm"), sort: true, responsive: ["md"] },
    { key: "stalledAt", title: t("obx.stalledAt"), text: (m) => formatTime(m.stalledAt, "YYYY-MM-DD HH:mm"), sort: true },
  ];
  if (can("outbox.retry")) {
    columns.push({
      key: "actions",
      title: t("obx.retry"),
      noExport: true,
      text: () => "",
      render: (_: unknown, m) => (
        <Button size="small" icon={<RedoOutlined aria-hidden />} loading={busy === m.id} onClick={() => void retry(m)} aria-label={`${t("obx.retry")} ${m.type}${lang === "en" ? " " : ""}${m.id}`}>
          {t("obx.retry")}
        </Button>
      ),
    });
  }

  return (
    <>
      <PageTitle>{t("obx.title")}</PageTitle>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t("obx.intro")}
      </Typography.Paragraph>
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <ErrorAlert error={error} />
      <DataTable<Stalled>
        testId="stalled"
        rowKey="id"
        caption={t("obx.title")}
        rows={list.rows}
        loading={list.loading}
        columns={columns}
        exportName={t("obx.title")}
        exportPages={list.pages}
        more={{ hasMore: list.hasMore, loading: list.loading, onMore: list.more }}
        locale={{ emptyText: t("obx.empty") }}
      />
    </>
  );
}
