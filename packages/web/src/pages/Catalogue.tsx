import { Button, Card, Descriptions, Drawer, Empty, Space, Table, Tag, Typography } from "antd";
import type { InferResponseType } from "hono/client";
import { useMemo, useState } from "react";
import { areaName, industryName } from "@supervision/core/catalogue/areas";
import { departmentTypeName } from "@supervision/core/department/types";
import { call, client } from "../api";
import { DataTable, type DataColumn } from "../components/DataTable";
import { bookTitle } from "../components/text";
import { catalogueItems, collect, useLoad } from "../data";
import { useStrings, type KeyOf, type MessageKey } from "../i18n";
import * as catalogueStrings from "../locales/catalogue";
import { useSession } from "../session";
import { formatTime } from "../time";
import { ErrorAlert, PageTitle } from "./common";

/** The keys this page shows: the global ones and its dictionaries'. */
type PageKey = MessageKey | KeyOf<typeof catalogueStrings>;

type Item = InferResponseType<typeof client.api.catalogue.items.$get, 200>["items"][number];
type Sync = InferResponseType<typeof client.api.catalogue.sync.$get, 200>;
type DiffEntry = Sync["diff"]["added"][number];

const basisColor: Record<string, string> = { enact: "green", amend: "orange", interpret: "blue", repeal: "red" };

export function BasisTag({ basis }: { basis: string }) {
  const { t } = useStrings(catalogueStrings);
  return <Tag color={basisColor[basis]}>{t(`catalogue.basis.${basis}` as PageKey)}</Tag>;
}

export function StatusTag({ status }: { status: string | undefined }) {
  const { t } = useStrings(catalogueStrings);
  if (!status) return <Tag>{t("catalogue.unassigned")}</Tag>;
  if (status === "needs-review") return <Tag color="warning">{t("catalogue.needsReview")}</Tag>;
  if (status === "retired") return <Tag>{t("catalogue.retired")}</Tag>;
  return <Tag color="success">{t("catalogue.assigned")}</Tag>;
}

/** 事项清单: the items in force at this tenant's version, the diff from its previous version, and each item's work guide. */
export default function Catalogue() {
  const { t, lang } = useStrings(catalogueStrings);
  const { can } = useSession();
  const sync = useLoad(() => call(client.api.catalogue.sync.$get()), []);
  const items = useLoad(() => catalogueItems(), []);
  const assignments = useLoad(() => (can("assignment.read") ? collect((cursor) => call(client.api.assignments.$get({ query: { limit: "200", cursor } })), 2000) : Promise.resolve([])), []);
  const [open, setOpen] = useState<Item>();
  const statusOf = useMemo(() => new Map((assignments.data ?? []).map((a) => [a.code, a.status])), [assignments.data]);

  const s = sync.data;
  const diffRows = s
    ? (["added", "amended", "interpreted", "repealed"] as const).flatMap((kind) => s.diff[kind].map((e) => ({ ...e, kind })))
    : [];
  const statusText = (code: string) => {
    const st = statusOf.get(code);
    return !st ? t("catalogue.unassigned") : st === "needs-review" ? t("catalogue.needsReview") : st === "retired" ? t("catalogue.retired") : t("catalogue.assigned");
  };
  const columns: DataColumn<Item>[] = [
    { key: "code", title: t("catalogue.code"), dataIndex: "code", width: 130, text: (i) => i.code, sort: true },
    { key: "name", title: t("catalogue.name"), dataIndex: "name", text: (i) => i.name, sort: true },
    { key: "area", title: t("catalogue.keyArea"), width: 110, text: (i) => areaName(i.keyArea, lang), filter: true },
    { key: "lead", title: t("catalogue.lead"), width: 160, text: (i) => departmentTypeName(i.leadDepartmentType, lang), filter: true, sort: true },
    { key: "basis", title: t("catalogue.basis"), width: 90, text: (i) => t(`catalogue.basis.${i.basis}` as PageKey), filter: true, render: (_: unknown, i) => <BasisTag basis={i.basis} /> },
    { key: "version", title: t("catalogue.changedIn"), width: 90, text: (i) => t("catalogue.versionOf", { version: i.version }), sort: true },
    ...(can("assignment.read")
      ? [{ key: "status", title: t("catalogue.assignment"), width: 110, text: (i: Item) => statusText(i.code), filter: true, render: (_: unknown, i: Item) => <StatusTag status={statusOf.get(i.code)} /> }]
      : []),
    {
      key: "detail",
      title: t("catalogue.detail"),
      width: 80,
      noExport: true,
      text: () => "",
      render: (_: unknown, i) => (
        <Button size="small" onClick={() => setOpen(i)} aria-label={t("catalogue.detailOf", { code: i.code })}>
          {t("catalogue.detail")}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageTitle>{t("catalogue.title")}</PageTitle>
      <ErrorAlert error={sync.error ?? items.error ?? assignments.error} onRetry={() => { sync.reload(); items.reload(); assignments.reload(); }} />
      {s && s.version === 0 && <Empty description={t("catalogue.notSynced")} />}
      {s && s.version > 0 && (
        <Card style={{ marginBottom: 16 }}>
          <Descriptions column={{ xs: 1, md: 3 }} size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>{t("catalogue.version")}：{t("catalogue.versionOf", { version: s.version })} · {s.title}</h2>}>
            <Descriptions.Item label={t("catalogue.publishedAt")}>{formatTime(s.publishedAt)}</Descriptions.Item>
            <Descriptions.Item label={t("catalogue.syncedAt")}>{formatTime(s.syncedAt)}</Descriptions.Item>
            <Descriptions.Item label={t("catalogue.previous")}>{s.previousVersion ? t("catalogue.versionOf", { version: s.previousVersion }) : t("common.none")}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
            {t("catalogue.diff")}：
            {(["added", "amended", "interpreted", "repealed"] as const).map((k) => (
              <Tag key={k} style={{ marginLeft: 8 }}>
                {t(`catalogue.diff.${k}` as PageKey)} {s.counts[k]}
              </Tag>
            ))}
          </Typography.Title>
          <Table<DiffEntry & { kind: string }>
            size="small"
            rowKey={(r) => `${r.kind}:${r.code}`}
            dataSource={diffRows}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: t("catalogue.diffEmpty") }}
            rowClassName={(r) => (statusOf.get(r.code) === "needs-review" ? "row-needs-review" : "")}
            columns={[
              { title: t("catalogue.basis"), dataIndex: "kind", width: 90, render: (k: string) => t(`catalogue.diff.${k}` as PageKey) },
              { title: t("catalogue.code"), dataIndex: "code", width: 130 },
              { title: t("catalogue.name"), dataIndex: "name", render: (n?: string) => n ?? "" },
              { title: t("catalogue.law"), dataIndex: "law", render: (l: string) => bookTitle(l) },
              { title: t("catalogue.effectiveDate"), dataIndex: "effectiveDate", width: 110 },
              { title: t("catalogue.assignment"), key: "status", width: 110, render: (_: unknown, r) => (r.kind === "repealed" && !statusOf.get(r.code) ? null : <StatusTag status={statusOf.get(r.code)} />) },
            ]}
          />
        </Card>
      )}
      <h2 style={{ fontSize: 16 }}>{t("catalogue.items")}</h2>
      <DataTable<Item>
        testId="catalogue-items"
        caption={t("catalogue.items")}
        exportName={t("catalogue.items")}
        rowKey="code"
        loading={items.loading}
        rows={items.data?.items}
        columns={columns}
        rowClassName={(i) => (statusOf.get(i.code) === "needs-review" ? "row-needs-review" : "")}
      />
      <Drawer open={!!open} onClose={() => setOpen(undefined)} width={640} title={open ? `${open.code} ${open.name}` : ""}>
        {/* Focusable, so the drawer's scrolling body can be scrolled from the keyboard (axe scrollable-region-focusable). */}
        {open && (
          <section tabIndex={0} aria-label={`${open.code} ${open.name}`} style={{ outlineOffset: 2 }}>
            <ItemDetail item={open} />
          </section>
        )}
      </Drawer>
    </>
  );
}

function ItemDetail({ item }: { item: Item }) {
  const { t, lang } = useStrings(catalogueStrings);
  const list = (xs: string[]) => (
    <ol style={{ margin: 0, paddingLeft: 20 }}>
      {xs.map((x) => (
        <li key={x}>{x}</li>
      ))}
    </ol>
  );
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t("catalogue.keyArea")}>{areaName(item.keyArea, lang)}</Descriptions.Item>
        <Descriptions.Item label={t("catalogue.lead")}>{departmentTypeName(item.leadDepartmentType, lang)}</Descriptions.Item>
        <Descriptions.Item label={t("catalogue.cooperating")}>{item.cooperatingDepartmentTypes.map((d) => departmentTypeName(d, lang)).join(lang === "en" ? ", " : "、") || t("common.none")}</Descriptions.Item>
        <Descriptions.Item label={t("catalogue.legalBasis")}>{item.legalBasis.map((b) => `${bookTitle(b.law)}${b.article}`).join("；")}</Descriptions.Item>
        <Descriptions.Item label={t("catalogue.objectTypes")}>{item.objectTypes.map((o) => industryName(o, lang)).join(lang === "en" ? ", " : "、")}</Descriptions.Item>
        <Descriptions.Item label={t("catalogue.basis")}>
          <BasisTag basis={item.basis} /> {bookTitle(item.law)} · {item.effectiveDate}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={2} style={{ fontSize: 16 }}>
        {t("catalogue.guide")}
      </Typography.Title>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t("catalogue.guide.subject")}>{item.workGuide.subject}</Descriptions.Item>
        <Descriptions.Item label={t("catalogue.guide.objects")}>{item.workGuide.objects}</Descriptions.Item>
        <Descriptions.Item label={t("catalogue.guide.procedure")}>{list(item.workGuide.procedure)}</Descriptions.Item>
        <Descriptions.Item label={t("catalogue.guide.content")}>{list(item.workGuide.content)}</Descriptions.Item>
        <Descriptions.Item label={t("catalogue.guide.methods")}>{item.workGuide.methods.join("、")}</Descriptions.Item>
      </Descriptions>
    </Space>
  );
}
