/** Admins only: every account, with create, disable/enable and password reset. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { passwordSchema, userNameSchema } from "../../../shared/accounts";
import { ApiError, createUser, listUsers, queryKeys, type SessionUser, updateUser } from "../lib/api";
import { fieldError } from "../lib/fieldError";
import { formatDate } from "../lib/format";
import { Avatar } from "../ui/Avatar";
import { Button } from "../ui/Button";
import { Checkbox } from "../ui/Checkbox";
import { Dialog } from "../ui/Dialog";
import { EmptyState } from "../ui/EmptyState";
import { Field } from "../ui/Field";
import { Input } from "../ui/Input";
import { PageHeader } from "../ui/PageHeader";
import { SkeletonRows } from "../ui/Skeleton";
import { Tag } from "../ui/Tag";
import { useToast } from "../ui/Toast";
import { usePageTitle } from "../ui/usePageTitle";
import "../components/accounts/accounts.css";

const messageOf = (err: unknown, fallback: string): string =>
  err instanceof ApiError ? err.message : fallback;

function NewUserForm({ onCreated }: { readonly onCreated: () => void }) {
  const id = useId();
  const toast = useToast();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [admin, setAdmin] = useState(false);
  const [errors, setErrors] = useState<{ name?: string; password?: string }>({});

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const n = fieldError("user name", userNameSchema, name);
    const p = fieldError("password", passwordSchema, password);
    setErrors({ ...(n.ok ? {} : { name: n.message }), ...(p.ok ? {} : { password: p.message }) });
    if (!n.ok || !p.ok) return;
    try {
      await createUser(n.value, p.value, admin);
      setName("");
      setPassword("");
      setAdmin(false);
      toast.success(`Created ${n.value}. Share the initial password with them privately.`);
      onCreated();
    } catch (err) {
      setErrors({ name: messageOf(err, "Could not create the user.") });
    }
  };

  return (
    <form className="card form-stack" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>New user</h2>
      <div className="form-row">
        <Field label="User name" error={errors.name ?? null}>
          {(p) => <Input {...p} value={name} autoComplete="off" onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field
          label="Initial password"
          hint="They can change it under Account."
          error={errors.password ?? null}
        >
          {(p) => (
            <Input
              {...p}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Checkbox checked={admin} onCheckedChange={setAdmin}>
        Administrator (can manage accounts)
      </Checkbox>
      <div className="form-actions">
        <Button type="submit" variant="primary">
          Create user
        </Button>
      </div>
    </form>
  );
}

function ResetPasswordDialog({
  user,
  onClose,
}: {
  readonly user: SessionUser;
  readonly onClose: () => void;
}) {
  const toast = useToast();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const p = fieldError("new password", passwordSchema, password);
    if (!p.ok) return setError(p.message);
    try {
      await updateUser(user.id, { password: p.value });
      toast.success(`New password set for ${user.name}; their sessions were signed out.`);
      onClose();
    } catch (err) {
      setError(messageOf(err, "Could not set the password."));
    }
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
      title={`Reset the password of ${user.name}`}
      description="They are signed out everywhere and sign in again with the new password."
    >
      <form className="form-stack" onSubmit={submit} noValidate>
        <Field label="New password" error={error}>
          {(p) => (
            <Input
              {...p}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
                setError(null);
              }}
            />
          )}
        </Field>
        <div className="form-actions">
          <Button type="submit" variant="primary">
            Set password
          </Button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Dialog>
  );
}

export function AdminPage({ me }: { readonly me: SessionUser }) {
  usePageTitle("Users");
  const id = useId();
  const toast = useToast();
  const queryClient = useQueryClient();
  const usersQuery = useQuery({ queryKey: queryKeys.users, queryFn: listUsers, enabled: me.admin });
  const users = usersQuery.data ?? null;
  const [resetting, setResetting] = useState<SessionUser | null>(null);
  const loadError = usersQuery.error;
  useEffect(() => {
    if (loadError) toast.error(messageOf(loadError, "Could not load the users."));
  }, [loadError, toast]);
  const refresh = (): Promise<void> => queryClient.invalidateQueries({ queryKey: queryKeys.users });

  const toggle = async (user: SessionUser): Promise<void> => {
    try {
      await updateUser(user.id, { disabled: !user.disabled });
      toast.success(
        user.disabled ? `${user.name} can sign in again.` : `${user.name} is disabled and signed out.`,
      );
      await refresh();
    } catch (err) {
      toast.error(messageOf(err, "The change failed."));
    }
  };

  if (!me.admin) {
    return (
      <main className="page page-narrow">
        <PageHeader title="Administration" />
        <EmptyState title="Only administrators can manage accounts">
          <p>Ask an administrator to add people or reset a password.</p>
        </EmptyState>
      </main>
    );
  }

  return (
    <main className="page page-narrow">
      <PageHeader
        title="Users"
        subtitle="Everyone who can sign in. Share analyses from an analysis's Members panel."
      />
      <section className="card" aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>Accounts{users ? ` (${users.length})` : ""}</h2>
        {users === null ? (
          <SkeletonRows rows={3} label="Loading users…" />
        ) : (
          <div className="data-table-wrap">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Since</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} className={u.disabled ? "is-disabled" : undefined}>
                    <td>
                      <span className="cell-person">
                        <Avatar person={u} size="sm" />
                        <span>{u.name}</span>
                        {u.admin && <Tag tone="accent">Admin</Tag>}
                        {u.disabled && <Tag>Disabled</Tag>}
                      </span>
                    </td>
                    <td className="muted small">{formatDate(u.createdAt)}</td>
                    <td className="cell-actions">
                      <Button size="sm" onClick={() => setResetting(u)}>
                        Reset password
                      </Button>
                      {u.id !== me.id && (
                        <Button
                          size="sm"
                          variant={u.disabled ? "secondary" : "danger"}
                          onClick={() => void toggle(u)}
                        >
                          {u.disabled ? "Enable" : "Disable"}
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <NewUserForm onCreated={() => void refresh()} />
      {resetting && <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />}
    </main>
  );
}
