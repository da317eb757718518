/**
 * The layout PARC ACH 2.0.5 writes (known from Open Source ACH's importer, the only public reader):
 * `PROJECT-TITLE`, `CLASSIFICATION` and a `MATRIX` of `HYPOTHESIS` (`NAME`) and `EVIDENCE` rows with
 * `NAME`, `NOTES`, `LINK`, `TYPE`, `DATE` (milliseconds since 1970, `0` = none), `CODE`, `FLAG`
 * (0/1), `CREDIBILITY` and `VALUES`: one rating per hypothesis in column order, comma-separated,
 * written `C C`, `C`, `N`, `I`, `I I`, `NA` (empty = unrated). The ratings become the importer's.
 */
import { AppError } from "../../shared/errors";
import { Limits } from "../../shared/limits";
import type { AnalysisJsonInput } from "../../shared/schema/analysisJson";
import type { RatingCode } from "../../shared/schema/vocabulary";
import {
  clip,
  descendants,
  field,
  importerRatings,
  importWarnings,
  lc,
  level,
  RATINGS,
  rowDetails,
} from "./achzFields";
import type { AchzOptions, AchzResult } from "./achzImport";
import type { XmlElement } from "./xmlParser";

const child = (el: XmlElement, name: string): XmlElement | undefined =>
  el.children.find((c) => lc(c.name) === name);

/** True when the document is in PARC's own layout (a MATRIX, or a PROJECT-TITLE at the top). */
export function isParcMatrix(root: XmlElement): boolean {
  return descendants(root, ["matrix"]).length > 0 || child(root, "project-title") !== undefined;
}

/** "1615852800000" → "2021-03-16" (UTC); "0" or empty → ""; null when it is not a time. */
function epochDate(value: string): string | null {
  if (value === "" || value === "0") return "";
  if (!/^-?\d{1,15}$/.test(value)) return null;
  const d = new Date(Number(value));
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

export function parcMatrixToAnalysis(
  root: XmlElement,
  opts: Pick<AchzOptions, "userId" | "userName">,
): AchzResult {
  const warnings: string[] = [];
  const matrix = descendants(root, ["matrix"])[0] ?? root;
  const hypEls = descendants(matrix, ["hypothesis"]);
  const evEls = descendants(matrix, ["evidence"]);
  if (hypEls.length === 0 && evEls.length === 0) {
    throw new AppError(
      "validation_failed",
      "not a PARC ACH file: its MATRIX holds no HYPOTHESIS or EVIDENCE",
    );
  }
  const hypotheses = hypEls.slice(0, Limits.maxHypotheses).map((h, i) => ({
    id: `h${i + 1}`,
    title: clip(field(h, ["name"]) || `Hypothesis ${i + 1}`, Limits.titleMaxLength),
  }));
  if (hypEls.length > Limits.maxHypotheses)
    warnings.push(`only the first ${Limits.maxHypotheses} hypotheses were imported`);
  const cells: Record<string, RatingCode> = {};
  let unknownRatings = 0;
  const evidence = evEls.slice(0, Limits.maxEvidence).map((e, i) => {
    const id = `e${i + 1}`;
    const row = i + 1;
    const claim = field(e, ["name"]) || `Evidence ${row}`;
    if (claim.length > Limits.claimMaxLength)
      warnings.push(`evidence ${row}: text shortened to ${Limits.claimMaxLength} characters`);
    const notes: string[] = [];
    const rawNotes = field(e, ["notes"]);
    if (rawNotes) notes.push(rawNotes);
    const rawDate = field(e, ["date"]);
    const date = epochDate(rawDate);
    if (date === null) {
      warnings.push(`evidence ${row}: date "${rawDate}" is not a PARC time; left empty`);
      notes.push(`PARC date: ${rawDate}`);
    }
    const details = rowDetails(
      row,
      { code: field(e, ["code"]), link: field(e, ["link"]), type: field(e, ["type"]) },
      notes,
      warnings,
    );
    const values = field(e, ["values"]);
    const codes = values === "" ? [] : values.split(",");
    if (codes.length > hypotheses.length) {
      warnings.push(
        `evidence ${row} has ${codes.length} values for ${hypotheses.length} hypothes${hypotheses.length === 1 ? "is" : "es"}; the extra ones were skipped`,
      );
    }
    hypotheses.forEach((h, k) => {
      // "C C" and "I I" are PARC's spelling of CC and II.
      const raw = lc((codes[k] ?? "").replace(/\s+/g, ""));
      if (raw === "") return;
      const rating = RATINGS[raw];
      if (rating) cells[`${id}:${h.id}`] = rating;
      else unknownRatings++;
    });
    const flag = lc(field(e, ["flag"]));
    return {
      id,
      claim: clip(claim, Limits.claimMaxLength),
      ...details,
      date: date ?? "",
      credibility: level(field(e, ["credibility"])) ?? "medium",
      relevance: level(field(e, ["relevance"])) ?? "medium",
      flagged: flag === "1" || flag === "true",
      notes: notes.join("\n"),
    };
  });
  warnings.push(...importWarnings(evEls.length, unknownRatings));
  const json: AnalysisJsonInput = {
    schemaVersion: 1,
    title: clip(field(root, ["project-title"]) || "Imported PARC ACH matrix", Limits.titleMaxLength),
    classification: clip(field(root, ["classification"]), Limits.questionMaxLength),
    hypotheses,
    evidence,
    ratings: importerRatings(cells, opts),
  };
  return { json, warnings };
}
