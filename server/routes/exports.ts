/**
 * REST: export an analysis as JSON (complete, importable), CSV (the matrix) or PDF (the briefing
 * product). The documents are gathered here; reading, scoring and rendering run in a worker thread.
 */
import { type Request, Router } from "express";
import type { AttachmentRecord } from "../../shared/attachments";
import { AppError } from "../../shared/errors";
import { type AccountLookup, raterAccountNames } from "../analyses/raterAccounts";
import { type MemberDirectory, teamScoringOptions } from "../analyses/teamScoring";
import { authorize } from "../auth/policy";
import { attachmentHeader } from "../export/contentDisposition";
import { sendBytes } from "../http/sendBytes";
import { type AnalysisStates, liveStates } from "../workers/analysisStates";
import type { HeavyWork } from "../workers/HeavyWork";
import type { HeavyTask } from "../workers/heavyTasks";
import type { AnalysesRouteDeps } from "./analyses";

export interface ExportsRouteDeps extends AnalysesRouteDeps {
  /** Changes since the latest approval of the live analysis, so the PDF can say "changed since approval". */
  readonly changesSinceApproval?: (analysisId: string) => Promise<number | null>;
  /** Whose ratings count in scores (the analysis's members); without it every rater counts. */
  readonly memberships?: MemberDirectory;
  /** Raters' accounts, which name them in exports; without it raters keep their stored names. */
  readonly accounts?: AccountLookup;
  /** `?version=<id>`: that version's documents as the caller may see them (404 when not one of this analysis's). */
  readonly versionStates?: (analysisId: string, versionId: string) => Promise<AnalysisStates>;
  readonly work: HeavyWork;
  /**
   * The seam for attachments: their metadata, carried by the JSON view and listed in the PDF's
   * Sources appendix. Without it exports list none.
   */
  readonly listAttachments?: (analysisId: string) => Promise<readonly AttachmentRecord[]>;
}

const MEDIA_TYPES = {
  json: "application/json",
  csv: "text/csv; charset=utf-8",
  pdf: "application/pdf",
} as const;

export function exportsRouter({
  store,
  docs,
  changesSinceApproval,
  memberships,
  accounts,
  versionStates,
  work,
  actorOf,
  listAttachments = async () => [],
}: ExportsRouteDeps): Router {
  const router = Router();

  const versionOf = (req: Request): string | null =>
    typeof req.query.version === "string" && req.query.version !== "" ? req.query.version : null;

  const exportTask = async (req: Request, format: keyof typeof MEDIA_TYPES): Promise<HeavyTask> => {
    const id = String(req.params.id);
    const record = await store.getAnalysis(id);
    if (!record) throw new AppError("not_found", "analysis not found");
    const versionId = versionOf(req);
    const states = versionId === null ? await liveStates(docs, id) : await versionStates?.(id, versionId);
    if (states === undefined) throw new AppError("store_unavailable", "this server keeps no versions");
    // A version is printed as it stood; only the live analysis can have moved on since approval.
    const changes =
      format === "pdf" && versionId === null && changesSinceApproval ? await changesSinceApproval(id) : null;
    return {
      kind: "export",
      format,
      states,
      scoring: format !== "json" && memberships ? await teamScoringOptions(memberships, id) : {},
      query: { ...req.query },
      changesSinceApproval: changes,
      pdfMeta: { generatedAt: new Date().toISOString(), version: versionId ?? "live (no named version)" },
      attachments: await listAttachments(id),
      accountNames: accounts
        ? await raterAccountNames(
            accounts,
            states.documents.map(([name]) => name),
          )
        : {},
    };
  };

  for (const format of ["json", "csv", "pdf"] as const) {
    router.get(`/analyses/:id/export.${format}`, authorize("exports.read"), async (req, res) => {
      const result = await work.run(await exportTask(req, format), { requester: actorOf(req).userId });
      res.setHeader("Content-Disposition", attachmentHeader(result.title ?? "", format));
      sendBytes(res, MEDIA_TYPES[format], result.bytes);
    });
  }

  return router;
}
