/** The lead's scoring weights (validated with weightsSchema, resettable to PARC) and blind rating. */
import { type FormEvent, useEffect, useState } from "react";
import { DEFAULT_WEIGHTS, type Weights, weightsSchema } from "../../../../shared/schema/fields";
import { Button } from "../../ui/Button";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import "./LeadSettings.css";

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
            <Field key={l} label={`${l[0]?.toUpperCase()}${l.slice(1)}`}>
              {(p) => (
                <Input
                  {...p}
                  aria-invalid={error !== null}
                  type="number"
                  inputMode="decimal"
                  step="any"
                  min="0"
                  value={draft[l]}
                  readOnly={!onWeights}
                  onChange={(e) => setDraft({ ...draft, [l]: e.target.value })}
                />
              )}
            </Field>
          ))}
        </div>
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        {onWeights && (
          <div className="lead-actions">
            <Button type="submit" variant="primary">
              Apply weights
            </Button>
            <Button variant="ghost" onClick={() => onWeights(DEFAULT_WEIGHTS)}>
              Reset to PARC defaults
            </Button>
          </div>
        )}
      </form>
      <section aria-labelledby="blind-title">
        <h3 id="blind-title">Blind rating</h3>
        <p data-testid="blind-state">
          {blind
            ? `Ratings are blind: each analyst sees only their own until ${onBlind ? "you reveal" : "the lead reveals"} them.`
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
