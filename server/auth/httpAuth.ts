/**
 * Express side of authentication: who a request is (Bearer token or session cookie), the session
 * cookie itself, the sign-in requirement for the API and the Origin check on state-changing requests.
 */
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { AccountLimits } from "../../shared/accounts";
import { AppError } from "../../shared/errors";
import type { Accounts, Principal } from "./Accounts";
import { originMatches } from "./origin";

export const SESSION_COOKIE = "ach_session";

const principals = new WeakMap<Request, Principal>();

/** Records who made `req` (done by `identify`; tests of bare routers bind their own callers). */
export const bindPrincipal = (req: Request, principal: Principal): void => {
  principals.set(req, principal);
};

/** The signed-in user of a request, or null (anonymous). */
export const principalOf = (req: Request): Principal | null => principals.get(req) ?? null;

/** The signed-in user of a request; 401 for anonymous requests. */
export function requirePrincipal(req: Request): Principal {
  const principal = principals.get(req);
  if (!principal) throw new AppError("unauthorized", "sign in first");
  return principal;
}

/** Value of one cookie from a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Resolves the caller. A bad Bearer token is an error (scripts should hear it); a stale cookie is anonymous. */
export function identify(accounts: Accounts): RequestHandler {
  return async (req, res, next) => {
    const authorization = req.get("authorization");
    if (authorization !== undefined) {
      if (authorization.length > AccountLimits.credentialMaxLength) {
        throw new AppError("bad_request", "Authorization header is too long");
      }
      const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
      if (!match?.[1]) throw new AppError("unauthorized", "use Authorization: Bearer <token>");
      bindPrincipal(req, await accounts.fromToken(match[1]));
      next();
      return;
    }
    const cookie = readCookie(req.get("cookie"), SESSION_COOKIE);
    if (cookie !== null) {
      if (cookie.length > AccountLimits.credentialMaxLength) {
        throw new AppError("bad_request", "session cookie is too long");
      }
      const principal = await accounts.fromSession(cookie);
      if (principal) bindPrincipal(req, principal);
      else clearSessionCookie(req, res);
    }
    next();
  };
}

/** Every API route behind it needs a signed-in user. */
export const requireSignedIn: RequestHandler = (req, _res, next) => {
  requirePrincipal(req);
  next();
};

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * State-changing requests that a browser could be tricked into sending (anything but a Bearer
 * request) must come from our own origin: Origin, or Referer when a browser omits Origin.
 */
export function checkOrigin(trustProxy: boolean): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method) || principalOf(req)?.credential.kind === "token") {
      next();
      return;
    }
    const source = req.get("origin") ?? req.get("referer");
    if (source === undefined || !originMatches(source, requestHosts(req, trustProxy))) {
      throw new AppError("forbidden", "cross-origin request refused (Origin does not match this site)");
    }
    next();
  };
}

/** host[:port] the client addressed, also behind a trusted proxy. */
export function requestHosts(
  req: { headers: Record<string, string | string[] | undefined> },
  trustProxy: boolean,
): string[] {
  const hosts: string[] = [];
  const host = req.headers.host;
  if (typeof host === "string") hosts.push(host);
  const forwarded = req.headers["x-forwarded-host"];
  if (trustProxy && typeof forwarded === "string") hosts.push(...forwarded.split(",").map((h) => h.trim()));
  return hosts;
}

/** HttpOnly, SameSite=Lax, Secure when the client reached us over HTTPS (directly or via a trusted proxy). */
export function setSessionCookie(req: Request, res: Response, secret: string, expiresAt: Date): void {
  res.cookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: "lax",
    secure: req.secure,
    path: "/",
    expires: expiresAt,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: "lax", secure: req.secure, path: "/" });
}
