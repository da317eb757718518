import * as Y from "yjs";
import { encodeIntegratedState } from "../sync/pendingState";

/**
 * One update holding everything `updates` hold (a document's snapshot and log rows), through a
 * Y.Doc rather than Y.mergeUpdates so deleted content is garbage-collected, as a live doc would.
 * One transaction per update (Yjs collects deleted nested content recursively at the end of a
 * transaction, so deep content pruned slice by slice must replay likewise), and without pending
 * state: orphans a log held from before admission existed are not folded in.
 */
export function foldUpdates(updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    for (const update of updates) Y.applyUpdate(doc, update);
    return encodeIntegratedState(doc);
  } finally {
    doc.destroy();
  }
}
