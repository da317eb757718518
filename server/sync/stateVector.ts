/** State vectors: what a document holds, compared without encoding its state. */
import * as Y from "yjs";

/** Whether `stateVector` names state (some client's clock) that `doc` has not integrated. */
export function lacksState(doc: Y.Doc, stateVector: Uint8Array): boolean {
  for (const [client, clock] of Y.decodeStateVector(stateVector)) {
    if (clock > Y.getState(doc.store, client)) return true;
  }
  return false;
}
