/**
 * The REST policy: one table of what each named action needs. Every route of the analysis routers
 * declares its action with `authorize(…)` as its first handler, so the decision follows the route
 * Express matched — whatever letter case, percent-encoding or slashes the path was sent with — and
 * never the path string. `mountWithPolicy` refuses to mount a router holding a route or middleware
 * that declares no action, so a route added later without a policy stops the server from starting
 * instead of being reachable.
 */
import type { Express, NextFunction, Request, Response, Router } from "express";
import { hasRole, type Role } from "../../shared/accounts";
import { AppError } from "../../shared/errors";
import { memberOf } from "./analysisAccess";
import { requirePrincipal } from "./httpAuth";

/** "signedIn": any signed-in user; a role: a member of the analysis with at least that role. */
export type Requirement = "signedIn" | Role;

export const POLICY = {
  "analyses.list": "signedIn",
  "analyses.create": "signedIn",
  "imports.create": "signedIn",
  "analysis.read": "viewer",
  "analysis.edit": "analyst",
  "analysis.archive": "lead",
  "members.read": "viewer",
  "members.invite": "lead",
  "members.update": "lead",
  "members.remove": "lead",
  "exports.read": "viewer",
  "approvals.read": "viewer",
  "approvals.create": "lead",
  "history.read": "viewer",
  "versions.create": "analyst",
  "versions.restore": "lead",
  "attachments.read": "viewer",
  "attachments.upload": "analyst",
  // An analyst deletes only their own uploads (checked by the route); a lead deletes any.
  "attachments.delete": "analyst",
  "sources.extractText": "analyst",
} as const satisfies Record<string, Requirement>;

export type Action = keyof typeof POLICY;

/** Whether a caller with `role` in the analysis (null: signed in, not a member) may perform `action`. */
export function can(role: Role | null, action: Action): boolean {
  const need: Requirement = POLICY[action];
  if (need === "signedIn") return true;
  return role !== null && hasRole(role, need);
}

const DECLARED = Symbol("policy");

/** A route's first handler that carries its declared policy. */
export type PolicyHandler = ((...args: unknown[]) => void) & {
  readonly [DECLARED]: true;
};

/**
 * The first handler of a route: refuses the caller unless `action` (or the action a function picks
 * from the request, e.g. by its body) is allowed for their role in `req.params.id`. Membership
 * itself (404 for non-members) was established by `analysisAccess` in front of the router; a route
 * reached without it fails closed.
 */
export function authorize(action: Action | ((req: Request) => Action)): PolicyHandler {
  const check = (req: Request): void => {
    requirePrincipal(req);
    const chosen = typeof action === "function" ? action(req) : action;
    const need: Requirement = POLICY[chosen];
    if (need === "signedIn") return;
    const member = memberOf(req);
    if (member === null || member.analysisId !== req.params.id) {
      throw new AppError("internal", "analysis access was not checked");
    }
    if (!can(member.role, chosen)) {
      throw new AppError("forbidden", `this needs the ${need} role; you are ${member.role}`);
    }
  };
  // Typed loosely on purpose: a handler typed `(req: Request) => …` would make Express infer the
  // route's params from it, and the handlers after it would lose their typed `req.params`.
  const handler = (...args: unknown[]): void => {
    const [req, , next] = args as [Request, Response, NextFunction];
    check(req);
    next();
  };
  return Object.assign(handler, { [DECLARED]: true as const });
}

interface StackLayer {
  readonly route?: { readonly path: unknown; readonly stack: readonly StackLayer[] };
  readonly method?: string;
  readonly handle: unknown;
}

const declares = (fn: unknown): boolean => typeof fn === "function" && DECLARED in fn;

/** Routes and middleware of `router` (and routers nested in it) whose first handler declares no policy. */
export function undeclaredRoutes(router: Router, prefix = ""): string[] {
  return (router.stack as unknown as readonly StackLayer[]).flatMap((layer) => {
    if (!layer.route) {
      const nested = layer.handle as Router & { stack?: unknown };
      return Array.isArray(nested.stack) ? undeclaredRoutes(nested, prefix) : [`middleware in ${prefix}`];
    }
    const path = `${prefix}${String(layer.route.path)}`;
    const methods = new Set(layer.route.stack.map((l) => l.method ?? "all"));
    return [...methods].flatMap((method) => {
      const first = layer.route?.stack.find((l) => (l.method ?? "all") === method);
      return declares(first?.handle) ? [] : [`${method.toUpperCase()} ${path}`];
    });
  });
}

/** `app.use(path, router)` after checking that every route of `router` declares its policy. */
export function mountWithPolicy(app: Express, path: string, router: Router): void {
  const missing = undeclaredRoutes(router, path);
  if (missing.length > 0) {
    throw new Error(`routes without a declared policy (add authorize(action)): ${missing.join(", ")}`);
  }
  app.use(path, router);
}
