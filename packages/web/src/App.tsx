import { lazy, Suspense, type ReactNode } from "react";
import { ConfigProvider, Spin } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router-dom";
import type { Permission } from "@supervision/core/auth/roles";
import { I18nProvider, useI18n } from "./i18n";
import { SessionProvider, useSession } from "./session";
import { SignIn } from "./pages/SignIn";
import "./time";

// The signed-in frame (menu, header, to-do) is its own chunk: the sign-in and
// public pages do not load it (≤ 300 KB gzipped script, issue 15 Found 10).
const Shell = lazy(() => import("./Shell").then((m) => ({ default: m.Shell })));
const Home = lazy(() => import("./pages/Home"));
// 403 and 404 pages (antd Result and its pictures) load only when shown.
const Forbidden = lazy(() => import("./pages/Status").then((m) => ({ default: m.Forbidden })));
const Missing = lazy(() => import("./pages/Status").then((m) => ({ default: m.NotFound })));
const Departments = lazy(() => import("./pages/Departments"));
const AuditTrail = lazy(() => import("./pages/AuditTrail"));
const Notices = lazy(() => import("./pages/Notices"));
const Inspections = lazy(() => import("./pages/Inspections"));
const Penalties = lazy(() => import("./pages/Penalties"));
const Referrals = lazy(() => import("./pages/Referrals"));
const CatalogueImport = lazy(() => import("./pages/CatalogueImport"));
const GuideIndexPage = lazy(() => import("./pages/Guides").then((m) => ({ default: m.GuideIndexPage })));
const GuidePage = lazy(() => import("./pages/Guides").then((m) => ({ default: m.GuidePage })));
const Disputes = lazy(() => import("./pages/Disputes"));
const Catalogue = lazy(() => import("./pages/Catalogue"));
const Assignments = lazy(() => import("./pages/Assignments"));
const CatalogueSync = lazy(() => import("./pages/CatalogueSync"));
const Assistance = lazy(() => import("./pages/Assistance"));
const AssistanceDetail = lazy(() => import("./pages/AssistanceDetail"));
const AssistanceEscalations = lazy(() => import("./pages/AssistanceEscalations"));
const Alerts = lazy(() => import("./pages/Alerts"));
const Dashboard = lazy(() => import("./pages/Dashboard"));
const Policy = lazy(() => import("./pages/Policy"));
const Businesses = lazy(() => import("./pages/Businesses"));
const Draws = lazy(() => import("./pages/Draws"));
const BusinessesImport = lazy(() => import("./pages/BusinessesImport"));
// Printable documents: a page of their own, outside the menu frame.
const PrintDocument = lazy(() => import("./print/PrintDocument"));
const Enforcement = lazy(() => import("./pages/Enforcement"));
const Inspectors = lazy(() => import("./pages/Inspectors"));
const Plans = lazy(() => import("./pages/Plans"));
const Outbox = lazy(() => import("./pages/Outbox"));
const ReservedOrgans = lazy(() => import("./pages/ReservedOrgans"));
const CreditScoring = lazy(() => import("./pages/CreditScoring"));
// 双随机抽查公示: public, no sign-in.
const PublicDraws = lazy(() => import("./pages/PublicDraws"));
const PublicDrawDetail = lazy(() => import("./pages/PublicDrawDetail"));
const Visits = lazy(() => import("./pages/Visits"));
const VisitDetail = lazy(() => import("./pages/VisitDetail"));
const VisitChecklist = lazy(() => import("./pages/VisitChecklist"));
const Warnings = lazy(() => import("./pages/Warnings"));
const WarningRules = lazy(() => import("./pages/WarningRules"));
const Risk = lazy(() => import("./pages/Risk"));
const RiskWeights = lazy(() => import("./pages/RiskWeights"));
const Clues = lazy(() => import("./pages/Clues"));
const ClueDetail = lazy(() => import("./pages/ClueDetail"));
const ClueTasks = lazy(() => import("./pages/ClueTasks"));
const ClueTaskDetail = lazy(() => import("./pages/ClueTasks").then((m) => ({ default: m.ClueTaskDetail })));
const Campaigns = lazy(() => import("./pages/Campaigns"));
const Dishonesty = lazy(() => import("./pages/Dishonesty"));
const Disclosures = lazy(() => import("./pages/Disclosures"));
const Indicators = lazy(() => import("./pages/Indicators"));
const PublicDisclosures = lazy(() => import("./pages/PublicDisclosures"));
const DishonestyDetail = lazy(() => import("./pages/DishonestyDetail"));
// 扫码入企: public, no sign-in (the business scans the visit's QR code).
const PublicVisit = lazy(() => import("./pages/PublicVisit"));
const PublicVisitReport = lazy(() => import("./pages/PublicVisitReport"));

/** Colours chosen for WCAG AA contrast (antd's defaults fall short on white). */
const theme = {
  token: {
    colorPrimary: "#0958d9",
    colorLink: "#0958d9",
    // antd derives lighter hover colours (#2e7ae6: 4.2:1 on white); hover keeps AA too.
    colorPrimaryHover: "#003eb3",
    colorPrimaryActive: "#002c8c",
    colorLinkHover: "#003eb3",
    colorLinkActive: "#002c8c",
    colorTextSecondary: "rgba(0, 0, 0, 0.65)",
    colorTextTertiary: "rgba(0, 0, 0, 0.6)",
    colorTextDescription: "rgba(0, 0, 0, 0.6)",
    colorError: "#cf1322",
    colorSuccess: "#237804",
    colorSuccessBg: "#f6ffed",
    colorSuccessBorder: "#b7eb8f",
    colorWarning: "#ad4e00",
    colorWarningBg: "#fffbe6",
    colorWarningBorder: "#ffe58f",
    colorErrorBg: "#fff2f0",
    colorErrorBorder: "#ffccc7",
    colorInfoBg: "#e6f4ff",
    colorInfoBorder: "#91caff",
    borderRadius: 4,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif',
  },
};

export function App() {
  return (
    <I18nProvider>
      <Localized>
        <BrowserRouter>
          <SessionProvider>
            <AppRoutes />
          </SessionProvider>
        </BrowserRouter>
      </Localized>
    </I18nProvider>
  );
}

function Localized({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === "en" ? enUS : zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      {children}
    </ConfigProvider>
  );
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/signin" element={<SignIn />} />
      {/* 一业一册: public, no sign-in. */}
      <Route path="/guides" element={<Suspense fallback={<Loading />}><GuideIndexPage /></Suspense>} />
      <Route path="/guides/:industry" element={<Suspense fallback={<Loading />}><GuidePage /></Suspense>} />
      <Route path="/public/draws/:tenantId?" element={<Suspense fallback={<Loading />}><PublicDraws /></Suspense>} />
      <Route path="/public/draws/:tenantId/:drawId" element={<Suspense fallback={<Loading />}><PublicDrawDetail /></Suspense>} />
      <Route path="/v/:code" element={<Suspense fallback={<Loading />}><PublicVisit /></Suspense>} />
      <Route path="/visit-report" element={<Suspense fallback={<Loading />}><PublicVisitReport /></Suspense>} />
      <Route path="/public/disclosures/:tenantId?/:disclosureId?" element={<Suspense fallback={<Loading />}><PublicDisclosures /></Suspense>} />
      <Route path="/print/:kind/:id" element={<RequireSignIn><Suspense fallback={<Loading />}><PrintDocument /></Suspense></RequireSignIn>} />
      <Route
        element={
          <RequireSignIn>
            <Suspense fallback={<Loading />}>
              <Shell />
            </Suspense>
          </RequireSignIn>
        }
      >
        <Route index element={<Page permission="tenant.read" element={<Home />} />} />
        <Route path="departments" element={<Page permission="tenant.read" element={<Departments />} />} />
        <Route path="audit" element={<Page permission="audit.read" element={<AuditTrail />} />} />
        <Route path="policy" element={<Page permission="policy.read" element={<Policy />} />} />
        <Route path="notices" element={<Page permission="notice.read" element={<Notices />} />} />
        <Route path="inspections" element={<Page permission="recognition.read" element={<Inspections />} />} />
        <Route path="penalties" element={<Page permission="recognition.read" element={<Penalties />} />} />
        <Route path="businesses" element={<Page permission="business.read" element={<Businesses />} />} />
        <Route path="draws" element={<Page permission="draw.read" element={<Draws />} />} />
        <Route path="businesses/import" element={<Page permission="business.import" element={<BusinessesImport />} />} />
        <Route path="enforcement" element={<Page permission="enforcement.read" element={<Enforcement />} />} />
        <Route path="inspectors" element={<Page permission="inspector.read" element={<Inspectors />} />} />
        <Route path="plans" element={<Page permission="plan.read" element={<Plans />} />} />
        <Route path="outbox" element={<Page permission="outbox.read" element={<Outbox />} />} />
        <Route path="organs" element={<Page permission="organ.configure" element={<ReservedOrgans />} />} />
        <Route path="credit" element={<Page permission="business.read" element={<CreditScoring />} />} />
        <Route path="referrals" element={<Page permission="referral.read" element={<Referrals />} />} />
        <Route path="catalogue-import" element={<Page permission="catalogue.publish" element={<CatalogueImport />} />} />
        <Route path="disputes/:disputeId?" element={<Page permission="dispute.read" element={<Disputes />} />} />
        <Route path="items" element={<Page permission="catalogue.read" element={<Catalogue />} />} />
        <Route path="assignments" element={<Page permission="assignment.read" element={<Assignments />} />} />
        <Route path="sync-status" element={<Page permission="catalogue.status" element={<CatalogueSync />} />} />
        <Route path="assistance" element={<Page permission="assistance.read" element={<Assistance />} />} />
        <Route path="assistance/escalations" element={<Page permission="assistance.coordinate" element={<AssistanceEscalations />} />} />
        <Route path="assistance/:requestId" element={<Page permission="assistance.read" element={<AssistanceDetail />} />} />
        <Route path="alerts" element={<Page permission="alert.follow" element={<Alerts />} />} />
        <Route path="dashboard" element={<Page permission="dashboard.read" element={<Dashboard />} />} />
        <Route path="visits" element={<Page permission="visit.read" element={<Visits />} />} />
        <Route path="visits/:visitId" element={<Page permission="visit.read" element={<VisitDetail />} />} />
        <Route path="visits/:visitId/checklist" element={<Page permission="visit.inspect" element={<VisitChecklist />} />} />
        <Route path="warnings" element={<Page permission="warning.read" element={<Warnings />} />} />
        <Route path="warning-rules" element={<Page permission="warning.read" element={<WarningRules />} />} />
        <Route path="risk" element={<Page permission="risk.read" element={<Risk />} />} />
        <Route path="risk/weights" element={<Page permission="risk.read" element={<RiskWeights />} />} />
        <Route path="clues" element={<Page permission="clue.read" element={<Clues />} />} />
        <Route path="clues/tasks" element={<Page permission="clue.read" element={<ClueTasks />} />} />
        <Route path="clues/tasks/:taskId" element={<Page permission="clue.read" element={<ClueTaskDetail />} />} />
        <Route path="clues/:clueId" element={<Page permission="clue.read" element={<ClueDetail />} />} />
        <Route path="campaigns" element={<Page permission="campaign.read" element={<Campaigns />} />} />
        <Route path="dishonesty" element={<Page permission="dishonesty.read" element={<Dishonesty />} />} />
        <Route path="disclosures" element={<Page permission="disclosure.read" element={<Disclosures />} />} />
        <Route path="indicators" element={<Page permission="indicator.read" element={<Indicators />} />} />
        <Route path="dishonesty/:listingId" element={<Page permission="dishonesty.read" element={<DishonestyDetail />} />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function RequireSignIn({ children }: { children: ReactNode }) {
  const { token } = useSession();
  const location = useLocation();
  if (!token) return <Navigate to="/signin" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

export function Loading() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: "center" }} role="status" aria-live="polite">
      <Spin />
      <div style={{ marginTop: 8 }}>{t("common.loading")}</div>
    </div>
  );
}

function Page({ permission, element }: { permission: Permission; element: ReactNode }) {
  const { can } = useSession();
  return <Suspense fallback={<Loading />}>{can(permission) ? element : <Forbidden />}</Suspense>;
}

function NotFound() {
  return (
    <Suspense fallback={<Loading />}>
      <Missing />
    </Suspense>
  );
}
