/**
 * A text field's local draft over a live value: a co-editor's change shows while I am not typing in
 * the field; valid text is written as it is typed (see useLiveWrite); on blur the draft is validated
 * and committed when it changed, or its error is shown (and the draft kept, so nothing typed is lost).
 */
import { useEffect, useRef, useState } from "react";
import type { z } from "zod";
import { plainValidationMessage } from "../lib/validationMessage";
import { useLiveWrite } from "./useLiveWrite";

export interface FieldDraft {
  readonly draft: string;
  readonly error: string | null;
  readonly onFocus: () => void;
  readonly onChange: (e: { readonly target: { readonly value: string } }) => void;
  readonly onBlur: () => void;
}

/** `subject` names the field in the error ("title must not be empty"). */
export function useFieldDraft<T>(
  value: string,
  schema: z.ZodType<T>,
  subject: string,
  commit: (parsed: T) => void,
): FieldDraft {
  const [draft, setDraft] = useState(value);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!editing) setDraft(value);
  }, [value, editing]);
  const latest = useRef(value);
  latest.current = value;
  const live = useLiveWrite((text) => {
    const r = schema.safeParse(text);
    if (r.success && r.data !== latest.current) commit(r.data);
  });
  return {
    draft,
    error,
    onFocus: () => setEditing(true),
    onChange: (e) => {
      setDraft(e.target.value);
      setError(null);
      live.schedule(e.target.value);
    },
    onBlur: () => {
      live.cancel();
      const r = schema.safeParse(draft);
      if (!r.success) {
        setError(plainValidationMessage(subject, r.error));
        return;
      }
      setEditing(false);
      setError(null);
      if (r.data !== value) commit(r.data);
    },
  };
}
