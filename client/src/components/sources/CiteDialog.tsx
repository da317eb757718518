/** "Cite in evidence…": pick the existing row that the selected passage supports. */
import { useId, useState } from "react";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Input } from "../../ui/Input";

export interface CiteRow {
  readonly id: string;
  readonly code: string;
  readonly claim: string;
}

export function CiteDialog(props: {
  readonly quote: string;
  readonly rows: readonly CiteRow[];
  readonly onCite: (evidenceId: string) => void;
  readonly onClose: () => void;
}) {
  const id = useId();
  const [filter, setFilter] = useState("");
  const needle = filter.trim().toLowerCase();
  const shown = props.rows.filter(
    (r) => !needle || r.claim.toLowerCase().includes(needle) || r.code.toLowerCase() === needle,
  );
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && props.onClose()}
      title="Cite in evidence"
      description={`“${props.quote.length > 160 ? `${props.quote.slice(0, 159)}…` : props.quote}”`}
      width="md"
    >
      <label htmlFor={`${id}-f`} className="field-label">
        Find a row
      </label>
      <Input
        id={`${id}-f`}
        value={filter}
        placeholder="Words of the claim, or its code (E3)"
        onChange={(e) => setFilter(e.target.value)}
      />
      {shown.length === 0 ? (
        <p className="muted">No evidence row matches.</p>
      ) : (
        <ul className="cite-rows" data-testid="cite-rows">
          {shown.map((r) => (
            <li key={r.id}>
              <Button variant="ghost" className="cite-row" onClick={() => props.onCite(r.id)}>
                <span className="row-key">{r.code}</span>
                <span className="cite-row-claim">{r.claim || "Untitled evidence"}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
