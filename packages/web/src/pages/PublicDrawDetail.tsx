import { Alert, Button, Card, Descriptions, Space, Table, Tag, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useMemo, useState, type ReactNode } from "react";
import { Link, useParams } from "react-router-dom";
import { call } from "../api";
import { DataTable } from "../components/DataTable";
import { collect, useLoad } from "../data";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as publicDrawsStrings from "../locales/public-draws";
import { formatTime } from "../time";
import { DrawStatus, LoadError, PublicDrawLayout, publicClient, tenantName } from "./PublicDraws";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof publicDrawsStrings>;

type Draw = InferResponseType<(typeof publicClient.api.public.draws)[":tenantId"][":drawId"]["$get"], 200>;
type ResultPage = InferResponseType<(typeof publicClient.api.public.draws)[":tenantId"][":drawId"]["result"]["$get"], 200>;
type Task = ResultPage["tasks"][number];
type Skip = InferResponseType<(typeof publicClient.api.public.draws)[":tenantId"][":drawId"]["skipped"]["$get"], 200>["items"][number];

/** A hash or seed: monospace and broken anywhere, so 64 hex digits fit a phone's width. */
function Hash({ value }: { value: string }) {
  return (
    <Typography.Text code copyable style={{ wordBreak: "break-all", fontSize: 13 }}>
      {value}
    </Typography.Text>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card title={<Typography.Title level={2} style={{ fontSize: 17, margin: 0 }}>{title}</Typography.Title>} style={{ marginBottom: 16 }} data-testid={testId}>
      {children}
    </Card>
  );
}

/** /public/draws/:tenantId/:drawId: one draw as published — plans, the commitment and
 * the revealed seed, the list hash, the result page by page, the skipped businesses
 * and why, and how anyone re-runs it (npm run draw:verify). No sign-in. */
export default function PublicDrawDetail() {
  const { t } = useStrings(publicDrawsStrings);
  const { tenantId = "", drawId = "" } = useParams();
  const draw = useLoad(() => call(publicClient.api.public.draws[":tenantId"][":drawId"].$get({ param: { tenantId, drawId } })), [tenantId, drawId]);
  // Bodies by ID from the tenant's public list of enforcement bodies (the draw publishes IDs).
  const bodies = useLoad(
    () => collect((cursor) => call(publicClient.api.public.enforcement[":tenantId"].bodies.$get({ param: { tenantId }, query: { limit: "100", ...(cursor ? { cursor } : {}) } as never })), 500),
    [tenantId],
  );
  const bodyName = useMemo(() => new Map((bodies.data ?? []).map((b) => [b.id, b.name])), [bodies.data]);
  const nameOf = (id: string) => bodyName.get(id) ?? id;
  const d = draw.data;

  return (
    <PublicDrawLayout>
      <Space style={{ marginBottom: 8 }}>
        <Link to={`/public/draws/${tenantId}`}>{t("pdr.back")}</Link>
      </Space>
      <Typography.Title level={1} className="page-title">
        {d?.title ?? t("pdr.title")}
      </Typography.Title>
      <LoadError error={draw.error} />
      {d && (
        <>
          <Typography.Paragraph>
            {tenantName(d.tenantId)} · <DrawStatus status={d.status} />
          </Typography.Paragraph>
          <Section title={t("pdr.commitment")} testId="draw-commitment">
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t("pdr.drawDate")}>{d.drawDate}</Descriptions.Item>
              <Descriptions.Item label={t("pdr.period")}>{`${d.periodFrom} ~ ${d.periodTo}`}</Descriptions.Item>
              <Descriptions.Item label={t("pdr.committedAt")}>{formatTime(d.committedAt, "YYYY-MM-DD HH:mm:ss")}</Descriptions.Item>
              <Descriptions.Item label={t("pdr.seedCommitment")}>
                <Hash value={d.seedCommitment} />
              </Descriptions.Item>
              <Descriptions.Item label={t("pdr.listHash")}>
                <Hash value={d.listHash} />
              </Descriptions.Item>
              <Descriptions.Item label={t("pdr.counts")}>{(["A", "B", "C", "D"] as const).map((g) => `${g} ${d.counts[g]}`).join(" · ")}</Descriptions.Item>
              <Descriptions.Item label={t("pdr.seed")}>{d.seed ? <Hash value={d.seed} /> : <Typography.Text type="secondary">{t("pdr.seedPending")}</Typography.Text>}</Descriptions.Item>
              {d.drawnAt && <Descriptions.Item label={t("pdr.drawnAt")}>{formatTime(d.drawnAt, "YYYY-MM-DD HH:mm:ss")}</Descriptions.Item>}
              {d.resultHash && (
                <Descriptions.Item label={t("pdr.resultHash")}>
                  <Hash value={d.resultHash} />
                </Descriptions.Item>
              )}
            </Descriptions>
          </Section>
          <Section title={t("pdr.plans")} testId="draw-plans">
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              scroll={{ x: true }}
              dataSource={d.plans}
              columns={[
                { title: t("pdr.plan"), dataIndex: "id", render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
                { title: t("pdr.bodies"), key: "bodies", render: (_: unknown, p) => p.bodyIds.map(nameOf).join("、") },
                { title: t("pdr.items"), key: "items", render: (_: unknown, p) => p.itemCodes.join("、") },
                { title: t("pdr.ratios"), key: "ratios", render: (_: unknown, p) => (["A", "B", "C", "D"] as const).map((g) => `${p.ratios[g] / 100}%`).join(" / ") },
              ]}
            />
          </Section>
          <Results draw={d} nameOf={nameOf} />
          {d.status === "drawn" && <Skipped tenantId={tenantId} drawId={drawId} />}
          <Verify draw={d} />
        </>
      )}
    </PublicDrawLayout>
  );
}

/** The result, one published chunk (≤ 200 tasks) a page. */
function Results({ draw, nameOf }: { draw: Draw; nameOf(id: string): string }) {
  const { t } = useStrings(publicDrawsStrings);
  const [chunk, setChunk] = useState(0);
  const drawn = draw.status === "drawn";
  const page = useLoad(
    () => (drawn ? call(publicClient.api.public.draws[":tenantId"][":drawId"].result.$get({ param: { tenantId: draw.tenantId, drawId: draw.id }, query: { chunk: String(chunk) } as never })) : Promise.resolve(undefined)),
    [draw.id, drawn, chunk],
  );
  const pages = draw.resultChunks ?? 0;
  if (!drawn)
    return (
      <Section title={t("pdr.results")} testId="draw-results">
        <Alert type="info" showIcon message={t("pdr.resultsPending")} />
      </Section>
    );
  return (
    <Section title={t("pdr.results")} testId="draw-results">
      <Typography.Paragraph>{t("pdr.summary", { tasks: draw.taskCount ?? 0, joint: draw.jointCount ?? 0, skipped: draw.skippedCount ?? 0 })}</Typography.Paragraph>
      <LoadError error={page.error} />
      <DataTable<Task>
        rowKey="c"
        caption={`${t("pdr.results")} ${t("pdr.page", { n: chunk + 1 })}`}
        rows={page.data?.tasks}
        loading={page.loading}
        exportName={`${draw.title}-${chunk + 1}`}
        scroll={{ x: true }}
        columns={[
          { key: "c", title: t("pdr.creditCode"), text: (x) => x.c, sort: true, render: (_: unknown, x) => <Typography.Text code>{x.c}</Typography.Text> },
          {
            key: "bodies",
            title: t("pdr.bodies"),
            text: (x) => x.bodies.map(nameOf).join("、"),
            render: (_: unknown, x) => (
              <Space size={4} wrap>
                {x.bodies.map(nameOf).join("、")}
                {x.bodies.length > 1 && <Tag bordered={false}>{t("pdr.joint")}</Tag>}
              </Space>
            ),
          },
          { key: "items", title: t("pdr.items"), text: (x) => x.items.join("、"), responsive: ["md"] },
          {
            key: "inspectors",
            title: t("pdr.inspectors"),
            text: (x) => Object.entries(x.inspectors).map(([b, ids]) => `${nameOf(b)}: ${ids.join(", ")}`).join("；"),
            render: (_: unknown, x) => (
              <Space direction="vertical" size={0}>
                {Object.entries(x.inspectors).map(([b, ids]) => (
                  <span key={b} style={{ wordBreak: "break-all" }}>
                    {nameOf(b)}：{ids.join(", ")}
                  </span>
                ))}
                {x.understaffed && (
                  <Tag color="warning" bordered={false} style={{ color: "rgba(0,0,0,0.88)" }}>
                    {t("pdr.understaffed")}
                  </Tag>
                )}
                {x.mergedInto && <Typography.Text type="secondary">{t("pdr.merged", { id: x.mergedInto })}</Typography.Text>}
              </Space>
            ),
          },
        ]}
      />
      {pages > 1 && (
        <Space style={{ marginTop: 12 }} wrap>
          <Button onClick={() => setChunk((n) => n - 1)} disabled={chunk === 0}>
            {t("pdr.prev")}
          </Button>
          <span aria-live="polite">
            {t("pdr.page", { n: chunk + 1 })} / {pages}
          </span>
          <Button onClick={() => setChunk((n) => n + 1)} disabled={chunk + 1 >= pages}>
            {t("pdr.next")}
          </Button>
        </Space>
      )}
    </Section>
  );
}

function Skipped({ tenantId, drawId }: { tenantId: string; drawId: string }) {
  const { t } = useStrings(publicDrawsStrings);
  const skipped = useLoad(() => call(publicClient.api.public.draws[":tenantId"][":drawId"].skipped.$get({ param: { tenantId, drawId } })), [tenantId, drawId]);
  const reason = (r: string) => (r === "cap" || r === "recognised" ? t(`pdr.reason.${r}` as PageKey) : r);
  return (
    <Section title={t("pdr.skipped")} testId="draw-skipped">
      <LoadError error={skipped.error} />
      <DataTable<Skip>
        rowKey={(s) => `${s.plan}|${s.c}`}
        caption={t("pdr.skipped")}
        rows={skipped.data?.items}
        loading={skipped.loading}
        exportName={t("pdr.skipped")}
        scroll={{ x: true }}
        locale={{ emptyText: t("pdr.skippedEmpty") }}
        columns={[
          { key: "c", title: t("pdr.creditCode"), text: (s) => s.c, sort: true },
          { key: "plan", title: t("pdr.plan"), text: (s) => s.plan, responsive: ["md"] },
          { key: "reason", title: t("pdr.reason"), text: (s) => reason(s.reason), filter: true },
        ]}
      />
    </Section>
  );
}

/** The command that re-runs the draw from this page's public data. */
function Verify({ draw }: { draw: Draw }) {
  const { t } = useStrings(publicDrawsStrings);
  const command = `npm run draw:verify -- ${draw.tenantId} ${draw.id} --api ${window.location.origin}`;
  return (
    <Section title={t("pdr.verify")} testId="draw-verify">
      <Typography.Paragraph>{t("pdr.verifyIntro")}</Typography.Paragraph>
      <Typography.Paragraph>
        <Typography.Text code copyable={{ text: command, tooltips: [t("pdr.copy"), t("pdr.copied")] }} style={{ wordBreak: "break-all" }} data-testid="verify-command">
          {command}
        </Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t("pdr.verifySteps")}</Typography.Paragraph>
    </Section>
  );
}
