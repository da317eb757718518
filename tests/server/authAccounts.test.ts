import { afterEach, describe, expect, it } from "vitest";
import { startServer } from "../../server/app";
import { sha256Hex } from "../../server/auth/secrets";
import { ensureSampleAnalysis } from "../../server/seed/sampleAnalysis";
import { openSqliteStore } from "../../server/store/sql/SqlStore";
import { type AuthApp, PASSWORD, startAuthApp } from "./helpers/authApp";
import { captureLogger } from "./helpers/captureLogger";
import { makeTempDir } from "./helpers/tempDir";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function app(options: Parameters<typeof startAuthApp>[0] = {}): Promise<AuthApp> {
  const started = await startAuthApp(options);
  cleanups.push(() => started.close());
  return started;
}

const json = (body: unknown) => ({ "content-type": "application/json", body: JSON.stringify(body) });

async function login(a: AuthApp, name: string, password: string, extra: Record<string, string> = {}) {
  const { body, ...headers } = json({ name, password });
  return fetch(`${a.url}/api/auth/login`, {
    method: "POST",
    headers: { ...headers, origin: a.url, ...extra },
    body,
  });
}

describe("signing in", () => {
  it("answers a wrong password and an unknown user with the same 401", async () => {
    const a = await app();
    const wrong = await login(a, "analyst-user", "wrong password");
    const unknown = await login(a, "nobody-at-all", "wrong password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it("refuses oversize credentials with 400 and no stack trace", async () => {
    const a = await app();
    const res = await login(a, "analyst-user", "x".repeat(10_000));
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/\.ts:\d+/);
    const header = await fetch(`${a.url}/api/analyses`, {
      headers: { authorization: `Bearer ${"a".repeat(2000)}` },
    });
    expect(header.status).toBe(400);
  });

  it("rotates the session on login and ends it on logout", async () => {
    const a = await app();
    const res = await login(a, "analyst-user", PASSWORD, { cookie: a.users.analyst.cookie });
    const fresh = res.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    expect(fresh).not.toBe(a.users.analyst.cookie);
    expect(res.headers.getSetCookie()[0]).toMatch(/HttpOnly/i);
    expect(res.headers.getSetCookie()[0]).toMatch(/SameSite=Lax/i);
    const old = await fetch(`${a.url}/api/analyses`, { headers: { cookie: a.users.analyst.cookie } });
    expect(old.status).toBe(401);
    const out = await fetch(`${a.url}/api/auth/logout`, {
      method: "POST",
      headers: { cookie: fresh, origin: a.url },
    });
    expect(out.status).toBe(204);
    expect((await fetch(`${a.url}/api/analyses`, { headers: { cookie: fresh } })).status).toBe(401);
  });

  it("marks the cookie Secure behind a trusted HTTPS proxy", async () => {
    const a = await app({ auth: { trustProxy: 1 } });
    const res = await login(a, "viewer-user", PASSWORD, { "x-forwarded-proto": "https" });
    expect(res.headers.getSetCookie()[0]).toMatch(/; Secure/i);
  });

  it("treats a malformed session cookie as signed out", async () => {
    const a = await app();
    const res = await fetch(`${a.url}/api/session`, { headers: { cookie: "ach_session=%%%not-a-session" } });
    expect(await res.json()).toMatchObject({ user: null });
    expect(
      (await fetch(`${a.url}/api/analyses`, { headers: { cookie: "ach_session=garbage" } })).status,
    ).toBe(401);
  });

  it("limits failed logins per account and per address with a clear 429", async () => {
    const a = await app({ auth: { login: { freeFailures: 3, maxPerIp: 10 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await login(a, "lead-user", "bad password")).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await login(a, "lead-user", PASSWORD);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { code: "rate_limited" } });
    // Other accounts are still reachable until the per-address limit (10, the five setup logins included) trips.
    expect((await login(a, "viewer-user", "bad password")).status).toBe(429);
  });

  it("disabling a user ends their sessions and stops their tokens", async () => {
    const a = await app();
    const res = await a.request("admin", "PATCH", `/api/users/${a.users.analyst.id}`, { disabled: true });
    expect(res.status).toBe(200);
    expect(
      (await fetch(`${a.url}/api/analyses`, { headers: { cookie: a.users.analyst.cookie } })).status,
    ).toBe(401);
    const viaToken = await fetch(`${a.url}/api/analyses`, {
      headers: { authorization: `Bearer ${a.users.analyst.token}` },
    });
    expect(viaToken.status).toBe(401);
    expect((await login(a, "analyst-user", PASSWORD)).status).toBe(401);
  });
});

describe("API tokens", () => {
  it("is shown once, works as a Bearer token and stops working when revoked", async () => {
    const a = await app();
    const created = await a.request("analyst", "POST", "/api/account/tokens", { name: "script" });
    const { token, id } = (await created.json()) as { token: string; id: string };
    expect(token).toMatch(/^ach_[A-Za-z0-9_-]{43}$/);
    const list = await (await a.request("analyst", "GET", "/api/account/tokens")).text();
    expect(list).toContain(id);
    expect(list).not.toContain(token);
    expect(await a.store.getTokenByHash(sha256Hex(token))).not.toBeNull();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await fetch(`${a.url}/api/analyses/${a.analysisId}`, { headers: bearer })).status).toBe(200);
    // Bearer requests need no Origin: browsers never attach a token by themselves.
    const patch = await fetch(`${a.url}/api/analyses/${a.analysisId}`, {
      method: "PATCH",
      headers: { ...bearer, "content-type": "application/json" },
      body: JSON.stringify({ title: "Renamed by a script" }),
    });
    expect(patch.status).toBe(200);
    expect((await a.request("analyst", "DELETE", `/api/account/tokens/${id}`)).status).toBe(204);
    const revoked = await fetch(`${a.url}/api/analyses`, { headers: bearer });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("refuses malformed and expired tokens with 401", async () => {
    const a = await app();
    const malformed = await fetch(`${a.url}/api/analyses`, { headers: { authorization: "Bearer nope" } });
    expect(malformed.status).toBe(401);
    const { token, record } = await a.server.accounts.createToken(a.users.viewer.id, "old", 1);
    await a.store.deleteToken(a.users.viewer.id, record.id);
    await a.store.createToken({ ...record, expiresAt: "2000-01-01T00:00:00.000Z" });
    const expired = await fetch(`${a.url}/api/analyses`, { headers: { authorization: `Bearer ${token}` } });
    expect(expired.status).toBe(401);
  });
});

describe("cross-site requests", () => {
  it("refuses a cookie-authenticated change from another origin or without an Origin", async () => {
    const a = await app();
    const path = `${a.url}/api/analyses/${a.analysisId}`;
    const body = JSON.stringify({ title: "CSRF" });
    const headers = { cookie: a.users.lead.cookie, "content-type": "application/json" };
    const foreign = await fetch(path, {
      method: "PATCH",
      headers: { ...headers, origin: "https://evil.example" },
      body,
    });
    expect(foreign.status).toBe(403);
    const none = await fetch(path, { method: "PATCH", headers, body });
    expect(none.status).toBe(403);
    const json = (await (await a.request("lead", "GET", `/api/analyses/${a.analysisId}`)).json()) as {
      title: string;
    };
    expect(json.title).not.toBe("CSRF");
  });

  it("sends security headers with a CSP that allows only this host's WebSocket", async () => {
    const a = await app();
    const res = await fetch(`${a.url}/api/session`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${a.server.port}`);
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("first run", () => {
  it("offers setup once, creates the admin, signs them in and shares the sample with them as lead", async () => {
    const dir = await makeTempDir();
    const store = await openSqliteStore({ location: { dataDir: dir.path } });
    await ensureSampleAnalysis(store, new Date().toISOString());
    const server = await startServer({
      config: { port: 0, host: "127.0.0.1", maxMessageBytes: 1 << 20, maxJsonBytes: 1 << 20, roomIdleMs: 50 },
      store,
      logger: captureLogger(),
    });
    cleanups.push(async () => {
      await server.close();
      await store.close();
      await dir.remove();
    });
    const session = await (await fetch(`${server.url}/api/session`)).json();
    expect(session).toEqual({ user: null, setupRequired: true });
    const setup = (body: unknown) =>
      fetch(`${server.url}/api/setup`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server.url },
        body: JSON.stringify(body),
      });
    expect((await setup({ name: "root", password: "short" })).status).toBe(400);
    const res = await setup({ name: "Root Admin", password: PASSWORD });
    expect(res.status).toBe(201);
    const cookie = res.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    const list = (await (await fetch(`${server.url}/api/analyses`, { headers: { cookie } })).json()) as {
      analyses: { id: string; role: string }[];
    };
    expect(list.analyses).toEqual([expect.objectContaining({ id: "sample-khairkhane-raid", role: "lead" })]);
    expect((await setup({ name: "Second", password: PASSWORD })).status).toBe(409);
    expect(await (await fetch(`${server.url}/api/session`)).json()).toEqual({
      user: null,
      setupRequired: false,
    });
  });
});
