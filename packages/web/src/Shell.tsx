import { AuditOutlined, ApartmentOutlined, BellOutlined, GlobalOutlined, HomeOutlined, LogoutOutlined, UploadOutlined, SolutionOutlined, UnorderedListOutlined, TeamOutlined, SyncOutlined } from "@ant-design/icons";
import { FileProtectOutlined, ScheduleOutlined, SwapOutlined } from "@ant-design/icons";
import { AlertOutlined, DashboardOutlined, InteractionOutlined, NodeIndexOutlined } from "@ant-design/icons";
import { Button, Layout, Menu, Result, Space, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { Outlet, useLocation, useNavigate } from "react-router-dom";
import type { Permission } from "@supervision/core/auth/roles";
import { Loading } from "./App";
import { useI18n, type MessageKey } from "./i18n";
import { useSession } from "./session";

type NavEntry = { path: string; label: MessageKey; icon: ReactNode; permission: Permission };

/** Every page of the portal, in sections, and the permission each needs (see core/auth/roles.ts). */
const SECTIONS: { label: MessageKey; entries: NavEntry[] }[] = [
  {
    label: "nav.section.overview",
    entries: [
      { path: "/", label: "nav.home", icon: <HomeOutlined aria-hidden />, permission: "tenant.read" },
      { path: "/dashboard", label: "nav.dashboard", icon: <DashboardOutlined aria-hidden />, permission: "dashboard.read" },
    ],
  },
  {
    label: "nav.section.catalogue",
    entries: [
      { path: "/items", label: "nav.catalogue", icon: <UnorderedListOutlined aria-hidden />, permission: "catalogue.read" },
      { path: "/assignments", label: "nav.assignments", icon: <TeamOutlined aria-hidden />, permission: "assignment.read" },
      { path: "/disputes", label: "nav.disputes", icon: <SolutionOutlined aria-hidden />, permission: "dispute.read" },
      { path: "/sync-status", label: "nav.catalogueSync", icon: <SyncOutlined aria-hidden />, permission: "catalogue.status" },
      { path: "/catalogue-import", label: "nav.catalogueImport", icon: <UploadOutlined aria-hidden />, permission: "catalogue.publish" },
    ],
  },
  {
    label: "nav.section.enforcement",
    entries: [
      { path: "/assistance", label: "nav.assistance", icon: <InteractionOutlined aria-hidden />, permission: "assistance.read" },
      { path: "/assistance/escalations", label: "nav.escalations", icon: <NodeIndexOutlined aria-hidden />, permission: "assistance.coordinate" },
      { path: "/alerts", label: "nav.alerts", icon: <AlertOutlined aria-hidden />, permission: "alert.follow" },
      { path: "/inspections", label: "nav.inspections", icon: <ScheduleOutlined aria-hidden />, permission: "recognition.read" },
      { path: "/penalties", label: "nav.penalties", icon: <FileProtectOutlined aria-hidden />, permission: "recognition.read" },
      { path: "/referrals", label: "nav.referrals", icon: <SwapOutlined aria-hidden />, permission: "referral.read" },
    ],
  },
  {
    label: "nav.section.admin",
    entries: [
      { path: "/notices", label: "nav.notices", icon: <BellOutlined aria-hidden />, permission: "notice.read" },
      { path: "/departments", label: "nav.departments", icon: <ApartmentOutlined aria-hidden />, permission: "tenant.read" },
      { path: "/audit", label: "nav.audit", icon: <AuditOutlined aria-hidden />, permission: "audit.read" },
    ],
  },
];
const NAV = SECTIONS.flatMap((s) => s.entries);

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  // The accessible name is "界面语言：English" / "Language: 中文": it contains the visible text.
  return (
    <Button icon={<GlobalOutlined aria-hidden />} onClick={() => setLang(lang === "en" ? "zh" : "en")} data-testid="language-switch">
      <span className="sr-only">{t("lang.group")}</span>
      <span lang={lang === "en" ? "zh-CN" : "en"}>{t("lang.switchTo")}</span>
    </Button>
  );
}

export function Shell() {
  const { me, error, signOut, can } = useSession();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();

  if (error && !me) {
    return (
      <main>
        <Result
          status="error"
          title={<h1 className="page-title">{t("common.error")}</h1>}
          subTitle={error.message}
          extra={
            <Space>
              <Button onClick={() => window.location.reload()}>{t("common.retry")}</Button>
              <Button onClick={() => signOut()}>{t("header.signout")}</Button>
            </Space>
          }
        />
      </main>
    );
  }
  if (!me) return <Loading />;

  const items = SECTIONS.map((section) => ({
    type: "group" as const,
    key: section.label,
    label: t(section.label),
    children: section.entries.filter((n) => can(n.permission)).map((n) => ({ key: n.path, icon: n.icon, label: t(n.label) })),
  })).filter((g) => g.children.length > 0);
  // The longest matching entry only (/assistance/escalations is not also /assistance).
  const selected = NAV.filter((n) => n.path !== "/" && location.pathname.startsWith(n.path)).map((n) => n.path).sort((a, b) => b.length - a.length).slice(0, 1);

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <Layout.Sider width={224} theme="dark">
        <div className="brand">
          <img src="/favicon.svg" alt="" />
          <span>{t("app.brand")}</span>
        </div>
        <nav aria-label={t("nav.label")}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={selected.length ? selected : location.pathname === "/" ? ["/"] : []}
            items={items}
            onClick={({ key }) => navigate(key)}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <div className="who" data-testid="who">
            <span className="sr-only">{t("header.user")}</span>
            <Typography.Text strong>{me.name}</Typography.Text>
            <span className="sr-only">{t("header.role")}</span>
            <Tag bordered={false} color="blue">
              {me.roleName[lang]}
            </Tag>
            <span className="sr-only">{t("header.tenant")}</span>
            <Typography.Text>
              {me.tenant.name}
              {lang === "en" ? ` (${me.tenant.id})` : `（${me.tenant.id}）`}
            </Typography.Text>
          </div>
          <Space>
            <LanguageSwitch />
            <Button icon={<LogoutOutlined aria-hidden />} onClick={() => signOut()}>
              {t("header.signout")}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="app-main" id="main" tabIndex={-1}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
