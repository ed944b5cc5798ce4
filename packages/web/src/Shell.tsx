import { AuditOutlined, ApartmentOutlined, BellOutlined, HomeOutlined, LogoutOutlined, UploadOutlined, SolutionOutlined, UnorderedListOutlined, TeamOutlined, SyncOutlined } from "@ant-design/icons";
import { FileProtectOutlined, ScheduleOutlined, SwapOutlined } from "@ant-design/icons";
import { AlertOutlined, DashboardOutlined, InteractionOutlined, NodeIndexOutlined } from "@ant-design/icons";
import { MenuOutlined, QrcodeOutlined, ShopOutlined } from "@ant-design/icons";
import { BankOutlined, CalendarOutlined, IdcardOutlined, WarningOutlined } from "@ant-design/icons";
import { App as AntApp, Badge, Button, Drawer, Grid, Layout, Menu, Result, Space, Tag, Typography } from "antd";
import { useEffect, useState, type ReactNode } from "react";
import { Outlet, useLocation, useNavigate } from "react-router-dom";
import type { Permission } from "@supervision/core/auth/roles";
import { Loading } from "./App";
import { useI18n, type MessageKey } from "./i18n";
import { useSession } from "./session";
import { TodoProvider, useTodo } from "./todo";

type NavEntry = { path: string; label: MessageKey; icon: ReactNode; permission: Permission };
/** 编办 arbitrates disputes; it does not enforce, so the enforcement pages are not its menu. */
const NOT_FOR_ESTABLISHMENT = "nav.section.enforcement";

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
      { path: "/businesses", label: "nav.businesses", icon: <ShopOutlined aria-hidden />, permission: "business.read" },
      { path: "/enforcement", label: "nav.enforcement", icon: <BankOutlined aria-hidden />, permission: "enforcement.read" },
      { path: "/inspectors", label: "nav.inspectors", icon: <IdcardOutlined aria-hidden />, permission: "inspector.read" },
      { path: "/plans", label: "nav.plans", icon: <CalendarOutlined aria-hidden />, permission: "plan.read" },
      { path: "/draws", label: "nav.draws", icon: <ShopOutlined aria-hidden />, permission: "draw.read" },
      { path: "/visits", label: "nav.visits", icon: <QrcodeOutlined aria-hidden />, permission: "visit.read" },
      { path: "/warnings", label: "nav.warnings", icon: <AlertOutlined aria-hidden />, permission: "warning.read" },
      { path: "/risk", label: "nav.risk", icon: <DashboardOutlined aria-hidden />, permission: "risk.read" },
      { path: "/clues", label: "nav.clues", icon: <AlertOutlined aria-hidden />, permission: "clue.read" },
      { path: "/clues/tasks", label: "nav.clueTasks", icon: <ScheduleOutlined aria-hidden />, permission: "clue.read" },
      { path: "/campaigns", label: "nav.campaigns", icon: <CalendarOutlined aria-hidden />, permission: "campaign.read" },
      { path: "/inspections", label: "nav.inspections", icon: <ScheduleOutlined aria-hidden />, permission: "recognition.read" },
      { path: "/penalties", label: "nav.penalties", icon: <FileProtectOutlined aria-hidden />, permission: "recognition.read" },
      { path: "/dishonesty", label: "nav.dishonesty", icon: <FileProtectOutlined aria-hidden />, permission: "dishonesty.read" },
      { path: "/disclosures", label: "nav.disclosures", icon: <FileProtectOutlined aria-hidden />, permission: "disclosure.read" },
      { path: "/indicators", label: "nav.indicators", icon: <DashboardOutlined aria-hidden />, permission: "indicator.read" },
      { path: "/referrals", label: "nav.referrals", icon: <SwapOutlined aria-hidden />, permission: "referral.read" },
    ],
  },
  {
    label: "nav.section.admin",
    entries: [
      { path: "/notices", label: "nav.notices", icon: <BellOutlined aria-hidden />, permission: "notice.read" },
      { path: "/departments", label: "nav.departments", icon: <ApartmentOutlined aria-hidden />, permission: "tenant.read" },
      { path: "/audit", label: "nav.audit", icon: <AuditOutlined aria-hidden />, permission: "audit.read" },
      { path: "/outbox", label: "nav.outbox", icon: <WarningOutlined aria-hidden />, permission: "outbox.read" },
      { path: "/organs", label: "nav.organs", icon: <BankOutlined aria-hidden />, permission: "organ.configure" },
      { path: "/policy", label: "nav.policy", icon: <ScheduleOutlined aria-hidden />, permission: "policy.manage" },
      { path: "/warning-rules", label: "nav.warningRules", icon: <ScheduleOutlined aria-hidden />, permission: "warning.rules" },
      { path: "/risk/weights", label: "nav.riskWeights", icon: <DashboardOutlined aria-hidden />, permission: "risk.manage" },
      { path: "/credit", label: "nav.creditScoring", icon: <FileProtectOutlined aria-hidden />, permission: "credit.scoring" },
    ],
  },
];
const NAV = SECTIONS.flatMap((s) => s.entries);

import { LanguageSwitch } from "./LanguageSwitch";
export { LanguageSwitch };

/** The signed-in frame: antd's App (messages, notifications, modals) and the
 * to-do list around the menu, the header and the page. */
export function Shell() {
  return (
    <AntApp>
      <TodoProvider>
        <Frame />
      </TodoProvider>
    </AntApp>
  );
}

function Frame() {
  const { me, error, signOut, can } = useSession();
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  // Below lg (992 px) the menu lives in a drawer opened from the header: a
  // phone keeps its whole width for the page. Before the first measurement
  // (screens empty) assume a desktop so nothing jumps on a wide screen.
  const narrow = screens.lg === false;
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location.pathname]);
  const todo = useTodo();

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

  const items = SECTIONS.filter((section) => !(todo.departmentType === "establishment" && section.label === NOT_FOR_ESTABLISHMENT)).map((section) => ({
    type: "group" as const,
    key: section.label,
    label: t(section.label),
    children: section.entries
      .filter((n) => can(n.permission))
      .map((n) => {
        const count = todo.counts[n.path] ?? 0;
        return {
          key: n.path,
          icon: n.icon,
          label:
            count > 0 ? (
              <span className="menu-label">
                {t(n.label)}
                <Badge count={count} size="small" className="menu-badge" title={t("todo.badge", { count })} />
              </span>
            ) : (
              t(n.label)
            ),
        };
      }),
  })).filter((g) => g.children.length > 0);
  // The longest matching entry only (/assistance/escalations is not also /assistance).
  const selected = NAV.filter((n) => n.path !== "/" && location.pathname.startsWith(n.path)).map((n) => n.path).sort((a, b) => b.length - a.length).slice(0, 1);

  const menu = (
    <nav aria-label={t("nav.label")}>
      <Menu
        theme="dark"
        mode="inline"
        selectedKeys={selected.length ? selected : location.pathname === "/" ? ["/"] : []}
        items={items}
        onClick={({ key }) => {
          setMenuOpen(false);
          navigate(key);
        }}
      />
    </nav>
  );
  const brand = (
    <div className="brand">
      <img src="/favicon.svg" alt="" />
      <span>{t("app.brand")}</span>
    </div>
  );

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      {narrow ? (
        <Drawer
          placement="left"
          open={menuOpen}
          onClose={() => setMenuOpen(false)}
          width={260}
          closable={false}
          title={null}
          className="nav-drawer"
          styles={{ body: { padding: 0, background: "#001529" } }}
          aria-label={t("nav.label")}
        >
          {brand}
          {menu}
        </Drawer>
      ) : (
        <Layout.Sider width={224} theme="dark">
          {brand}
          {menu}
        </Layout.Sider>
      )}
      <Layout className="app-body">
        <Layout.Header className={narrow ? "app-header narrow" : "app-header"}>
          {narrow && (
            <Button
              icon={<MenuOutlined aria-hidden />}
              onClick={() => setMenuOpen(true)}
              aria-label={t("nav.open")}
              aria-expanded={menuOpen}
              data-testid="menu-button"
            />
          )}
          <div className="who" data-testid="who">
            <span className="sr-only">{t("header.user")}</span>
            <Typography.Text strong>{me.name}</Typography.Text>
            <span className="sr-only">{t("header.role")}</span>
            <Tag bordered={false} color="blue">
              {me.roleName[lang]}
            </Tag>
            <span className="sr-only">{t("header.tenant")}</span>
            <Typography.Text className="who-tenant">
              {me.tenant.name}
              {lang === "en" ? ` (${me.tenant.id})` : `（${me.tenant.id}）`}
            </Typography.Text>
          </div>
          <Space size={narrow ? 4 : 8}>
            <LanguageSwitch />
            <Button icon={<LogoutOutlined aria-hidden />} onClick={() => signOut()} aria-label={narrow ? t("header.signout") : undefined}>
              {narrow ? null : t("header.signout")}
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
