/** Admins only: every account, with create, disable/enable and password reset. */
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import { passwordSchema, userNameSchema } from "../../../shared/accounts";
import { createUser, listUsers, type SessionUser, updateUser } from "../lib/accountsApi";
import { ApiError } from "../lib/api";
import { plainValidationMessage } from "../lib/validationMessage";

const messageOf = (err: unknown, fallback: string): string =>
  err instanceof ApiError ? err.message : fallback;

function NewUserForm({ onCreated }: { readonly onCreated: () => void }) {
  const id = useId();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [admin, setAdmin] = useState(false);
  const [error, setError] = useState<string | null>(null);

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
    try {
      await createUser(n.data, p.data, admin);
      setName("");
      setPassword("");
      setAdmin(false);
      setError(null);
      onCreated();
    } catch (err) {
      setError(messageOf(err, "Could not create the user."));
    }
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>New user</h2>
      <label htmlFor={`${id}-name`}>User name</label>
      <input id={`${id}-name`} type="text" value={name} onChange={(e) => setName(e.target.value)} />
      <label htmlFor={`${id}-pw`}>Initial password</label>
      <input
        id={`${id}-pw`}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <label className="check">
        <input type="checkbox" checked={admin} onChange={(e) => setAdmin(e.target.checked)} /> Administrator
      </label>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary">
        Create user
      </button>
    </form>
  );
}

export function AdminPage({ me }: { readonly me: SessionUser }) {
  const id = useId();
  const [users, setUsers] = useState<readonly SessionUser[]>([]);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    try {
      setUsers(await listUsers());
    } catch (err) {
      setError(messageOf(err, "Could not load the users."));
    }
  }, []);
  useEffect(() => {
    if (me.admin) void refresh();
  }, [me.admin, refresh]);

  const act = async (change: () => Promise<unknown>): Promise<void> => {
    try {
      await change();
      setError(null);
      await refresh();
    } catch (err) {
      setError(messageOf(err, "The change failed."));
    }
  };

  const reset = (user: SessionUser): void => {
    const password = window.prompt(`New password for ${user.name}`);
    if (password === null) return;
    const p = passwordSchema.safeParse(password);
    if (!p.success) {
      setError(plainValidationMessage("password", p.error));
      return;
    }
    void act(() => updateUser(user.id, { password: p.data }));
  };

  if (!me.admin) {
    return (
      <main className="page">
        <h1>Administration</h1>
        <p>Only administrators can manage accounts.</p>
      </main>
    );
  }

  return (
    <main className="page">
      <div className="page-head">
        <h1 id={`${id}-h`}>Users</h1>
      </div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      <ul className="analyses" aria-labelledby={`${id}-h`}>
        {users.map((u) => (
          <li key={u.id} className={`analysis${u.disabled ? " is-archived" : ""}`}>
            <span className="analysis-title">
              {u.name} {u.admin && <span className="badge">admin</span>}{" "}
              {u.disabled && <span className="badge badge-muted">disabled</span>}
            </span>
            <span className="analysis-actions">
              <button type="button" className="btn" onClick={() => reset(u)}>
                Reset password
              </button>
              {u.id !== me.id && (
                <button
                  type="button"
                  className={u.disabled ? "btn" : "btn btn-danger"}
                  onClick={() => void act(() => updateUser(u.id, { disabled: !u.disabled }))}
                >
                  {u.disabled ? "Enable" : "Disable"}
                </button>
              )}
            </span>
          </li>
        ))}
      </ul>
      <NewUserForm onCreated={() => void refresh()} />
    </main>
  );
}
