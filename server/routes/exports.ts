/** REST: export an analysis as JSON (complete, importable), CSV (the matrix) or PDF (the briefing product). */
import { type Request, Router } from "express";
import { AppError } from "../../shared/errors";
import type { AnalysisJson } from "../../shared/schema/analysisJson";
import { type AnalysisScores, scoreAnalysis } from "../../shared/scoring";
import { readAnalysis } from "../analyses/readAnalysis";
import { type MemberDirectory, teamScoringOptions } from "../analyses/teamScoring";
import { authorize } from "../auth/policy";
import { attachmentHeader } from "../export/contentDisposition";
import { renderCsv } from "../export/csvExport";
import { parseExportOptions } from "../export/exportOptions";
import { buildExportView } from "../export/exportView";
import { renderAnalysisPdf } from "../export/pdf/renderAnalysisPdf";
import type { AnalysesRouteDeps } from "./analyses";

export interface ExportsRouteDeps extends AnalysesRouteDeps {
  /** Changes since the latest approval of the live analysis, so the PDF can say "changed since approval". */
  readonly changesSinceApproval?: (analysisId: string) => Promise<number | null>;
  /** Whose ratings count in scores (the analysis's members); without it every rater counts. */
  readonly memberships?: MemberDirectory;
  /** `?version=<id>`: the JSON view of that version (404 when it is not one of this analysis's). */
  readonly versionJson?: (analysisId: string, versionId: string) => Promise<AnalysisJson>;
}

export function exportsRouter({
  store,
  docs,
  changesSinceApproval,
  memberships,
  versionJson,
}: ExportsRouteDeps): Router {
  const router = Router();

  const versionOf = (req: Request): string | null =>
    typeof req.query.version === "string" && req.query.version !== "" ? req.query.version : null;

  const load = async (id: string, req: Request) => {
    const record = await store.getAnalysis(id);
    if (!record) throw new AppError("not_found", "analysis not found", 404);
    const version = versionOf(req);
    if (version === null) return readAnalysis(docs, id);
    if (!versionJson) throw new AppError("store_unavailable", "this server keeps no versions", 503);
    return versionJson(id, version);
  };

  // The one rule for whose ratings count and with which weights, as in the JSON view.
  const scoresOf = async (json: AnalysisJson) =>
    scoreAnalysis(json, memberships ? await teamScoringOptions(memberships, json.id) : {});
  /** An analyst view may show only someone whose ratings count. */
  const analystsOf = (scores: AnalysisScores): string[] => scores.report.analysts.map((a) => a.userId);

  router.get("/analyses/:id/export.json", authorize("exports.read"), async (req, res) => {
    const json = await load(req.params.id, req);
    res.setHeader("Content-Disposition", attachmentHeader(json.title, "json"));
    res.type("application/json").send(`${JSON.stringify(json, null, 2)}\n`);
  });

  router.get("/analyses/:id/export.csv", authorize("exports.read"), async (req, res) => {
    const json = await load(req.params.id, req);
    const scores = await scoresOf(json);
    const options = parseExportOptions(req.query, json, analystsOf(scores));
    const view = buildExportView(json, scores, options);
    res.setHeader("Content-Disposition", attachmentHeader(json.title, "csv"));
    res.type("text/csv; charset=utf-8").send(renderCsv(view));
  });

  router.get("/analyses/:id/export.pdf", authorize("exports.read"), async (req, res) => {
    const json = await load(req.params.id, req);
    const scores = await scoresOf(json);
    const options = parseExportOptions(req.query, json, analystsOf(scores));
    const versionId = versionOf(req);
    // A version is printed as it stood; only the live analysis can have moved on since approval.
    const changes = versionId === null && changesSinceApproval ? await changesSinceApproval(json.id) : null;
    const view = buildExportView(json, scores, options, { changesSinceApproval: changes });
    res.setHeader("Content-Disposition", attachmentHeader(json.title, "pdf"));
    res.type("application/pdf");
    try {
      await renderAnalysisPdf(
        view,
        { generatedAt: new Date().toISOString(), version: versionId ?? "live (no named version)" },
        res,
      );
    } catch (error) {
      // Bytes may already be on the wire: the client sees a broken download, never half a JSON error.
      if (res.headersSent) res.destroy(error instanceof Error ? error : undefined);
      else throw error;
    }
  });

  return router;
}
