/**
 * REST for the signed-in user: the session (who am I, is setup needed), first-run admin setup,
 * login/logout, password change and API tokens. Sign-in and setup are limited per address, and
 * failed sign-ins lock one address out of one account with growing delays (see auth/loginThrottle);
 * both sets of counters are shared through Redis when it is configured, else kept in memory.
 */
import { type RequestHandler, Router } from "express";
import { rateLimit } from "express-rate-limit";
import type { Redis } from "ioredis";
import { type RedisReply, RedisStore } from "rate-limit-redis";
import { z } from "zod";
import { AccountLimits, passwordSchema, userNameSchema } from "../../shared/accounts";
import { createdTokenSchema, sessionSchema, tokensSchema, userBodySchema } from "../../shared/api/accounts";
import { AppError } from "../../shared/errors";
import { parseOrThrow } from "../../shared/schema/validate";
import { type Accounts, toPublicUser } from "../auth/Accounts";
import {
  clearSessionCookie,
  principalOf,
  readCookie,
  requirePrincipal,
  SESSION_COOKIE,
  setSessionCookie,
} from "../auth/httpAuth";
import { LoginThrottle, MemoryCounters, RedisCounters } from "../auth/loginThrottle";
import { sendJson } from "../http/sendJson";
import type { Logger } from "../sync/logger";

export interface AuthRouteOptions {
  readonly accounts: Accounts;
  /** Called after a change that can revoke live sync access (logout, password, token revoked). */
  readonly onAccessChanged: () => void;
  readonly logger: Logger;
  readonly limits?: LoginLimits;
  /** Shared counters (multi-instance mode); without it each process counts alone. */
  readonly redis?: { readonly client: Redis; readonly prefix: string };
}

/** Sign-in limits; defaults suit production, tests shorten them. */
export interface LoginLimits {
  /** Sign-in and setup attempts per address per window (default 30). */
  readonly maxPerIp?: number;
  /** Window of the per-address limit in ms (default 15 minutes). */
  readonly windowMs?: number;
  /** Failed sign-ins from one address for one account before it is locked out (default 5). */
  readonly freeFailures?: number;
  /** First lock-out in ms, doubled by each further failure up to 15 minutes (default 30 s). */
  readonly lockMs?: number;
}

const credentialsSchema = z
  .object({
    name: z.string().max(AccountLimits.userNameMaxLength, "is too long"),
    password: z.string().max(AccountLimits.passwordMaxLength, "is too long"),
  })
  .strict();

const setupSchema = z.object({ name: userNameSchema, password: passwordSchema }).strict();

const passwordChangeSchema = z
  .object({ currentPassword: z.string().max(AccountLimits.passwordMaxLength), newPassword: passwordSchema })
  .strict();

const tokenCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(AccountLimits.tokenNameMaxLength),
    expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
  })
  .strict();

const rateLimited =
  (message: string): RequestHandler =>
  (_req, _res, next) =>
    next(new AppError("rate_limited", message));

export function authRouter(options: AuthRouteOptions): Router {
  const { accounts, onAccessChanged, limits = {}, redis, logger } = options;
  const perIp = rateLimit({
    windowMs: limits.windowMs ?? 15 * 60_000,
    limit: limits.maxPerIp ?? 30,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: rateLimited("too many sign-in attempts from this address; try again later"),
    // A Redis outage must not stop every sign-in; the per-account lock-out falls back to memory.
    passOnStoreError: true,
    ...(redis
      ? {
          store: new RedisStore({
            prefix: `${redis.prefix}login-ip:`,
            sendCommand: (command: string, ...args: string[]) =>
              redis.client.call(command, ...args) as Promise<RedisReply>,
          }),
        }
      : {}),
  });
  const throttle = new LoginThrottle({
    counters: redis ? new RedisCounters(redis.client, `${redis.prefix}login:`, logger) : new MemoryCounters(),
    logger,
    ...(limits.freeFailures !== undefined ? { freeFailures: limits.freeFailures } : {}),
    ...(limits.lockMs !== undefined ? { baseLockMs: limits.lockMs } : {}),
  });
  const router = Router();

  router.get("/session", async (req, res) => {
    const principal = principalOf(req);
    sendJson(res, sessionSchema, {
      user: principal ? toPublicUser(principal.user) : null,
      setupRequired: principal ? false : await accounts.setupRequired(),
    });
  });

  /** First run only: creates the admin account and signs it in. */
  let settingUp = false;
  router.post("/setup", perIp, async (req, res) => {
    const { name, password } = parseOrThrow(setupSchema, req.body, "body");
    if (settingUp || !(await accounts.setupRequired())) {
      throw new AppError("conflict", "this instance is already set up; sign in instead");
    }
    settingUp = true;
    try {
      const user = await accounts.createUser({ name, password, admin: true });
      const session = await accounts.startSession(user.id);
      setSessionCookie(req, res, session.secret, session.expiresAt);
      sendJson(res, userBodySchema, { user: toPublicUser(user) }, 201);
    } finally {
      settingUp = false;
    }
  });

  router.post("/auth/login", perIp, async (req, res) => {
    const { name, password } = parseOrThrow(credentialsSchema, req.body, "body");
    const address = req.ip ?? "unknown";
    const waitMs = await throttle.waitFor(name, address);
    if (waitMs > 0) {
      res.setHeader("Retry-After", String(Math.ceil(waitMs / 1000)));
      throw new AppError(
        "rate_limited",
        "too many failed sign-ins for this account from this address; try again later",
      );
    }
    let user: Awaited<ReturnType<typeof accounts.verifyLogin>>;
    try {
      user = await accounts.verifyLogin(name, password);
    } catch (error) {
      if (error instanceof AppError && error.status === 401) await throttle.failed(name, address);
      throw error;
    }
    await throttle.succeeded(name, address);
    // A new session id on every login: a session fixed before sign-in is never promoted.
    const old = readCookie(req.get("cookie"), SESSION_COOKIE);
    if (old !== null) await accounts.endSession(old);
    const session = await accounts.startSession(user.id);
    setSessionCookie(req, res, session.secret, session.expiresAt);
    sendJson(res, userBodySchema, { user: toPublicUser(user) });
  });

  router.post("/auth/logout", async (req, res) => {
    const cookie = readCookie(req.get("cookie"), SESSION_COOKIE);
    if (cookie !== null) {
      await accounts.endSession(cookie);
      onAccessChanged();
    }
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.post("/account/password", async (req, res) => {
    const principal = requirePrincipal(req);
    const { currentPassword, newPassword } = parseOrThrow(passwordChangeSchema, req.body, "body");
    try {
      await accounts.verifyLogin(principal.user.name, currentPassword);
    } catch {
      throw new AppError("forbidden", "the current password is wrong");
    }
    const keep = principal.credential.kind === "session" ? principal.credential.hash : undefined;
    await accounts.setPassword(principal.user.id, newPassword, keep);
    onAccessChanged();
    res.status(204).end();
  });

  router.get("/account/tokens", async (req, res) => {
    const principal = requirePrincipal(req);
    const tokens = await accounts.store.listTokens(principal.user.id);
    sendJson(res, tokensSchema, {
      tokens: tokens.map(({ id, name, createdAt, expiresAt }) => ({ id, name, createdAt, expiresAt })),
    });
  });

  router.post("/account/tokens", async (req, res) => {
    const principal = requirePrincipal(req);
    const { name, expiresInDays } = parseOrThrow(tokenCreateSchema, req.body, "body");
    const { token, record } = await accounts.createToken(principal.user.id, name, expiresInDays ?? null);
    sendJson(
      res,
      createdTokenSchema,
      { id: record.id, name: record.name, createdAt: record.createdAt, expiresAt: record.expiresAt, token },
      201,
    );
  });

  router.delete("/account/tokens/:tokenId", async (req, res) => {
    const principal = requirePrincipal(req);
    if (!(await accounts.store.deleteToken(principal.user.id, req.params.tokenId))) {
      throw new AppError("not_found", "token not found");
    }
    await accounts.bumpAccessVersion();
    onAccessChanged();
    res.status(204).end();
  });

  return router;
}
