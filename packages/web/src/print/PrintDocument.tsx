import { ArrowLeftOutlined, PrinterOutlined } from "@ant-design/icons";
import { Button, Spin } from "antd";
import { lazy, Suspense, useEffect } from "react";
import { useNavigate, useParams } from "react-router-dom";
import type { InferResponseType } from "hono/client";
import { apiBase, ApiError, client, session, type FieldError } from "../api";
import { acceptLanguage } from "../i18n";
import { useText } from "../charts/text";
import { useLoad } from "../data";
import { useI18n } from "../i18n";
import { ErrorAlert } from "../pages/common";
import { DocumentKinds, type DocumentKind } from "./kinds";
import "./print.css";

// 检查告知书: the visit's QR code under the text (the business scans the paper as it would the phone).
const VisitNoticeQr = lazy(() => import("../pages/VisitNoticeQr"));

type Doc = InferResponseType<NonNullable<(typeof client.api.documents)["assistance-letter"]>["$get"], 200>;

/** GET /api/documents/{kind}/{id} with the session's token (one path per kind, each under its record's permission). */
async function fetchDocument(kind: DocumentKind, id: string): Promise<Doc> {
  const token = session.token();
  let res: Response;
  try {
    res = await fetch(`${apiBase.replace(/\/$/, "")}/api/documents/${kind}/${encodeURIComponent(id)}`, {
      headers: { "accept-language": acceptLanguage(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    });
  } catch (err) {
    throw new ApiError(0, "network", err instanceof Error ? err.message : String(err));
  }
  const body = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string; details?: FieldError[]; requestId?: string } } | Doc | undefined;
  if (res.ok) return body as Doc;
  const error = (body as { error?: { code?: string; message?: string; details?: FieldError[]; requestId?: string } } | undefined)?.error;
  throw new ApiError(res.status, error?.code ?? `http.${res.status}`, error?.message ?? `HTTP ${res.status}`, error?.details ?? [], error?.requestId);
}

/** A formal document laid out for A4 and the browser's print (or save as
 * PDF): 发文机关 in red, number, title, 主送, body, annex, organ and date in
 * Chinese, and the verification code. The content comes from the API
 * (GET /api/documents/{kind}/{id}), built from the record itself. */
export default function PrintDocument() {
  const { kind, id } = useParams<{ kind: DocumentKind; id: string }>();
  const { t, lang } = useI18n();
  const tx = useText();
  const navigate = useNavigate();
  const valid = !!kind && kind in DocumentKinds && !!id;
  const doc = useLoad(async () => (valid ? fetchDocument(kind!, id!) : undefined), [kind, id]);
  const d = doc.data;
  useEffect(() => {
    if (d) document.title = `${d.title} ${d.number}`;
  }, [d]);
  return (
    <div style={{ background: "#f0f2f5", minHeight: "100vh", paddingBottom: 16 }}>
      <div className="doc-toolbar no-print">
        <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => navigate(-1)}>
          {tx("print.back")}
        </Button>
        <Button type="primary" icon={<PrinterOutlined aria-hidden />} disabled={!d} onClick={() => window.print()} data-testid="print-now">
          {tx("print.print")}
        </Button>
      </div>
      <div className="no-print" style={{ maxWidth: "210mm", margin: "8px auto 0", padding: "0 8px" }}>
        <ErrorAlert error={doc.error} onRetry={doc.reload} />
      </div>
      {!d && doc.loading && (
        <div style={{ textAlign: "center", padding: 48 }}>
          <Spin />
        </div>
      )}
      {d && (
        <main className="doc-page" lang="zh-CN" data-testid="printed-document" aria-label={`${d.title} ${d.number}`}>
          <p className="doc-organ">{d.organ}</p>
          <p className="doc-number" data-testid="doc-number">
            {d.number}
          </p>
          <hr className="doc-rule" />
          <h1 className="doc-title">{d.title}</h1>
          <p className="doc-addressee">{d.addressee}</p>
          <div className="doc-body">
            {d.body.map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </div>
          {(d.kind as string) === "visit-notice" && (
            <Suspense fallback={null}>
              <VisitNoticeQr visitId={d.recordId} />
            </Suspense>
          )}
          {d.annex.length > 0 && (
            <section className="doc-annex" aria-label={d.annexTitle ?? ""}>
              <p style={{ margin: 0 }}>{d.annexTitle}：</p>
              <ol style={{ listStyle: "none" }}>
                {d.annex.map((a, i) => (
                  <li key={i}>{a}</li>
                ))}
              </ol>
            </section>
          )}
          <div className="doc-sign">
            <p>{d.organ}</p>
            <p>{tx("print.seal")}</p>
            <p data-testid="doc-date">{d.dateZh}</p>
          </div>
          <footer className="doc-foot">
            <span>
              {tx("print.region")}：{d.region}
            </span>
            <span data-testid="doc-verification">
              {tx("print.verification")}：{d.verification}
            </span>
            <span style={{ width: "100%" }}>{tx("print.verificationHint")}</span>
          </footer>
        </main>
      )}
      {lang === "en" && d && <p className="no-print" style={{ textAlign: "center" }}>{DocumentKinds[d.kind].en}</p>}
    </div>
  );
}
