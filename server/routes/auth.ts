/**
 * REST for the signed-in user: the session (who am I, is setup needed), first-run admin setup,
 * login/logout, password change and API tokens. Login and setup are rate-limited per IP and per
 * account name (in memory, per process: a restart resets the counters).
 */
import { type Request, type RequestHandler, Router } from "express";
import { rateLimit } from "express-rate-limit";
import { z } from "zod";
import { AccountLimits, passwordSchema, userNameSchema } from "../../shared/accounts";
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

export interface AuthRouteOptions {
  readonly accounts: Accounts;
  /** Called after a change that can revoke live sync access (logout, password, token revoked). */
  readonly onAccessChanged: () => void;
  /** Login/setup attempts per IP per window (default 30). */
  readonly loginMaxPerIp?: number;
  /** Failed logins per account name per window (default 10). */
  readonly loginMaxPerAccount?: number;
  /** Rate-limit window in ms (default 15 minutes). */
  readonly loginWindowMs?: number;
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
    next(new AppError("rate_limited", message, 429));

const accountKey = (req: Request): string => {
  const body: unknown = req.body;
  const name = typeof body === "object" && body !== null && "name" in body ? body.name : "";
  return `account:${typeof name === "string" ? name.trim().toLowerCase().slice(0, 100) : ""}`;
};

export function authRouter(options: AuthRouteOptions): Router {
  const { accounts, onAccessChanged } = options;
  const windowMs = options.loginWindowMs ?? 15 * 60_000;
  const perIp = rateLimit({
    windowMs,
    limit: options.loginMaxPerIp ?? 30,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: rateLimited("too many sign-in attempts from this address; try again later"),
  });
  const perAccount = rateLimit({
    windowMs,
    limit: options.loginMaxPerAccount ?? 10,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    keyGenerator: accountKey,
    handler: rateLimited("too many failed sign-ins for this account; try again later"),
  });
  const router = Router();

  router.get("/session", async (req, res) => {
    const principal = principalOf(req);
    res.json({
      user: principal ? toPublicUser(principal.user) : null,
      setupRequired: principal ? false : await accounts.setupRequired(),
    });
  });

  /** First run only: creates the admin account and signs it in. */
  let settingUp = false;
  router.post("/setup", perIp, async (req, res) => {
    const { name, password } = parseOrThrow(setupSchema, req.body, "body");
    if (settingUp || !(await accounts.setupRequired())) {
      throw new AppError("conflict", "this instance is already set up; sign in instead", 409);
    }
    settingUp = true;
    try {
      const user = await accounts.createUser({ name, password, admin: true });
      const session = await accounts.startSession(user.id);
      setSessionCookie(req, res, session.secret, session.expiresAt);
      res.status(201).json({ user: toPublicUser(user) });
    } finally {
      settingUp = false;
    }
  });

  router.post("/auth/login", perIp, perAccount, async (req, res) => {
    const { name, password } = parseOrThrow(credentialsSchema, req.body, "body");
    const user = await accounts.verifyLogin(name, password);
    // A new session id on every login: a session fixed before sign-in is never promoted.
    const old = readCookie(req.get("cookie"), SESSION_COOKIE);
    if (old !== null) await accounts.endSession(old);
    const session = await accounts.startSession(user.id);
    setSessionCookie(req, res, session.secret, session.expiresAt);
    res.json({ user: toPublicUser(user) });
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
      throw new AppError("forbidden", "the current password is wrong", 403);
    }
    const keep = principal.credential.kind === "session" ? principal.credential.hash : undefined;
    await accounts.setPassword(principal.user.id, newPassword, keep);
    onAccessChanged();
    res.status(204).end();
  });

  router.get("/account/tokens", async (req, res) => {
    const principal = requirePrincipal(req);
    const tokens = await accounts.store.listTokens(principal.user.id);
    res.json({
      tokens: tokens.map(({ id, name, createdAt, expiresAt }) => ({ id, name, createdAt, expiresAt })),
    });
  });

  router.post("/account/tokens", async (req, res) => {
    const principal = requirePrincipal(req);
    const { name, expiresInDays } = parseOrThrow(tokenCreateSchema, req.body, "body");
    const { token, record } = await accounts.createToken(principal.user.id, name, expiresInDays ?? null);
    res.status(201).json({
      id: record.id,
      name: record.name,
      createdAt: record.createdAt,
      expiresAt: record.expiresAt,
      token,
    });
  });

  router.delete("/account/tokens/:tokenId", async (req, res) => {
    const principal = requirePrincipal(req);
    if (!(await accounts.store.deleteToken(principal.user.id, req.params.tokenId))) {
      throw new AppError("not_found", "token not found", 404);
    }
    await accounts.bumpAccessVersion();
    onAccessChanged();
    res.status(204).end();
  });

  return router;
}
