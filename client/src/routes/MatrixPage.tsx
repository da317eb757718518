/**
 * One analysis: title, question and description, presence, sync state, the views toolbar, the matrix
 * and the side panel (evidence, hypothesis or cell). Page-wide keys: Ctrl/Cmd-Z undo and Shift-Z redo
 * of my own changes, `?` help, `R` row-wise rating, Escape closes the side panel.
 */
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { descriptionFragment } from "../../../shared/schema/contentDoc";
import { questionSchema, titleSchema } from "../../../shared/schema/fields";
import { AnalysisNav } from "../components/AnalysisNav";
import { CellPanel } from "../components/CellPanel";
import { ConnectionBadge } from "../components/ConnectionBadge";
import { EvidencePanel } from "../components/EvidencePanel";
import { ExportMenu } from "../components/ExportMenu";
import { FatalNotice } from "../components/FatalNotice";
import { HeldBackNotice } from "../components/HeldBackNotice";
import { HypothesisPanel } from "../components/HypothesisPanel";
import { InlineText } from "../components/InlineText";
import { Legend } from "../components/Legend";
import { MatrixApprovalBadge } from "../components/lead/MatrixApprovalBadge";
import { MatrixGrid } from "../components/MatrixGrid";
import { MembersPanel } from "../components/MembersPanel";
import { FirstRatingHint } from "../components/matrix/FirstRatingHint";
import { FoldedText } from "../components/matrix/FoldedText";
import { MatrixToolbar } from "../components/matrix/MatrixToolbar";
import { PresenceAvatars } from "../components/PresenceAvatars";
import { RowRatingDialog } from "../components/RowRatingDialog";
import { ShortcutsOverlay } from "../components/ShortcutsOverlay";
import { CitationsProvider } from "../components/sources/Citations";
import { ViewBar } from "../components/ViewBar";
import { RichTextEditor } from "../editor/LazyRichTextEditor";
import type { AnalysisDocs } from "../hooks/useAnalysisDoc";
import { useAnalysisPage } from "../hooks/useAnalysisPage";
import { useBlindToMe } from "../hooks/useBlindToMe";
import { useComments } from "../hooks/useComments";
import { savedColumns, useGridControls } from "../hooks/useGridControls";
import { useHypothesisDescriptions } from "../hooks/useHypothesisDescriptions";
import { useMatrix } from "../hooks/useMatrix";
import type { MembersHandle } from "../hooks/useMembers";
import { useMergedRatings } from "../hooks/useMergedRatings";
import { type CellSelection, usePresence } from "../hooks/usePresence";
import { useScores } from "../hooks/useScores";
import { type TeamRatings, useTeamRatings } from "../hooks/useTeamRatings";
import { useUndo } from "../hooks/useUndo";
import type { ConnectionStatus } from "../lib/connectionStatus";
import type { Identity } from "../lib/identity";
import { WhenIdle } from "../ui/WhenIdle";
import "../components/matrix/MatrixPage.css";

export interface MatrixPageProps {
  readonly analysisId: string;
  readonly identity: Identity;
}

type Detail =
  | { readonly kind: "evidence"; readonly id: string; readonly archivedWhenOpened: boolean }
  | { readonly kind: "hypothesis"; readonly id: string }
  | {
      readonly kind: "cell";
      readonly evidenceId: string;
      readonly hypothesisId: string;
      /** Set when opened to comment (M, the picker's Comments): a new number focuses the comment box. */
      readonly commentRequest?: number;
    };

/** Keys typed into a field, an editor or a dialog belong to it, not to the page. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.closest("input, textarea, select, [contenteditable='true'], dialog") !== null
  );
}

function MatrixWorkspace(props: {
  readonly analysisId: string;
  readonly docs: AnalysisDocs;
  readonly identity: Identity;
  readonly status: ConnectionStatus;
  readonly pending: number;
  readonly readOnly: boolean;
  readonly members: MembersHandle;
  readonly leadSynced: boolean;
}) {
  const { analysisId, docs, identity, status, readOnly, members } = props;
  const role = members.state?.role ?? null;
  const me = identity.userId;
  const [detail, setDetail] = useState<Detail | null>(null);
  const [rowMode, setRowMode] = useState<number | null>(null);
  const [help, setHelp] = useState(false);

  const data = useMatrix(docs, identity, true);
  const { others, myColor, setSelection } = usePresence(docs.awareness, identity);
  const presentIds = useMemo(() => [...new Set(others.map((o) => o.id))], [others]);
  const othersHidden = useBlindToMe(docs.lead, props.leadSynced, role);
  const team = useTeamRatings(analysisId, identity, presentIds, othersHidden);
  // My ratings score from my live local document, so my own keypress repaints scores at once.
  const raters = useMemo(
    () =>
      team.raters.some((r) => r.userId === me)
        ? team.raters
        : [...team.raters, { userId: me, name: identity.name }],
    [team.raters, me, identity.name],
  );
  const ratingDocs = useMemo(
    () => new Map([...team.docs, [me, docs.ratings]]),
    [team.docs, me, docs.ratings],
  );
  const teamRatings = useMemo(
    () => new Map([...team.ratings, [me, data.ratings]]),
    [team.ratings, me, data.ratings],
  );
  const myTeam = useMemo(
    (): TeamRatings => ({ raters, docs: ratingDocs, ratings: teamRatings }),
    [raters, ratingDocs, teamRatings],
  );
  const report = useScores(docs, myTeam, othersHidden === true);
  const comments = useComments(docs.content, identity, role === "lead");
  const undo = useUndo(docs.content, docs.ratings);
  useMergedRatings(docs.content, docs.ratings, status === "connected", readOnly);

  const openEvidenceId = detail?.kind === "evidence" ? detail.id : null;
  const grid = useGridControls({
    me,
    raters: myTeam.raters,
    hypotheses: data.hypotheses,
    evidence: data.evidence,
    report,
    initialMode: "mine",
    initialColumns: savedColumns,
    saveColumns: true,
    keepVisibleId: openEvidenceId,
    teamViews: othersHidden === false,
    ownRatings: role !== "viewer",
  });
  const { view: gridView, evidence, hypotheses } = grid;

  const activeEvidence = useMemo(() => data.evidence.filter((e) => !e.archived), [data.evidence]);
  const activeHypotheses = useMemo(() => data.hypotheses.filter((h) => !h.archived), [data.hypotheses]);
  const nameOf = useCallback(
    (userId: string) => myTeam.raters.find((r) => r.userId === userId)?.name ?? "Analyst",
    [myTeam.raters],
  );

  // What had focus when a panel opened: Escape in the panel gives focus back to it.
  const opener = useRef<Element | null>(null);
  const show = useCallback((next: Detail) => {
    opener.current = document.activeElement;
    setDetail(next);
  }, []);
  const openEvidence = useCallback(
    (id: string) =>
      show({
        kind: "evidence",
        id,
        archivedWhenOpened: data.evidence.find((e) => e.id === id)?.archived ?? false,
      }),
    [data.evidence, show],
  );
  const openHypothesis = useCallback((id: string) => show({ kind: "hypothesis", id }), [show]);
  const commentRequests = useRef(0);
  const openCell = useCallback(
    (evidenceId: string, hypothesisId: string) => {
      commentRequests.current += 1;
      show({ kind: "cell", evidenceId, hypothesisId, commentRequest: commentRequests.current });
    },
    [show],
  );
  const detailOpen = useRef(false);
  detailOpen.current = detail !== null;
  // An open cell panel follows the selection as arrow keys move it.
  const onSelect = useCallback(
    (selection: CellSelection | null) => {
      setSelection(selection);
      if (selection) setDetail((d) => (d?.kind === "cell" ? { kind: "cell", ...selection } : d));
    },
    [setSelection],
  );

  const undoRef = useRef(undo);
  undoRef.current = undo;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (isTyping(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.altKey && (e.key === "z" || e.key === "Z")) {
        e.preventDefault();
        if (e.shiftKey) undoRef.current.redo();
        else undoRef.current.undo();
      } else if (mod && !e.altKey && e.key === "y") {
        e.preventDefault();
        undoRef.current.redo();
      } else if (e.key === "?" && !mod) {
        e.preventDefault();
        setHelp(true);
      } else if ((e.key === "r" || e.key === "R") && !mod && !e.altKey && !readOnly) {
        e.preventDefault();
        setRowMode(0);
      } else if (e.key === "Escape" && !e.defaultPrevented && detailOpen.current) {
        // A menu or popover that Escape closed prevented it; otherwise Escape closes the panel, and
        // focus inside the panel goes back to what opened it (or the grid's cell).
        e.preventDefault();
        const inPanel = e.target instanceof Element && e.target.closest("aside.panel") !== null;
        setDetail(null);
        if (inPanel) {
          const back = opener.current;
          const cell = document.querySelector<HTMLElement>(
            '[data-testid="matrix"] button.rating[tabindex="0"]',
          );
          (back instanceof HTMLElement && back.isConnected && !back.closest("aside.panel")
            ? back
            : cell
          )?.focus();
        }
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [readOnly]);

  // The title lives in the content document; the server derives the list's title from it.
  const rename = useCallback((title: string) => data.actions.updateMeta({ title }), [data.actions]);

  const description = useMemo(() => descriptionFragment(docs.content), [docs.content]);
  const descriptions = useHypothesisDescriptions(docs.content);
  const emptyMessage =
    data.evidence.length === 0
      ? hypotheses.length === 0
        ? "Start by adding the hypotheses you are weighing (top right), then the evidence below."
        : "No evidence yet. Add the first item of evidence or argument below."
      : "No evidence matches the filters. Clear the search or type filter to see every row.";

  let panel: ReactNode = null;
  if (detail?.kind === "evidence") {
    const e = data.evidence.find((x) => x.id === detail.id);
    if (e)
      panel = (
        <EvidencePanel
          analysisId={analysisId}
          viewer={{ userId: me, isLead: role === "lead" }}
          evidence={e}
          content={docs.content}
          awareness={docs.awareness}
          comments={comments}
          readOnly={readOnly}
          archivedUnderMe={e.archived && !detail.archivedWhenOpened}
          candidates={activeEvidence.filter((x) => x.id !== e.id).map((x) => ({ id: x.id, label: x.claim }))}
          onSave={(patch) => data.actions.updateEvidence(e.id, patch)}
          onArchive={(archived) => {
            data.actions.setEvidenceArchived(e.id, archived);
            setDetail({ ...detail, archivedWhenOpened: archived });
          }}
          onMerge={(loserId) => data.actions.merge("evidence", e.id, loserId)}
          onClose={() => setDetail(null)}
        />
      );
  } else if (detail?.kind === "hypothesis") {
    const h = data.hypotheses.find((x) => x.id === detail.id);
    if (h)
      panel = (
        <HypothesisPanel
          hypothesis={h}
          content={docs.content}
          awareness={docs.awareness}
          comments={comments}
          readOnly={readOnly}
          candidates={activeHypotheses
            .filter((x) => x.id !== h.id)
            .map((x) => ({ id: x.id, label: x.title }))}
          onMerge={(loserId) => data.actions.merge("hypothesis", h.id, loserId)}
          onClose={() => setDetail(null)}
        />
      );
  } else if (detail?.kind === "cell") {
    const e = data.evidence.find((x) => x.id === detail.evidenceId);
    const h = data.hypotheses.find((x) => x.id === detail.hypothesisId);
    if (e && h)
      panel = (
        <CellPanel
          evidence={e}
          hypothesis={h}
          score={report.cell(e.id, h.id)}
          nameOf={nameOf}
          comments={comments}
          readOnly={readOnly}
          onlyMine={othersHidden === false ? null : me}
          commentRequest={detail.commentRequest}
          onClose={() => setDetail(null)}
        />
      );
  }

  return (
    <main className={`matrix-page ${panel ? "with-panel" : ""}`}>
      <AnalysisNav analysisId={analysisId} title={data.title} current="matrix" />
      <header className="matrix-head">
        <div className="matrix-titles">
          <div className="titles-text">
            <h1>
              {readOnly ? (
                <span className="truncate" title={data.title}>
                  {data.title}
                </span>
              ) : (
                <InlineText
                  value={data.title}
                  label="Analysis title"
                  schema={titleSchema}
                  onCommit={rename}
                  placeholder="Untitled analysis"
                  testId="analysis-title"
                  tooltip={data.title}
                />
              )}
            </h1>
            <FoldedText>
              {readOnly ? (
                <p className="question">{data.question}</p>
              ) : (
                <InlineText
                  value={data.question}
                  label="Key question"
                  schema={questionSchema}
                  onCommit={(question) => data.actions.updateMeta({ question })}
                  multiline
                  placeholder="Add the key question this analysis answers…"
                  className="question"
                  testId="analysis-question"
                />
              )}
            </FoldedText>
            <details className="description">
              <summary>Description</summary>
              {/* Closed at first: its editor is built after the grid's first paint. */}
              <WhenIdle after={othersHidden !== null}>
                <RichTextEditor
                  fragment={description}
                  awareness={docs.awareness}
                  field="description"
                  label="Analysis description"
                  readOnly={readOnly}
                  testId="analysis-description"
                />
              </WhenIdle>
            </details>
          </div>
        </div>
        <div className="matrix-status">
          <MatrixApprovalBadge analysisId={analysisId} docs={docs} />
          <PresenceAvatars me={{ ...identity, color: myColor }} others={others} />
          <ConnectionBadge status={status} pending={props.pending} />
          <MatrixToolbar
            onRateRows={readOnly ? null : () => setRowMode(0)}
            onUndo={readOnly ? null : undo.undo}
            canUndo={undo.canUndo && !readOnly}
            onShortcuts={() => setHelp(true)}
            share={
              <>
                <ExportMenu analysisId={analysisId} />
                {members.state && (
                  <MembersPanel analysisId={analysisId} state={members.state} onChange={members.update} />
                )}
              </>
            }
          />
        </div>
      </header>
      {readOnly && (
        <p className="notice" role="status" data-testid="read-only">
          You can read this analysis but not change it.
        </p>
      )}
      <div className="view-row">
        <ViewBar {...grid.viewBar} />
      </div>
      <Legend mode={gridView.mode} />
      {gridView.mode === "mine" &&
        !readOnly &&
        activeHypotheses.length > 0 &&
        evidence.length > 0 &&
        Object.keys(data.ratings).length === 0 && <FirstRatingHint onRateRows={() => setRowMode(0)} />}
      <div className="matrix-body">
        <MatrixGrid
          data={data}
          evidence={evidence}
          hypotheses={hypotheses}
          columns={grid.columns}
          view={gridView}
          me={me}
          raters={myTeam.raters}
          teamRatings={teamRatings}
          report={report}
          others={others}
          commentCounts={comments.openCounts}
          draggable={grid.sort === "order"}
          readOnly={readOnly}
          detailId={openEvidenceId}
          emptyMessage={emptyMessage}
          onSelect={onSelect}
          onOpenDetail={openEvidence}
          onOpenHypothesis={openHypothesis}
          onOpenCell={openCell}
          widthsKey={analysisId}
          descriptions={descriptions}
        />
        {panel}
      </div>
      {help && <ShortcutsOverlay onClose={() => setHelp(false)} />}
      {rowMode !== null && (
        <RowRatingDialog
          evidence={activeEvidence}
          hypotheses={activeHypotheses}
          ratings={data.ratings}
          startIndex={rowMode}
          onRate={data.actions.rate}
          onClose={() => setRowMode(null)}
        />
      )}
    </main>
  );
}

export function MatrixPage({ analysisId, identity }: MatrixPageProps) {
  const { docs, status, fatal, pendingChanges, readOnly, members, leadSynced, heldBack } = useAnalysisPage(
    analysisId,
    identity,
  );
  if (fatal) return <FatalNotice message={fatal.message} />;
  return (
    <CitationsProvider analysisId={analysisId} content={docs.content}>
      {heldBack && (
        <HeldBackNotice analysisId={analysisId} heldBack={heldBack} docs={docs} userId={identity.userId} />
      )}
      <MatrixWorkspace
        analysisId={analysisId}
        docs={docs}
        identity={identity}
        status={status}
        pending={pendingChanges}
        readOnly={readOnly}
        members={members}
        leadSynced={leadSynced}
      />
    </CitationsProvider>
  );
}
