/** The activity feed in words, filtered by person and kind, grouped by day. */
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { type ActivityItem, listActivity, queryKeys } from "../../lib/api";
import { EmptyState } from "../../ui/EmptyState";
import { Select } from "../../ui/Input";
import { SkeletonRows } from "../../ui/Skeleton";

const KINDS: Readonly<Record<string, string>> = {
  "": "All changes",
  rating: "Ratings",
  evidence: "Evidence",
  hypothesis: "Hypotheses",
  milestone: "Milestones",
  meta: "Title and question",
  lead: "Lead settings",
  version: "Versions",
  restore: "Restores",
};

const dayFormat = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** Re-read when the history of the analysis is invalidated (a save or a restore). */
export function ActivityFeed({ analysisId }: { analysisId: string }) {
  const id = useId();
  const [user, setUser] = useState("");
  const [kind, setKind] = useState("");
  const feed = useQuery({
    queryKey: [...queryKeys.history(analysisId), "activity", user, kind],
    queryFn: () => listActivity(analysisId, { user, kind }),
  });
  const items = feed.data ?? null;
  const error = feed.error?.message ?? null;
  // Everyone seen in any answer stays a choice of the person filter (a filtered answer names only one).
  const [people, setPeople] = useState<ReadonlyMap<string, string>>(new Map());
  const [counted, setCounted] = useState<readonly ActivityItem[] | null>(null);
  if (items !== null && items !== counted) {
    setCounted(items);
    const next = new Map(people);
    for (const e of items) if (e.userId) next.set(e.userId, e.userName);
    setPeople(next);
  }

  const days = new Map<string, ActivityItem[]>();
  for (const item of items ?? []) {
    const day = item.at.slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  const filtered = user !== "" || kind !== "";
  return (
    <section aria-labelledby={`${id}-h`} data-testid="activity-feed" className="card history-card">
      <div className="history-card-head">
        <h2 id={`${id}-h`}>Activity</h2>
        <div className="history-filters">
          <div className="toolbar-field">
            <label htmlFor={`${id}-person`}>Person</label>
            <Select
              id={`${id}-person`}
              className="control-inline"
              value={user}
              onChange={(e) => setUser(e.target.value)}
            >
              <option value="">Everyone</option>
              {[...people].map(([uid, name]) => (
                <option key={uid} value={uid}>
                  {name}
                </option>
              ))}
            </Select>
          </div>
          <div className="toolbar-field">
            <label htmlFor={`${id}-kind`}>Kind</label>
            <Select
              id={`${id}-kind`}
              className="control-inline"
              value={kind}
              onChange={(e) => setKind(e.target.value)}
            >
              {Object.entries(KINDS).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </Select>
          </div>
        </div>
      </div>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {items === null && !error && <SkeletonRows rows={4} label="Loading activity…" />}
      {items?.length === 0 && (
        <EmptyState
          title={filtered ? "Nothing matches these filters" : "No activity yet"}
          compact
          testId="activity-empty"
        >
          <p>
            {filtered
              ? "Choose everyone and all changes to see the whole feed."
              : "Every rating, edit, version and restore appears here, in words, with who made it."}
          </p>
        </EmptyState>
      )}
      {[...days].map(([day, list]) => (
        <div key={day} className="activity-day">
          <h3>{dayFormat.format(Date.parse(`${day}T12:00:00Z`))}</h3>
          <ul className="activity-list">
            {list.map((item) => (
              <li key={item.id} data-testid="activity-entry">
                <time dateTime={item.at}>{item.at.slice(11, 16)}</time>
                <span className="activity-text">
                  {item.text}
                  {item.count > 1 ? <span className="muted"> ({item.count} edits)</span> : null}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
