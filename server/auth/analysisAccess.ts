/**
 * REST authorisation for everything under `/api/analyses/:id`: non-members get 404 (an analysis's
 * existence is itself sensitive), members below the role a request needs get 403. The role policy
 * sits in one table here rather than in each router, so routers added later are covered by default:
 * reads need viewer, writes need analyst, and the lead-only actions are listed.
 *
 * Blind rating also applies to REST reads: while the lead keeps ratings blind, the documents the
 * routers see through `visibleDocuments` omit other people's ratings for analysts and viewers.
 * The request's member is carried in AsyncLocalStorage so the JSON view, exports and any later
 * reader get the filter without each route passing it along.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Request, RequestHandler } from "express";
import { hasRole, type Role } from "../../shared/accounts";
import { parseDocumentName } from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import type { AnalysisDocuments } from "../analyses/AnalysisDocuments";
import type { AccountStore } from "../store/AccountStore";
import { canSeeOthersRatings } from "./documentAccess";
import { requirePrincipal } from "./httpAuth";

interface RequestMember {
  readonly analysisId: string;
  readonly userId: string;
  readonly role: Role;
}

const current = new AsyncLocalStorage<RequestMember>();
const roles = new WeakMap<Request, Role>();

/** The caller's role in the analysis of this request (set by `analysisAccess`). */
export function roleOf(req: Request): Role {
  const role = roles.get(req);
  if (!role) throw new AppError("internal", "analysis access was not checked", 500);
  return role;
}

/** The least role a request under `/api/analyses/:id` needs. `subPath` is what follows the id. */
export function requiredRole(method: string, subPath: string, body: unknown): Role {
  if (method === "GET" || method === "HEAD") return "viewer";
  const path = subPath.replace(/\/+$/, "");
  if (path === "" && method === "DELETE") return "lead";
  if (path === "" && method === "PATCH") {
    return typeof body === "object" && body !== null && "archived" in body ? "lead" : "analyst";
  }
  if (path === "/members" || path.startsWith("/members/")) return "lead";
  if (path === "/restore") return "lead";
  return "analyst";
}

/** Mount at `/api/analyses/:id` (after `express.json`, so PATCH bodies can be inspected). */
export function analysisAccess(accounts: Pick<AccountStore, "getMemberRole">): RequestHandler {
  return async (req, _res, next) => {
    const principal = requirePrincipal(req);
    const analysisId = String(req.params.id ?? "");
    const role = await accounts.getMemberRole(analysisId, principal.user.id);
    if (role === null) throw new AppError("not_found", "analysis not found", 404);
    const needed = requiredRole(req.method, req.path === "/" ? "" : req.path, req.body);
    if (!hasRole(role, needed)) {
      throw new AppError("forbidden", `this needs the ${needed} role; you are ${role}`, 403);
    }
    roles.set(req, role);
    current.run({ analysisId, userId: principal.user.id, role }, next);
  };
}

/**
 * `docs` as the current request's member may see them: inside a request, another person's ratings
 * document is neither listed nor readable while ratings are blind (unless the caller leads).
 */
export function visibleDocuments(
  docs: AnalysisDocuments,
  isBlind: (analysisId: string) => Promise<boolean>,
): AnalysisDocuments {
  const hidden = async (docName: string): Promise<boolean> => {
    const member = current.getStore();
    if (!member) return false;
    const name = parseDocumentName(docName);
    if (name.kind !== "ratings" || name.userId === member.userId) return false;
    if (name.analysisId !== member.analysisId) return true;
    return !canSeeOthersRatings(member.role, await isBlind(name.analysisId));
  };
  const requireVisible = async (docName: string): Promise<void> => {
    if (await hidden(docName)) throw new AppError("not_found", "document not found", 404);
  };
  return {
    readDocument: async (name) => {
      await requireVisible(name);
      return docs.readDocument(name);
    },
    readState: async (name) => {
      await requireVisible(name);
      return docs.readState(name);
    },
    transact: (name, fn, meta) => docs.transact(name, fn, meta),
    listDocuments: async (prefix) => {
      const names = await docs.listDocuments(prefix);
      const flags = await Promise.all(names.map(hidden));
      return names.filter((_name, i) => !flags[i]);
    },
  };
}
