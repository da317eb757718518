/**
 * Row-wise rating, as Heuer recommends: one evidence item at a time against every hypothesis, in the
 * matrix's order, with my earlier answers hidden until I ask for them, so I judge the evidence afresh
 * instead of copying what I said before. A code's letter (or 1–5 and 0) rates the focused hypothesis and
 * moves to the next; focus starts on the first hypothesis I have not rated.
 */
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import type { Evidence, Hypothesis } from "../../../shared/schema/contentDoc";
import { cellKey } from "../../../shared/schema/ids";
import { RATING_CODES, RATING_LABELS, type RatingCode } from "../../../shared/schema/vocabulary";
import { printable } from "../lib/format";
import { RATING_SHORTCUTS, ratingForKey } from "../lib/ratingKeys";
import "./matrix/dialogs.css";

export interface RowRatingDialogProps {
  readonly evidence: readonly Evidence[];
  readonly hypotheses: readonly Hypothesis[];
  readonly ratings: Readonly<Record<string, RatingCode>>;
  readonly startIndex: number;
  readonly onRate: (evidenceId: string, hypothesisId: string, code: RatingCode | null) => void;
  readonly onClose: () => void;
}

export function RowRatingDialog(p: RowRatingDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [index, setIndex] = useState(Math.max(0, Math.min(p.startIndex, p.evidence.length - 1)));
  const [showPrevious, setShowPrevious] = useState(false);
  const [ratedNow, setRatedNow] = useState<ReadonlySet<string>>(new Set());
  const row = p.evidence[index];
  const ratingsRef = useRef(p.ratings);
  ratingsRef.current = p.ratings;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const list = useRef<HTMLOListElement>(null);
  const order = row ? p.hypotheses : [];
  const focusHypothesis = (i: number): void => {
    list.current?.querySelectorAll("li")[i]?.querySelector("button")?.focus();
  };
  // Each row opens with focus where the rating keys work: the first hypothesis not rated yet.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per row, not on every rating.
  useEffect(() => {
    if (!row) return;
    const first = p.hypotheses.findIndex((h) => ratingsRef.current[cellKey(row.id, h.id)] === undefined);
    focusHypothesis(Math.max(0, first));
  }, [row?.id]);

  const rate = (hypothesisId: string, code: RatingCode | null): void => {
    if (!row) return;
    p.onRate(row.id, hypothesisId, code);
    setRatedNow((s) => new Set([...s, hypothesisId]));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLLIElement>, i: number, hypothesisId: string): void => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const action = ratingForKey(e);
    if (!action) return;
    e.preventDefault();
    rate(hypothesisId, action.code);
    focusHypothesis(i + 1);
  };

  const go = (next: number): void => {
    setIndex(next);
    setShowPrevious(false);
    setRatedNow(new Set());
  };

  return (
    <dialog
      ref={ref}
      className="dialog row-rating"
      aria-labelledby="row-rating-title"
      data-testid="row-rating"
      onClose={p.onClose}
      onCancel={p.onClose}
    >
      {!row ? (
        <p>No evidence to rate yet. Add evidence rows first.</p>
      ) : (
        <>
          <header className="row-rating-head">
            <h2 id="row-rating-title">
              Evidence {index + 1} of {p.evidence.length}
            </h2>
            <label className="check">
              <input
                type="checkbox"
                checked={showPrevious}
                data-testid="show-previous"
                onChange={(e) => setShowPrevious(e.target.checked)}
              />
              Show my previous answers
            </label>
          </header>
          <blockquote className="row-claim clamp-3" title={row.claim} data-testid="row-claim">
            {row.claim}
          </blockquote>
          {row.source && <p className="muted small">Source: {printable(row.source)}</p>}
          <p className="muted small">
            A code's letter rates: <kbd>C</kbd> <kbd>N</kbd> <kbd>I</kbd>, with Shift <kbd>⇧C</kbd> for CC and{" "}
            <kbd>⇧I</kbd> for II, <kbd>A</kbd> not applicable (or <kbd>1</kbd>–<kbd>5</kbd>, <kbd>0</kbd>);
            focus then moves to the next hypothesis.
          </p>
          <ol className="row-hyps" ref={list}>
            {order.map((h, i) => {
              const key = cellKey(row.id, h.id);
              const mine = p.ratings[key] ?? null;
              const visible = showPrevious || ratedNow.has(h.id) ? mine : null;
              return (
                <li
                  key={h.id}
                  data-testid={`row-hyp-${h.id}`}
                  data-shown={visible ?? ""}
                  onKeyDown={(e) => onKeyDown(e, i, h.id)}
                >
                  <span className="row-hyp-title truncate" title={h.title}>
                    {h.title}
                  </span>
                  <fieldset className="row-codes">
                    <legend className="visually-hidden">Rating for “{h.title}”</legend>
                    {RATING_CODES.map((code) => (
                      <button
                        key={code}
                        type="button"
                        aria-pressed={visible === code}
                        title={`${RATING_LABELS[code]} (key ${RATING_SHORTCUTS[code]})`}
                        className={`chip-btn rating-${code} ${visible === code ? "is-on" : ""}`}
                        data-testid={`row-rate-${h.id}-${code}`}
                        onClick={() => rate(h.id, code)}
                      >
                        {code}
                      </button>
                    ))}
                  </fieldset>
                </li>
              );
            })}
          </ol>
        </>
      )}
      <footer className="row-rating-foot">
        <button type="button" className="btn" disabled={index === 0} onClick={() => go(index - 1)}>
          Previous evidence
        </button>
        <button
          type="button"
          className="btn btn-primary"
          disabled={index >= p.evidence.length - 1}
          data-testid="row-next"
          onClick={() => go(index + 1)}
        >
          Next evidence
        </button>
        <button type="button" className="btn" onClick={p.onClose}>
          Done
        </button>
      </footer>
    </dialog>
  );
}
