/**
 * Text shown as-is that turns into an input on click. Valid text is written as it is typed (see
 * useLiveWrite) and on Enter/blur; Escape cancels, writing back the text the edit started from.
 */
import { type KeyboardEvent, useId, useRef, useState } from "react";
import type { z } from "zod";
import { useLiveWrite } from "../hooks/useLiveWrite";
import { plainValidationMessage } from "../lib/validationMessage";
import "./InlineText.css";
import { SlashWrapped } from "./SlashWrapped";

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
  // The text the edit started from, and whether typing has written over it (so Escape writes it back).
  const original = useRef(value);
  const wrote = useRef(false);
  const latest = useRef(value);
  latest.current = value;
  const live = useLiveWrite((text) => {
    const r = schema.safeParse(text);
    if (!r.success || r.data === latest.current) return;
    wrote.current = true;
    onCommit(r.data);
  });

  const start = (): void => {
    original.current = value;
    wrote.current = false;
    setDraft(value);
  };
  const commit = (): boolean => {
    if (draft === null) return true;
    live.cancel();
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
    live.cancel();
    if (wrote.current && value !== original.current) onCommit(original.current);
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
        onClick={start}
      >
        {value ? <SlashWrapped text={value} /> : placeholder}
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
      live.schedule(e.target.value);
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
