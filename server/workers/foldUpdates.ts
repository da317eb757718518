import * as Y from "yjs";

/**
 * One update holding everything `updates` hold (a document's snapshot and log rows), through a
 * Y.Doc rather than Y.mergeUpdates so deleted content is garbage-collected, as a live doc would.
 */
export function foldUpdates(updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
