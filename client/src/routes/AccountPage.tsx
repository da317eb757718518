/** My account: change my password; create, list and revoke API tokens for scripts. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useState } from "react";
import { AccountLimits, passwordSchema } from "../../../shared/accounts";
import {
  ApiError,
  changePassword,
  createToken,
  listTokens,
  queryKeys,
  revokeToken,
  type SessionUser,
  type TokenInfo,
} from "../lib/api";
import { fieldError } from "../lib/fieldError";
import { formatDateTime } from "../lib/format";
import { Button } from "../ui/Button";
import { EmptyState } from "../ui/EmptyState";
import { Field, FormMessage } from "../ui/Field";
import { Input } from "../ui/Input";
import { PageHeader } from "../ui/PageHeader";
import { SkeletonRows } from "../ui/Skeleton";
import { useToast } from "../ui/Toast";
import { usePageTitle } from "../ui/usePageTitle";
import "../components/accounts/accounts.css";

const messageOf = (err: unknown, fallback: string): string =>
  err instanceof ApiError ? err.message : fallback;

function PasswordForm({ userName }: { readonly userName: string }) {
  const id = useId();
  const toast = useToast();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [errors, setErrors] = useState<{ current?: string; next?: string }>({});

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const p = fieldError("new password", passwordSchema, next);
    const found = {
      ...(current === "" ? { current: "Enter your current password." } : {}),
      ...(p.ok ? {} : { next: p.message }),
    };
    setErrors(found);
    if (!p.ok || found.current) return;
    try {
      await changePassword(current, p.value);
      setCurrent("");
      setNext("");
      toast.success("Password changed. Your other sessions were signed out.");
    } catch (err) {
      setErrors({ current: messageOf(err, "Could not change the password.") });
    }
  };

  return (
    <form className="card form-stack" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Password</h2>
      {/* Lets password managers tie the new password to this account. */}
      <input type="text" autoComplete="username" value={userName} readOnly hidden />
      <div className="form-row">
        <Field label="Current password" error={errors.current ?? null}>
          {(p) => (
            <Input
              {...p}
              type="password"
              autoComplete="current-password"
              value={current}
              onChange={(e) => setCurrent(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="New password"
          hint={`At least ${AccountLimits.passwordMinLength} characters.`}
          error={errors.next ?? null}
        >
          {(p) => (
            <Input
              {...p}
              type="password"
              autoComplete="new-password"
              value={next}
              onChange={(e) => setNext(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary">
          Change password
        </Button>
      </div>
    </form>
  );
}

function Tokens() {
  const id = useId();
  const toast = useToast();
  const queryClient = useQueryClient();
  const tokensQuery = useQuery({ queryKey: queryKeys.tokens, queryFn: listTokens });
  const tokens = tokensQuery.data ?? null;
  const [name, setName] = useState("");
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadError = tokensQuery.error;
  useEffect(() => {
    if (loadError) toast.error(messageOf(loadError, "Could not load your tokens."));
  }, [loadError, toast]);
  const refresh = (): Promise<void> => queryClient.invalidateQueries({ queryKey: queryKeys.tokens });

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
      toast.success(`Revoked "${token.name}". Scripts using it stop working now.`);
      await refresh();
    } catch (err) {
      toast.error(messageOf(err, "Could not revoke the token."));
    }
  };

  return (
    <section className="card form-stack" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>API tokens</h2>
      <p className="muted">
        Scripts send a token as <code>Authorization: Bearer …</code> (REST) or <code>?token=…</code> (sync).
      </p>
      {fresh && (
        <FormMessage tone="ok">
          Copy this token now; it is not shown again:
          <code className="token-secret" data-testid="new-token">
            {fresh}
          </code>
        </FormMessage>
      )}
      <form className="form-row" onSubmit={submit} noValidate>
        <Field label="Token name" hint="Name it after the script that uses it." error={error}>
          {(p) => (
            <Input
              {...p}
              value={name}
              placeholder="e.g. nightly export"
              autoComplete="off"
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions token-submit">
          <Button type="submit">Create token</Button>
        </div>
      </form>
      {tokens === null && <SkeletonRows rows={2} label="Loading tokens…" />}
      {tokens?.length === 0 && (
        <EmptyState title="No tokens yet" compact>
          <p>Create one when a script needs to read or edit analyses as you.</p>
        </EmptyState>
      )}
      {tokens && tokens.length > 0 && (
        <div className="data-table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td className="muted small">{formatDateTime(t.createdAt)}</td>
                  <td className="muted small">{t.expiresAt ? formatDateTime(t.expiresAt) : "Never"}</td>
                  <td className="cell-actions">
                    <Button size="sm" variant="danger" onClick={() => void revoke(t)}>
                      Revoke
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function AccountPage({ user }: { readonly user: SessionUser }) {
  usePageTitle("Account");
  return (
    <main className="page page-narrow">
      <PageHeader
        title="Your account"
        subtitle={`Signed in as ${user.name}${user.admin ? " · administrator" : ""}`}
      />
      <PasswordForm userName={user.name} />
      <Tokens />
    </main>
  );
}
