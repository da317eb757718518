/**
 * `/a/:id/history`: versions (each viewable read-only), the activity feed, the diff of a version
 * against now, and restore (leads) of the whole analysis or of one row or hypothesis.
 * `?compare=<versionId>` opens that version's diff at once (the version page links here).
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useMemo, useState } from "react";
import { useAnalysisSummary } from "../../hooks/useAnalysisSummary";
import {
  type ChangeItem,
  diffVersions,
  getMembers,
  listVersions,
  queryKeys,
  type RestoreTarget,
  restoreScope,
  restoreVersion,
  saveVersion,
  type VersionItem,
} from "../../lib/api";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { PageHeader } from "../../ui/PageHeader";
import { SkeletonRows } from "../../ui/Skeleton";
import { useToast } from "../../ui/Toast";
import { AnalysisNav } from "../AnalysisNav";
import { ActivityFeed } from "./ActivityFeed";
import { changeText, VersionDiff } from "./VersionDiff";
import { VersionList } from "./VersionList";
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
  const id = useId();
  const toast = useToast();
  const queryClient = useQueryClient();
  const history = queryKeys.history(analysisId);
  const versionsQuery = useQuery({
    queryKey: [...history, "versions"],
    queryFn: () => listVersions(analysisId),
  });
  const versions = versionsQuery.data ?? null;
  // `?compare=<versionId>` selects that version as soon as the list holds it.
  const [selectedId, setSelectedId] = useState(() =>
    new URLSearchParams(window.location.search).get("compare"),
  );
  const selected = versions?.find((v) => v.id === selectedId) ?? null;
  const diffQuery = useQuery({
    queryKey: [...history, "diff", selected?.id],
    queryFn: () => diffVersions(analysisId, selected?.id ?? "", "current"),
    enabled: selected !== null,
  });
  const diff = diffQuery.data ?? null;
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const members = useQuery({
    queryKey: queryKeys.members(analysisId),
    queryFn: () => getMembers(analysisId),
  });
  const names = useMemo(
    () => new Map((members.data?.members ?? []).map((m) => [m.userId, m.name])),
    [members.data],
  );
  // Without the member list (no accounts) the diff names raters by account id, and restore is
  // offered to everyone: the server still refuses it to anyone but a lead.
  const canRestore = members.isError || members.data?.role === "lead";
  const [preview, setPreview] = useState<Preview | null>(null);
  const [confirmingRestore, setConfirmingRestore] = useState(false);
  const fail = (e: unknown): void => toast.error(e instanceof Error ? e.message : "The request failed.");
  /** Versions, activity and the open diff are read again after a save or a restore. */
  const historyChanged = (): Promise<void> => queryClient.invalidateQueries({ queryKey: history });

  const compare = (version: VersionItem): void => {
    setSelectedId(version.id);
    setPreview(null);
  };
  const loadError = versionsQuery.error ?? diffQuery.error;

  const save = (e: FormEvent): void => {
    e.preventDefault();
    const trimmed = name.trim();
    if (trimmed === "") {
      setNameError("Name the version, e.g. what is about to change.");
      return;
    }
    saveVersion(analysisId, trimmed).then(() => {
      setName("");
      toast.success(`Saved version "${trimmed}".`);
      void historyChanged();
    }, fail);
  };

  /** First the dry run: the lead sees exactly what restoring this row or hypothesis would change. */
  const previewPart = async (scope: Exclude<RestoreTarget, "analysis">) => {
    if (!selected) return;
    try {
      const { changes } = await restoreScope(analysisId, selected.id, scope, true);
      setPreview({ scope, changes });
    } catch (e) {
      fail(e);
    }
  };

  const restorePart = async () => {
    if (!selected || !preview) return;
    const what = "evidenceId" in preview.scope ? "row" : "hypothesis";
    try {
      await restoreScope(analysisId, selected.id, preview.scope, false);
      toast.success(`Restored the ${what} from "${selected.name}".`);
      setPreview(null);
      await historyChanged();
    } catch (e) {
      fail(e);
    }
  };

  const restore = async () => {
    if (!selected) return;
    setConfirmingRestore(false);
    try {
      await restoreVersion(analysisId, selected.id);
      toast.success(`Restored to "${selected.name}".`);
      setPreview(null);
      await historyChanged();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <>
      <AnalysisNav analysisId={analysisId} title={summary?.title ?? null} current="history" />
      <main className="page history-page">
        <PageHeader
          title="History"
          subtitle="Every change in words, named versions to compare with now, and restore."
        />
        <div className="history-columns">
          <section aria-labelledby={`${id}-v`} className="card history-card">
            <h2 id={`${id}-v`}>Versions</h2>
            {canSave && (
              <form className="history-save" onSubmit={save} noValidate>
                <Field label="Version name" error={nameError}>
                  {(p) => (
                    <Input
                      {...p}
                      placeholder="e.g. Before the team meeting"
                      value={name}
                      onChange={(e) => {
                        setName(e.target.value);
                        setNameError(null);
                      }}
                    />
                  )}
                </Field>
                <Button type="submit" variant="primary">
                  Save version
                </Button>
              </form>
            )}
            {loadError && (
              <p role="alert" className="form-error">
                {loadError.message}
              </p>
            )}
            {versions === null ? (
              <SkeletonRows rows={3} label="Loading versions…" />
            ) : (
              <VersionList
                analysisId={analysisId}
                versions={versions}
                canSave={canSave}
                selectedId={selected?.id ?? null}
                onCompare={compare}
              />
            )}
            {selected && diff && (
              <div className="history-diff">
                <p className="history-diff-title">
                  <span className="muted">Comparing</span> “{selected.name}”{" "}
                  <span className="muted">with now</span>
                </p>
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
                    <div className="form-actions">
                      <Button
                        variant="primary"
                        disabled={preview.changes.length === 0}
                        onClick={() => void restorePart()}
                      >
                        Confirm restore
                      </Button>
                      <Button onClick={() => setPreview(null)}>Cancel</Button>
                    </div>
                  </section>
                )}
                {canRestore && (
                  <Button variant="danger" onClick={() => setConfirmingRestore(true)}>
                    Restore this version…
                  </Button>
                )}
              </div>
            )}
          </section>
          <ActivityFeed analysisId={analysisId} />
        </div>
        {selected && (
          <Dialog
            open={confirmingRestore}
            onOpenChange={setConfirmingRestore}
            title={`Restore the analysis to "${selected.name}"?`}
            description="Everything returns to how it was then, as a new change on top: nothing is lost, and you can restore back."
          >
            <div className="form-actions">
              <Button variant="danger" onClick={() => void restore()}>
                Restore
              </Button>
              <Button onClick={() => setConfirmingRestore(false)}>Cancel</Button>
            </div>
          </Dialog>
        )}
      </main>
    </>
  );
}
