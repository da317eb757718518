/**
 * Citations in the content document: on each evidence item, `citations` is a
 * Y.Map<citationId, Y.Map> whose entries hold the fields of `citationSchema` (the source, the
 * quote with its context, the encoded relative positions, who cited it and when). Every write
 * validates here and again in the document validator, which refuses a citation naming no source.
 */
import * as Y from "yjs";
import { AppError } from "../errors";
import { Limits } from "../limits";
import type { Actor, ItemMap } from "../schema/collection";
import { getItem } from "../schema/collection";
import { evidenceMap } from "../schema/contentDoc";
import { type CitationFields, citationSchema } from "../schema/fields";
import { newId } from "../schema/ids";
import { sourcesMap } from "../schema/sources";
import { parseOrThrow } from "../schema/validate";
import type { TextAnchor } from "./anchoring";

export interface Citation extends Readonly<CitationFields> {
  readonly id: string;
  readonly evidenceId: string;
}

/** The key of the citations map inside an evidence item. */
export const CITATIONS_FIELD = "citations";

function citationsOf(item: ItemMap): Y.Map<Y.Map<unknown>> | null {
  const map = item.get(CITATIONS_FIELD);
  return map instanceof Y.Map ? (map as Y.Map<Y.Map<unknown>>) : null;
}

function readCitation(evidenceId: string, id: string, entry: Y.Map<unknown>): Citation | null {
  // A citation written by an older or hostile client that does not parse is left out of views.
  const parsed = citationSchema.safeParse(Object.fromEntries(entry.entries()));
  return parsed.success ? { ...parsed.data, id, evidenceId } : null;
}

/** Citations of one evidence row, oldest first. */
export function listCitations(doc: Y.Doc, evidenceId: string): Citation[] {
  const item = evidenceMap(doc).get(evidenceId);
  if (!(item instanceof Y.Map)) return [];
  return citationsIn(evidenceId, item);
}

function citationsIn(evidenceId: string, item: ItemMap): Citation[] {
  const out: Citation[] = [];
  citationsOf(item)?.forEach((entry, id) => {
    const citation = entry instanceof Y.Map ? readCitation(evidenceId, id, entry) : null;
    if (citation !== null) out.push(citation);
  });
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** Every citation of the analysis by evidence id (rows without citations are absent). */
export function citationsByEvidence(doc: Y.Doc): Map<string, Citation[]> {
  const out = new Map<string, Citation[]>();
  evidenceMap(doc).forEach((item, evidenceId) => {
    if (!(item instanceof Y.Map)) return;
    const citations = citationsIn(evidenceId, item);
    if (citations.length > 0) out.set(evidenceId, citations);
  });
  return out;
}

/** The citations of one source across all evidence rows (to highlight its cited passages). */
export function citationsOfSource(doc: Y.Doc, sourceId: string): Citation[] {
  return [...citationsByEvidence(doc).values()].flat().filter((c) => c.sourceId === sourceId);
}

/** Cite `anchor` (a passage of the source `sourceId`'s captured text) on an evidence row. */
export function addCitation(
  doc: Y.Doc,
  evidenceId: string,
  input: { readonly sourceId: string; readonly anchor: TextAnchor; readonly id?: string },
  actor: Actor,
): string {
  const item = getItem(evidenceMap(doc), evidenceId, "evidence");
  if (!sourcesMap(doc).has(input.sourceId)) {
    throw new AppError("not_found", `source "${input.sourceId}" not found`);
  }
  const { exact, prefix, suffix, start, end } = input.anchor;
  const fields = parseOrThrow(
    citationSchema,
    {
      sourceId: input.sourceId,
      exact,
      prefix,
      suffix,
      start,
      end,
      createdBy: actor.userId,
      createdAt: actor.now,
    },
    "citation",
  );
  const existing = citationsOf(item);
  if (existing !== null && existing.size >= Limits.maxCitationsPerEvidence) {
    throw new AppError(
      "validation_failed",
      `an evidence row holds at most ${Limits.maxCitationsPerEvidence} citations`,
    );
  }
  const id = input.id ?? newId("c");
  doc.transact(() => {
    let map = existing;
    if (map === null) {
      map = new Y.Map<Y.Map<unknown>>();
      item.set(CITATIONS_FIELD, map);
    }
    const entry = new Y.Map<unknown>();
    map.set(id, entry);
    for (const [key, value] of Object.entries(fields)) entry.set(key, value);
  });
  return id;
}

/** Remove a citation (the passage and the source stay). */
export function removeCitation(doc: Y.Doc, evidenceId: string, citationId: string): void {
  const map = citationsOf(getItem(evidenceMap(doc), evidenceId, "evidence"));
  if (map === null || !map.has(citationId)) {
    throw new AppError("not_found", `citation "${citationId}" not found`);
  }
  map.delete(citationId);
}

/** Give a citation fresh positions (after its text was rebuilt); the quote is kept as found. */
export function updateCitationAnchor(
  doc: Y.Doc,
  evidenceId: string,
  citationId: string,
  anchor: TextAnchor,
): void {
  const entry = citationsOf(getItem(evidenceMap(doc), evidenceId, "evidence"))?.get(citationId);
  if (!(entry instanceof Y.Map)) throw new AppError("not_found", `citation "${citationId}" not found`);
  const valid = parseOrThrow(
    citationSchema.pick({ exact: true, prefix: true, suffix: true, start: true, end: true }),
    anchor,
    "citation",
  );
  doc.transact(() => {
    for (const [key, value] of Object.entries(valid)) if (entry.get(key) !== value) entry.set(key, value);
  });
}
