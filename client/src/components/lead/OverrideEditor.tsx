/** Set or remove the lead's override of one cell's consensus; a reason is required (overrideSchema). */
import { type FormEvent, useEffect, useRef, useState } from "react";
import type { Override } from "../../../../shared/schema/leadDoc";
import { RATING_CODES, RATING_LABELS, type RatingCode } from "../../../../shared/schema/vocabulary";
import { Clamped } from "../Clamped";

export interface OverrideEditorProps {
  readonly title: string;
  /** The analysts' own consensus. */
  readonly computed: RatingCode | null;
  readonly current: Override | null;
  readonly onSave: (value: { rating: RatingCode; reason: string } | null) => void;
  readonly onCancel: () => void;
}

export function OverrideEditor({ title, computed, current, onSave, onCancel }: OverrideEditorProps) {
  const [rating, setRating] = useState<RatingCode>(current?.rating ?? computed ?? "N");
  const [reason, setReason] = useState(current?.reason ?? "");
  const [error, setError] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  // The editor opens below the whole table: bring it to the lead, ready to choose.
  useEffect(() => {
    form.current?.scrollIntoView({ block: "nearest" });
    form.current?.querySelector("select")?.focus({ preventScroll: true });
  }, []);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const trimmed = reason.trim();
    if (trimmed === "") {
      setError("Give a reason: the team sees it wherever this cell is shown.");
      return;
    }
    onSave({ rating, reason: trimmed.slice(0, 2_000) });
  };
  return (
    <form
      ref={form}
      className="card override-editor"
      onSubmit={submit}
      aria-label="Override consensus"
      data-testid="override-editor"
    >
      <h3>
        Override: <Clamped text={title} />
      </h3>
      <p className="muted">Analysts' consensus: {computed ?? "unrated"}</p>
      <label>
        Consensus rating{" "}
        <select value={rating} onChange={(e) => setRating(e.target.value as RatingCode)}>
          {RATING_CODES.map((c) => (
            <option key={c} value={c}>
              {c} — {RATING_LABELS[c]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Reason{" "}
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={2_000}
          aria-invalid={error !== null}
        />
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="lead-actions">
        <button type="submit" className="btn btn-primary">
          Save override
        </button>
        {current && (
          <button type="button" className="btn btn-danger" onClick={() => onSave(null)}>
            Remove override
          </button>
        )}
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
