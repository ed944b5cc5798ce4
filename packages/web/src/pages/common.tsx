import { Alert, Button, Typography } from "antd";
import type { ReactNode } from "react";
import type { ApiError } from "../api";
import { useI18n } from "../i18n";

export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 16, flexWrap: "wrap", marginBottom: 16 }}>
      <Typography.Title level={1} className="page-title" style={{ marginBottom: 0 }}>
        {children}
      </Typography.Title>
      {extra}
    </div>
  );
}

export function ErrorAlert({ error, onRetry }: { error: ApiError | undefined; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      // A request that never reached the server says so in the user's language (not "Failed to fetch").
      message={error.status === 0 && error.code === "network" ? t("net.offline") : error.message || t("common.error")}
      description={error.requestId ? t("common.requestId", { id: error.requestId }) : undefined}
      action={onRetry ? <Button onClick={onRetry}>{t("common.retry")}</Button> : undefined}
    />
  );
}
