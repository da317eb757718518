/** `/a/:id/history`: versions, the activity feed, the diff of a version against now, and restore (leads). */
import { useEffect, useState } from "react";
import { getMembers } from "../../lib/accountsApi";
import {
  type DiffResult,
  diffVersions,
  listVersions,
  restoreVersion,
  saveVersion,
  type VersionItem,
} from "../../lib/historyApi";
import { Link } from "../../routes/router";
import { ActivityFeed } from "./ActivityFeed";
import { VersionDiff } from "./VersionDiff";
import "./history.css";

export function HistoryPage({ analysisId }: { analysisId: string }) {
  const [versions, setVersions] = useState<readonly VersionItem[]>([]);
  const [selected, setSelected] = useState<VersionItem | null>(null);
  const [diff, setDiff] = useState<DiffResult | null>(null);
  const [name, setName] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());

  useEffect(() => {
    getMembers(analysisId).then(
      ({ members }) => setNames(new Map(members.map((m) => [m.userId, m.name]))),
      () => {
        // Without the member list the diff names raters by account id.
      },
    );
  }, [analysisId]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey re-reads after a save or restore
  useEffect(() => {
    listVersions(analysisId).then(setVersions, (e: Error) => setMessage(e.message));
  }, [analysisId, refreshKey]);

  const compare = async (version: VersionItem) => {
    setSelected(version);
    setDiff(null);
    try {
      setDiff(await diffVersions(analysisId, version.id, "current"));
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  const restore = async () => {
    if (
      !selected ||
      !window.confirm(`Restore the analysis to "${selected.name}"? This is a new change on top.`)
    )
      return;
    try {
      await restoreVersion(analysisId, selected.id);
      setMessage(`Restored to "${selected.name}".`);
      setRefreshKey((k) => k + 1);
      await compare(selected);
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  return (
    <main className="page history-page">
      <p>
        <Link href={`/a/${encodeURIComponent(analysisId)}`}>Back to the matrix</Link>
      </p>
      <h1>History</h1>
      {message && <p role="status">{message}</p>}
      <section aria-label="Versions" className="history-card">
        <h2>Versions</h2>
        <form
          className="history-form"
          onSubmit={(e) => {
            e.preventDefault();
            saveVersion(analysisId, name).then(
              () => {
                setName("");
                setRefreshKey((k) => k + 1);
              },
              (err: Error) => setMessage(err.message),
            );
          }}
        >
          <input
            aria-label="Version name"
            placeholder="Before the team meeting"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />{" "}
          <button type="submit" className="btn btn-primary" disabled={name.trim() === ""}>
            Save version
          </button>
        </form>
        <ul className="history-list">
          {versions.map((v) => (
            <li key={v.id} data-testid="version">
              <strong>{v.name}</strong>{" "}
              <small>
                ({v.kind}, {v.createdAt.slice(0, 16).replace("T", " ")})
              </small>{" "}
              <button type="button" className="btn btn-small" onClick={() => void compare(v)}>
                Compare with now
              </button>
            </li>
          ))}
        </ul>
        {selected && diff && (
          <div className="history-diff">
            <h3>"{selected.name}" → now</h3>
            <VersionDiff diff={diff} names={names} />
            <button type="button" className="btn" onClick={() => void restore()}>
              Restore this version…
            </button>
          </div>
        )}
      </section>
      <ActivityFeed analysisId={analysisId} refreshKey={refreshKey} />
    </main>
  );
}
