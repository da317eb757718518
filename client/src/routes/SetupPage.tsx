/** First run only: create the admin account (the server refuses once any account exists). */
import { type FormEvent, useState } from "react";
import { AccountLimits, passwordSchema, userNameSchema } from "../../../shared/accounts";
import { AuthCard } from "../components/auth/AuthCard";
import { ApiError, type SessionUser, setupAdmin } from "../lib/api";
import { fieldError } from "../lib/fieldError";
import { Button } from "../ui/Button";
import { Field, FormMessage } from "../ui/Field";
import { Input } from "../ui/Input";
import { usePageTitle } from "../ui/usePageTitle";

interface Errors {
  readonly name?: string;
  readonly password?: string;
  readonly confirm?: string;
}

export function SetupPage({ onSignedIn }: { readonly onSignedIn: (user: SessionUser) => void }) {
  usePageTitle("Set up");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const n = fieldError("user name", userNameSchema, name);
    const p = fieldError("password", passwordSchema, password);
    const found: Errors = {
      ...(n.ok ? {} : { name: n.message }),
      ...(p.ok ? {} : { password: p.message }),
      ...(p.ok && password !== confirm ? { confirm: "The two passwords differ." } : {}),
    };
    setErrors(found);
    if (!n.ok || !p.ok || found.confirm) return;
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await setupAdmin(n.value, p.value));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not create the account.");
      setBusy(false);
    }
  };

  return (
    <AuthCard
      title="Set up ACH Workspace"
      intro="Create the administrator account. You can then add your colleagues and share analyses."
    >
      <form className="form-stack" onSubmit={submit} noValidate>
        <Field label="Admin user name" error={errors.name ?? null}>
          {(p) => (
            <Input {...p} value={name} autoComplete="username" onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field
          label="Password"
          hint={`At least ${AccountLimits.passwordMinLength} characters.`}
          error={errors.password ?? null}
        >
          {(p) => (
            <Input
              {...p}
              type="password"
              value={password}
              autoComplete="new-password"
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <Field label="Repeat the password" error={errors.confirm ?? null}>
          {(p) => (
            <Input
              {...p}
              type="password"
              value={confirm}
              autoComplete="new-password"
              onChange={(e) => setConfirm(e.target.value)}
            />
          )}
        </Field>
        {error && <FormMessage tone="error">{error}</FormMessage>}
        <Button type="submit" variant="primary" disabled={busy}>
          Create admin account
        </Button>
      </form>
    </AuthCard>
  );
}
