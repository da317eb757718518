/**
 * Membership for everything under `/api/analyses/:id`: non-members get 404 (an analysis's existence
 * is itself sensitive). What a member may do there is decided by the policy each route declares
 * (`authorize` in ./policy.ts), never from the request path.
 *
 * Blind rating also applies to REST reads: while the lead keeps ratings blind, the documents the
 * routers see through `visibleDocuments` omit other people's ratings for analysts and viewers.
 * The request's member is carried in AsyncLocalStorage so the JSON view, exports and any later
 * reader get the filter without each route passing it along.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Request, RequestHandler } from "express";
import type { Role } from "../../shared/accounts";
import { parseDocumentName } from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import type { AnalysisDocuments } from "../analyses/AnalysisDocuments";
import type { AccountStore } from "../store/AccountStore";
import { requirePrincipal } from "./httpAuth";
import { can, dependsOnBlind, type Member } from "./policy";

export type RequestMember = Member;

const current = new AsyncLocalStorage<RequestMember>();
const members = new WeakMap<Request, RequestMember>();

/** The caller's membership in the analysis of this request, or null when none was established. */
export const memberOf = (req: Request): RequestMember | null => members.get(req) ?? null;

/** The caller's role in the analysis of this request (set by `analysisAccess`). */
export function roleOf(req: Request): Role {
  const member = members.get(req);
  if (!member) throw new AppError("internal", "analysis access was not checked");
  return member.role;
}

/**
 * Mount at `/api/analyses/:id`: looks the caller up with `lookup` and answers 404 to non-members.
 * `analysisAccess` is the production lookup; tests of bare routers pass their own.
 */
export function memberAccess(
  lookup: (req: Request, analysisId: string) => Promise<Omit<RequestMember, "analysisId"> | null>,
): RequestHandler {
  return async (req, _res, next) => {
    const analysisId = String(req.params.id ?? "");
    const found = await lookup(req, analysisId);
    if (found === null) throw new AppError("not_found", "analysis not found");
    const member = { analysisId, userId: found.userId, role: found.role };
    members.set(req, member);
    current.run(member, next);
  };
}

/** Membership from the account store for the signed-in caller. */
export function analysisAccess(accounts: Pick<AccountStore, "getMemberRole">): RequestHandler {
  return memberAccess(async (req, analysisId) => {
    const userId = requirePrincipal(req).user.id;
    const role = await accounts.getMemberRole(analysisId, userId);
    return role === null ? null : { userId, role };
  });
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
    const document = parseDocumentName(docName);
    const blind = dependsOnBlind(member, document) && (await isBlind(document.analysisId));
    return !can(member, "document.read", { document, blind });
  };
  const requireVisible = async (docName: string): Promise<void> => {
    if (await hidden(docName)) throw new AppError("not_found", "document not found");
  };
  return {
    readDocument: async (name) => {
      await requireVisible(name);
      return docs.readDocument(name);
    },
    inspect: async (name, read) => {
      await requireVisible(name);
      return docs.inspect(name, read);
    },
    readState: async (name) => {
      await requireVisible(name);
      return docs.readState(name);
    },
    readUpdates: async (name) => {
      await requireVisible(name);
      return docs.readUpdates(name);
    },
    transact: (name, fn, meta) => docs.transact(name, fn, meta),
    catchUp: (name, stateVector) => docs.catchUp(name, stateVector),
    listDocuments: async (prefix) => {
      const names = await docs.listDocuments(prefix);
      const flags = await Promise.all(names.map(hidden));
      return names.filter((_name, i) => !flags[i]);
    },
  };
}
