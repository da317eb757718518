/**
 * Sources and citations in the JSON view (schema version 2). A source carries its fields, notes
 * and captured text (ProseMirror-style JSON, paragraphs); a citation carries its quote as a W3C
 * TextQuoteSelector and, where it resolved, its place in the plain text (a TextPositionSelector).
 * Relative positions are not exported: they name Yjs items, which an import creates afresh, so an
 * import anchors every citation again from its quote (the position is the tie-breaking hint).
 */
import * as Y from "yjs";
import { z } from "zod";
import { SOURCE_TEXT_PART } from "../documentNames";
import { Limits } from "../limits";
import {
  anchorAt,
  encodePosition,
  indexRuns,
  type PlainTextView,
  plainTextView,
  resolveAnchor,
  type TextRun,
} from "../sources/anchoring";
import { addCitation, listCitations } from "../sources/citations";
import { findQuote, type TextRange } from "../sources/quoteSelector";
import type { Actor } from "./collection";
import { citationSchema, DEFAULT_SOURCE_FIELDS, type SourceFields, sourceFieldsSchema } from "./fields";
import { orderSequence } from "./fractionalOrder";
import { fragmentToRichDoc, type RichDoc, writeRichDoc } from "./richText";
import { idSchema, itemCommon, richTextSchema } from "./richTextJson";
import { addSource, listSources, setSourceArchived, sourceNotes } from "./sources";

export const sourceJsonSchema = sourceFieldsSchema.partial().extend({
  ...itemCommon,
  title: sourceFieldsSchema.shape.title,
  notes: richTextSchema(),
  text: richTextSchema(Limits.sourceTextMaxLength),
});

export const citationJsonSchema = z.object({
  id: idSchema.optional(),
  sourceId: idSchema,
  quote: z.object({
    exact: citationSchema.shape.exact,
    prefix: citationSchema.shape.prefix.default(""),
    suffix: citationSchema.shape.suffix.default(""),
  }),
  position: z
    .object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
    .nullable()
    .default(null),
  createdAt: z.string().max(Limits.shortTextMaxLength).optional(),
  createdBy: z.string().max(Limits.shortTextMaxLength).optional(),
});

export const citationsJsonSchema = z
  .array(citationJsonSchema)
  .max(Limits.maxCitationsPerEvidence)
  .default([]);

export type ParsedSourceJson = z.output<typeof sourceJsonSchema>;
export type ParsedCitationJson = z.output<typeof citationJsonSchema>;

export interface SourceJson extends Readonly<SourceFields> {
  readonly id: string;
  readonly notes: RichDoc;
  /** The captured text (empty when none was captured). */
  readonly text: RichDoc;
  readonly archived: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface CitationJson {
  readonly id: string;
  readonly sourceId: string;
  /** W3C TextQuoteSelector. */
  readonly quote: { readonly exact: string; readonly prefix: string; readonly suffix: string };
  /** W3C TextPositionSelector over the source's plain text now; null when the passage is lost. */
  readonly position: TextRange | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** The plain-text view of each source's captured text, ready to resolve many anchors. */
export type SourceViews = ReadonlyMap<
  string,
  { readonly view: PlainTextView; readonly runs: Map<Y.XmlText, TextRun> }
>;

export function sourceViews(sourceDocs: ReadonlyMap<string, Y.Doc>): SourceViews {
  const out = new Map<string, { view: PlainTextView; runs: Map<Y.XmlText, TextRun> }>();
  for (const [id, doc] of sourceDocs) {
    const view = plainTextView(doc.getXmlFragment(SOURCE_TEXT_PART));
    out.set(id, { view, runs: indexRuns(view) });
  }
  return out;
}

/** Every source of the content document with its captured text (archived ones flagged). */
export function readSourcesJson(content: Y.Doc, sourceDocs: ReadonlyMap<string, Y.Doc>): SourceJson[] {
  return listSources(content, { includeArchived: true }).map(({ order: _o, mergedInto: _m, ...s }) => {
    const doc = sourceDocs.get(s.id);
    return {
      ...s,
      notes: fragmentToRichDoc(sourceNotes(content, s.id)),
      text: doc ? fragmentToRichDoc(doc.getXmlFragment(SOURCE_TEXT_PART)) : { type: "doc", content: [] },
    };
  });
}

/** The citations of one evidence row, each placed in its source's text as it stands. */
export function readCitationsJson(content: Y.Doc, evidenceId: string, views: SourceViews): CitationJson[] {
  return listCitations(content, evidenceId).map((c) => {
    const source = views.get(c.sourceId);
    const resolved = source ? resolveAnchor(source.view, c, source.runs) : null;
    return {
      id: c.id,
      sourceId: c.sourceId,
      quote: { exact: c.exact, prefix: c.prefix, suffix: c.suffix },
      position: resolved?.range ?? null,
      createdAt: c.createdAt,
      createdBy: c.createdBy,
    };
  });
}

/** Adds the sources to `content` and returns each one's captured-text document. */
export function buildSources(
  content: Y.Doc,
  sources: readonly ParsedSourceJson[],
  by: (item: { createdAt?: string | undefined; createdBy?: string | undefined }) => Actor,
): Map<string, Y.Doc> {
  const docs = new Map<string, Y.Doc>();
  const nextOrder = orderSequence();
  for (const s of sources) {
    const { id: given, archived, notes, text, createdAt: _a, createdBy: _b, ...fields } = s;
    const id = addSource(
      content,
      { ...DEFAULT_SOURCE_FIELDS, ...fields, index: { order: nextOrder() }, ...(given ? { id: given } : {}) },
      by(s),
    );
    writeRichDoc(sourceNotes(content, id), notes);
    if (archived) setSourceArchived(content, id, true);
    const doc = new Y.Doc();
    writeRichDoc(doc.getXmlFragment(SOURCE_TEXT_PART), text);
    docs.set(id, doc);
  }
  return docs;
}

/**
 * Cites on `evidenceId` each citation, anchored afresh in its source's text by its quote (the
 * exported position breaks ties). A passage no longer found keeps its quote and is anchored on
 * the text as a whole, so it reads as lost rather than pointing at the wrong words.
 */
export function buildCitations(
  content: Y.Doc,
  evidenceId: string,
  citations: readonly ParsedCitationJson[],
  views: SourceViews,
  by: (item: { createdAt?: string | undefined; createdBy?: string | undefined }) => Actor,
): void {
  for (const c of citations) {
    const source = views.get(c.sourceId);
    if (source === undefined) continue;
    const found = findQuote(source.view.text, c.quote, c.position?.start);
    const fresh = found === null ? null : anchorAt(source.view, found);
    const anchor = fresh ?? { ...c.quote, ...wholeText(source.view) };
    addCitation(content, evidenceId, { sourceId: c.sourceId, anchor, ...(c.id ? { id: c.id } : {}) }, by(c));
  }
}

/** Positions on the text part itself: valid, and never resolving to a passage. */
function wholeText(view: PlainTextView): { start: string; end: string } {
  const fragment = view.doc?.getXmlFragment(SOURCE_TEXT_PART) ?? new Y.Doc().getXmlFragment(SOURCE_TEXT_PART);
  return {
    start: encodePosition(Y.createRelativePositionFromTypeIndex(fragment, 0)),
    end: encodePosition(Y.createRelativePositionFromTypeIndex(fragment, 0, -1)),
  };
}
