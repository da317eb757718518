/**
 * The source library of an analysis: the collection `sources` of its content document
 * (Y.Map<id, Y.Map>, ordered and archivable like hypotheses and evidence). Each item holds the
 * fields of `sourceFieldsSchema` and a rich-text `notes` field; the captured text of a source is
 * its own document, `<analysisId>/source/<sourceId>` (see `shared/sources/anchoring.ts`).
 */
import * as Y from "yjs";
import { Limits } from "../limits";
import {
  type Actor,
  assertRoom,
  type Collection,
  fragmentOf,
  getItem,
  type ItemBase,
  type ItemMap,
  insertItem,
  listItems,
  moveItem,
  type Placement,
  readBase,
  setArchived,
  setFields,
} from "./collection";
import { DEFAULT_SOURCE_FIELDS, type SourceFields, sourceFieldsSchema } from "./fields";
import { newId } from "./ids";
import { parseOrThrow } from "./validate";

export interface Source extends ItemBase, Readonly<SourceFields> {}

export const sourcesMap = (doc: Y.Doc): Collection => doc.getMap("sources");

export function readSource(id: string, item: ItemMap): Source {
  const fields = {} as Record<keyof SourceFields, unknown>;
  for (const key of Object.keys(sourceFieldsSchema.shape) as (keyof SourceFields)[]) {
    // Fields written by an older or hostile client fall back to defaults rather than break views.
    const ok = sourceFieldsSchema.shape[key].safeParse(item.get(key));
    fields[key] = ok.success ? ok.data : key === "title" ? "" : DEFAULT_SOURCE_FIELDS[key];
  }
  return { ...readBase(id, item), ...(fields as SourceFields) };
}

export function listSources(doc: Y.Doc, opts: { includeArchived?: boolean } = {}): Source[] {
  return listItems(sourcesMap(doc), readSource, opts.includeArchived ?? false);
}

/** Whether the library holds source `id`, archived or not (adds no root type to a document that has none). */
export function hasSource(doc: Y.Doc, id: string): boolean {
  return doc.share.has("sources") && sourcesMap(doc).get(id) instanceof Y.Map;
}

/** The source `id`, archived or not; null when the library has no such source. */
export function findSource(doc: Y.Doc, id: string): Source | null {
  const item = sourcesMap(doc).get(id);
  return item instanceof Y.Map ? readSource(id, item) : null;
}

export function addSource(
  doc: Y.Doc,
  input: Partial<SourceFields> & { title: string; index?: Placement; id?: string },
  actor: Actor,
): string {
  const { index, id: given, ...fields } = input;
  const valid = parseOrThrow(sourceFieldsSchema, { ...DEFAULT_SOURCE_FIELDS, ...fields }, "source");
  assertRoom(sourcesMap(doc), Limits.maxSources, "sources");
  const id = given ?? newId("s");
  insertItem(sourcesMap(doc), id, actor, { ...valid, notes: new Y.XmlFragment() }, index);
  return id;
}

/** Change some fields of a source; unknown keys are refused, each value validated. */
export function updateSource(doc: Y.Doc, id: string, patch: Partial<SourceFields>): void {
  setFields(sourcesMap(doc), id, "source", () =>
    parseOrThrow(sourceFieldsSchema.partial().strict(), patch, "source"),
  );
}

export const moveSource = (doc: Y.Doc, id: string, index: number): void =>
  moveItem(sourcesMap(doc), id, index, "source");

/** Archiving hides a source from the library; its citations stay (and still read in exports). */
export const setSourceArchived = (doc: Y.Doc, id: string, archived: boolean): void =>
  setArchived(sourcesMap(doc), id, archived, "source");

export function sourceNotes(doc: Y.Doc, id: string): Y.XmlFragment {
  return fragmentOf(getItem(sourcesMap(doc), id, "source"), "notes");
}
