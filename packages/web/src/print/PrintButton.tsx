import { PrinterOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useNavigate } from "react-router-dom";
import { useI18n } from "../i18n";
import { useText } from "../charts/text";
import { DocumentKinds, type DocumentKind } from "./kinds";

/** 打印: opens the record's formal document laid out for A4 (same tab: the session lives in this tab). */
export function PrintButton({ kind, id, size }: { kind: DocumentKind; id: string; size?: "small" | "middle" }) {
  const { t, lang } = useI18n();
  const tx = useText();
  const navigate = useNavigate();
  const title = DocumentKinds[kind][lang === "en" ? "en" : "zh"];
  return (
    <Button size={size} icon={<PrinterOutlined aria-hidden />} aria-label={tx("print.buttonLabel", { title })} data-testid={`print-${kind}`} onClick={() => navigate(`/print/${kind}/${id}`)}>
      {tx("print.button")}
      {title}
    </Button>
  );
}
