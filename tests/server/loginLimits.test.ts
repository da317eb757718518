/**
 * Sign-in limits: an attacker guessing one account's password from one address is locked out with
 * growing delays, while the owner still signs in from elsewhere; with Redis, instances share counts.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { LoginThrottle, MemoryCounters } from "../../server/auth/loginThrottle";
import { type AuthApp, PASSWORD, startAuthApp } from "./helpers/authApp";
import { captureLogger } from "./helpers/captureLogger";

const REDIS_URL = "redis://127.0.0.1:6379";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function app(options: Parameters<typeof startAuthApp>[0] = {}): Promise<AuthApp> {
  const started = await startAuthApp({ ...options, auth: { trustProxy: 1, ...options.auth } });
  cleanups.push(() => started.close());
  return started;
}

/** A sign-in from `address` (the app trusts one proxy hop, so X-Forwarded-For is the client). */
function login(a: AuthApp, name: string, password: string, address: string): Promise<Response> {
  return fetch(`${a.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: a.url, "x-forwarded-for": address },
    body: JSON.stringify({ name, password }),
  });
}

async function statuses(a: AuthApp, count: number, password: string, address: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((await login(a, "lead-user", password, address)).status);
  return out;
}

/** A key prefix of its own for this test, and its keys removed afterwards. */
function redisPrefix(): string {
  const prefix = `ach-test-${randomUUID()}:`;
  cleanups.push(async () => {
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });
  return prefix;
}

describe("sign-in limits", () => {
  it("locks an attacker's address out of an account while the owner signs in from another", async () => {
    const a = await app({ auth: { login: { freeFailures: 3, maxPerIp: 100 } } });
    expect(await statuses(a, 5, "guess", "203.0.113.7")).toEqual([401, 401, 401, 429, 429]);
    const locked = await login(a, "lead-user", PASSWORD, "203.0.113.7");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await locked.json()).toMatchObject({ error: { code: "rate_limited" } });
    expect((await login(a, "lead-user", PASSWORD, "198.51.100.20")).status).toBe(200);
    // The attacker's address may still try other accounts.
    expect((await login(a, "viewer-user", PASSWORD, "203.0.113.7")).status).toBe(200);
    expect(a.logs.filter((l) => l.includes("sign-in locked out"))).toEqual([
      expect.stringContaining('"address":"203.0.113.7"'),
    ]);
  });

  it("forgets an address's failures once it signs in successfully", async () => {
    const a = await app({ auth: { login: { freeFailures: 3, maxPerIp: 100 } } });
    expect(await statuses(a, 2, "typo", "198.51.100.9")).toEqual([401, 401]);
    expect((await login(a, "lead-user", PASSWORD, "198.51.100.9")).status).toBe(200);
    expect(await statuses(a, 2, "typo", "198.51.100.9")).toEqual([401, 401]);
  });

  it("shares lock-outs and the per-address limit between two instances on one Redis", async () => {
    const prefix = redisPrefix();
    const loginRedis = { url: REDIS_URL, prefix };
    const lockAfter3 = { freeFailures: 3, maxPerIp: 100 };
    const a = await app({ auth: { loginRedis, login: lockAfter3 } });
    const b = await app({ auth: { loginRedis, login: lockAfter3 } });
    expect(await statuses(a, 2, "guess", "203.0.113.50")).toEqual([401, 401]);
    expect(await statuses(b, 1, "guess", "203.0.113.50")).toEqual([401]);
    expect(await statuses(a, 1, PASSWORD, "203.0.113.50")).toEqual([429]);
    expect(await statuses(b, 1, PASSWORD, "203.0.113.51")).toEqual([200]);

    // Each app's setup signs five users in from 127.0.0.1; the limit below is per address.
    const perIp = { freeFailures: 100, maxPerIp: 12 };
    const shared = { url: REDIS_URL, prefix: redisPrefix() };
    const e = await app({ auth: { loginRedis: shared, login: perIp } });
    const f = await app({ auth: { loginRedis: shared, login: perIp } });
    expect(await statuses(e, 6, "guess", "192.0.2.1")).toEqual(Array(6).fill(401));
    expect(await statuses(f, 6, "guess", "192.0.2.1")).toEqual(Array(6).fill(401));
    expect(await statuses(e, 1, PASSWORD, "192.0.2.1")).toEqual([429]);
  });
});

describe("LoginThrottle", () => {
  it("locks out longer after each further failure, up to the cap, and logs each lock-out once", async () => {
    let now = 0;
    const logger = captureLogger();
    const throttle = new LoginThrottle({
      counters: new MemoryCounters(() => now),
      logger,
      freeFailures: 2,
      baseLockMs: 1_000,
      maxLockMs: 5_000,
    });
    const locks: number[] = [];
    for (let i = 0; i < 6; i++) {
      await throttle.failed("Lead", "10.0.0.1");
      locks.push(await throttle.waitFor("lead ", "10.0.0.1"));
      now += locks[locks.length - 1] ?? 0;
    }
    expect(locks).toEqual([0, 1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(logger.lines.filter((l) => l.includes("sign-in locked out"))).toHaveLength(5);
    expect(await throttle.waitFor("lead", "10.0.0.2")).toBe(0);
  });
});
