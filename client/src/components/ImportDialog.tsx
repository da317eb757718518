/**
 * Import dialog for the analyses list: pick a JSON export or a PARC ACH `.achz`, see what it holds
 * (title, counts, warnings) and import it; every server error is shown as the server worded it.
 */
import { useId, useState } from "react";
import { type ImportPreview, importFile, previewImport } from "../lib/api";
import { Button } from "../ui/Button";
import { Dialog } from "../ui/Dialog";
import "./ImportDialog.css";

export interface ImportDialogProps {
  onImported(id: string): void;
  onClose(): void;
}

export function ImportDialog({ onImported, onClose }: ImportDialogProps) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);
  const inputId = useId();

  const choose = async (picked: File | null): Promise<void> => {
    setFile(picked);
    setPreview(null);
    setError(null);
    if (!picked) return;
    const name = picked.name.toLowerCase();
    if (!name.endsWith(".json") && !name.endsWith(".achz")) {
      setError("Choose a .json export or a PARC ACH .achz file.");
      return;
    }
    setBusy("preview");
    try {
      setPreview(await previewImport(picked));
    } catch (e) {
      setError(e instanceof Error ? e.message : "The file could not be read.");
    } finally {
      setBusy(null);
    }
  };

  const confirm = async (): Promise<void> => {
    if (!file) return;
    setBusy("import");
    setError(null);
    try {
      onImported((await importFile(file)).id);
    } catch (e) {
      setError(e instanceof Error ? e.message : "The import failed.");
    } finally {
      setBusy(null);
    }
  };

  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open && busy !== "import") onClose();
      }}
      title="Import an analysis"
      description="An ACH Workspace JSON export, or a PARC ACH 2.0 file (.achz)."
      width="md"
    >
      <div className="field import-file">
        <label className="field-label" htmlFor={inputId}>
          File
        </label>
        <input
          id={inputId}
          type="file"
          accept=".json,.achz,application/json"
          disabled={busy !== null}
          onChange={(e) => void choose(e.target.files?.[0] ?? null)}
        />
      </div>
      {busy === "preview" && (
        <p className="import-status" role="status">
          Reading the file…
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {preview && (
        <section className="import-preview" aria-label="What will be imported">
          <h3 className="import-preview-title">{preview.title}</h3>
          {preview.question && <p className="import-question">{preview.question}</p>}
          <dl className="import-counts">
            <div>
              <dt>Hypotheses</dt>
              <dd>{preview.hypotheses}</dd>
            </div>
            <div>
              <dt>Evidence</dt>
              <dd>{preview.evidence}</dd>
            </div>
            <div>
              <dt>Analysts</dt>
              <dd>{preview.analysts}</dd>
            </div>
          </dl>
          {preview.warnings.length > 0 && (
            <ul className="import-warnings" aria-label="Warnings">
              {preview.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
        </section>
      )}
      <div className="form-actions">
        <Button variant="primary" disabled={!preview || busy !== null} onClick={() => void confirm()}>
          {busy === "import" ? "Importing…" : "Import"}
        </Button>
        <Button onClick={onClose} disabled={busy === "import"}>
          Cancel
        </Button>
      </div>
    </Dialog>
  );
}
