import { Result } from "antd";
import { Link } from "react-router-dom";
import { useI18n } from "../i18n";

/** 403: the role may not open this page (typing the address is no way round the menu). */
export function Forbidden() {
  const { t } = useI18n();
  return <Result status="403" title={<h1 className="page-title">403</h1>} subTitle={t("common.forbidden")} extra={<Link to="/">{t("common.backHome")}</Link>} />;
}

export function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title={<h1 className="page-title">404</h1>} subTitle={t("common.notFound")} extra={<Link to="/">{t("common.backHome")}</Link>} />;
}
