/**
 * The one navigation of every analysis page: back to the list, the analysis title (clamped, the
 * whole title in its tooltip) and Matrix · Sources · Lead review · History. It also names the browser tab
 * after the analysis and the page, so several open tabs can be told apart.
 */
import { Link } from "../routes/router";
import { usePageTitle } from "../ui/usePageTitle";
import { Icon } from "./Icon";
import "./matrix/MatrixPage.css";

export type AnalysisPageName = "matrix" | "sources" | "lead" | "history" | "version";

const PAGE_LABELS: Readonly<Record<AnalysisPageName, string>> = {
  matrix: "Matrix",
  sources: "Sources",
  lead: "Lead review",
  history: "History",
  version: "Version",
};

/** "<analysis> · <page>"; the page alone while the title is unknown. */
export function pageTitle(analysisTitle: string | null, page: AnalysisPageName): string {
  return analysisTitle?.trim() ? `${analysisTitle.trim()} · ${PAGE_LABELS[page]}` : PAGE_LABELS[page];
}

export function AnalysisNav(props: {
  readonly analysisId: string;
  /** null while unknown (the title line stays empty rather than flashing a placeholder). */
  readonly title: string | null;
  readonly current: AnalysisPageName;
}) {
  const { analysisId, title, current } = props;
  usePageTitle(pageTitle(title, current));
  const base = `/a/${encodeURIComponent(analysisId)}`;
  const tabs: readonly [Exclude<AnalysisPageName, "version">, string][] = [
    ["matrix", base],
    ["sources", `${base}/sources`],
    ["lead", `${base}/lead`],
    ["history", `${base}/history`],
  ];
  return (
    <nav className="analysis-nav" aria-label="Analysis" data-testid="analysis-nav">
      <Link href="/" className="back" aria-label="All analyses" title="All analyses">
        <Icon name="back" />
      </Link>
      <span className="analysis-nav-title truncate" title={title ?? undefined} data-testid="nav-title">
        {title?.trim() ? title : title === null ? "" : "Untitled analysis"}
      </span>
      <ul className="analysis-nav-tabs">
        {tabs.map(([page, href]) => (
          <li key={page}>
            <Link
              href={href}
              className={`nav-tab ${page === current ? "is-current" : ""}`}
              aria-current={page === current ? "page" : undefined}
              data-testid={`nav-${page}`}
            >
              {PAGE_LABELS[page]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
