/**
 * Multi-instance mode: tells the other instances which documents this one changed, once per
 * debounce window, so their `changed` extensions (title mirror, access re-checks, …) run too.
 */
import type { Fanout } from "./Fanout";
import type { SyncExtension } from "./hooks";

export function changeNotices(fanout: Fanout): SyncExtension {
  /** Documents committed here since their last notice. */
  const changedHere = new Set<string>();
  return {
    name: "change-notices",
    persisted: ({ docName }) => changedHere.add(docName),
    changed: (docName) => {
      if (changedHere.delete(docName)) void fanout.publishControl({ type: "documentChanged", docName });
    },
  };
}
