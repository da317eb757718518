/**
 * Pending CRDT state: structs and deletions a Y.Doc received whose dependencies it lacks. Yjs keeps
 * them in `doc.store.pendingStructs`/`pendingDs`, re-merges them on every later update and folds
 * them into `Y.encodeStateAsUpdate`. The server never stores, relays or serves them: step-2 replies,
 * snapshots and copies are encoded without them.
 */
import * as Y from "yjs";

/** Bytes of pending state `doc` holds (0 when none). */
export function pendingBytes(doc: Y.Doc): number {
  const { pendingStructs, pendingDs } = doc.store;
  return (pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0);
}

export function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Forgets `doc`'s pending state; returns whether there was any. */
export function dropPending(doc: Y.Doc): boolean {
  const had = hasPending(doc);
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
  return had;
}

/** `Y.encodeStateAsUpdate` of what `doc` has integrated, without its pending state. */
export function encodeIntegratedState(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const { pendingStructs, pendingDs } = doc.store;
  if (pendingStructs === null && pendingDs === null) return Y.encodeStateAsUpdate(doc, stateVector);
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    doc.store.pendingStructs = pendingStructs;
    doc.store.pendingDs = pendingDs;
  }
}
