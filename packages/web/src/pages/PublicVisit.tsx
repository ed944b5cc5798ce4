import { CheckCircleFilled, ExclamationCircleFilled } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Form, Input, List, Rate, Result, Space, Tag, Typography } from "antd";
import { useState, type ReactNode } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../api";
import { useLoad } from "../data";
import { useI18n } from "../i18n";
import { LanguageSwitch } from "../LanguageSwitch";
import { formatTime } from "../time";
import { H2, publicVisitApi, useVisitText, windowText, type PublicVisitView } from "./VisitShared";

/** 扫码入企: the page a business opens by scanning a visit's QR code — no
 * sign-in, no token sent. It shows what was registered (bodies, inspectors
 * and their certificate numbers, items, dates) and nothing else about the
 * business; after the visit the business rates it once. */

export function PublicVisitLayout({ children }: { children: ReactNode }) {
  const vt = useVisitText();
  const { t } = useI18n();
  return (
    <div className="guides-page">
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <header className="guides-top">
        <span className="guides-brand">
          <img src="/favicon.svg" alt="" />
          <span>{vt("pub.brand")}</span>
        </span>
        <Space>
          <LanguageSwitch />
          <Link to="/signin">{vt("pub.signin")}</Link>
        </Space>
      </header>
      <main id="main" tabIndex={-1} className="guides-main" style={{ maxWidth: 760 }}>
        {children}
      </main>
    </div>
  );
}

export default function PublicVisit() {
  const { code = "" } = useParams();
  const vt = useVisitText();
  const { t } = useI18n();
  const view = useLoad(() => publicVisitApi.get(code), [code]);
  const reportLink = `/visit-report?code=${encodeURIComponent(code)}`;

  if (view.error && (view.error.status === 404 || view.error.status === 400)) {
    return (
      <PublicVisitLayout>
        <Result
          status="warning"
          title={<h1 className="page-title">{vt("pub.notFound")}</h1>}
          subTitle={vt("pub.notFoundHint")}
          extra={
            <Link to={reportLink} data-testid="report-link">
              {vt("pub.report")}
            </Link>
          }
        />
      </PublicVisitLayout>
    );
  }
  const v = view.data;
  return (
    <PublicVisitLayout>
      <Typography.Title level={1} className="page-title">
        {vt("pub.title")}
      </Typography.Title>
      {view.error && <Alert type="error" showIcon role="alert" message={view.error.message} style={{ marginBottom: 16 }} />}
      {!v && view.loading && <p role="status">{t("common.loading")}</p>}
      {v && <Registered v={v} />}
      {v && (v.status === "signed" || v.status === "closed") && <RateCard code={code} />}
      {v && v.status !== "signed" && v.status !== "closed" && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
          {vt("pub.rateLater")}
        </Typography.Paragraph>
      )}
      <p style={{ marginTop: 24 }}>
        <Link to={reportLink} data-testid="report-link">
          {vt("pub.report")}
        </Link>
      </p>
    </PublicVisitLayout>
  );
}

function Registered({ v }: { v: PublicVisitView }) {
  const vt = useVisitText();
  const approved = !!v.approvedAt;
  return (
    <Card data-testid="public-visit">
      <Alert
        type={approved ? "success" : "warning"}
        showIcon
        icon={approved ? <CheckCircleFilled aria-hidden /> : <ExclamationCircleFilled aria-hidden />}
        message={<strong data-testid="public-visit-verdict">{approved ? vt("pub.registered") : vt("pub.notApproved")}</strong>}
        description={approved ? vt("pub.registeredHint") : vt("pub.notApprovedHint")}
        style={{ marginBottom: 16 }}
      />
      {v.emergency && (
        <Tag bordered={false} color="red" style={{ marginBottom: 12 }}>
          {vt("pub.emergency")}
        </Tag>
      )}
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={vt("pub.tenant")}>{v.tenantName}</Descriptions.Item>
        <Descriptions.Item label={vt("pub.window")}>{windowText(v.window)}</Descriptions.Item>
        <Descriptions.Item label={vt("pub.status")}>{vt(`status.${v.status}`)}</Descriptions.Item>
        {v.approvedAt && <Descriptions.Item label={vt("pub.approvedAt")}>{formatTime(v.approvedAt, "YYYY-MM-DD HH:mm")}</Descriptions.Item>}
        <Descriptions.Item label={vt("pub.bodies")}>{v.bodies.map((b) => b.name).join("、")}</Descriptions.Item>
      </Descriptions>
      <h2 style={{ ...H2, margin: "16px 0 8px" }}>{vt("pub.inspectors")}</h2>
      <List
        bordered
        size="small"
        dataSource={v.inspectors}
        rowKey={(i) => `${i.name}-${i.certificateNo}`}
        data-testid="public-inspectors"
        renderItem={(i) => (
          <List.Item>
            <span>{i.name}</span>
            <span>
              {vt("pub.certificateNo")}：{i.certificateNo}
            </span>
          </List.Item>
        )}
      />
      <h2 style={{ ...H2, margin: "16px 0 8px" }}>{vt("pub.items")}</h2>
      <List
        bordered
        size="small"
        dataSource={v.items}
        rowKey="code"
        data-testid="public-items"
        renderItem={(i) => (
          <List.Item>
            <span>{i.name}</span>
            <Typography.Text type="secondary">{i.code}</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** The business's rating of the visit (once, after it). */
function RateCard({ code }: { code: string }) {
  const vt = useVisitText();
  const [form] = Form.useForm<{ stars: number; comment?: string }>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ApiError>();
  async function submit(v: { stars: number; comment?: string }) {
    setBusy(true);
    setError(undefined);
    try {
      await publicVisitApi.rate(code, { stars: v.stars, ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) });
      setDone(true);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, "client", String(err));
      // Rated already (another phone, or before): the rating stands, nothing more to do.
      if (e.code === "visit.rating_exists") setDone(true);
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card style={{ marginTop: 16 }} title={<h2 style={H2}>{vt("pub.rate")}</h2>} data-testid="public-rating">
      {done ? (
        <Alert type="success" showIcon role="status" message={error?.code === "visit.rating_exists" ? error.message : vt("pub.rated")} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{vt("pub.rateHint")}</Typography.Paragraph>
          {error && <Alert type="error" showIcon role="alert" message={error.message} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" name="visit-rating" onFinish={submit} disabled={busy}>
            <Form.Item label={vt("pub.stars")} name="stars" rules={[{ validator: (_, v: number | undefined) => (v && v >= 1 ? Promise.resolve() : Promise.reject(new Error(vt("pub.starsRequired")))) }]}>
              <Rate aria-label={vt("pub.stars")} />
            </Form.Item>
            <Form.Item label={vt("pub.comment")} name="comment">
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>
              {vt("pub.submitRating")}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}
