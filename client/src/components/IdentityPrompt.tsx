/** Asks for a display name once; it labels my ratings and my presence for everyone else. */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { displayNameSchema } from "../lib/identity";

export function IdentityPrompt({ onSubmit }: { readonly onSubmit: (name: string) => void }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const r = displayNameSchema.safeParse(name);
    if (!r.success) {
      setError(r.error.issues[0]?.message ?? "invalid");
      return;
    }
    onSubmit(r.data);
  };
  return (
    <main className="welcome">
      <form className="card welcome-card" onSubmit={submit} noValidate>
        <h1>ACH Workspace</h1>
        <p>
          Analyse competing hypotheses together. Choose the name your colleagues will see next to your
          ratings.
        </p>
        <label htmlFor={id}>Your display name</label>
        <input
          id={id}
          type="text"
          value={name}
          ref={input}
          autoComplete="name"
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-err` : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setError(null);
          }}
        />
        {error && (
          <span id={`${id}-err`} role="alert" className="field-error">
            Name {error}
          </span>
        )}
        <button type="submit" className="btn btn-primary">
          Continue
        </button>
      </form>
    </main>
  );
}
