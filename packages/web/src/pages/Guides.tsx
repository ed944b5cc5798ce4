import { PrinterOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Empty, Result, Row, Space, Typography } from "antd";
import { hc, type InferResponseType } from "hono/client";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router-dom";
// Type only: erased at build time.
import type { PublicAppType } from "@supervision/functions/api/app";
import { ApiError, apiBase, call } from "../api";
import { useLoad } from "../data";
import { acceptLanguage, useStrings } from "../i18n";
import * as guidesStrings from "../locales/guides";
import { LanguageSwitch } from "../LanguageSwitch";
import { formatTime } from "../time";

/** 一业一册: public compliance guides, outside the signed-in shell (no token is sent). */
const publicClient = hc<PublicAppType>(apiBase, { headers: () => ({ "accept-language": acceptLanguage() }) });

type Guide = InferResponseType<(typeof publicClient.api.guides)[":industry"]["$get"], 200>;
type GuideItem = Guide["items"][number];

function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useStrings(guidesStrings);
  return (
    <div className="guides-page">
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <header className="guides-top no-print">
        <Link to="/guides" className="guides-brand">
          <img src="/favicon.svg" alt="" />
          <span>{t("guides.brand")}</span>
        </Link>
        <Space>
          <LanguageSwitch />
          <Link to="/signin">{t("guides.signin")}</Link>
        </Space>
      </header>
      <main id="main" tabIndex={-1} className="guides-main">
        {children}
      </main>
    </div>
  );
}

function VersionLine({ title, version, publishedAt }: { title: string | null; version: number | null; publishedAt: string | null }) {
  const { t } = useStrings(guidesStrings);
  if (!version) return <Alert type="info" showIcon message={t("guides.noVersion")} style={{ marginBottom: 16 }} />;
  return (
    <Typography.Paragraph type="secondary" data-testid="guide-version">
      {t("guides.version", { title: title ?? "", version, date: formatTime(publishedAt, "YYYY-MM-DD") })}
    </Typography.Paragraph>
  );
}

function LoadError({ error }: { error: ApiError | undefined }) {
  if (!error) return null;
  return <Alert type="error" showIcon role="alert" message={error.message} style={{ marginBottom: 16 }} />;
}

/** /guides: the industries, each with the number of items that apply. */
export function GuideIndexPage() {
  const { t, lang } = useStrings(guidesStrings);
  const { data, error } = useLoad(() => call(publicClient.api.guides.$get()), []);
  return (
    <PublicLayout>
      <Typography.Title level={1} className="page-title">
        {t("guides.title")}
      </Typography.Title>
      <Typography.Paragraph>{t("guides.intro")}</Typography.Paragraph>
      <LoadError error={error} />
      {data && <VersionLine title={data.versionTitle} version={data.version} publishedAt={data.publishedAt} />}
      {data && (
        <nav aria-label={t("guides.industries")}>
          <Row gutter={[16, 16]} role="list">
            {data.industries.map((i) => (
              <Col xs={24} sm={12} md={8} lg={6} key={i.code} role="listitem">
                <Link to={`/guides/${i.code}`} className="guide-card-link">
                  <Card hoverable size="small">
                    <Typography.Text strong>{lang === "en" ? i.en : i.zh}</Typography.Text>
                    <br />
                    <Typography.Text type="secondary">{i.itemCount ? t("guides.items", { count: i.itemCount }) : t("guides.noItems")}</Typography.Text>
                  </Card>
                </Link>
              </Col>
            ))}
          </Row>
        </nav>
      )}
    </PublicLayout>
  );
}

function List({ items }: { items: string[] }) {
  const { t } = useStrings(guidesStrings);
  if (!items.length) return <p>{t("guides.none")}</p>;
  return (
    <ol>
      {items.map((x, i) => (
        <li key={i}>{x}</li>
      ))}
    </ol>
  );
}

function ItemSection({ item }: { item: GuideItem }) {
  const { t, lang } = useStrings(guidesStrings);
  const name = (d: { zh: string; en: string }) => (lang === "en" ? d.en : d.zh);
  return (
    <section className="guide-item" aria-labelledby={`item-${item.code}`} data-testid={`guide-item-${item.code}`}>
      <h2 id={`item-${item.code}`}>{item.name}</h2>
      <p className="guide-meta">
        {t("guides.itemCode", { code: item.code })} · {t("guides.keyArea")}：{name(item.keyArea)}
      </p>
      <dl className="guide-facts">
        <dt>{t("guides.lead")}</dt>
        <dd>{name(item.lead)}</dd>
        <dt>{t("guides.cooperating")}</dt>
        <dd>{item.cooperating.length ? item.cooperating.map(name).join(lang === "en" ? ", " : "、") : t("guides.none")}</dd>
        <dt>{t("guides.subject")}</dt>
        <dd>{item.subject}</dd>
        <dt>{t("guides.objects")}</dt>
        <dd>{item.objects}</dd>
      </dl>
      <h3>{t("guides.content")}</h3>
      <List items={item.content} />
      <h3>{t("guides.methods")}</h3>
      <p>{item.methods.join(lang === "en" ? ", " : "、")}</p>
      <h3>{t("guides.procedure")}</h3>
      <List items={item.procedure} />
      <h3>{t("guides.legalBasis")}</h3>
      <ul>
        {item.legalBasis.map((b) => (
          <li key={b.text}>{b.text}</li>
        ))}
      </ul>
    </section>
  );
}

/** /guides/:industry: one industry's guide, printable. */
export function GuidePage() {
  const { industry = "" } = useParams();
  const { t, lang } = useStrings(guidesStrings);
  const { data, error, loading } = useLoad(() => call(publicClient.api.guides[":industry"].$get({ param: { industry } })), [industry]);
  if (error?.status === 404) {
    return (
      <PublicLayout>
        <Result status="404" title={<h1 className="page-title">{t("guides.notFound")}</h1>} subTitle={error.message} extra={<Link to="/guides">{t("guides.back")}</Link>} />
      </PublicLayout>
    );
  }
  return (
    <PublicLayout>
      <LoadError error={error} />
      {!data && loading && <p role="status">{t("common.loading")}</p>}
      {data && (
        <article className="guide">
          <div className="no-print" style={{ display: "flex", justifyContent: "space-between", gap: 16, flexWrap: "wrap", marginBottom: 8 }}>
            <Link to="/guides">← {t("guides.back")}</Link>
            <Button icon={<PrinterOutlined aria-hidden />} onClick={() => window.print()}>
              {t("guides.print")}
            </Button>
          </div>
          <Typography.Title level={1} className="page-title">
            {lang === "en" ? `${data.industry.en}: ${t("guides.title")}` : data.title}
          </Typography.Title>
          <VersionLine title={data.versionTitle} version={data.version} publishedAt={data.publishedAt} />
          {data.items.length === 0 ? (
            <Empty description={t("guides.empty")} />
          ) : (
            <>
              <section className="guide-summary" aria-labelledby="guide-contents">
                <h2 id="guide-contents">{t("guides.contents")}</h2>
                <ol>
                  {data.items.map((i) => (
                    <li key={i.code}>
                      <a href={`#item-${i.code}`}>{i.name}</a>（{i.code}）
                    </li>
                  ))}
                </ol>
                <p>
                  <strong>{t("guides.departments")}：</strong>
                  {data.departments.map((d) => (lang === "en" ? d.en : d.zh)).join(lang === "en" ? ", " : "、")}
                </p>
              </section>
              {data.items.map((i) => (
                <ItemSection key={i.code} item={i} />
              ))}
            </>
          )}
        </article>
      )}
    </PublicLayout>
  );
}
