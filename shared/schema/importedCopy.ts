/**
 * What an imported file may not bring into a new analysis as it stands: who said what. A file's
 * user ids and names are the exporting server's (or anyone's, in a hand-edited file), so each
 * comment keeps its words but is attributed to the importer, its original author kept as plain
 * text in the shown name ("<importer> (originally by <name>)"); a resolved comment is resolved
 * by the importer. Approvals pin versions that exist only where the file came from: none are
 * imported. The import's answer and preview list a warning for each.
 */
import { Limits } from "../limits";
import type { ParsedAnalysisJson } from "./analysisJson";

export interface Importer {
  readonly userId: string;
  /** The importer's account name ("" when unknown). */
  readonly name: string;
}

/** The name an imported comment shows: the importer's, with the original author as text. */
export function importedAuthorName(importer: Importer, originalName: string): string {
  const original = originalName.trim() || "an unknown author";
  const shown = importer.name ? `${importer.name} (originally by ${original})` : `originally by ${original}`;
  return shown.slice(0, Limits.displayNameMaxLength);
}

/** `analysis` as a new analysis of `importer` may hold it, and the warnings saying what changed. */
export function importedCopy(
  analysis: ParsedAnalysisJson,
  importer: Importer,
): { analysis: ParsedAnalysisJson; warnings: string[] } {
  const comments = analysis.comments.map((c) => ({
    ...c,
    author: importer.userId,
    authorName: importedAuthorName(importer, c.authorName),
    resolvedBy: c.resolved ? importer.userId : null,
  }));
  const warnings: string[] = [];
  const n = comments.length;
  if (n > 0)
    warnings.push(
      `${n} comment${n === 1 ? " is" : "s are"} attributed to you, each naming its original author as text ("originally by …")`,
    );
  const a = analysis.lead.approvals.length;
  if (a > 0)
    warnings.push(
      `${a} approval${a === 1 ? " was" : "s were"} not imported: a copy starts unapproved; a lead approves it here`,
    );
  return { analysis: { ...analysis, comments, lead: { ...analysis.lead, approvals: [] } }, warnings };
}
