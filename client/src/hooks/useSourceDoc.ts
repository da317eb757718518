/**
 * The live captured-text document of one source (`<analysisId>/source/<sourceId>`), from the tab's
 * document pool, opened only while a source page shows it (an analysis may hold many long sources;
 * the matrix never loads them).
 */
import { useEffect, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { sourceDocName } from "../../../shared/documentNames";
import { onPermissionDenied } from "../lib/syncTracker";
import { useDocument } from "../sync/useDocument";

export interface SourceDocState {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** True once the document holds the server's state (its text is then complete). */
  readonly loaded: boolean;
  /** True when the server refused a write as read-only (a viewer's connection). */
  readonly refused: boolean;
}

const PERSIST = { persist: true } as const;

export function useSourceDoc(analysisId: string, sourceId: string): SourceDocState {
  const { entry, link } = useDocument(sourceDocName(analysisId, sourceId), PERSIST);
  const [refusedBy, setRefusedBy] = useState<Y.Doc | null>(null);
  useEffect(
    () =>
      // "read-only: …" means a viewer; "update refused: …" (a change over a limit) is not a role.
      onPermissionDenied(entry.provider, (reason) => {
        if (!reason.startsWith("update refused: ")) setRefusedBy(entry.doc);
      }),
    [entry],
  );
  return {
    doc: entry.doc,
    awareness: entry.provider.awareness,
    loaded: link.loaded,
    refused: refusedBy === entry.doc,
  };
}
