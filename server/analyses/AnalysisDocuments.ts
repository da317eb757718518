/**
 * What analysis commands need from the sync layer: the live state of a document (including
 * edits still in memory) and server-side edits that are persisted and broadcast like a client's.
 */
import type * as Y from "yjs";
import type { StoredUpdateMeta } from "../store/DocumentStore";

export interface AnalysisDocuments {
  /** A private copy of the document's current state (the caller may read or destroy it freely). */
  readDocument(name: string): Promise<Y.Doc>;
  /**
   * Reads the document's current state without keeping it: in place when it is loaded (`read`
   * must neither change it nor keep references), else from a copy. Cheaper than `readDocument`
   * for small questions (which sources the content document holds).
   */
  inspect<T>(name: string, read: (doc: Y.Doc) => T): Promise<T>;
  /**
   * The document's committed state as one Yjs update, without a Y.Doc on this thread: what versions
   * store and worker threads (server/workers) read documents from.
   */
  readState(name: string): Promise<Uint8Array>;
  /**
   * The document's committed updates as stored (snapshot and log), unfolded: what a worker reading
   * the live analysis applies itself, so no fold runs per document before it.
   */
  readUpdates(name: string): Promise<readonly Uint8Array[]>;
  /** Apply `fn` to the live document; resolves once the change is stored and sent to connected clients. */
  transact(name: string, fn: (doc: Y.Doc) => void, meta: StoredUpdateMeta): Promise<void>;
  /**
   * Whether the live document holds at least `stateVector` (of a state read from the store), after
   * letting it catch up for a moment: in multi-instance mode a room may lag behind what another
   * instance stored. An update written on top of that state applies to the live document only then.
   */
  catchUp(name: string, stateVector: Uint8Array): Promise<boolean>;
  /** Names of the stored documents that start with `prefix` (e.g. every ratings document of an analysis). */
  listDocuments(prefix: string): Promise<string[]>;
}

/** `inspect` where no document is loaded to read in place: reads a private copy, then frees it. */
export async function inspectCopy<T>(
  readDocument: (name: string) => Promise<Y.Doc>,
  name: string,
  read: (doc: Y.Doc) => T,
): Promise<T> {
  const doc = await readDocument(name);
  try {
    return read(doc);
  } finally {
    doc.destroy();
  }
}
