/** Query options of the PDF and CSV exports, validated at the edge. */
import { z } from "zod";
import { AppError } from "../../shared/errors";
import type { AnalysisJson } from "../../shared/schema/analysisJson";
import { parseOrThrow } from "../../shared/schema/validate";

export type PaperSize = "a4" | "letter";

export interface ExportOptions {
  /** "consensus", or the userId of one analyst whose own ratings are shown. */
  readonly view: string;
  readonly includeArchived: boolean;
  readonly paper: PaperSize;
}

const querySchema = z.object({
  view: z.string().min(1).max(128).default("consensus"),
  archived: z.enum(["0", "1", "true", "false"]).default("0"),
  paper: z.enum(["a4", "letter"]).default("a4"),
});

/**
 * Parse `?view=&archived=&paper=`; an analyst view must name someone who rated this analysis and,
 * when `analysts` is given (whose ratings count), one of them.
 */
export function parseExportOptions(
  query: unknown,
  json: AnalysisJson,
  analysts?: readonly string[],
): ExportOptions {
  const q = parseOrThrow(querySchema, query ?? {}, "query");
  const counted = analysts === undefined || analysts.includes(q.view);
  if (q.view !== "consensus" && (!Object.hasOwn(json.ratings, q.view) || !counted)) {
    throw new AppError("validation_failed", `view: no analyst "${q.view}" has rated this analysis`);
  }
  return { view: q.view, includeArchived: q.archived === "1" || q.archived === "true", paper: q.paper };
}
