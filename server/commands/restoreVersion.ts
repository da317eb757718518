/**
 * Restore: bring the analysis (or one evidence row, or one hypothesis column) back to a version's
 * state as a NEW change on top, so it syncs live and the history keeps both the version and what
 * was undone. Nothing is hard-deleted: items created after the version are archived.
 *
 * Safety: everything is computed before the first write. The restore runs on private copies of
 * the documents' committed states, in a worker thread (`planRestore`, a dry run that also yields
 * the diff shown to the lead); only if that succeeds are the updates it made on each copy applied
 * to the live document through `transact` (`applyRestore`), so the sync thread never builds a
 * whole document. Each update holds only what the restore wrote on top of the state it read: an
 * edit that reached the live document in between (after the read, before the apply) is kept and
 * merges with the restore as any concurrent CRDT edit does — e.g. a cell rated meanwhile keeps the
 * later write of the two, as if the analyst and the lead had edited at the same moment.
 *
 * What a restore touches, per document:
 * - content: meta and description (analysis scope), the scoped items field by field (rich text
 *   rewritten only where it differs, an evidence row's citations entry by entry), milestones of a
 *   restored hypothesis, the source library (analysis scope);
 * - source `<id>/source/<sourceId>` (analysis scope): the captured text of each source the version
 *   holds. Rewritten text has new Yjs items, so its citations find their passages by their quotes;
 * - ratings `<id>/ratings/<user>`: the scoped cells of every analyst, written as a server edit
 *   attributed to the lead (the feed says the lead restored them; the analyst can rate again);
 * - lead: weights, overrides and conclusion (analysis scope) or the scoped overrides. The blind flag
 *   is access control, not content, and approvals are a record: neither is ever restored.
 */
import * as Y from "yjs";
import {
  type BundledDocument,
  decodeDocumentBundle,
  encodeDocumentBundle,
} from "../../shared/documentBundle";
import { parseDocumentName, SOURCE_TEXT_PART, sourceDocName } from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import { diffInWords } from "../../shared/history/describeChange";
import { type AnalysisDiff, diffAnalyses } from "../../shared/history/diffAnalyses";
import { type AnalysisDocs, type AnalysisJson, readAnalysisJson } from "../../shared/schema/analysisJson";
import { descriptionFragment, evidenceMap, hypothesesMap } from "../../shared/schema/contentDoc";
import { conclusionFragment } from "../../shared/schema/leadDoc";
import { fragmentToRichDoc, pruneDeepRichText, writeRichDoc } from "../../shared/schema/richText";
import { hasSource, sourcesMap } from "../../shared/schema/sources";
import type { AnalysisDocuments } from "../analyses/AnalysisDocuments";
import { analysisDocumentNames, destroyDocs, versionDocs } from "../history/versions";
import type { StoredVersion } from "../store/VersionStore";

export type RestoreScope =
  | { readonly kind: "analysis" }
  | { readonly kind: "evidence"; readonly id: string }
  | { readonly kind: "hypothesis"; readonly id: string };

type Edit = (doc: Y.Doc) => void;

/** Every rich-text field of an analysis document: description, conclusion, items' fields, captured text. */
function richTextFields(doc: Y.Doc): Y.XmlFragment[] {
  const out = [descriptionFragment(doc), conclusionFragment(doc), doc.getXmlFragment(SOURCE_TEXT_PART)];
  for (const collection of [hypothesesMap(doc), evidenceMap(doc), sourcesMap(doc)]) {
    for (const item of collection.values()) {
      if (!(item instanceof Y.Map)) continue;
      for (const field of item.values()) if (field instanceof Y.XmlFragment) out.push(field);
    }
  }
  return out;
}

/** One slice of pruning rich text nested beyond the limit (see `pruneDeepRichText`); true if more is left. */
function pruneSlice(doc: Y.Doc): boolean {
  let more = false;
  for (const fragment of richTextFields(doc)) more = pruneDeepRichText(fragment) || more;
  return more;
}

/** Prunes a private copy completely, one transaction per slice. */
function pruneCopy(doc: Y.Doc): void {
  let more = true;
  while (more) doc.transact(() => (more = pruneSlice(doc)));
}

const sameValue = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

function restoreFragment(target: Y.XmlFragment, source: Y.XmlFragment | null): void {
  const want = source ? fragmentToRichDoc(source) : { type: "doc" as const, content: [] };
  if (!sameValue(fragmentToRichDoc(target), want)) writeRichDoc(target, want);
}

/** Makes the nested map `target.get(key)` (an evidence row's citations) hold the entries of `source`. */
function restoreNestedMap(target: Y.Map<unknown>, key: string, source: Y.Map<unknown>): void {
  let nested = target.get(key);
  if (!(nested instanceof Y.Map)) {
    nested = new Y.Map<unknown>();
    target.set(key, nested);
  }
  const into = nested as Y.Map<Y.Map<unknown>>;
  // A citation of a source the analysis no longer holds (two people citing and deleting it at once
  // can leave one in a version) is left out, so such a version still restores.
  const sources = target.doc ? sourcesMap(target.doc) : null;
  const kept = (entry: Y.Map<unknown>): boolean => {
    const sourceId = entry.get("sourceId");
    return sources === null || (typeof sourceId === "string" && sources.has(sourceId));
  };
  for (const [id, entry] of source.entries()) {
    if (!(entry instanceof Y.Map) || !kept(entry)) continue;
    let item = into.get(id);
    if (!(item instanceof Y.Map)) {
      item = new Y.Map<unknown>();
      into.set(id, item);
    }
    restoreKeys(item, entry, () => true);
  }
  for (const [id, entry] of [...into.entries()]) {
    const wanted = source.get(id);
    if (!(wanted instanceof Y.Map) || !kept(wanted) || !(entry instanceof Y.Map)) into.delete(id);
  }
}

/** Makes `target` (an item map) hold what `source` holds, key by key. */
function restoreMap(target: Y.Map<unknown>, source: Y.Map<unknown>): void {
  for (const [key, value] of source.entries()) {
    if (value instanceof Y.Map) {
      restoreNestedMap(target, key, value);
    } else if (value instanceof Y.XmlFragment) {
      let fragment = target.get(key);
      if (!(fragment instanceof Y.XmlFragment)) {
        fragment = new Y.XmlFragment();
        target.set(key, fragment);
      }
      restoreFragment(fragment as Y.XmlFragment, value);
    } else if (!(value instanceof Y.AbstractType) && !sameValue(target.get(key), value)) {
      target.set(key, value);
    }
  }
  for (const [key, value] of [...target.entries()]) {
    if (source.has(key)) continue;
    if (value instanceof Y.XmlFragment) restoreFragment(value, null);
    else target.delete(key);
  }
}

function restoreItem(target: Y.Map<Y.Map<unknown>>, id: string, source: Y.Map<unknown>): void {
  let item = target.get(id);
  if (!(item instanceof Y.Map)) {
    item = new Y.Map<unknown>();
    target.set(id, item);
  }
  restoreMap(item, source);
}

function archiveItem(coll: Y.Map<Y.Map<unknown>>, id: string): void {
  const item = coll.get(id);
  if (item instanceof Y.Map && item.get("archived") !== true) item.set("archived", true);
}

/** Restores the items of `name` that `select` picks; picked items missing from the version are archived. */
function restoreCollection(
  doc: Y.Doc,
  version: Y.Doc,
  name: string,
  select: (id: string, item: Y.Map<unknown>) => boolean,
): void {
  const target = doc.getMap<Y.Map<unknown>>(name);
  const source = version.getMap<Y.Map<unknown>>(name);
  for (const [id, item] of source.entries()) {
    if (item instanceof Y.Map && select(id, item)) restoreItem(target, id, item);
  }
  for (const [id, item] of [...target.entries()]) {
    if (item instanceof Y.Map && select(id, item) && !source.has(id)) archiveItem(target, id);
  }
}

/** Makes the keys `select` picks in `target` equal those of `source` (set, or delete when absent). */
function restoreKeys(target: Y.Map<unknown>, source: Y.Map<unknown>, select: (key: string) => boolean): void {
  for (const [key, value] of source.entries()) {
    if (select(key) && !sameValue(target.get(key), value)) target.set(key, value);
  }
  for (const key of [...target.keys()]) if (select(key) && !source.has(key)) target.delete(key);
}

const cellSelector = (scope: RestoreScope) => (key: string) => {
  const [evidenceId, hypothesisId] = key.split(":");
  if (scope.kind === "evidence") return evidenceId === scope.id;
  if (scope.kind === "hypothesis") return hypothesisId === scope.id;
  return true;
};

function contentEdit(version: Y.Doc, scope: RestoreScope): Edit {
  return (doc) => {
    if (scope.kind === "analysis") {
      restoreKeys(doc.getMap("meta"), version.getMap("meta"), (k) => k !== "createdAt" && k !== "createdBy");
      restoreFragment(doc.getXmlFragment("description"), version.getXmlFragment("description"));
      // Sources before evidence: a row's citations are kept only where their source is back.
      for (const name of ["sources", "hypotheses", "evidence", "milestones"])
        restoreCollection(doc, version, name, () => true);
      return;
    }
    if (scope.kind === "evidence") {
      restoreCollection(doc, version, "evidence", (id) => id === scope.id);
      return;
    }
    restoreCollection(doc, version, "hypotheses", (id) => id === scope.id);
    restoreCollection(doc, version, "milestones", (_id, item) => item.get("hypothesisId") === scope.id);
  };
}

function sourceTextEdit(version: Y.Doc): Edit {
  return (doc) =>
    restoreFragment(doc.getXmlFragment(SOURCE_TEXT_PART), version.getXmlFragment(SOURCE_TEXT_PART));
}

function ratingsEdit(version: Y.Doc, scope: RestoreScope): Edit {
  return (doc) => restoreKeys(doc.getMap("ratings"), version.getMap("ratings"), cellSelector(scope));
}

function leadEdit(version: Y.Doc, scope: RestoreScope): Edit {
  return (doc) => {
    restoreKeys(doc.getMap("overrides"), version.getMap("overrides"), cellSelector(scope));
    if (scope.kind !== "analysis") return;
    restoreKeys(doc.getMap("settings"), version.getMap("settings"), (key) => key === "weights");
    restoreFragment(doc.getXmlFragment("conclusion"), version.getXmlFragment("conclusion"));
  };
}

function scopeExists(version: AnalysisDocs, scope: RestoreScope): void {
  if (scope.kind === "analysis") return;
  const coll = version.content.getMap(scope.kind === "evidence" ? "evidence" : "hypotheses");
  if (!(coll.get(scope.id) instanceof Y.Map)) {
    throw new AppError("not_found", `${scope.kind} "${scope.id.slice(0, 64)}" is not in this version`);
  }
}

/** Would `edit` change `doc`? Runs it on a throwaway copy (deletions change no state vector, so ask the transaction). */
function changes(doc: Y.Doc, edit: Edit): boolean {
  let changed = false;
  doc.transact((tr) => {
    edit(doc);
    changed = tr.changed.size > 0;
  });
  return changed;
}

/** What a restore changes, computed on private copies (`planRestore`). */
export interface RestorePlan {
  /** current → restored state, each change in words. */
  readonly diff: DiffInWords;
  /** Documents the restore changes. */
  readonly documents: readonly string[];
  /**
   * Per changed document, in order, the updates that take the state read to the restored one: one
   * per transaction on the copy (rich-text fields reading created, rich text too deep pruned slice
   * by slice, then the edit).
   */
  readonly updates: readonly BundledDocument[];
  /** Per changed document, the state vector of the state the updates were written on. */
  readonly bases: readonly RestoreBase[];
}

/** A document a restore changes and the state (vector) its updates were written on. */
export interface RestoreBase {
  readonly name: string;
  readonly stateVector: Uint8Array;
}

type DiffInWords = ReturnType<typeof diffInWords<AnalysisDiff>>;

/**
 * The dry run of restoring the scoped state of `version` on top of `docs` (read-only copies of the
 * live documents, unfiltered: ratings of every analyst). Pure of the rooms: runs in a worker thread
 * (writeTasks.ts); `applyRestore` then applies its updates to the live documents.
 */
export async function planRestore(
  docs: AnalysisDocuments,
  version: StoredVersion,
  scope: RestoreScope,
  accountNames: Readonly<Record<string, string>>,
): Promise<RestorePlan> {
  const analysisId = version.record.analysisId;
  const old = versionDocs(version);
  const currentNames = await analysisDocumentNames(docs, analysisId);
  const ratingNames = new Set(currentNames.filter((n) => parseDocumentName(n).kind === "ratings"));
  for (const userId of old.ratings.keys()) ratingNames.add(`${analysisId}/ratings/${userId}`);
  const copies = new Map<string, Y.Doc>();
  const emptyRatings = new Y.Doc();
  try {
    scopeExists(old, scope);
    const edits = new Map<string, Edit>();
    edits.set(analysisId, contentEdit(old.content, scope));
    edits.set(`${analysisId}/lead`, leadEdit(old.lead, scope));
    for (const name of ratingNames) {
      const parsed = parseDocumentName(name);
      const source = parsed.kind === "ratings" ? old.ratings.get(parsed.userId) : undefined;
      edits.set(name, ratingsEdit(source ?? emptyRatings, scope));
    }
    // Sources created since the version are archived with the library; their text stays as it is.
    // A text the version holds for no source of its own (captured before versions left those out)
    // is no part of it.
    if (scope.kind === "analysis") {
      for (const [sourceId, doc] of old.sources)
        if (hasSource(old.content, sourceId))
          edits.set(sourceDocName(analysisId, sourceId), sourceTextEdit(doc));
    }

    // Every write on a copy is kept from the start: reading creates missing rich-text fields
    // (e.g. a row's notes), and the edit's writes follow those of the same client.
    const written = new Map<string, Uint8Array[]>();
    const before = await readCopies(docs, [...edits.keys()], copies, written);
    const read = new Map([...copies].map(([name, copy]) => [name, Y.encodeStateVector(copy)]));
    // Rich text nested beyond the limit (stored before it existed) cannot be replaced in one
    // transaction: Yjs deletes nested content recursively. It goes first, slice by slice.
    for (const copy of copies.values()) pruneCopy(copy);
    const changed = [...edits]
      .filter(([name, edit]) => changes(copies.get(name) as Y.Doc, edit))
      .map(([n]) => n);
    const after = readAnalysisJson(analysisId, docsOf(analysisId, copies));
    return {
      // The version names what the restore brings back; the state after it names the rest.
      diff: diffInWords(diffAnalyses(before, after), readAnalysisJson(analysisId, old), after, accountNames),
      documents: changed,
      updates: changed.flatMap((name) => (written.get(name) ?? []).map((state) => ({ name, state }))),
      bases: changed.map((name) => ({ name, stateVector: read.get(name) as Uint8Array })),
    };
  } finally {
    destroyDocs(old);
    emptyRatings.destroy();
    for (const doc of copies.values()) doc.destroy();
  }
}

/**
 * Waits until every live document a plan changes holds the state the plan read (the store's): an
 * update written on top of it applies to the live document only then. Call before anything is
 * written, so a restore applies whole or not at all: a room that lags behind the store (another
 * instance's update not yet here) is refused with 409 before the first document is touched.
 */
export async function awaitRestoreBases(
  docs: AnalysisDocuments,
  bases: readonly RestoreBase[],
): Promise<void> {
  const behind = await Promise.all(bases.map(async (b) => !(await docs.catchUp(b.name, b.stateVector))));
  if (behind.some(Boolean)) {
    throw new AppError(
      "conflict",
      "the analysis is still receiving changes from another server; nothing was restored, try again",
    );
  }
}

/**
 * Applies a plan's updates to the live documents (after `awaitRestoreBases`), each as a server edit attributed to `userId`
 * (validated by admission, stored, broadcast and recorded in the activity feed as the lead's, as
 * any REST edit). An edit that reached a document after the plan read it merges with the restore
 * as any concurrent CRDT edit does.
 */
export async function applyRestore(
  docs: AnalysisDocuments,
  updates: readonly BundledDocument[],
  userId: string,
): Promise<void> {
  for (const { name, state } of updates) {
    await docs.transact(name, (doc) => Y.applyUpdate(doc, state), { userId });
  }
}

/** A plan as a worker hands it over: its updates as a document bundle, the rest as JSON (`meta`). */
export function encodeRestorePlan(plan: RestorePlan): { bytes: Uint8Array; meta: string } {
  const bases = plan.bases.map(({ name, stateVector }) => ({
    name,
    stateVector: Buffer.from(stateVector).toString("base64"),
  }));
  return {
    bytes: encodeDocumentBundle(plan.updates),
    meta: JSON.stringify({ documents: plan.documents, diff: plan.diff, bases }),
  };
}

export function decodeRestorePlan(bytes: Uint8Array, meta: string): RestorePlan {
  const { documents, diff, bases } = JSON.parse(meta) as Pick<RestorePlan, "documents" | "diff"> & {
    bases: { name: string; stateVector: string }[];
  };
  return {
    documents,
    diff,
    updates: decodeDocumentBundle(bytes),
    bases: bases.map(({ name, stateVector }) => ({
      name,
      stateVector: new Uint8Array(Buffer.from(stateVector, "base64")),
    })),
  };
}

function docsOf(analysisId: string, copies: ReadonlyMap<string, Y.Doc>): AnalysisDocs {
  const ratings = new Map<string, Y.Doc>();
  const sources = new Map<string, Y.Doc>();
  for (const [name, doc] of copies) {
    const parsed = parseDocumentName(name);
    if (parsed.kind === "ratings") ratings.set(parsed.userId, doc);
    if (parsed.kind === "source") sources.set(parsed.sourceId, doc);
  }
  return {
    content: copies.get(analysisId) as Y.Doc,
    lead: copies.get(`${analysisId}/lead`) as Y.Doc,
    ratings,
    sources,
  };
}

/**
 * Reads private copies of `names` into `copies`, collecting what is then written on each in
 * `written` (one update per transaction), and returns the current JSON view they make up.
 */
async function readCopies(
  docs: AnalysisDocuments,
  names: readonly string[],
  copies: Map<string, Y.Doc>,
  written: Map<string, Uint8Array[]>,
): Promise<AnalysisJson> {
  for (const name of names) {
    const copy = await docs.readDocument(name);
    const updates: Uint8Array[] = [];
    copy.on("update", (update: Uint8Array) => updates.push(update));
    copies.set(name, copy);
    written.set(name, updates);
  }
  const analysisId = parseDocumentName(names[0] as string).analysisId;
  return readAnalysisJson(analysisId, docsOf(analysisId, copies));
}
