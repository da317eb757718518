/** Top-level layout and routing: `/` the analyses list, `/a/:id` one analysis's matrix. */
import type { ReactNode } from "react";
import { IdentityPrompt } from "./components/IdentityPrompt";
import { useIdentity } from "./hooks/useIdentity";
import { initials } from "./lib/format";
import { AnalysesPage } from "./routes/AnalysesPage";
import { MatrixPage } from "./routes/MatrixPage";
import { matchRoute } from "./routes/matchRoute";
import { Link, usePathname } from "./routes/router";

export function App() {
  const path = usePathname();
  const { identity, setName } = useIdentity();
  if (!identity) return <IdentityPrompt onSubmit={setName} />;

  const matrix = matchRoute("/a/:id", path);
  let page: ReactNode;
  if (matrix?.id) page = <MatrixPage key={matrix.id} analysisId={matrix.id} identity={identity} />;
  else if (matchRoute("/", path)) page = <AnalysesPage />;
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
        <span className="me" title="You">
          <span className="avatar avatar-sm" style={{ background: identity.color }} aria-hidden="true">
            {initials(identity.name)}
          </span>
          <span data-testid="my-name">{identity.name}</span>
        </span>
      </header>
      {page}
    </div>
  );
}
