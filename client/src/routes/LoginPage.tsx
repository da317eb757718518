/** Sign in with a user name and password; the server sets an HttpOnly session cookie. */
import { type FormEvent, useId, useState } from "react";
import type { SessionUser } from "../lib/accountsApi";
import { login } from "../lib/accountsApi";
import { ApiError } from "../lib/api";

export function LoginPage({ onSignedIn }: { readonly onSignedIn: (user: SessionUser) => void }) {
  const id = useId();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await login(name, password));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not sign in.");
      setBusy(false);
    }
  };

  return (
    <main className="welcome">
      <form className="card welcome-card" onSubmit={submit} aria-labelledby={`${id}-h`}>
        <h1 id={`${id}-h`}>Sign in to ACH Workspace</h1>
        <label htmlFor={`${id}-name`}>User name</label>
        <input
          id={`${id}-name`}
          type="text"
          value={name}
          autoComplete="username"
          required
          onChange={(e) => setName(e.target.value)}
        />
        <label htmlFor={`${id}-pw`}>Password</label>
        <input
          id={`${id}-pw`}
          type="password"
          value={password}
          autoComplete="current-password"
          required
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <span role="alert" className="field-error">
            {error}
          </span>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}
