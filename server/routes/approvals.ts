/** REST for approvals: approve the current state (pins a version) and "changed since approval". */
import { type Request, Router } from "express";
import { z } from "zod";
import { approvalStatusSchema, approvedSchema } from "../../shared/api/approvals";
import { AppError } from "../../shared/errors";
import { Limits } from "../../shared/limits";
import type { Actor } from "../../shared/schema/collection";
import { parseOrThrow } from "../../shared/schema/validate";
import type { AnalysisDocuments } from "../analyses/AnalysisDocuments";
import type { ApprovalStatuses } from "../analyses/ApprovalStatuses";
import { authorize } from "../auth/policy";
import { approveAnalysis } from "../commands/approveAnalysis";
import { sendJson } from "../http/sendJson";
import type { DocumentStore } from "../store/DocumentStore";
import type { VersionStore } from "../store/VersionStore";

export interface ApprovalsRouteDeps {
  readonly store: DocumentStore;
  readonly docs: AnalysisDocuments;
  readonly versions: VersionStore;
  /** "Changed since approval" (a diff in a worker), computed once per state for all callers. */
  readonly statuses: ApprovalStatuses;
  readonly actorOf: (req: Request) => Actor;
  /**
   * The approver's display name. Default: the `x-ach-name` header, else the user id; the accounts
   * layer replaces it with the session user's name.
   */
  readonly nameOf?: (req: Request) => string | Promise<string>;
}

const approveSchema = z.object({ note: z.string().trim().max(2_000).default("") }).strict();

const headerName = (req: Request, fallback: string): string => {
  const name = (req.get("x-ach-name") ?? "").trim();
  return name.length > 0 && name.length <= Limits.displayNameMaxLength ? name : fallback;
};

/** Mounted at `/api/analyses`: `POST /:id/approvals` and `GET /:id/approval-status`. */
export function approvalsRouter(deps: ApprovalsRouteDeps): Router {
  const { store, docs, versions, actorOf } = deps;
  const router = Router();

  const requireAnalysis = async (id: string): Promise<void> => {
    if (!(await store.getAnalysis(id))) throw new AppError("not_found", "analysis not found");
  };

  router.post("/:id/approvals", authorize("approvals.create"), async (req, res) => {
    const { id } = req.params;
    await requireAnalysis(id);
    const { note } = parseOrThrow(approveSchema, req.body ?? {}, "body");
    const actor = actorOf(req);
    const byName = deps.nameOf ? await deps.nameOf(req) : headerName(req, actor.userId);
    const result = await approveAnalysis(docs, versions, { analysisId: id, actor, byName, note });
    sendJson(res, approvedSchema, result, 201);
  });

  router.get("/:id/approval-status", authorize("approvals.read"), async (req, res) => {
    await requireAnalysis(req.params.id);
    sendJson(res, approvalStatusSchema, await deps.statuses.status(docs, versions, req.params.id));
  });

  return router;
}
