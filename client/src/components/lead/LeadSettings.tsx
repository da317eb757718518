/** The lead's scoring weights (validated with weightsSchema, resettable to PARC) and blind rating. */
import { type FormEvent, useEffect, useState } from "react";
import { DEFAULT_WEIGHTS, type Weights, weightsSchema } from "../../../../shared/schema/fields";

export interface LeadSettingsProps {
  readonly weights: Weights;
  readonly blind: boolean;
  /** Absent for non-leads: the settings are shown read-only. */
  readonly onWeights?: (weights: Weights) => void;
  readonly onBlind?: (blind: boolean) => void;
}

const LEVELS = ["low", "medium", "high"] as const;

export function LeadSettings({ weights, blind, onWeights, onBlind }: LeadSettingsProps) {
  const [draft, setDraft] = useState(() => toDraft(weights));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setDraft(toDraft(weights)), [weights]);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const parsed = weightsSchema.safeParse(Object.fromEntries(LEVELS.map((l) => [l, Number(draft[l])])));
    if (!parsed.success) {
      setError("Each weight must be a positive number.");
      return;
    }
    setError(null);
    onWeights?.(parsed.data);
  };
  return (
    <div className="two-col">
      <form onSubmit={submit} aria-labelledby="weights-title" data-testid="weights-form">
        <h3 id="weights-title">Weights</h3>
        <p className="muted">Credibility and relevance multiply: PARC uses Low 1/√2, Medium 1, High √2.</p>
        <div className="weights">
          {LEVELS.map((l) => (
            <label key={l}>
              {l[0]?.toUpperCase()}
              {l.slice(1)}
              <input
                type="number"
                step="any"
                min="0"
                value={draft[l]}
                readOnly={!onWeights}
                onChange={(e) => setDraft({ ...draft, [l]: e.target.value })}
                aria-invalid={error !== null}
              />
            </label>
          ))}
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {onWeights && (
          <div className="lead-actions">
            <button type="submit" className="btn btn-primary">
              Apply weights
            </button>
            <button type="button" className="btn" onClick={() => onWeights(DEFAULT_WEIGHTS)}>
              Reset to PARC defaults
            </button>
          </div>
        )}
      </form>
      <section aria-labelledby="blind-title">
        <h3 id="blind-title">Blind rating</h3>
        <p data-testid="blind-state">
          {blind
            ? "Ratings are blind: each analyst sees only their own until you reveal them."
            : "Ratings are visible: analysts see each other's ratings."}
        </p>
        {onBlind && (
          <button type="button" className="btn" onClick={() => onBlind(!blind)} data-testid="blind-toggle">
            {blind ? "Reveal ratings to the team" : "Make ratings blind"}
          </button>
        )}
      </section>
    </div>
  );
}

function toDraft(weights: Weights): Record<(typeof LEVELS)[number], string> {
  const show = (n: number): string => String(Math.round(n * 10_000) / 10_000);
  return { low: show(weights.low), medium: show(weights.medium), high: show(weights.high) };
}
