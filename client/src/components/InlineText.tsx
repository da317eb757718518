/** Text shown as-is that turns into an input on click; commits on Enter/blur, Escape cancels. */
import { type KeyboardEvent, useId, useState } from "react";
import type { z } from "zod";
import { plainValidationMessage } from "../lib/validationMessage";
import "./InlineText.css";

export interface InlineTextProps {
  readonly value: string;
  /** Accessible name of the field, e.g. "Hypothesis title". */
  readonly label: string;
  readonly schema: z.ZodType<string>;
  readonly onCommit: (value: string) => void;
  readonly multiline?: boolean;
  readonly placeholder?: string;
  readonly className?: string;
  readonly testId?: string;
  /** Tooltip of the shown text (the full value when CSS truncates it); default "Click to edit". */
  readonly tooltip?: string;
}

export function InlineText(props: InlineTextProps) {
  const {
    value,
    label,
    schema,
    onCommit,
    multiline = false,
    placeholder = "",
    className = "",
    testId,
    tooltip,
  } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();

  const commit = (): boolean => {
    if (draft === null) return true;
    const r = schema.safeParse(draft);
    if (!r.success) {
      setError(plainValidationMessage(label.toLowerCase(), r.error));
      return false;
    }
    if (r.data !== value) onCommit(r.data);
    setDraft(null);
    setError(null);
    return true;
  };
  const cancel = (): void => {
    setDraft(null);
    setError(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>): void => {
    e.stopPropagation();
    if (e.key === "Escape") cancel();
    else if (e.key === "Enter" && !(multiline && e.shiftKey)) {
      e.preventDefault();
      commit();
    }
  };

  if (draft === null) {
    return (
      <button
        type="button"
        className={`inline-text ${value ? "" : "inline-text-empty"} ${className}`}
        aria-label={`${label}: ${value || "empty"}`}
        title={tooltip ?? "Click to edit"}
        data-testid={testId}
        onClick={() => setDraft(value)}
      >
        {value || placeholder}
      </button>
    );
  }
  const common = {
    className: `inline-input ${className}`,
    "aria-label": label,
    "aria-invalid": error !== null,
    "aria-describedby": error ? errorId : undefined,
    value: draft,
    autoFocus: true,
    "data-testid": testId ? `${testId}-input` : undefined,
    onChange: (e: { target: { value: string } }) => {
      setDraft(e.target.value);
      setError(null);
    },
    onBlur: () => {
      if (!commit()) cancel();
    },
    onKeyDown,
  };
  return (
    <span className="inline-edit">
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      {error && (
        <span id={errorId} role="alert" className="field-error">
          {error}
        </span>
      )}
    </span>
  );
}
