/**
 * Citations where evidence rows are shown: a compact chip on the matrix row (a menu of the cited
 * passages) and a list in the evidence panel. Each opens the source scrolled to the highlighted
 * passage. The matrix page provides the index through `CitationsProvider`, so the grid itself
 * needs no new props.
 */
import { createContext, type ReactNode, useContext, useMemo } from "react";
import type * as Y from "yjs";
import type { Source } from "../../../../shared/schema/sources";
import { type PlacedCitation, useCitationIndex } from "../../hooks/useCitationIndex";
import { Link, navigate } from "../../routes/router";
import { Menu, MenuItem } from "../../ui/Menu";
import { ReliabilityBadge } from "./ReliabilityBadge";
import { citationKey, sourceHref } from "./sourceLinks";
import "./Citations.css";

interface CitationsValue {
  readonly analysisId: string;
  readonly byEvidence: ReadonlyMap<string, readonly PlacedCitation[]>;
  readonly sources: ReadonlyMap<string, Source>;
}

const CitationsContext = createContext<CitationsValue | null>(null);

export function CitationsProvider(props: {
  readonly analysisId: string;
  readonly content: Y.Doc;
  readonly children: ReactNode;
}) {
  const index = useCitationIndex(props.content);
  const value = useMemo(
    () => ({
      analysisId: props.analysisId,
      byEvidence: index.byEvidence,
      sources: new Map(index.sources.map((s) => [s.id, s])),
    }),
    [props.analysisId, index.byEvidence, index.sources],
  );
  return <CitationsContext.Provider value={value}>{props.children}</CitationsContext.Provider>;
}

const short = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const hrefOf = (analysisId: string, c: PlacedCitation): string =>
  sourceHref(analysisId, c.sourceId, citationKey(c.evidenceId, c.id));

/** The row's citations as one chip ("2 sources") opening a menu of the passages; nothing when none. */
export function CitationChip({ evidenceId }: { readonly evidenceId: string }) {
  const ctx = useContext(CitationsContext);
  const citations = ctx?.byEvidence.get(evidenceId);
  if (!ctx || !citations || citations.length === 0) return null;
  const distinct = new Set(citations.map((c) => c.sourceId)).size;
  const label = `${citations.length} citation${citations.length === 1 ? "" : "s"} from ${distinct} source${distinct === 1 ? "" : "s"}`;
  return (
    <Menu
      label="Cited passages"
      trigger={
        <button
          type="button"
          className="citation-chip"
          aria-label={label}
          title={label}
          data-testid={`citations-${evidenceId}`}
        >
          <span aria-hidden="true">❝</span>
          {citations.length}
        </button>
      }
    >
      {citations.map((c) => (
        <MenuItem
          key={c.id}
          onSelect={() => navigate(hrefOf(ctx.analysisId, c))}
          data-testid={`citation-${c.id}`}
        >
          {short(ctx.sources.get(c.sourceId)?.title ?? "Source", 40)}: “{short(c.exact, 60)}”
        </MenuItem>
      ))}
    </Menu>
  );
}

/** The evidence panel's list: each cited passage with its source, reliability and a link to it. */
export function CitationList({ evidenceId }: { readonly evidenceId: string }) {
  const ctx = useContext(CitationsContext);
  if (!ctx) return null;
  const citations = ctx.byEvidence.get(evidenceId) ?? [];
  return (
    <section className="field" aria-label="Citations" data-testid="evidence-citations">
      <span className="label">Cited passages</span>
      {citations.length === 0 ? (
        <p className="muted">
          None yet. Select a passage on the{" "}
          <Link href={`/a/${encodeURIComponent(ctx.analysisId)}/sources`}>Sources</Link> page to cite it here.
        </p>
      ) : (
        <ul className="citation-list">
          {citations.map((c) => {
            const source = ctx.sources.get(c.sourceId);
            return (
              <li key={c.id}>
                <Link
                  href={hrefOf(ctx.analysisId, c)}
                  className="citation-chip"
                  title="Open the source at this passage"
                  data-testid={`open-citation-${c.id}`}
                >
                  {short(source?.title ?? "Source", 48)}
                </Link>
                {source && <ReliabilityBadge grade={source.reliability} />}
                <blockquote>{c.exact}</blockquote>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
