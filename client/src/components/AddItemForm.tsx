/** A one-field form that adds an item (a hypothesis, a row of evidence), validating before it submits. */
import { type FormEvent, useId, useState } from "react";
import type { z } from "zod";
import { plainValidationMessage } from "../lib/validationMessage";

export interface AddItemFormProps {
  /** The input's visible label, e.g. "New hypothesis title". */
  readonly label: string;
  readonly buttonLabel: string;
  /** Names the value in error messages, e.g. "Title" → "Title must not be empty". */
  readonly subject: string;
  readonly placeholder: string;
  readonly schema: z.ZodType<string>;
  readonly onAdd: (value: string) => void;
  readonly className?: string;
}

export function AddItemForm({
  label,
  buttonLabel,
  subject,
  placeholder,
  schema,
  onAdd,
  className = "",
}: AddItemFormProps) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const r = schema.safeParse(value);
    if (!r.success) {
      setError(plainValidationMessage(subject.toLowerCase(), r.error));
      return;
    }
    try {
      onAdd(r.data);
      setValue("");
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : "could not add");
    }
  };

  return (
    <form className={`add-form ${value.trim() ? "has-value" : ""} ${className}`} onSubmit={submit} noValidate>
      <label htmlFor={inputId} className="add-label">
        {label}
      </label>
      <input
        id={inputId}
        type="text"
        placeholder={placeholder}
        value={value}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => {
          setValue(e.target.value);
          setError(null);
        }}
      />
      <button type="submit" className="btn btn-primary">
        {buttonLabel}
      </button>
      {error && (
        <span id={errorId} role="alert" className="field-error">
          {error}
        </span>
      )}
    </form>
  );
}
