/**
 * The live captured-text document of one source (`<analysisId>/source/<sourceId>`), from the tab's
 * document pool, opened only while a source page shows it (an analysis may hold many long sources;
 * the matrix never loads them).
 */
import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { sourceDocName } from "../../../shared/documentNames";
import { classifyRefusal } from "../lib/refusal";
import { onPermissionDenied } from "../lib/syncTracker";
import { documentPool } from "../sync/tabPool";
import { useDocument } from "../sync/useDocument";

export interface SourceDocState {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** True once the document holds the server's state (its text is then complete). */
  readonly loaded: boolean;
  /** True when the server refused a write as read-only (a viewer's connection). */
  readonly refused: boolean;
  /**
   * The server's reason when it refused a change this copy holds: the text then stopped syncing
   * (the copy would resend the change on every reconnect) and keeps what was typed.
   */
  readonly heldBack: string | null;
}

const PERSIST = { persist: true } as const;

export function useSourceDoc(analysisId: string, sourceId: string): SourceDocState {
  const { entry, link } = useDocument(sourceDocName(analysisId, sourceId), PERSIST);
  const [refusedBy, setRefusedBy] = useState<Y.Doc | null>(null);
  const [heldBack, setHeldBack] = useState<{ readonly doc: Y.Doc; readonly reason: string } | null>(null);
  useEffect(
    () =>
      onPermissionDenied(entry.provider, (message) => {
        const refusal = classifyRefusal(message);
        if (refusal.kind === "readOnly") setRefusedBy(entry.doc);
        else if (refusal.kind === "held") {
          documentPool().closeForGood(entry.name);
          setHeldBack({ doc: entry.doc, reason: refusal.reason });
        }
      }),
    [entry],
  );
  return {
    doc: entry.doc,
    awareness: entry.provider.awareness,
    loaded: link.loaded,
    refused: refusedBy === entry.doc,
    heldBack: heldBack?.doc === entry.doc ? heldBack.reason : null,
  };
}
