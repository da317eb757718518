/** "New analysis": a title (checked inline, in plain words), then straight into the new matrix. */
import { type FormEvent, useState } from "react";
import { titleSchema } from "../../../../shared/schema/fields";
import { ApiError, createAnalysis } from "../../lib/api";
import { fieldError } from "../../lib/fieldError";
import { navigate } from "../../routes/router";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";

export function NewAnalysisDialog({
  open,
  onOpenChange,
}: {
  readonly open: boolean;
  readonly onOpenChange: (open: boolean) => void;
}) {
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const checked = fieldError("title", titleSchema, title);
    if (!checked.ok) {
      setError(checked.message);
      return;
    }
    setBusy(true);
    try {
      const created = await createAnalysis(checked.value);
      navigate(`/a/${encodeURIComponent(created.id)}`);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not create the analysis.");
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="New analysis"
      description="Name the question you are analysing. You add hypotheses and evidence next."
    >
      <form className="form-stack" onSubmit={submit} noValidate>
        <Field label="Title" error={error}>
          {(p) => (
            <Input
              {...p}
              value={title}
              placeholder="e.g. Who attacked the convoy?"
              autoComplete="off"
              onChange={(e) => {
                setTitle(e.target.value);
                setError(null);
              }}
            />
          )}
        </Field>
        <div className="form-actions">
          <Button type="submit" variant="primary" disabled={busy}>
            Create analysis
          </Button>
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
        </div>
      </form>
    </Dialog>
  );
}
