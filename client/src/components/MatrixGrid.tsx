/**
 * The ACH matrix: hypotheses as columns, evidence as rows, my rating in every cell. One cell is in the
 * tab order at a time (roving tabindex); arrows move, 1–5/0/x/Backspace rate, Enter opens the picker.
 */
import { type KeyboardEvent, useCallback, useMemo, useRef, useState } from "react";
import type { Evidence } from "../../../shared/schema/contentDoc";
import { evidenceFieldsSchema, titleSchema } from "../../../shared/schema/fields";
import { cellKey } from "../../../shared/schema/ids";
import { EVIDENCE_TYPE_LABELS, type Level, type RatingCode } from "../../../shared/schema/vocabulary";
import type { MatrixData } from "../hooks/useMatrix";
import type { OtherRater } from "../hooks/useOtherRatings";
import type { CellSelection, PresenceUser } from "../hooks/usePresence";
import { type GridPos, moveInGrid, ratingForKey } from "../lib/ratingKeys";
import { AddItemForm } from "./AddItemForm";
import { HypothesisHeader } from "./HypothesisHeader";
import { Icon } from "./Icon";
import { InlineText } from "./InlineText";
import { type OtherCellRating, RatingCell } from "./RatingCell";
import { type PickerAnchor, RatingPicker } from "./RatingPicker";

export interface MatrixGridProps {
  readonly data: MatrixData;
  readonly others: readonly PresenceUser[];
  readonly otherRaters: readonly OtherRater[];
  readonly detailId: string | null;
  readonly onSelect: (selection: CellSelection | null) => void;
  readonly onOpenDetail: (evidenceId: string) => void;
}

const LEVEL_SHORT: Readonly<Record<Level, string>> = { low: "L", medium: "M", high: "H" };
const LEVEL_NAME: Readonly<Record<Level, string>> = { low: "Low", medium: "Medium", high: "High" };
const claimSchema = evidenceFieldsSchema.shape.claim;

const short = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function LevelPill({ level, what }: { readonly level: Level; readonly what: string }) {
  return (
    <span className={`pill level-${level}`} title={`${what}: ${LEVEL_NAME[level]}`}>
      <span aria-hidden="true">{LEVEL_SHORT[level]}</span>
      <span className="visually-hidden">
        {what}: {LEVEL_NAME[level]}
      </span>
    </span>
  );
}

interface OpenPicker {
  readonly evidenceId: string;
  readonly hypothesisId: string;
  readonly anchor: PickerAnchor;
  readonly returnFocus: HTMLElement;
}

export function MatrixGrid({ data, others, otherRaters, detailId, onSelect, onOpenDetail }: MatrixGridProps) {
  const { hypotheses, evidence, ratings, actions } = data;
  const tableRef = useRef<HTMLTableElement>(null);
  const [focus, setFocus] = useState<GridPos>({ row: 0, col: 0 });
  const [picker, setPicker] = useState<OpenPicker | null>(null);
  const pickerRef = useRef<OpenPicker | null>(null);
  pickerRef.current = picker;

  const rows = evidence.length;
  const cols = hypotheses.length;
  const active = { row: Math.min(focus.row, rows - 1), col: Math.min(focus.col, cols - 1) };

  const visitorsByCell = useMemo(() => {
    const m = new Map<string, PresenceUser[]>();
    for (const o of others) {
      if (!o.selection) continue;
      const k = cellKey(o.selection.evidenceId, o.selection.hypothesisId);
      m.set(k, [...(m.get(k) ?? []), o]);
    }
    return m;
  }, [others]);

  const othersAt = (key: string): OtherCellRating[] => {
    const out: OtherCellRating[] = [];
    for (const r of otherRaters) {
      const code = r.ratings[key];
      if (code) out.push({ userId: r.userId, name: r.name, code });
    }
    return out;
  };

  const focusCell = useCallback((pos: GridPos) => {
    tableRef.current
      ?.querySelector<HTMLButtonElement>(`[data-row="${pos.row}"][data-col="${pos.col}"]`)
      ?.focus();
  }, []);

  const onFocusCell = useCallback(
    (row: number, col: number) => {
      setFocus({ row, col });
      const e = evidence[row];
      const h = hypotheses[col];
      if (e && h) onSelect({ evidenceId: e.id, hypothesisId: h.id });
    },
    [evidence, hypotheses, onSelect],
  );

  const onKey = useCallback(
    (e: KeyboardEvent<HTMLButtonElement>, row: number, col: number) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const next = moveInGrid({ row, col }, e.key, rows, cols);
      if (next) {
        e.preventDefault();
        focusCell(next);
        return;
      }
      const rating = ratingForKey(e.key);
      const ev = evidence[row];
      const h = hypotheses[col];
      if (rating && ev && h) {
        e.preventDefault();
        actions.rate(ev.id, h.id, rating.code);
      }
    },
    [rows, cols, evidence, hypotheses, actions, focusCell],
  );

  const onOpen = useCallback((evidenceId: string, hypothesisId: string, el: HTMLElement) => {
    const r = el.getBoundingClientRect();
    const left = Math.min(r.left, window.innerWidth - 240);
    const top = r.bottom + 300 > window.innerHeight ? Math.max(8, r.top - 300) : r.bottom + 4;
    setPicker({ evidenceId, hypothesisId, anchor: { left, top }, returnFocus: el });
  }, []);

  const closePicker = useCallback(() => {
    const open = pickerRef.current;
    setPicker(null);
    open?.returnFocus.focus();
  }, []);

  const pick = (code: RatingCode | null): void => {
    if (picker) actions.rate(picker.evidenceId, picker.hypothesisId, code);
    closePicker();
  };

  const cellLabel = (e: Evidence, hTitle: string): string =>
    `"${short(e.claim, 60)}" for "${short(hTitle, 40)}"`;
  const pickerEvidence = picker ? evidence.find((e) => e.id === picker.evidenceId) : undefined;
  const pickerHypothesis = picker ? hypotheses.find((h) => h.id === picker.hypothesisId) : undefined;

  return (
    <div className="grid-scroll">
      <table className="matrix" ref={tableRef} aria-label="ACH matrix" data-testid="matrix">
        <thead>
          <tr>
            <th scope="col" className="claim-head">
              Evidence <span className="count">{rows}</span>
            </th>
            <th scope="col" className="meta-head meta-source">
              Source
            </th>
            <th scope="col" className="meta-head meta-date">
              Date
            </th>
            <th scope="col" className="meta-head meta-type">
              Type
            </th>
            <th scope="col" className="meta-head meta-level" title="Credibility">
              Cred.
            </th>
            <th scope="col" className="meta-head meta-level" title="Relevance">
              Rel.
            </th>
            {hypotheses.map((h, i) => (
              <HypothesisHeader
                key={h.id}
                hypothesis={h}
                index={i}
                isFirst={i === 0}
                isLast={i === cols - 1}
                actions={actions}
              />
            ))}
            <th scope="col" className="add-col">
              <AddItemForm
                label="New hypothesis title"
                buttonLabel="Add hypothesis"
                subject="Title"
                placeholder="New hypothesis…"
                schema={titleSchema}
                onAdd={(t) => actions.addHypothesis(t)}
                className="add-hypothesis"
              />
            </th>
          </tr>
        </thead>
        <tbody>
          {evidence.map((e, row) => (
            <tr
              key={e.id}
              className={`${e.archived ? "is-archived" : ""} ${detailId === e.id ? "is-open" : ""}`}
              data-testid={`ev-${e.id}`}
            >
              <th scope="row" className="claim-cell">
                <div className="claim-wrap">
                  <span className="row-key" aria-hidden="true">
                    E{row + 1}
                  </span>
                  {e.flagged && (
                    <span className="flag" title="Flagged">
                      <Icon name="flag" />
                      <span className="visually-hidden">Flagged</span>
                    </span>
                  )}
                  <InlineText
                    value={e.claim}
                    label="Evidence claim"
                    schema={claimSchema}
                    onCommit={(claim) => actions.updateEvidence(e.id, { claim })}
                    className="claim-text"
                    testId={`claim-${e.id}`}
                  />
                </div>
                <div className="item-actions row-actions">
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Move "${short(e.claim, 40)}" up`}
                    disabled={row === 0}
                    onClick={() => actions.moveEvidence(e.id, -1)}
                  >
                    <Icon name="up" />
                  </button>
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Move "${short(e.claim, 40)}" down`}
                    disabled={row === rows - 1}
                    onClick={() => actions.moveEvidence(e.id, 1)}
                  >
                    <Icon name="down" />
                  </button>
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`${e.archived ? "Restore" : "Archive"} evidence "${short(e.claim, 40)}"`}
                    title={e.archived ? "Restore" : "Archive"}
                    onClick={() => actions.setEvidenceArchived(e.id, !e.archived)}
                  >
                    <Icon name={e.archived ? "restore" : "archive"} />
                  </button>
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Details of "${short(e.claim, 40)}"`}
                    title="Details"
                    data-testid={`details-${e.id}`}
                    onClick={() => onOpenDetail(e.id)}
                  >
                    <Icon name="panel" />
                  </button>
                </div>
              </th>
              <td className="meta meta-source" title={e.source}>
                {short(e.source, 60)}
              </td>
              <td className="meta meta-date">{e.date}</td>
              <td className="meta meta-type">{EVIDENCE_TYPE_LABELS[e.type]}</td>
              <td className="meta meta-level">
                <LevelPill level={e.credibility} what="Credibility" />
              </td>
              <td className="meta meta-level">
                <LevelPill level={e.relevance} what="Relevance" />
              </td>
              {hypotheses.map((h, col) => {
                const key = cellKey(e.id, h.id);
                return (
                  <RatingCell
                    key={h.id}
                    evidenceId={e.id}
                    hypothesisId={h.id}
                    row={row}
                    col={col}
                    code={ratings[key] ?? null}
                    label={cellLabel(e, h.title)}
                    tabbable={row === active.row && col === active.col}
                    dimmed={e.archived || h.archived}
                    visitors={visitorsByCell.get(key) ?? []}
                    othersRatings={othersAt(key)}
                    onOpen={onOpen}
                    onFocusCell={onFocusCell}
                    onKey={onKey}
                  />
                );
              })}
              <td className="add-col" />
            </tr>
          ))}
          {rows === 0 && (
            <tr>
              <td className="empty" colSpan={7 + cols}>
                No evidence yet. Add the first item below.
              </td>
            </tr>
          )}
        </tbody>
        <tfoot>
          <tr>
            <td className="claim-cell add-row" colSpan={6}>
              <AddItemForm
                label="New evidence claim"
                buttonLabel="Add evidence"
                subject="Claim"
                placeholder="New evidence or argument…"
                schema={claimSchema}
                onAdd={(claim) => actions.addEvidence(claim)}
                className="add-evidence"
              />
            </td>
            <td colSpan={cols + 1} />
          </tr>
        </tfoot>
      </table>
      {picker && pickerEvidence && pickerHypothesis && (
        <RatingPicker
          anchor={picker.anchor}
          current={ratings[cellKey(picker.evidenceId, picker.hypothesisId)] ?? null}
          cellLabel={cellLabel(pickerEvidence, pickerHypothesis.title)}
          onPick={pick}
          onClose={closePicker}
        />
      )}
    </div>
  );
}
