import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Input } from "antd";
import { lazy, Suspense, useEffect, useState, type FormEvent, type ReactNode } from "react";
import { Link, Navigate, useLocation, useNavigate } from "react-router-dom";
import { ApiError, demoAccounts, signIn, type DemoAccount } from "../api";
import { useI18n } from "../i18n";
import { useSession } from "../session";
import { LanguageSwitch } from "../LanguageSwitch";

// The sign-in page is the first thing every official loads: plain form
// elements (no antd Form/Card/Typography) keep its script small. The demo
// account picker (antd Select) loads only where the issuer has demo accounts.
const DemoPicker = lazy(() => import("./DemoPicker"));

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
  const [values, setValues] = useState<Values>({ username: "", password: "" });
  const [invalid, setInvalid] = useState<Partial<Record<keyof Values, string>>>({});
  const [accounts, setAccounts] = useState<DemoAccount[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void demoAccounts().then(setAccounts);
  }, []);

  if (token) return <Navigate to="/" replace />;

  const from = (location.state as { from?: string } | null)?.from ?? "/";

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems = {
      ...(values.username.trim() ? {} : { username: t("signin.usernameRequired") }),
      ...(values.password ? {} : { password: t("signin.passwordRequired") }),
    };
    setInvalid(problems);
    if (Object.keys(problems).length > 0) return;
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

  const field = (name: keyof Values, label: string, input: (props: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => ReactNode) => (
    <div className="signin-field">
      <label htmlFor={`signin-${name}`}>{label}</label>
      {input({ id: `signin-${name}`, "aria-invalid": !!invalid[name], ...(invalid[name] ? { "aria-describedby": `signin-${name}-error` } : {}) })}
      {invalid[name] && (
        <div className="signin-field-error" id={`signin-${name}-error`} role="alert">
          {invalid[name]}
        </div>
      )}
    </div>
  );

  return (
    <div className="signin-page">
      <header className="signin-top">
        <strong style={{ fontSize: 16 }}>{t("app.subtitle")}</strong>
        <LanguageSwitch />
      </header>
      <main className="signin-card">
        <section className="signin-box">
          <h1 className="page-title" style={{ textAlign: "center" }}>
            {t("app.title")}
          </h1>
          <h2 className="signin-heading">{t("signin.heading")}</h2>
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
          <form onSubmit={submit} aria-label={t("signin.title")} name="signin" noValidate>
            {field("username", t("signin.username"), (p) => (
              <Input
                {...p}
                prefix={<UserOutlined aria-hidden />}
                autoComplete="username"
                size="large"
                disabled={busy}
                status={invalid.username ? "error" : undefined}
                value={values.username}
                onChange={(e) => setValues((v) => ({ ...v, username: e.target.value }))}
              />
            ))}
            {field("password", t("signin.password"), (p) => (
              <Input.Password
                {...p}
                prefix={<LockOutlined aria-hidden />}
                autoComplete="current-password"
                size="large"
                disabled={busy}
                status={invalid.password ? "error" : undefined}
                value={values.password}
                onChange={(e) => setValues((v) => ({ ...v, password: e.target.value }))}
              />
            ))}
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t("signin.submit")}
            </Button>
          </form>
        </section>
        <section className="signin-box small">
          <Link to="/guides" data-testid="guides-link">
            {t("guides.publicLink")}
          </Link>
        </section>
        {accounts.length > 0 && (
          <section className="signin-box small">
            <h2 style={{ fontSize: 15 }} id="demo-heading">
              {t("signin.demo")}
            </h2>
            <p className="signin-hint">{t("signin.demoHint", { password: DEMO_PASSWORD })}</p>
            <Suspense fallback={null}>
              <DemoPicker
                key={lang}
                accounts={accounts}
                placeholder={t("signin.demoPick")}
                onPick={(username) => {
                  setValues({ username, password: DEMO_PASSWORD });
                  setInvalid({});
                  setError(undefined);
                }}
              />
            </Suspense>
          </section>
        )}
      </main>
    </div>
  );
}
