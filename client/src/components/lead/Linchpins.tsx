/** Rows whose removal, lower credibility or disputed cell would change the top of the ranking, in words. */
import type { SensitivityEffect, SensitivityReport } from "../../../../shared/scoring/types";
import { Clamped } from "../Clamped";
import { titleOf } from "./scoreFormat";

function effectInWords(effect: SensitivityEffect, titles: ReadonlyMap<string, string>): string {
  const cause =
    effect.kind === "remove"
      ? "Without this row"
      : effect.kind === "lowCredibility"
        ? "If its credibility dropped to Low"
        : `If the disputed cell under “${titleOf(titles, effect.flipped?.hypothesisId ?? null)}” went from ${
            effect.flipped?.from ?? "unrated"
          } to ${effect.flipped?.to ?? "unrated"} (the minority view)`;
  const outcome = effect.changesTop
    ? `“${titleOf(titles, effect.newTop)}” would rank first`
    : `the runner-up would become “${titleOf(titles, effect.newSecond)}”`;
  return `${cause}, ${outcome}.`;
}

export function Linchpins({
  sensitivity,
  claims,
  titles,
}: {
  readonly sensitivity: SensitivityReport;
  readonly claims: ReadonlyMap<string, string>;
  readonly titles: ReadonlyMap<string, string>;
}) {
  if (sensitivity.linchpins.length === 0) {
    return (
      <p className="muted" data-testid="linchpins">
        No single row decides the ranking: removing any of the {sensitivity.rowsChecked} rows, lowering its
        credibility or flipping its most disputed cell leaves the top two as they are.
      </p>
    );
  }
  return (
    <ul className="linchpins" data-testid="linchpins">
      {sensitivity.linchpins.map((l) => (
        <li key={l.evidenceId}>
          <strong>
            <Clamped text={claims.get(l.evidenceId) || "Untitled evidence"} />
          </strong>
          <ul>
            {l.effects.map((e) => (
              <li key={e.kind}>
                <Clamped text={effectInWords(e, titles)} />
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
