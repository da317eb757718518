/** The list of analyses: open one, create one, archive or restore one. */
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import { titleSchema } from "../../../shared/schema/fields";
import { ImportDialog } from "../components/ImportDialog";
import {
  type AnalysisRecord,
  ApiError,
  archiveAnalysis,
  createAnalysis,
  listAnalyses,
  restoreAnalysis,
} from "../lib/api";
import { formatDateTime } from "../lib/format";
import { plainValidationMessage } from "../lib/validationMessage";
import { Link, navigate } from "./router";

type Load =
  | { state: "loading" }
  | { state: "error"; message: string }
  | { state: "ready"; items: readonly AnalysisRecord[] };

function NewAnalysisForm() {
  const id = useId();
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const r = titleSchema.safeParse(title);
    if (!r.success) {
      setError(plainValidationMessage("title", r.error));
      return;
    }
    setBusy(true);
    try {
      const created = await createAnalysis(r.data);
      navigate(`/a/${encodeURIComponent(created.id)}`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not create the analysis.");
      setBusy(false);
    }
  };

  return (
    <form className="card new-analysis" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>New analysis</h2>
      <label htmlFor={id}>Title</label>
      <div className="inline-form">
        <input
          id={id}
          type="text"
          value={title}
          placeholder="e.g. Who attacked the convoy?"
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-err` : undefined}
          onChange={(e) => {
            setTitle(e.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Create analysis
        </button>
      </div>
      {error && (
        <span id={`${id}-err`} role="alert" className="field-error">
          {error}
        </span>
      )}
    </form>
  );
}

function AnalysisRow({ a, onChanged }: { readonly a: AnalysisRecord; readonly onChanged: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (op: () => Promise<void>) => () => {
    op()
      .then(onChanged)
      .catch((err: unknown) => setError(err instanceof Error ? err.message : "failed"));
  };
  return (
    <li className={`analysis ${a.archived ? "is-archived" : ""}`} data-testid={`analysis-${a.id}`}>
      <div className="analysis-main">
        <Link
          href={`/a/${encodeURIComponent(a.id)}`}
          className="analysis-title clamp-3 break-anywhere"
          title={a.title}
        >
          {a.title}
        </Link>
        {a.createdBy === "system" && <span className="badge">Sample</span>}
        {a.archived && <span className="badge badge-muted">Archived</span>}
        <div className="analysis-dates">
          Created {formatDateTime(a.createdAt)} · Updated {formatDateTime(a.updatedAt)}
        </div>
        <nav className="analysis-links" aria-label={`Pages of "${a.title}"`}>
          <Link href={`/a/${encodeURIComponent(a.id)}`}>Matrix</Link> ·{" "}
          <Link href={`/a/${encodeURIComponent(a.id)}/lead`} data-testid={`lead-link-${a.id}`}>
            Lead review
          </Link>{" "}
          · <Link href={`/a/${encodeURIComponent(a.id)}/history`}>History</Link>
        </nav>
        {error && (
          <span role="alert" className="field-error">
            {error}
          </span>
        )}
      </div>
      {/* Archiving and restoring are a lead's (the server refuses anyone else): offer them to leads only. */}
      <div className="analysis-actions">
        {(a.role ?? "lead") !== "lead" ? null : a.archived ? (
          <button type="button" className="btn" onClick={run(() => restoreAnalysis(a.id))}>
            Restore
          </button>
        ) : confirming ? (
          <>
            <button type="button" className="btn btn-danger" onClick={run(() => archiveAnalysis(a.id))}>
              Confirm archive
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button
            type="button"
            className="btn"
            aria-label={`Archive "${a.title}"`}
            onClick={() => setConfirming(true)}
          >
            Archive
          </button>
        )}
      </div>
    </li>
  );
}

export function AnalysesPage() {
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [showArchived, setShowArchived] = useState(false);
  const [importing, setImporting] = useState(false);

  const refresh = useCallback(() => {
    listAnalyses()
      .then((items) => setLoad({ state: "ready", items }))
      .catch((err: unknown) =>
        setLoad({ state: "error", message: err instanceof Error ? err.message : "Could not load analyses." }),
      );
  }, []);
  useEffect(refresh, [refresh]);

  const items =
    load.state === "ready"
      ? [...load.items]
          .filter((a) => showArchived || !a.archived)
          .sort((x, y) => y.updatedAt.localeCompare(x.updatedAt))
      : [];
  const archivedCount = load.state === "ready" ? load.items.filter((a) => a.archived).length : 0;

  return (
    <main className="page analyses-page">
      <div className="page-head">
        <h1>Analyses</h1>
        <label className="check">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
          Show archived ({archivedCount})
        </label>
        <button type="button" className="btn" onClick={() => setImporting(true)}>
          Import…
        </button>
      </div>
      {importing && (
        <ImportDialog
          onImported={(id) => navigate(`/a/${encodeURIComponent(id)}`)}
          onClose={() => setImporting(false)}
        />
      )}
      <div className="analyses-layout">
        <section aria-label="All analyses">
          {load.state === "loading" && <p className="muted">Loading…</p>}
          {load.state === "error" && (
            <p role="alert" className="field-error">
              {load.message}
            </p>
          )}
          {load.state === "ready" && items.length === 0 && (
            <p className="muted">No analyses yet. Create the first one.</p>
          )}
          <ul className="analyses" data-testid="analyses">
            {items.map((a) => (
              <AnalysisRow key={a.id} a={a} onChanged={refresh} />
            ))}
          </ul>
        </section>
        <NewAnalysisForm />
      </div>
    </main>
  );
}
