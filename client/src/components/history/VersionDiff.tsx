/** What changed between two versions (or a version and now): changes by area, ranking before/after. */
import type { DiffResult } from "../../lib/historyApi";

const show = (value: unknown): string =>
  value === undefined || value === null
    ? "–"
    : typeof value === "string"
      ? value
      : JSON.stringify(value).slice(0, 80);

/** `names` (userId → name) shows whose ratings changed by name rather than by account id. */
export function VersionDiff({
  diff,
  names = new Map(),
}: {
  readonly diff: DiffResult;
  readonly names?: ReadonlyMap<string, string>;
}) {
  const count = diff.diff.changes.length;
  const title = (id: string, side: "before" | "after") =>
    diff.scores[side].hypotheses.find((h) => h.id === id)?.title ?? id;
  return (
    <section aria-label="Differences" data-testid="version-diff">
      <h3>{count === 0 ? "No differences" : `${count} change${count === 1 ? "" : "s"}`}</h3>
      <ul className="history-list">
        {diff.diff.changes.map((c) => (
          <li key={`${c.area}-${c.id}-${c.field ?? ""}-${c.analyst ?? ""}-${c.kind}`}>
            {c.area} {c.id}
            {c.field ? ` · ${c.field}` : ""}
            {c.analyst ? ` · ${names.get(c.analyst) ?? c.analyst}` : ""}: {c.kind} {show(c.before)} →{" "}
            {show(c.after)}
          </li>
        ))}
      </ul>
      <p>
        Ranking before: {diff.scores.before.ranking.map((id) => title(id, "before")).join(" › ") || "–"}
        <br />
        Ranking after: {diff.scores.after.ranking.map((id) => title(id, "after")).join(" › ") || "–"}
      </p>
    </section>
  );
}
