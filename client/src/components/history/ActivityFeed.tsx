/** The activity feed in words, filtered by person and kind, grouped by day. */
import { useEffect, useState } from "react";
import { type ActivityItem, listActivity } from "../../lib/historyApi";

const KINDS = ["", "rating", "evidence", "hypothesis", "milestone", "meta", "lead", "version", "restore"];

export function ActivityFeed({ analysisId, refreshKey }: { analysisId: string; refreshKey: number }) {
  const [user, setUser] = useState("");
  const [kind, setKind] = useState("");
  const [items, setItems] = useState<readonly ActivityItem[]>([]);
  const [people, setPeople] = useState<ReadonlyMap<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey re-reads after a save or restore
  useEffect(() => {
    let live = true;
    listActivity(analysisId, { user, kind }).then(
      (list) => {
        if (!live) return;
        setItems(list);
        setPeople((prev) => {
          const next = new Map(prev);
          for (const e of list) if (e.userId) next.set(e.userId, e.userName);
          return next;
        });
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [analysisId, user, kind, refreshKey]);

  const days = new Map<string, ActivityItem[]>();
  for (const item of items) {
    const day = item.at.slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  return (
    <section aria-label="Activity" data-testid="activity-feed" className="history-card">
      <h2>Activity</h2>
      <div className="history-filters">
        <label>
          Person{" "}
          <select value={user} onChange={(e) => setUser(e.target.value)}>
            <option value="">Everyone</option>
            {[...people].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>{" "}
        <label>
          Kind{" "}
          <select value={kind} onChange={(e) => setKind(e.target.value)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k === "" ? "All changes" : k}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <p role="alert">{error}</p>}
      {!error && items.length === 0 && (
        <p className="muted" data-testid="activity-empty">
          {user === "" && kind === ""
            ? "No activity yet. Changes to this analysis will be listed here as people make them."
            : "No activity matches these filters."}
        </p>
      )}
      {[...days].map(([day, list]) => (
        <div key={day}>
          <h3>{day}</h3>
          <ul className="history-list">
            {list.map((item) => (
              <li key={item.id} data-testid="activity-entry">
                <time dateTime={item.at}>{item.at.slice(11, 16)}</time> {item.text}
                {item.count > 1 ? ` (${item.count} edits)` : ""}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
