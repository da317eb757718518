/** REST: export an analysis as JSON (complete, importable), CSV (the matrix) or PDF (the briefing product). */
import { Router } from "express";
import { AppError } from "../../shared/errors";
import { scoreAnalysis } from "../../shared/scoring";
import { readAnalysis } from "../analyses/readAnalysis";
import { attachmentHeader } from "../export/contentDisposition";
import { renderCsv } from "../export/csvExport";
import { parseExportOptions } from "../export/exportOptions";
import { buildExportView } from "../export/exportView";
import { renderAnalysisPdf } from "../export/pdf/renderAnalysisPdf";
import type { AnalysesRouteDeps } from "./analyses";

export interface ExportsRouteDeps extends AnalysesRouteDeps {
  /** The analysis's current named version, so the PDF can say "changed since approval". */
  readonly currentVersionOf?: (analysisId: string) => Promise<string | null>;
}

export function exportsRouter({ store, docs, currentVersionOf }: ExportsRouteDeps): Router {
  const router = Router();

  const load = async (id: string) => {
    const record = await store.getAnalysis(id);
    if (!record) throw new AppError("not_found", "analysis not found", 404);
    return readAnalysis(docs, id);
  };

  router.get("/analyses/:id/export.json", async (req, res) => {
    const json = await load(req.params.id);
    res.setHeader("Content-Disposition", attachmentHeader(json.title, "json"));
    res.type("application/json").send(`${JSON.stringify(json, null, 2)}\n`);
  });

  router.get("/analyses/:id/export.csv", async (req, res) => {
    const json = await load(req.params.id);
    const options = parseExportOptions(req.query, json);
    const view = buildExportView(json, scoreAnalysis(json), options);
    res.setHeader("Content-Disposition", attachmentHeader(json.title, "csv"));
    res.type("text/csv; charset=utf-8").send(renderCsv(view));
  });

  router.get("/analyses/:id/export.pdf", async (req, res) => {
    const json = await load(req.params.id);
    const options = parseExportOptions(req.query, json);
    const versionId = currentVersionOf ? await currentVersionOf(json.id) : null;
    const view = buildExportView(json, scoreAnalysis(json), options, { currentVersionId: versionId });
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
