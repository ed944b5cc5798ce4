import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Form, Input, Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router-dom";
import { ApiError, demoAccounts, signIn, type DemoAccount } from "../api";
import { useI18n } from "../i18n";
import { useSession } from "../session";
import { LanguageSwitch } from "../Shell";

const DEMO_PASSWORD = "demo123";

interface Values {
  username: string;
  password: string;
}

export function SignIn() {
  const { t, lang } = useI18n();
  const { token, signedIn, notice } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<Values>();
  const [accounts, setAccounts] = useState<DemoAccount[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void demoAccounts().then(setAccounts);
  }, []);

  if (token) return <Navigate to="/" replace />;

  const from = (location.state as { from?: string } | null)?.from ?? "/";

  async function submit(values: Values) {
    setBusy(true);
    setError(undefined);
    try {
      const accessToken = await signIn(values.username.trim(), values.password);
      signedIn(accessToken);
      navigate(from.startsWith("/signin") ? "/" : from, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(err.message || t("signin.badCredentials"));
      else if (err instanceof ApiError && err.message) setError(err.message);
      else setError(t("signin.network"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="signin-page">
      <header className="signin-top">
        <Typography.Text strong style={{ fontSize: 16 }}>
          {t("app.subtitle")}
        </Typography.Text>
        <LanguageSwitch />
      </header>
      <main className="signin-card">
        <Card>
          <Typography.Title level={1} className="page-title" style={{ textAlign: "center" }}>
            {t("app.title")}
          </Typography.Title>
          <Typography.Title level={2} style={{ fontSize: 16, textAlign: "center", marginTop: 0 }}>
            {t("signin.heading")}
          </Typography.Title>
          {notice === "expired" && !error && <Alert type="warning" showIcon message={t("signin.expired")} style={{ marginBottom: 16 }} />}
          {error && (
            <Alert
              type="error"
              showIcon
              role="alert"
              message={t("signin.failed")}
              description={error}
              style={{ marginBottom: 16 }}
              data-testid="signin-error"
            />
          )}
          <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={busy} aria-label={t("signin.title")} name="signin">
            <Form.Item label={t("signin.username")} name="username" rules={[{ required: true, whitespace: true, message: t("signin.usernameRequired") }]}>
              <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" size="large" />
            </Form.Item>
            <Form.Item label={t("signin.password")} name="password" rules={[{ required: true, message: t("signin.passwordRequired") }]}>
              <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t("signin.submit")}
            </Button>
          </Form>
        </Card>
        <Card style={{ marginTop: 16 }} size="small">
          <Link to="/guides" data-testid="guides-link">
            {t("guides.publicLink")}
          </Link>
        </Card>
        {accounts.length > 0 && (
          <Card style={{ marginTop: 16 }} size="small">
            <Typography.Title level={2} style={{ fontSize: 15 }} id="demo-heading">
              {t("signin.demo")}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t("signin.demoHint", { password: DEMO_PASSWORD })}
            </Typography.Paragraph>
            <label htmlFor="demo-account" className="sr-only">
              {t("signin.demoPick")}
            </label>
            <Select
              id="demo-account"
              aria-labelledby="demo-heading"
              style={{ width: "100%" }}
              placeholder={t("signin.demoPick")}
              showSearch
              optionFilterProp="label"
              options={accounts.map((a) => ({ value: a.username, label: `${a.name} · ${a.username}` }))}
              onChange={(username: string) => {
                form.setFieldsValue({ username, password: DEMO_PASSWORD });
                setError(undefined);
              }}
              key={lang}
            />
          </Card>
        )}
      </main>
    </div>
  );
}
