/** My account: change my password; create, list and revoke API tokens for scripts. */
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import { passwordSchema } from "../../../shared/accounts";
import {
  changePassword,
  createToken,
  listTokens,
  revokeToken,
  type SessionUser,
  type TokenInfo,
} from "../lib/accountsApi";
import { ApiError } from "../lib/api";
import { formatDateTime } from "../lib/format";
import { plainValidationMessage } from "../lib/validationMessage";

const messageOf = (err: unknown, fallback: string): string =>
  err instanceof ApiError ? err.message : fallback;

function PasswordForm({ userName }: { readonly userName: string }) {
  const id = useId();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const p = passwordSchema.safeParse(next);
    if (!p.success) return setNote({ ok: false, text: plainValidationMessage("new password", p.error) });
    try {
      await changePassword(current, p.data);
      setCurrent("");
      setNext("");
      setNote({ ok: true, text: "Password changed. Your other sessions were signed out." });
    } catch (err) {
      setNote({ ok: false, text: messageOf(err, "Could not change the password.") });
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Password</h2>
      {/* Lets password managers tie the new password to this account. */}
      <input type="text" autoComplete="username" value={userName} readOnly hidden />
      <label htmlFor={`${id}-cur`}>Current password</label>
      <input
        id={`${id}-cur`}
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
      />
      <label htmlFor={`${id}-new`}>New password</label>
      <input
        id={`${id}-new`}
        type="password"
        autoComplete="new-password"
        value={next}
        onChange={(e) => setNext(e.target.value)}
      />
      {note && (
        <p role={note.ok ? "status" : "alert"} className={note.ok ? "field-hint" : "field-error"}>
          {note.text}
        </p>
      )}
      <button type="submit" className="btn btn-primary">
        Change password
      </button>
    </form>
  );
}

function Tokens() {
  const id = useId();
  const [tokens, setTokens] = useState<readonly TokenInfo[]>([]);
  const [name, setName] = useState("");
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    try {
      setTokens(await listTokens());
    } catch (err) {
      setError(messageOf(err, "Could not load your tokens."));
    }
  }, []);
  useEffect(() => void refresh(), [refresh]);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (name.trim() === "") {
      setError("Give the token a name, e.g. the script that uses it.");
      return;
    }
    try {
      const created = await createToken(name.trim());
      setFresh(created.token);
      setName("");
      setError(null);
      await refresh();
    } catch (err) {
      setError(messageOf(err, "Could not create the token."));
    }
  };

  const revoke = async (token: TokenInfo): Promise<void> => {
    try {
      await revokeToken(token.id);
      await refresh();
    } catch (err) {
      setError(messageOf(err, "Could not revoke the token."));
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>API tokens</h2>
      <p className="muted">
        Scripts send a token as <code>Authorization: Bearer …</code> (REST) or <code>?token=…</code> (sync).
      </p>
      {fresh && (
        <p role="status" className="notice">
          Copy this token now; it is not shown again: <code data-testid="new-token">{fresh}</code>
        </p>
      )}
      <form className="inline-form" onSubmit={submit} noValidate>
        <label htmlFor={`${id}-name`} className="visually-hidden">
          Token name
        </label>
        <input
          id={`${id}-name`}
          type="text"
          placeholder="Token name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="btn">
          Create token
        </button>
      </form>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <ul className="analyses">
        {tokens.map((t) => (
          <li key={t.id} className="analysis">
            <span className="analysis-title">{t.name}</span>
            <span className="analysis-dates">
              created {formatDateTime(t.createdAt)}
              {t.expiresAt ? `, expires ${formatDateTime(t.expiresAt)}` : ""}
            </span>
            <span className="analysis-actions">
              <button type="button" className="btn btn-danger" onClick={() => void revoke(t)}>
                Revoke
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function AccountPage({ user }: { readonly user: SessionUser }) {
  return (
    <main className="page">
      <div className="page-head">
        <h1>Your account: {user.name}</h1>
      </div>
      <PasswordForm userName={user.name} />
      <Tokens />
    </main>
  );
}
