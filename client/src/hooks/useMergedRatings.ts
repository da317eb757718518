/**
 * Carries my ratings over merges (see shared/schema/merge.ts): only I can write my ratings document,
 * so my client does it, once both documents are in sync with the server (before that my ratings or
 * the merge may not have arrived yet, and a merge would be marked migrated with nothing to copy).
 */
import { useEffect } from "react";
import type * as Y from "yjs";
import { evidenceMap, hypothesesMap } from "../../../shared/schema/contentDoc";
import { migrateMyRatings } from "../../../shared/schema/merge";
import { UNTRACKED_ORIGIN } from "./useUndo";

export function useMergedRatings(content: Y.Doc, ratings: Y.Doc, synced: boolean, readOnly: boolean): void {
  useEffect(() => {
    if (!synced || readOnly) return;
    const run = (): void => {
      migrateMyRatings(content, ratings, UNTRACKED_ORIGIN);
    };
    run();
    const onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
      if (events.some((e) => e.path.length === 0 || e.changes.keys.has("mergedInto"))) run();
    };
    evidenceMap(content).observeDeep(onChange);
    hypothesesMap(content).observeDeep(onChange);
    return () => {
      evidenceMap(content).unobserveDeep(onChange);
      hypothesesMap(content).unobserveDeep(onChange);
    };
  }, [content, ratings, synced, readOnly]);
}
