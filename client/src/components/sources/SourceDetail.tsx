/**
 * One source: its captured text (co-edited, cited passages highlighted, a selection can be cited),
 * its metadata and notes, the passages rows cite, and its attachments. `focusKey` (from `?cite=`)
 * scrolls to and emphasises one citation.
 */
import { type ReactNode, useMemo, useState } from "react";
import { SOURCE_TEXT_PART } from "../../../../shared/documentNames";
import { type Source, sourceNotes } from "../../../../shared/schema/sources";
import type { TextAnchor } from "../../../../shared/sources/anchoring";
import type { PassageAnchor } from "../../editor/CitationHighlights";
import { RichTextEditor } from "../../editor/LazyRichTextEditor";
import { SourceTextEditor } from "../../editor/SourceTextEditor";
import type { AnalysisDocs } from "../../hooks/useAnalysisDoc";
import { useSourceDoc } from "../../hooks/useSourceDoc";
import type { SourceLibrary } from "../../hooks/useSourceLibrary";
import { Link, navigate } from "../../routes/router";
import { Button } from "../../ui/Button";
import { SkeletonRows } from "../../ui/Skeleton";
import { useToast } from "../../ui/Toast";
import { AttachmentList } from "../attachments/AttachmentList";
import { CiteDialog } from "./CiteDialog";
import { ImportTextButton } from "./ImportTextButton";
import { ReliabilityBadge } from "./ReliabilityBadge";
import { SourceMetaForm } from "./SourceMetaForm";
import { citationKey, sourceHref, sourcesHref } from "./sourceLinks";

export function SourceDetail(props: {
  readonly analysisId: string;
  readonly docs: AnalysisDocs;
  readonly library: SourceLibrary;
  readonly source: Source;
  readonly readOnly: boolean;
  readonly focusKey: string | null;
  /** Who is looking: attachments may be deleted by the lead or whoever attached them. */
  readonly viewer: { readonly userId: string; readonly isLead: boolean };
  /** The connection badge, shown beside the title. */
  readonly status: ReactNode;
}) {
  const { analysisId, library, source, focusKey } = props;
  const sourceDoc = useSourceDoc(analysisId, source.id);
  const readOnly = props.readOnly || sourceDoc.refused;
  const toast = useToast();
  const [citing, setCiting] = useState<TextAnchor | null>(null);
  const fragment = useMemo(() => sourceDoc.doc?.getXmlFragment(SOURCE_TEXT_PART) ?? null, [sourceDoc.doc]);
  const notes = useMemo(() => sourceNotes(props.docs.content, source.id), [props.docs.content, source.id]);
  const citations = library.bySource.get(source.id);
  const anchors = useMemo(
    (): PassageAnchor[] =>
      (citations ?? []).map((c) => ({ key: citationKey(c.evidenceId, c.id), anchor: c, label: c.code })),
    [citations],
  );
  const codeOf = (evidenceId: string): string =>
    library.rows.find((r) => r.id === evidenceId)?.code ?? "the row";

  const newEvidence = (anchor: TextAnchor | null): void => {
    if (!anchor) return;
    const code = library.newEvidenceFromPassage(source, anchor);
    toast.success(`Evidence ${code} created from the passage.`);
  };

  return (
    <div className="source-detail" data-testid="source-detail">
      <header className="source-head">
        <div className="source-head-text">
          <nav aria-label="Breadcrumb" className="crumbs">
            <Link href={sourcesHref(analysisId)}>Sources</Link>
          </nav>
          <h1 className="source-title">
            <span data-testid="source-heading">{source.title}</span>{" "}
            {source.reliability && <ReliabilityBadge grade={source.reliability} />}
          </h1>
        </div>
        {props.status}
      </header>
      {readOnly && (
        <p className="notice" role="status" data-testid="read-only">
          You can read this source but not change it.
        </p>
      )}
      {sourceDoc.heldBack !== null && (
        <p className="notice" role="alert" data-testid="held-back">
          The server refused a change to this text ({sourceDoc.heldBack}). Changes to it are no longer sent;
          they stay in this browser. Copy the text to keep it.
        </p>
      )}
      {source.archived && (
        <p className="notice" role="status">
          This source is archived. Its citations stay.
        </p>
      )}
      <div className="source-columns">
        <section className="card source-text-card" aria-labelledby="captured-text-title">
          <div className="source-text-head">
            <h2 id="captured-text-title">Captured text</h2>
            {!readOnly && fragment && <ImportTextButton analysisId={analysisId} fragment={fragment} />}
          </div>
          {!readOnly && (
            <p className="muted source-text-hint">
              Paste the text of the source, or import it from a PDF or HTML file. Select a passage to cite it.
            </p>
          )}
          {fragment && sourceDoc.awareness ? (
            <SourceTextEditor
              fragment={fragment}
              awareness={sourceDoc.awareness}
              readOnly={readOnly}
              anchors={anchors}
              focusKey={focusKey}
              selectionActions={(passage) => (
                <>
                  <Button
                    size="sm"
                    variant="primary"
                    data-testid="new-evidence-from-passage"
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => newEvidence(passage())}
                  >
                    New evidence from this passage
                  </Button>
                  <Button
                    size="sm"
                    data-testid="cite-in-evidence"
                    disabled={library.rows.length === 0}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => setCiting(passage())}
                  >
                    Cite in evidence…
                  </Button>
                </>
              )}
            />
          ) : (
            <SkeletonRows rows={6} label="Opening the captured text…" />
          )}
        </section>
        <aside className="source-side">
          <section className="card" aria-labelledby="source-meta-title">
            <h2 id="source-meta-title">Details</h2>
            <SourceMetaForm
              source={source}
              readOnly={props.readOnly}
              onSave={(patch) => library.updateSource(source.id, patch)}
            />
            {source.url && (
              <a className="panel-link" href={source.url} target="_blank" rel="noopener noreferrer nofollow">
                Open the source
              </a>
            )}
            <div className="field">
              <span className="field-label">Notes</span>
              <RichTextEditor
                fragment={notes}
                awareness={props.docs.awareness}
                field={`source-notes:${source.id}`}
                label="Source notes"
                readOnly={props.readOnly}
                testId="source-notes"
              />
            </div>
            {!props.readOnly && (
              <Button size="sm" onClick={() => library.setArchived(source.id, !source.archived)}>
                {source.archived ? "Restore source" : "Archive source"}
              </Button>
            )}
          </section>
          <AttachmentList
            analysisId={analysisId}
            owner={{ kind: "source", id: source.id }}
            readOnly={props.readOnly}
            userId={props.viewer.userId}
            isLead={props.viewer.isLead}
          />
          <section className="card" aria-labelledby="cited-by-title">
            <h2 id="cited-by-title">Cited passages</h2>
            {!citations || citations.length === 0 ? (
              <p className="muted">No evidence row cites this source yet.</p>
            ) : (
              <ul className="cited-list" data-testid="cited-list">
                {citations.map((c) => {
                  const key = citationKey(c.evidenceId, c.id);
                  return (
                    <li key={key} className={key === focusKey ? "is-focused" : undefined}>
                      <button
                        type="button"
                        className="cited-link"
                        onClick={() => navigate(sourceHref(analysisId, source.id, key), { replace: true })}
                      >
                        <span className="row-key">{c.code}</span> “{c.exact}”
                      </button>
                      {!props.readOnly && (
                        <Button
                          size="sm"
                          variant="ghost"
                          aria-label={`Remove the citation from ${c.code}`}
                          onClick={() => library.uncite(c.evidenceId, c.id)}
                        >
                          Remove
                        </Button>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        </aside>
      </div>
      {citing && (
        <CiteDialog
          quote={citing.exact}
          rows={library.rows}
          onClose={() => setCiting(null)}
          onCite={(evidenceId) => {
            library.cite(evidenceId, source.id, citing);
            setCiting(null);
            toast.success(`The passage is cited in ${codeOf(evidenceId)}.`);
          }}
        />
      )}
    </div>
  );
}
