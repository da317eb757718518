/**
 * The sources of an analysis and every citation of its active evidence rows, indexed both ways and
 * labelled with the row codes the matrix shows (E5), read live from the content document.
 */

import { useCallback } from "react";
import type * as Y from "yjs";
import { evidenceMap, listEvidence } from "../../../shared/schema/contentDoc";
import { evidenceCodes } from "../../../shared/schema/evidenceCodes";
import { listSources, type Source, sourcesMap } from "../../../shared/schema/sources";
import { type Citation, citationsByEvidence } from "../../../shared/sources/citations";
import { useYValue } from "./useYValue";

/** A citation with its row's code and claim. */
export interface PlacedCitation extends Citation {
  readonly code: string;
  readonly claim: string;
}

export interface EvidenceRowRef {
  readonly id: string;
  readonly code: string;
  readonly claim: string;
}

export interface CitationIndex {
  /** Every source, archived ones included (citations may point at them). */
  readonly sources: readonly Source[];
  /** Active evidence rows in matrix order, with their codes. */
  readonly rows: readonly EvidenceRowRef[];
  /** Citations of active rows, by source id. */
  readonly bySource: ReadonlyMap<string, readonly PlacedCitation[]>;
  /** Citations by evidence row id. */
  readonly byEvidence: ReadonlyMap<string, readonly PlacedCitation[]>;
}

function indexCitations(doc: Y.Doc): Omit<CitationIndex, "sources"> {
  const codes = evidenceCodes(listEvidence(doc, { includeArchived: true }));
  const rows = listEvidence(doc).map((e) => ({ id: e.id, code: codes.get(e.id) ?? "", claim: e.claim }));
  const all = citationsByEvidence(doc);
  const bySource = new Map<string, PlacedCitation[]>();
  const byEvidence = new Map<string, PlacedCitation[]>();
  for (const row of rows) {
    const placed = (all.get(row.id) ?? []).map((c) => ({ ...c, code: row.code, claim: row.claim }));
    if (placed.length === 0) continue;
    byEvidence.set(row.id, placed);
    for (const c of placed) {
      const list = bySource.get(c.sourceId);
      if (list) list.push(c);
      else bySource.set(c.sourceId, [c]);
    }
  }
  return { rows, bySource, byEvidence };
}

export function useCitationIndex(content: Y.Doc): CitationIndex {
  const sources = useYValue(
    sourcesMap(content),
    useCallback(() => listSources(content, { includeArchived: true }), [content]),
  );
  const index = useYValue(
    evidenceMap(content),
    useCallback(() => indexCitations(content), [content]),
  );
  return { sources, ...index };
}
