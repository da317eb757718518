/**
 * Corroboration: what the cited sources say about each evidence row's footing. A reader sees how
 * many distinct sources a row cites and how reliable they are, and the lead is warned where a
 * row rated High credibility rests only on sources graded E or F, and where several rows rest on
 * one single source (the matrix then counts that source several times). Warnings only: nothing
 * here changes a credibility, a weight or a score.
 */
import type * as Y from "yjs";
import { listEvidence } from "../schema/contentDoc";
import { listSources } from "../schema/sources";
import type { Level, SourceReliability } from "../schema/vocabulary";
import { citationsByEvidence } from "./citations";

export interface CorroborationRow {
  readonly evidenceId: string;
  /** Distinct sources cited, in order of first citation. */
  readonly sourceIds: readonly string[];
  /** Their Admiralty grades, in the same order ("" = not graded). */
  readonly reliabilities: readonly SourceReliability[];
}

export type CorroborationWarning =
  | {
      /** Rated High credibility, yet every cited source is graded E or F. */
      readonly kind: "high_credibility_weak_sources";
      readonly evidenceId: string;
      readonly sourceIds: readonly string[];
    }
  | {
      /** Several rows cite this one source and no other. */
      readonly kind: "single_source_rows";
      readonly sourceId: string;
      readonly evidenceIds: readonly string[];
    };

export interface Corroboration {
  readonly rows: readonly CorroborationRow[];
  readonly warnings: readonly CorroborationWarning[];
}

export interface CorroborationInput {
  /** The rows to assess (archived rows left out by the caller), in display order. */
  readonly evidence: readonly { readonly id: string; readonly credibility: Level }[];
  readonly citations: ReadonlyMap<string, readonly { readonly sourceId: string }[]>;
  readonly sources: readonly { readonly id: string; readonly reliability: SourceReliability }[];
}

const WEAK: ReadonlySet<SourceReliability> = new Set(["E", "F"]);

/** Per-row sources and the warnings, from plain data. */
export function corroborate(input: CorroborationInput): Corroboration {
  const reliability = new Map(input.sources.map((s) => [s.id, s.reliability]));
  const rows: CorroborationRow[] = [];
  const warnings: CorroborationWarning[] = [];
  const singleSourceRows = new Map<string, string[]>();
  for (const row of input.evidence) {
    const sourceIds = [...new Set((input.citations.get(row.id) ?? []).map((c) => c.sourceId))];
    const reliabilities = sourceIds.map((id) => reliability.get(id) ?? "");
    rows.push({ evidenceId: row.id, sourceIds, reliabilities });
    if (row.credibility === "high" && sourceIds.length > 0 && reliabilities.every((r) => WEAK.has(r))) {
      warnings.push({ kind: "high_credibility_weak_sources", evidenceId: row.id, sourceIds });
    }
    const only = sourceIds.length === 1 ? sourceIds[0] : undefined;
    if (only !== undefined) singleSourceRows.set(only, [...(singleSourceRows.get(only) ?? []), row.id]);
  }
  for (const [sourceId, evidenceIds] of singleSourceRows) {
    if (evidenceIds.length > 1) warnings.push({ kind: "single_source_rows", sourceId, evidenceIds });
  }
  return { rows, warnings };
}

/** Corroboration of the analysis's live rows, read from its content document. */
export function corroborationOf(doc: Y.Doc): Corroboration {
  return corroborate({
    evidence: listEvidence(doc),
    citations: citationsByEvidence(doc),
    sources: listSources(doc, { includeArchived: true }),
  });
}
