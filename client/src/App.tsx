/**
 * Top-level layout and routing: `/` the analyses list, `/a/:id` one analysis's matrix, `/a/:id/lead`
 * its review, `/a/:id/sources` its sources (`/a/:id/sources/:sourceId` one), `/a/:id/history` its history, `/a/:id/v/:vid` one version read-only, `/account` and
 * `/admin`. Signed-out visitors see the login page (or, on a fresh instance, the admin setup page)
 * at whatever address they asked for, and land there after signing in.
 */
import { QueryClientProvider } from "@tanstack/react-query";
import { lazy, type ReactNode, Suspense, useEffect, useState } from "react";
import { ThemeToggle } from "./components/ThemeToggle";
import { loadRichTextEditor } from "./editor/LazyRichTextEditor";
import { useSession } from "./hooks/useSession";
import type { Identity } from "./lib/identity";
import { createQueryClient } from "./lib/queryClient";
import { AnalysesPage } from "./routes/AnalysesPage";
import { LoginPage } from "./routes/LoginPage";
import { MatrixPage } from "./routes/MatrixPage";
import { matchRoute } from "./routes/matchRoute";
import { Link, navigate, usePathname } from "./routes/router";
import { Avatar } from "./ui/Avatar";
import { Button } from "./ui/Button";
import { SkeletonRows } from "./ui/Skeleton";
import { ToastProvider } from "./ui/Toast";
import { TooltipProvider } from "./ui/Tooltip";

// The matrix, the analyses list and the login page are in the first download; every other page (and
// the rich-text editor, see editor/LazyRichTextEditor.tsx) is its own chunk, so a visit to the matrix
// parses none of them before its first paint. Once the page is idle they are fetched anyway
// (`prefetchChunks`): a tab that goes offline later can still open every page and editor.
const chunks = {
  lead: () => import("./routes/LeadPage"),
  sources: () => import("./routes/SourcesPage"),
  history: () => import("./components/history/HistoryPage"),
  version: () => import("./components/history/VersionPage"),
  account: () => import("./routes/AccountPage"),
  admin: () => import("./routes/AdminPage"),
  setup: () => import("./routes/SetupPage"),
  editor: loadRichTextEditor,
};
const LeadPage = lazy(() => chunks.lead().then((m) => ({ default: m.LeadPage })));
const SourcesPage = lazy(() => chunks.sources().then((m) => ({ default: m.SourcesPage })));
const HistoryPage = lazy(() => chunks.history().then((m) => ({ default: m.HistoryPage })));
const VersionPage = lazy(() => chunks.version().then((m) => ({ default: m.VersionPage })));
const AccountPage = lazy(() => chunks.account().then((m) => ({ default: m.AccountPage })));
const AdminPage = lazy(() => chunks.admin().then((m) => ({ default: m.AdminPage })));
const SetupPage = lazy(() => chunks.setup().then((m) => ({ default: m.SetupPage })));

/**
 * Fetches every lazy chunk a few seconds after mounting, when the browser is idle, so it never
 * competes with the first paint (a failed fetch is retried when the page is shown).
 */
function prefetchChunks(): () => void {
  let idle: number | null = null;
  const load = () => {
    for (const chunk of Object.values(chunks)) chunk().catch(() => undefined);
  };
  const timer = setTimeout(() => {
    if (typeof window.requestIdleCallback === "function") idle = window.requestIdleCallback(load);
    else load();
  }, 4_000);
  return () => {
    clearTimeout(timer);
    if (idle !== null) window.cancelIdleCallback(idle);
  };
}

/** What shows while a page's code loads. */
function PageLoading() {
  return (
    <main className="page">
      <SkeletonRows rows={4} />
    </main>
  );
}

/** Providers every page relies on: the server-state cache, tooltips and toasts. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  useEffect(prefetchChunks, []);
  return (
    <QueryClientProvider client={queryClient}>
      <TooltipProvider>
        <ToastProvider>
          <Shell />
        </ToastProvider>
      </TooltipProvider>
    </QueryClientProvider>
  );
}

function Shell() {
  const path = usePathname();
  const { status, signedIn, signOut } = useSession();
  if (status.state === "loading") return <PageLoading />;
  if (status.state === "error") {
    return (
      <main className="page">
        <p role="alert">{status.message}</p>
      </main>
    );
  }
  const { user, setupRequired } = status.session;
  if (!user) {
    if (setupRequired) {
      return (
        <Suspense fallback={<PageLoading />}>
          <SetupPage
            onSignedIn={(u) => {
              signedIn(u);
              navigate("/", { replace: true });
            }}
          />
        </Suspense>
      );
    }
    return (
      <LoginPage
        onSignedIn={(u) => {
          signedIn(u);
          // The login page has no page behind it: go to the analyses list instead of "Page not found".
          if (matchRoute("/login", path)) navigate("/", { replace: true });
        }}
      />
    );
  }
  // Presence and ratings use the signed-in account; the server stamps the same identity on awareness.
  const identity: Identity = { userId: user.id, name: user.name, color: user.color };

  const matrix = matchRoute("/a/:id", path);
  let page: ReactNode;
  const leadReview = matchRoute("/a/:id/lead", path);
  const historyRoute = matchRoute("/a/:id/history", path);
  const sourcesRoute = matchRoute("/a/:id/sources", path) ?? matchRoute("/a/:id/sources/:sourceId", path);
  const versionRoute = matchRoute("/a/:id/v/:vid", path);
  if (matrix?.id) page = <MatrixPage key={matrix.id} analysisId={matrix.id} identity={identity} />;
  else if (leadReview?.id)
    page = <LeadPage key={leadReview.id} analysisId={leadReview.id} identity={identity} />;
  else if (sourcesRoute?.id)
    page = (
      <SourcesPage
        key={sourcesRoute.id}
        analysisId={sourcesRoute.id}
        sourceId={sourcesRoute.sourceId ?? null}
        identity={identity}
      />
    );
  else if (historyRoute?.id) page = <HistoryPage key={historyRoute.id} analysisId={historyRoute.id} />;
  else if (versionRoute?.id && versionRoute.vid)
    page = (
      <VersionPage
        key={`${versionRoute.id}/${versionRoute.vid}`}
        analysisId={versionRoute.id}
        versionId={versionRoute.vid}
        identity={identity}
      />
    );
  else if (matchRoute("/", path) || matchRoute("/setup", path) || matchRoute("/login", path))
    page = <AnalysesPage />;
  else if (matchRoute("/account", path)) page = <AccountPage user={user} />;
  else if (matchRoute("/admin", path)) page = <AdminPage me={user} />;
  else
    page = (
      <main className="page">
        <h1>Page not found</h1>
        <p>
          <Link href="/">Back to all analyses</Link>
        </p>
      </main>
    );

  return (
    <div className="app">
      <header className="topbar">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ACH
          </span>
          Workspace
        </Link>
        <nav className="account-nav" aria-label="Account">
          {user.admin && (
            <Link href="/admin" {...(path === "/admin" ? { "aria-current": "page" as const } : {})}>
              Users
            </Link>
          )}
          <Link href="/account" {...(path === "/account" ? { "aria-current": "page" as const } : {})}>
            Account
          </Link>
          <ThemeToggle />
          <span className="me" title="You">
            <Avatar person={identity} size="sm" />
            <span data-testid="my-name">{identity.name}</span>
          </span>
          <Button size="sm" onClick={() => void signOut().then(() => navigate("/", { replace: true }))}>
            Sign out
          </Button>
        </nav>
      </header>
      <Suspense fallback={<PageLoading />}>{page}</Suspense>
    </div>
  );
}
