/**
 * "Merge a duplicate into this one": pick the duplicate, confirm. The duplicate is archived and points
 * here; its comments move here and every analyst's ratings follow when their client next opens it.
 */
import { useId, useState } from "react";

export interface MergeCandidate {
  readonly id: string;
  readonly label: string;
}

export function MergeControl(props: {
  readonly what: "evidence" | "hypothesis";
  readonly candidates: readonly MergeCandidate[];
  readonly onMerge: (loserId: string) => void;
}) {
  const id = useId();
  const [loser, setLoser] = useState("");
  const [armed, setArmed] = useState(false);
  if (props.candidates.length === 0) return null;
  const chosen = props.candidates.find((c) => c.id === loser);
  return (
    <fieldset className="merge">
      <legend>Merge a duplicate</legend>
      <label htmlFor={id}>
        Duplicate {props.what === "evidence" ? "row" : "hypothesis"} to fold into this one
      </label>
      <select
        id={id}
        value={loser}
        data-testid="merge-select"
        onChange={(e) => {
          setLoser(e.target.value);
          setArmed(false);
        }}
      >
        <option value="">Choose…</option>
        {props.candidates.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label.length > 80 ? `${c.label.slice(0, 79)}…` : c.label}
          </option>
        ))}
      </select>
      {chosen && !armed && (
        <button type="button" className="btn" data-testid="merge-start" onClick={() => setArmed(true)}>
          Merge…
        </button>
      )}
      {chosen && armed && (
        <div className="merge-confirm" role="alert">
          <p>
            “{chosen.label.slice(0, 120)}” will be archived as merged into this one. Its comments move here;
            each analyst's ratings carry over where they have not rated this one.
          </p>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="merge-confirm"
            onClick={() => {
              props.onMerge(chosen.id);
              setLoser("");
              setArmed(false);
            }}
          >
            Merge
          </button>{" "}
          <button type="button" className="btn" onClick={() => setArmed(false)}>
            Cancel
          </button>
        </div>
      )}
    </fieldset>
  );
}
