/**
 * The one policy of routes and sync. `can(member, action)` decides REST actions from one table of
 * what each needs; `can(member, action, { document, blind })` decides reading and writing a whole
 * document of an analysis (the sync server authorises documents, never inspects an update; REST
 * readers filter the documents they see through the same rule). Every route of the analysis routers
 * declares its action with `authorize(…)` as its first handler, so the decision follows the route
 * Express matched — whatever letter case, percent-encoding or slashes the path was sent with — and
 * never the path string. `mountWithPolicy` refuses to mount a router holding a route or middleware
 * that declares no action, so a route added later without a policy stops the server from starting
 * instead of being reachable.
 */
import type { Express, NextFunction, Request, Response, Router } from "express";
import { hasRole, type Role } from "../../shared/accounts";
import type { DocumentName } from "../../shared/documentNames";
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

/** A REST action a route declares. */
export type Action = keyof typeof POLICY;

/** What a sync connection or a REST reader does with one whole document. */
export type DocumentAction = "document.read" | "document.write";

/** A member of one analysis, as routes and sync connections know them. */
export interface Member {
  readonly analysisId: string;
  readonly userId: string;
  readonly role: Role;
}

/** A document of an analysis, with the lead's blind-rating switch (it governs ratings documents). */
export interface DocumentTarget {
  readonly document: DocumentName;
  readonly blind: boolean;
}

/**
 * Whether `member` (null: signed in, not a member) may perform `action`. For documents:
 * - `<id>` content: leads and analysts write, viewers read;
 * - `<id>/lead`: leads write, everyone else reads;
 * - `<id>/ratings/<userId>`: its owner writes (viewers do not rate: read-only even for their own);
 *   while the lead keeps ratings blind, only the owner and leads may read it; nobody writes another's;
 * - `<id>/source/<sourceId>` a source's captured text: as the content document (blind rating hides
 *   ratings, not the sources they rest on).
 * A document of another analysis than the member's is never allowed.
 */
export function can(member: Pick<Member, "role"> | null, action: Action): boolean;
export function can(member: Member, action: DocumentAction, target: DocumentTarget): boolean;
export function can(
  member: Pick<Member, "role"> | Member | null,
  action: Action | DocumentAction,
  target?: DocumentTarget,
): boolean {
  if (action === "document.read" || action === "document.write") {
    return (
      target !== undefined && member !== null && "analysisId" in member && canDocument(member, action, target)
    );
  }
  const need: Requirement = POLICY[action];
  if (need === "signedIn") return true;
  return member !== null && hasRole(member.role, need);
}

function canDocument(member: Member, action: DocumentAction, { document, blind }: DocumentTarget): boolean {
  if (document.analysisId !== member.analysisId) return false;
  const write = action === "document.write";
  switch (document.kind) {
    case "content":
    case "source":
      return !write || hasRole(member.role, "analyst");
    case "lead":
      return !write || member.role === "lead";
    case "ratings":
      if (document.userId === member.userId) return !write || hasRole(member.role, "analyst");
      return !write && (member.role === "lead" || !blind);
  }
}

/** Whether the blind switch can change `member`'s access to `document` (so callers read it only then). */
export const dependsOnBlind = (member: Member, document: DocumentName): boolean =>
  document.kind === "ratings" &&
  document.analysisId === member.analysisId &&
  document.userId !== member.userId &&
  member.role !== "lead";

/** What a sync connection may do with a document: write, only read, or not open it. */
export type DocumentAccess = "write" | "read" | "none";

export function documentAccess(member: Member, target: DocumentTarget): DocumentAccess {
  if (can(member, "document.write", target)) return "write";
  return can(member, "document.read", target) ? "read" : "none";
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
    if (!can(member, chosen)) {
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
