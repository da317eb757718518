/**
 * `/a/:id/history`: versions (each viewable read-only), the activity feed, the diff of a version
 * against now, and restore (leads) of the whole analysis or of one row or hypothesis.
 * `?compare=<versionId>` opens that version's diff at once (the version page links here).
 */
import { useEffect, useRef, useState } from "react";
import { useAnalysisSummary } from "../../hooks/useAnalysisSummary";
import { getMembers } from "../../lib/accountsApi";
import {
  type ChangeItem,
  type DiffResult,
  diffVersions,
  listVersions,
  type RestoreTarget,
  restoreScope,
  restoreVersion,
  saveVersion,
  type VersionItem,
} from "../../lib/historyApi";
import { Link } from "../../routes/router";
import { AnalysisNav } from "../AnalysisNav";
import { ActivityFeed } from "./ActivityFeed";
import { changeText, VersionDiff } from "./VersionDiff";
import "./history.css";

interface Preview {
  readonly scope: Exclude<RestoreTarget, "analysis">;
  /** now → restored, from the dry run. */
  readonly changes: readonly ChangeItem[];
}

export function HistoryPage({ analysisId }: { analysisId: string }) {
  const summary = useAnalysisSummary(analysisId);
  // Saving a version needs analyst or lead (the server refuses viewers): offer it to them only.
  const canSave = summary !== null && summary.role !== "viewer";
  const [versions, setVersions] = useState<readonly VersionItem[]>([]);
  const [selected, setSelected] = useState<VersionItem | null>(null);
  const [diff, setDiff] = useState<DiffResult | null>(null);
  const [name, setName] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const [canRestore, setCanRestore] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);

  useEffect(() => {
    getMembers(analysisId).then(
      ({ members, role }) => {
        setNames(new Map(members.map((m) => [m.userId, m.name])));
        setCanRestore(role === "lead");
      },
      () => {
        // Without the member list (no accounts) the diff names raters by account id, and restore is
        // offered to everyone: the server still refuses it to anyone but a lead.
        setCanRestore(true);
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
    setPreview(null);
    try {
      setDiff(await diffVersions(analysisId, version.id, "current"));
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  const asked = useRef(new URLSearchParams(window.location.search).get("compare"));
  // biome-ignore lint/correctness/useExhaustiveDependencies: opens the asked-for diff once, when the list arrives
  useEffect(() => {
    const wanted = versions.find((v) => v.id === asked.current);
    if (!wanted) return;
    asked.current = null;
    void compare(wanted);
  }, [versions]);

  /** First the dry run: the lead sees exactly what restoring this row or hypothesis would change. */
  const previewPart = async (scope: Exclude<RestoreTarget, "analysis">) => {
    if (!selected) return;
    try {
      const { changes } = await restoreScope(analysisId, selected.id, scope, true);
      setPreview({ scope, changes });
    } catch (e) {
      setMessage((e as Error).message);
    }
  };

  const restorePart = async () => {
    if (!selected || !preview) return;
    const what = "evidenceId" in preview.scope ? "row" : "hypothesis";
    try {
      await restoreScope(analysisId, selected.id, preview.scope, false);
      setMessage(`Restored the ${what} from "${selected.name}".`);
      setRefreshKey((k) => k + 1);
      await compare(selected);
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
    <>
      <AnalysisNav analysisId={analysisId} title={summary?.title ?? null} current="history" />
      <main className="page history-page">
        <h1>History</h1>
        {message && <p role="status">{message}</p>}
        <section aria-label="Versions" className="history-card">
          <h2>Versions</h2>
          {canSave && (
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
          )}
          {versions.length === 0 && (
            <p className="muted" data-testid="versions-empty">
              No versions yet.{" "}
              {canSave
                ? "Save one before a big change, to compare with it or go back to it later."
                : "Versions saved by the team will be listed here."}
            </p>
          )}
          <ul className="history-list">
            {versions.map((v) => (
              <li key={v.id} data-testid="version">
                <strong>{v.name}</strong>{" "}
                <small>
                  ({v.kind}, {v.createdAt.slice(0, 16).replace("T", " ")})
                </small>{" "}
                <Link
                  href={`/a/${encodeURIComponent(analysisId)}/v/${encodeURIComponent(v.id)}`}
                  className="btn btn-small"
                >
                  View this version
                </Link>{" "}
                <button type="button" className="btn btn-small" onClick={() => void compare(v)}>
                  Compare with now
                </button>
              </li>
            ))}
          </ul>
          {selected && diff && (
            <div className="history-diff">
              <h3>"{selected.name}" → now</h3>
              <VersionDiff
                diff={diff}
                names={names}
                {...(canRestore ? { onRestore: (scope) => void previewPart(scope) } : {})}
              />
              {preview && (
                <section
                  aria-label="Restore preview"
                  className="history-preview"
                  data-testid="restore-preview"
                >
                  <h4>
                    Restoring this {"evidenceId" in preview.scope ? "row" : "hypothesis"} would change{" "}
                    {preview.changes.length === 0 ? "nothing" : `${preview.changes.length}:`}
                  </h4>
                  <ul className="history-list">
                    {preview.changes.map((c) => (
                      <li key={`${c.area}-${c.id}-${c.field ?? ""}-${c.analyst ?? ""}-${c.kind}`}>
                        {changeText(c, names)}
                      </li>
                    ))}
                  </ul>
                  <button
                    type="button"
                    className="btn btn-primary"
                    disabled={preview.changes.length === 0}
                    onClick={() => void restorePart()}
                  >
                    Confirm restore
                  </button>{" "}
                  <button type="button" className="btn" onClick={() => setPreview(null)}>
                    Cancel
                  </button>
                </section>
              )}
              {canRestore && (
                <button type="button" className="btn" onClick={() => void restore()}>
                  Restore this version…
                </button>
              )}
            </div>
          )}
        </section>
        <ActivityFeed analysisId={analysisId} refreshKey={refreshKey} />
      </main>
    </>
  );
}
