import { ReloadOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { Alert, Button, Space, Table, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useState } from "react";
import { call, client } from "../api";
import { useLoad } from "../data";
import { useI18n } from "../i18n";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";

type AuditPage = InferResponseType<typeof client.api.audit.$get, 200>;
type AuditEvent = AuditPage["items"][number];

const PAGE_SIZE = 20;

export default function AuditTrail() {
  const { t } = useI18n();
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
      <Table<AuditEvent>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        caption={<span className="sr-only">{t("audit.title")}</span>}
        scroll={{ x: 1080 }}
        columns={[
          { title: t("audit.seq"), dataIndex: "seq", width: 70 },
          { title: t("audit.at"), dataIndex: "at", width: 170, render: (v: string) => formatTime(v) },
          { title: t("audit.actor"), dataIndex: "actor", width: 150, render: (a: AuditEvent["actor"]) => <ActorCell actor={a} /> },
          { title: t("audit.action"), key: "text", render: (_: unknown, e: AuditEvent) => <ActionCell event={e} /> },
          { title: t("audit.target"), dataIndex: "target", width: 210, render: (tg: AuditEvent["target"]) => <TargetCell target={tg} /> },
          {
            title: t("audit.hash"),
            dataIndex: "hash",
            width: 130,
            render: (h: string) => (
              <code className="hash" title={h}>
                {h.slice(0, 12)}
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
  const { t } = useI18n();
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
  return (
    <span style={{ wordBreak: "break-word" }}>
      {event.text}
      {event.text !== event.action && (
        <>
          <br />
          <Typography.Text type="secondary" className="hash">
            {event.action}
          </Typography.Text>
        </>
      )}
    </span>
  );
}

function TargetCell({ target }: { target: AuditEvent["target"] }) {
  const { tMaybe } = useI18n();
  return (
    <span>
      {tMaybe(`audit.target.${target.type}`, target.type)}
      <br />
      <Typography.Text type="secondary" className="hash">
        {target.id}
      </Typography.Text>
    </span>
  );
}

function Verification() {
  const { t, tMaybe } = useI18n();
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
