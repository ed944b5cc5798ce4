import { ReloadOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { Alert, Button, Space, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { call, client } from "../api";
import { DataTable } from "../components/DataTable";
import { eachPage, useLoad } from "../data";
import { useStrings } from "../i18n";
import * as adminStrings from "../locales/admin";
import * as disputesStrings from "../locales/disputes";
import * as names from "../locales/audit-names";
import { formatTime } from "../time";

/** A name the portal's main catalogue lacks, from this page's own list (`target.x`, `actionName.x`). */
function useName() {
  const { lang, tMaybe } = useStrings(adminStrings, disputesStrings);
  return (key: string, fallback: string) => tMaybe(`audit.${key}`, (lang === "en" ? names.en : names.zh)[key] ?? fallback);
}
import { ErrorAlert, PageTitle } from "./common";

type AuditPage = InferResponseType<typeof client.api.audit.$get, 200>;
type AuditEvent = AuditPage["items"][number];

const PAGE_SIZE = 20;

export default function AuditTrail() {
  const { t } = useStrings(adminStrings, disputesStrings);
  const name = useName();
  // cursors[i] is the cursor that loads page i (page 0 has none).
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = cursors.length - 1;
  const cursor = cursors[page];
  const list = useLoad(
    () => call(client.api.audit.$get({ query: { limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) } })),
    [cursor],
  );

  return (
    <>
      <PageTitle>{t("audit.title")}</PageTitle>
      <Verification />
      <ErrorAlert error={list.error} onRetry={list.reload} />
      <DataTable<AuditEvent>
        testId="audit-table"
        caption={t("audit.title")}
        exportName={t("audit.title")}
        rowKey="id"
        size="middle"
        loading={list.loading}
        rows={list.data?.items}
        // The export walks the whole trail from the newest event, a page at a time.
        exportPages={() => eachPage((c) => call(client.api.audit.$get({ query: { limit: "200", ...(c ? { cursor: c } : {}) } })))}
        pagination={false}
        columns={[
          { key: "seq", title: t("audit.seq"), dataIndex: "seq", width: 70, text: (e) => e.seq, sort: true },
          { key: "at", title: t("audit.at"), width: 170, text: (e) => formatTime(e.at), sort: true },
          { key: "actor", title: t("audit.actor"), width: 150, text: (e) => (e.actor.type === "system" ? t("audit.actor.system") : e.actor.name), filter: true, render: (_: unknown, e) => <ActorCell actor={e.actor} /> },
          { key: "text", title: t("audit.action"), text: (e) => e.text, render: (_: unknown, e) => <ActionCell event={e} /> },
          { key: "target", title: t("audit.target"), width: 210, text: (e) => `${name(`target.${e.target.type}`, e.target.type)} ${e.target.id}`, filter: false, render: (_: unknown, e) => <TargetCell target={e.target} /> },
          {
            key: "hash",
            title: t("audit.hash"),
            width: 130,
            text: (e) => e.hash,
            render: (_: unknown, e) => (
              <code className="hash" title={e.hash}>
                {e.hash.slice(0, 12)}
              </code>
            ),
          },
        ]}
      />
      <nav aria-label={t("audit.title")} style={{ marginTop: 16 }}>
        <Space wrap>
          <Button disabled={page === 0 || list.loading} onClick={() => setCursors([undefined])}>
            {t("audit.first")}
          </Button>
          <Button disabled={page === 0 || list.loading} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t("audit.prev")}
          </Button>
          <Typography.Text aria-live="polite">{t("audit.page", { page: page + 1 })}</Typography.Text>
          <Button
            disabled={!list.data?.cursor || list.loading}
            onClick={() => {
              const next = list.data?.cursor;
              if (next) setCursors((c) => [...c, next]);
            }}
          >
            {t("audit.next")}
          </Button>
        </Space>
      </nav>
    </>
  );
}

function ActorCell({ actor }: { actor: AuditEvent["actor"] }) {
  const { t } = useStrings(adminStrings, disputesStrings);
  if (actor.type === "system") return <>{t("audit.actor.system")}</>;
  return (
    <span title={actor.id}>
      {actor.name}
      {actor.tenantId ? <Typography.Text type="secondary"> · {actor.tenantId}</Typography.Text> : null}
    </span>
  );
}

/** What happened, as the API rendered it in the reader's language; the action's code beneath. */
function ActionCell({ event }: { event: AuditEvent }) {
  const name = useName();
  // The API writes the text in the reader's language; an action it has no
  // text for is named by the portal's own label, never shown as a raw code.
  const text = event.text === event.action || event.text.startsWith(`${event.action} (`) ? name(`actionName.${event.action}`, event.text) : event.text;
  return (
    <span style={{ wordBreak: "break-word" }} title={event.action}>
      {text}
    </span>
  );
}

function TargetCell({ target }: { target: AuditEvent["target"] }) {
  const name = useName();
  return (
    <span>
      {name(`target.${target.type}`, target.type)}
      <br />
      <Typography.Text type="secondary" className="hash">
        {target.id}
      </Typography.Text>
    </span>
  );
}

function Verification() {
  const { t, tMaybe } = useStrings(adminStrings, disputesStrings);
  // The chain is checked a range at a time (the API bounds each call); the
  // banner shows the progress and the first break, whichever range has it.
  const [progress, setProgress] = useState<{ checked: number; total: number }>();
  const { data, error, loading, reload } = useLoad(async () => {
    let cursor: string | undefined;
    let checked = 0;
    for (;;) {
      const part = await call(client.api.audit.verify.$get({ query: { cursor } }));
      checked += part.count;
      setProgress({ checked: part.progress.checked, total: part.progress.total });
      if (!part.ok || part.complete || !part.cursor) return { ...part, count: Math.max(checked, part.progress.checked) };
      cursor = part.cursor;
    }
  }, []);
  const again = (
    <Button size="small" icon={<ReloadOutlined aria-hidden />} onClick={reload} loading={loading}>
      {t("audit.reverify")}
    </Button>
  );
  if (error) return <Alert type="error" showIcon message={t("audit.verifyFailed")} description={error.message} action={again} style={{ marginBottom: 16 }} />;
  if (!data || loading)
    return (
      <Alert
        type="info"
        showIcon
        message={t("audit.verifying")}
        description={progress && progress.total > 0 ? `${progress.checked} / ${progress.total}` : undefined}
        style={{ marginBottom: 16 }}
      />
    );
  if (data.ok) {
    return (
      <Alert
        type="success"
        showIcon
        icon={<SafetyCertificateOutlined aria-hidden />}
        data-testid="audit-verification"
        message={data.count === 0 ? t("audit.verifyEmpty") : t("audit.verifyOk", { count: data.count })}
        description={data.head ? <span className="hash">{t("audit.verifyOkHead", { seq: data.head.seq, hash: data.head.hash.slice(0, 16) })}</span> : undefined}
        action={again}
        style={{ marginBottom: 16 }}
      />
    );
  }
  const broken = data.firstBroken;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="audit-verification"
      message={t("audit.verifyBroken", { seq: broken?.seq ?? "?" })}
      description={broken ? t("audit.verifyBrokenDetail", { id: broken.id, reason: tMaybe(`audit.reason.${broken.reason}`, broken.reason) }) : undefined}
      action={again}
      style={{ marginBottom: 16 }}
    />
  );
}
