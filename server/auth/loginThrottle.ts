/**
 * Sign-in limits that stop password guessing without locking the owner out. Failures are counted
 * per (account, address): after `freeFailures` failures from one address, that address is locked
 * out of that account for `baseLockMs`, doubling with each further failure up to `maxLockMs`. The
 * owner signing in from another address is not affected; a success clears the pair's count.
 *
 * With REDIS_URL the counters live in Redis, so every instance sees the same counts. A counter and a
 * lock key with their own expiry are two plain commands; a rate-limit store (rate-limit-redis, which
 * backs the per-address limit in routes/auth.ts) only knows fixed windows, not growing lock-outs.
 * If Redis cannot be reached, counting falls back to this process's memory rather than refusing
 * every sign-in.
 */
import { Redis } from "ioredis";
import type { Logger } from "../sync/logger";

export interface AttemptCounters {
  /** Counts one more failure under `key`, forgotten `windowMs` after the latest; resolves with the count. */
  addFailure(key: string, windowMs: number): Promise<number>;
  lock(key: string, ms: number): Promise<void>;
  /** Milliseconds left on `key`'s lock; 0 when it is not locked. */
  lockedFor(key: string): Promise<number>;
  /** Forgets `key`'s failures (after a successful sign-in). */
  clear(key: string): Promise<void>;
}

/** Above this many keys, expired entries are swept so a flood of names cannot grow memory for good. */
const SWEEP_ABOVE = 10_000;

export class MemoryCounters implements AttemptCounters {
  private readonly failures = new Map<string, { count: number; expires: number }>();
  private readonly locks = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async addFailure(key: string, windowMs: number): Promise<number> {
    const now = this.now();
    if (this.failures.size > SWEEP_ABOVE) this.sweep(now);
    const entry = this.failures.get(key);
    const count = entry && entry.expires > now ? entry.count + 1 : 1;
    this.failures.set(key, { count, expires: now + windowMs });
    return count;
  }

  async lock(key: string, ms: number): Promise<void> {
    this.locks.set(key, this.now() + ms);
  }

  async lockedFor(key: string): Promise<number> {
    return Math.max(0, (this.locks.get(key) ?? 0) - this.now());
  }

  async clear(key: string): Promise<void> {
    this.failures.delete(key);
    this.locks.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.failures) if (entry.expires <= now) this.failures.delete(key);
    for (const [key, until] of this.locks) if (until <= now) this.locks.delete(key);
  }
}

export class RedisCounters implements AttemptCounters {
  private readonly fallback = new MemoryCounters();
  private down = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  addFailure(key: string, windowMs: number): Promise<number> {
    const k = `${this.prefix}fail:${key}`;
    return this.attempt(
      async () => {
        const replies = await this.redis.multi().incr(k).pexpire(k, windowMs).exec();
        const [error, count] = replies?.[0] ?? [new Error("no reply"), 0];
        if (error) throw error;
        return Number(count);
      },
      () => this.fallback.addFailure(key, windowMs),
    );
  }

  lock(key: string, ms: number): Promise<void> {
    return this.attempt(
      async () => void (await this.redis.set(`${this.prefix}lock:${key}`, "1", "PX", Math.max(1, ms))),
      () => this.fallback.lock(key, ms),
    );
  }

  lockedFor(key: string): Promise<number> {
    return this.attempt(
      async () => Math.max(0, await this.redis.pttl(`${this.prefix}lock:${key}`)),
      () => this.fallback.lockedFor(key),
    );
  }

  clear(key: string): Promise<void> {
    return this.attempt(
      async () => void (await this.redis.del(`${this.prefix}fail:${key}`, `${this.prefix}lock:${key}`)),
      () => this.fallback.clear(key),
    );
  }

  private async attempt<T>(run: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      if (this.down) this.logger.info("sign-in counters are back in Redis");
      this.down = false;
      return result;
    } catch (error) {
      if (!this.down) {
        this.logger.warn("sign-in counters fall back to memory: Redis unreachable", {
          error: (error as Error).message,
        });
      }
      this.down = true;
      return fallback();
    }
  }
}

/** A Redis connection for sign-in counters (commands fail fast while Redis is down). */
export function connectLoginRedis(url: string): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    retryStrategy: (n) => Math.min(100 * 2 ** n, 2_000),
  });
  // Failed commands are handled where they are sent; reconnect errors need no log line each.
  redis.on("error", () => undefined);
  return redis;
}

export interface LoginThrottleOptions {
  readonly counters: AttemptCounters;
  readonly logger: Logger;
  /** Failures from one address for one account before the first lock-out (default 5). */
  readonly freeFailures?: number;
  /** First lock-out; each further failure doubles it (default 30 s). */
  readonly baseLockMs?: number;
  /** Longest lock-out (default 15 min). */
  readonly maxLockMs?: number;
  /** Failures are forgotten this long after the latest (default 1 h). */
  readonly windowMs?: number;
}

export class LoginThrottle {
  private readonly free: number;
  private readonly baseLockMs: number;
  private readonly maxLockMs: number;
  private readonly windowMs: number;

  constructor(private readonly options: LoginThrottleOptions) {
    this.free = options.freeFailures ?? 5;
    this.baseLockMs = options.baseLockMs ?? 30_000;
    this.maxLockMs = options.maxLockMs ?? 15 * 60_000;
    this.windowMs = options.windowMs ?? 60 * 60_000;
  }

  /** Milliseconds this address must still wait before trying this account again (0: go ahead). */
  waitFor(account: string, address: string): Promise<number> {
    return this.options.counters.lockedFor(keyOf(account, address));
  }

  /** Records a failed sign-in; the `freeFailures`-th and every later one locks the pair out, longer each time. */
  async failed(account: string, address: string): Promise<void> {
    const key = keyOf(account, address);
    const failures = await this.options.counters.addFailure(key, this.windowMs);
    if (failures < this.free) return;
    const lockMs = Math.min(this.baseLockMs * 2 ** (failures - this.free), this.maxLockMs);
    await this.options.counters.lock(key, lockMs);
    this.options.logger.warn("sign-in locked out", {
      account: account.slice(0, 100),
      address,
      failures,
      seconds: Math.ceil(lockMs / 1000),
    });
  }

  succeeded(account: string, address: string): Promise<void> {
    return this.options.counters.clear(keyOf(account, address));
  }
}

/** Names are unique case-insensitively, so `Lead` and `lead ` count as one account. */
const keyOf = (account: string, address: string): string =>
  `${account.trim().toLowerCase().slice(0, 100)}|${address}`;
