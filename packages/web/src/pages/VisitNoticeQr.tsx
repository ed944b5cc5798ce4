import { QRCode } from "antd";
import { useLoad } from "../data";
import { publicUrl, useVisitText, visitApi } from "./VisitShared";

/** The visit's QR code on the printed notice (检查告知书): the business scans
 * the paper as it would the inspector's phone. Read from the visit itself, so
 * the document text needs no code of its own. SVG, so it prints sharp. */
export default function VisitNoticeQr({ visitId }: { visitId: string }) {
  const vt = useVisitText();
  const visit = useLoad(() => visitApi.get(visitId), [visitId]);
  const code = visit.data?.code;
  if (!code) return null;
  const url = publicUrl(code);
  return (
    <figure className="doc-qr" data-testid="doc-qr" style={{ display: "flex", gap: 16, alignItems: "center", margin: "16px 0", breakInside: "avoid" }}>
      {/* The label is on the wrapper; antd's <svg role="img"> has none of its own, so it is hidden from assistive technology. */}
          <div role="img" aria-label={vt("detail.qrLabel", { url })} ref={(el) => el?.querySelector("svg")?.setAttribute("aria-hidden", "true")}>
        <QRCode value={url} size={132} type="svg" bordered={false} />
      </div>
      <figcaption style={{ fontSize: "12pt", lineHeight: 1.6 }}>
        <div>{vt("notice.scan")}</div>
        <div style={{ wordBreak: "break-all" }}>{url}</div>
        <div>
          {vt("detail.code")}：{code}
        </div>
      </figcaption>
    </figure>
  );
}
