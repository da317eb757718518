/**
 * The sources of an analysis and the citations that point into them (`useCitationIndex`), plus the
 * edits the Sources page makes. Components render the data and call the actions.
 */

import { useCallback, useMemo } from "react";
import type * as Y from "yjs";
import { Limits } from "../../../shared/limits";
import { addEvidence, listEvidence } from "../../../shared/schema/contentDoc";
import { evidenceCodes } from "../../../shared/schema/evidenceCodes";
import type { SourceFields } from "../../../shared/schema/fields";
import { addSource, type Source, setSourceArchived, updateSource } from "../../../shared/schema/sources";
import type { TextAnchor } from "../../../shared/sources/anchoring";
import { addCitation, removeCitation } from "../../../shared/sources/citations";
import type { Identity } from "../lib/identity";
import { type CitationIndex, useCitationIndex } from "./useCitationIndex";

export interface SourceLibrary extends CitationIndex {
  readonly addSource: (fields: Partial<SourceFields> & { title: string }) => string;
  readonly updateSource: (id: string, patch: Partial<SourceFields>) => void;
  readonly setArchived: (id: string, archived: boolean) => void;
  /**
   * Create an evidence row whose claim is the quote, filled from the source, citing the passage;
   * answers the new row's code.
   */
  readonly newEvidenceFromPassage: (source: Source, anchor: TextAnchor) => string;
  readonly cite: (evidenceId: string, sourceId: string, anchor: TextAnchor) => void;
  readonly uncite: (evidenceId: string, citationId: string) => void;
}

/** A claim cut to the claim limit on a word boundary when the quote is longer. */
export function claimFromQuote(exact: string): string {
  const flat = exact.replace(/\s+/g, " ").trim();
  if (flat.length <= Limits.claimMaxLength) return flat;
  const cut = flat.slice(0, Limits.claimMaxLength - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > Limits.claimMaxLength / 2 ? cut.slice(0, space) : cut}…`;
}

export function useSourceLibrary(content: Y.Doc, identity: Identity): SourceLibrary {
  const index = useCitationIndex(content);
  const actor = useCallback(
    () => ({ userId: identity.userId, now: new Date().toISOString() }),
    [identity.userId],
  );

  const actions = useMemo(
    () => ({
      addSource: (fields: Partial<SourceFields> & { title: string }) => addSource(content, fields, actor()),
      updateSource: (id: string, patch: Partial<SourceFields>) => updateSource(content, id, patch),
      setArchived: (id: string, archived: boolean) => setSourceArchived(content, id, archived),
      newEvidenceFromPassage: (source: Source, anchor: TextAnchor) => {
        let id = "";
        // One transaction: the row never exists without its citation, for me or anyone else.
        content.transact(() => {
          id = addEvidence(
            content,
            { claim: claimFromQuote(anchor.exact), source: source.title, url: source.url },
            actor(),
          );
          addCitation(content, id, { sourceId: source.id, anchor }, actor());
        });
        return evidenceCodes(listEvidence(content, { includeArchived: true })).get(id) ?? "";
      },
      cite: (evidenceId: string, sourceId: string, anchor: TextAnchor) => {
        addCitation(content, evidenceId, { sourceId, anchor }, actor());
      },
      uncite: (evidenceId: string, citationId: string) => removeCitation(content, evidenceId, citationId),
    }),
    [content, actor],
  );

  return { ...index, ...actions };
}
