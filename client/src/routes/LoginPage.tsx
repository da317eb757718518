/** Sign in with a user name and password; the server sets an HttpOnly session cookie. */
import { type FormEvent, useState } from "react";
import { AuthCard } from "../components/auth/AuthCard";
import type { SessionUser } from "../lib/api";
import { ApiError, login } from "../lib/api";
import { Button } from "../ui/Button";
import { Field, FormMessage } from "../ui/Field";
import { Input } from "../ui/Input";
import { usePageTitle } from "../ui/usePageTitle";

export function LoginPage({ onSignedIn }: { readonly onSignedIn: (user: SessionUser) => void }) {
  usePageTitle("Sign in");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState<{ name?: string; password?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const gaps = {
      ...(name.trim() === "" ? { name: "Enter your user name." } : {}),
      ...(password === "" ? { password: "Enter your password." } : {}),
    };
    setMissing(gaps);
    if (Object.keys(gaps).length > 0) return;
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
    <AuthCard title="Sign in" intro="Use the account your administrator created for you.">
      <form className="form-stack" onSubmit={submit} noValidate>
        <Field label="User name" error={missing.name ?? null}>
          {(p) => (
            <Input {...p} value={name} autoComplete="username" onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field label="Password" error={missing.password ?? null}>
          {(p) => (
            <Input
              {...p}
              type="password"
              value={password}
              autoComplete="current-password"
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        {error && <FormMessage tone="error">{error}</FormMessage>}
        <Button type="submit" variant="primary" disabled={busy}>
          Sign in
        </Button>
      </form>
    </AuthCard>
  );
}
