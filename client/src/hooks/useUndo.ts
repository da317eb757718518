/**
 * Undo/redo of my own changes to the content and my ratings, in the order I made them. One
 * Y.UndoManager per document, each tracking only local transactions (origin null); updates from the
 * server arrive with the provider as origin and rich-text edits with Tiptap's sync origin, so another
 * user's change (and text typed in an editor, which has its own Yjs undo) is never undone here.
 * Comments are messages, not edits: posting one is outside the undo scope (deleting is explicit).
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import * as Y from "yjs";
import { evidenceMap, hypothesesMap, metaMap } from "../../../shared/schema/contentDoc";
import { ratingsMap } from "../../../shared/schema/ratingsDoc";

export interface UndoHandle {
  readonly undo: () => void;
  readonly redo: () => void;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

/** Origin of transactions that must never be undone (e.g. the lazy migration of merged ratings). */
export const UNTRACKED_ORIGIN = Symbol("untracked");

export function useUndo(content: Y.Doc, ratings: Y.Doc): UndoHandle {
  const [, setVersion] = useState(0);
  const state = useMemo(() => {
    const contentUndo = new Y.UndoManager([metaMap(content), hypothesesMap(content), evidenceMap(content)], {
      captureTimeout: 400,
    });
    // Each rating is its own step: rating a row quickly should still undo one cell at a time.
    const ratingsUndo = new Y.UndoManager(ratingsMap(ratings), { captureTimeout: 0 });
    return { contentUndo, ratingsUndo, undoOrder: [] as Y.UndoManager[], redoOrder: [] as Y.UndoManager[] };
  }, [content, ratings]);

  useEffect(() => {
    const { contentUndo, ratingsUndo, undoOrder, redoOrder } = state;
    const subs: (() => void)[] = [];
    for (const m of [contentUndo, ratingsUndo]) {
      const onAdded = (event: { type: "undo" | "redo"; origin: unknown }): void => {
        if (event.type === "redo") redoOrder.push(m);
        else {
          undoOrder.push(m);
          // A fresh change (not a redo replaying) ends the redo history, as in every editor.
          if (event.origin !== m) {
            redoOrder.length = 0;
            for (const other of [contentUndo, ratingsUndo]) if (other !== m) other.clear(false, true);
          }
        }
        setVersion((v) => v + 1);
      };
      const onPopped = (): void => setVersion((v) => v + 1);
      m.on("stack-item-added", onAdded);
      m.on("stack-item-popped", onPopped);
      subs.push(() => {
        m.off("stack-item-added", onAdded);
        m.off("stack-item-popped", onPopped);
      });
    }
    return () => {
      for (const s of subs) s();
      contentUndo.destroy();
      ratingsUndo.destroy();
    };
  }, [state]);

  const step = useCallback(
    (order: Y.UndoManager[], run: (m: Y.UndoManager) => unknown, has: (m: Y.UndoManager) => boolean) => {
      while (order.length > 0) {
        const m = order.pop() as Y.UndoManager;
        if (has(m)) {
          run(m);
          return;
        }
      }
    },
    [],
  );

  const undo = useCallback(
    () =>
      step(
        state.undoOrder,
        (m) => m.undo(),
        (m) => m.undoStack.length > 0,
      ),
    [state, step],
  );
  const redo = useCallback(
    () =>
      step(
        state.redoOrder,
        (m) => m.redo(),
        (m) => m.redoStack.length > 0,
      ),
    [state, step],
  );

  return {
    undo,
    redo,
    canUndo: state.contentUndo.undoStack.length + state.ratingsUndo.undoStack.length > 0,
    canRedo: state.redoOrder.length > 0,
  };
}
