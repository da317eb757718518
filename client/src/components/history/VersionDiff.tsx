/** What changed between two versions (or a version and now): changes by area, ranking before/after. */
import type { ChangeItem, DiffResult, RestoreTarget } from "../../lib/api";

const show = (value: unknown): string =>
  value === undefined || value === null
    ? "–"
    : typeof value === "string"
      ? value
      : JSON.stringify(value).slice(0, 80);

/** One line per change: area, item, field, whose rating, and the values either side. */
export function changeText(c: ChangeItem, names: ReadonlyMap<string, string>): string {
  if (c.text) return c.text;
  return (
    `${c.area} ${c.id}${c.field ? ` · ${c.field}` : ""}` +
    `${c.analyst ? ` · ${names.get(c.analyst) ?? c.analyst}` : ""}: ${c.kind} ${show(c.before)} → ${show(c.after)}`
  );
}

/** The restore scope a change offers: an evidence row or hypothesis the version had (changed or gone since). */
export function restorableScope(c: ChangeItem): Exclude<RestoreTarget, "analysis"> | null {
  if (c.kind === "added") return null;
  if (c.area === "evidence") return { evidenceId: c.id };
  if (c.area === "hypothesis") return { hypothesisId: c.id };
  return null;
}

/**
 * `names` (userId → name) shows whose ratings changed by name rather than by account id. With
 * `onRestore` (leads), each restorable row or hypothesis gets one "Restore this …" button.
 */
export function VersionDiff({
  diff,
  names = new Map(),
  onRestore,
}: {
  readonly diff: DiffResult;
  readonly names?: ReadonlyMap<string, string>;
  readonly onRestore?: (scope: Exclude<RestoreTarget, "analysis">) => void;
}) {
  const count = diff.diff.changes.length;
  const title = (id: string, side: "before" | "after") =>
    diff.scores[side].hypotheses.find((h) => h.id === id)?.title ?? id;
  const offered = new Set<string>();
  return (
    <section aria-label="Differences" data-testid="version-diff">
      <h3>{count === 0 ? "No differences" : `${count} change${count === 1 ? "" : "s"}`}</h3>
      <ul className="history-list">
        {diff.diff.changes.map((c) => {
          const scope = onRestore ? restorableScope(c) : null;
          const key = `${c.area}:${c.id}`;
          const button = scope !== null && !offered.has(key);
          if (button) offered.add(key);
          return (
            <li
              key={`${c.area}-${c.id}-${c.field ?? ""}-${c.analyst ?? ""}-${c.kind}`}
              data-testid="diff-change"
            >
              {changeText(c, names)}
              {button && scope && (
                <>
                  {" "}
                  <button
                    type="button"
                    className="btn btn-small"
                    data-testid={`restore-${c.area}-${c.id}`}
                    onClick={() => onRestore?.(scope)}
                  >
                    {c.area === "evidence" ? "Restore this row…" : "Restore this hypothesis…"}
                  </button>
                </>
              )}
            </li>
          );
        })}
      </ul>
      <p>
        Ranking before: {diff.scores.before.ranking.map((id) => title(id, "before")).join(" › ") || "–"}
        <br />
        Ranking after: {diff.scores.after.ranking.map((id) => title(id, "after")).join(" › ") || "–"}
      </p>
    </section>
  );
}
