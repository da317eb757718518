/**
 * The live captured-text document of one source (`<analysisId>/source/<sourceId>`): a Y.Doc with its
 * own y-websocket provider and local IndexedDB copy, opened only while a source page shows it (an
 * analysis may hold many long sources; the matrix never loads them).
 */
import { useEffect, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import type { Awareness } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { FATAL_CLOSE_CODES } from "../../../shared/closeCodes";
import { sourceDocName } from "../../../shared/documentNames";
import { watchPermissionDenied } from "../lib/syncTracker";
import { syncBase } from "./useAnalysisDoc";

export interface SourceDocState {
  /** null until the document exists (the first render after mount or an id change). */
  readonly doc: Y.Doc | null;
  readonly awareness: Awareness | null;
  /** True once the document has synced with the server (its text is then complete). */
  readonly synced: boolean;
  /** True when the server refused a write as read-only (a viewer's connection). */
  readonly refused: boolean;
}

export function useSourceDoc(analysisId: string, sourceId: string): SourceDocState {
  const [state, setState] = useState<SourceDocState>({
    doc: null,
    awareness: null,
    synced: false,
    refused: false,
  });
  useEffect(() => {
    const name = sourceDocName(analysisId, sourceId);
    const doc = new Y.Doc();
    const local = new IndexeddbPersistence(`ach:${name}`, doc);
    const provider = new WebsocketProvider(syncBase(), name, doc, {
      shouldReconnect: (event) => !FATAL_CLOSE_CODES.has(event.code),
    });
    const awareness = provider.awareness;
    setState({ doc, awareness, synced: false, refused: false });
    provider.on("sync", (synced: boolean) => {
      if (synced) setState((s) => (s.doc === doc ? { ...s, synced: true } : s));
    });
    // "read-only: …" means a viewer; "update refused: …" (a change over a limit) is not a role.
    watchPermissionDenied(provider, (reason) => {
      if (!reason.startsWith("update refused: "))
        setState((s) => (s.doc === doc ? { ...s, refused: true } : s));
    });
    return () => {
      provider.destroy();
      void local.destroy();
      doc.destroy();
    };
  }, [analysisId, sourceId]);
  return state;
}
