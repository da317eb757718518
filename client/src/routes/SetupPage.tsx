/** First run only: create the admin account (the server refuses once any account exists). */
import { type FormEvent, useId, useState } from "react";
import { AccountLimits, passwordSchema, userNameSchema } from "../../../shared/accounts";
import { type SessionUser, setupAdmin } from "../lib/accountsApi";
import { ApiError } from "../lib/api";
import { plainValidationMessage } from "../lib/validationMessage";

export function SetupPage({ onSignedIn }: { readonly onSignedIn: (user: SessionUser) => void }) {
  const id = useId();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const n = userNameSchema.safeParse(name);
    if (!n.success) {
      setError(plainValidationMessage("user name", n.error));
      return;
    }
    const p = passwordSchema.safeParse(password);
    if (!p.success) {
      setError(plainValidationMessage("password", p.error));
      return;
    }
    if (password !== confirm) {
      setError("The two passwords differ.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await setupAdmin(n.data, p.data));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not create the account.");
      setBusy(false);
    }
  };

  return (
    <main className="welcome">
      <form className="card welcome-card" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
        <h1 id={`${id}-h`}>Set up ACH Workspace</h1>
        <p>Create the administrator account. You can then add your colleagues and share analyses.</p>
        <label htmlFor={`${id}-name`}>Admin user name</label>
        <input
          id={`${id}-name`}
          type="text"
          value={name}
          autoComplete="username"
          onChange={(e) => setName(e.target.value)}
        />
        <label htmlFor={`${id}-pw`}>Password</label>
        <input
          id={`${id}-pw`}
          type="password"
          value={password}
          autoComplete="new-password"
          aria-describedby={`${id}-hint`}
          onChange={(e) => setPassword(e.target.value)}
        />
        <span id={`${id}-hint`} className="field-hint">
          At least {AccountLimits.passwordMinLength} characters.
        </span>
        <label htmlFor={`${id}-confirm`}>Repeat the password</label>
        <input
          id={`${id}-confirm`}
          type="password"
          value={confirm}
          autoComplete="new-password"
          onChange={(e) => setConfirm(e.target.value)}
        />
        {error && (
          <span role="alert" className="field-error">
            {error}
          </span>
        )}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          Create admin account
        </button>
      </form>
    </main>
  );
}
