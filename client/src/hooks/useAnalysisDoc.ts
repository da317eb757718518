/**
 * The live documents of one analysis: content, lead and my ratings, each a Y.Doc from the tab's
 * document pool (client/src/sync/) with its y-websocket provider at `/sync/<name>` and a local
 * IndexedDB copy (edits made offline survive a reload and sync on reconnect). Presence travels on
 * the content document's awareness.
 */
import { useEffect, useMemo, useState } from "react";
import type { Awareness } from "y-protocols/awareness";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { CloseCode, FATAL_CLOSE_CODES } from "../../../shared/closeCodes";
import { contentDocName, leadDocName, ratingsDocName } from "../../../shared/documentNames";
import { setRaterName } from "../../../shared/schema/ratingsDoc";
import { type ConnectionStatus, fatalCloseMessage, overallStatus } from "../lib/connectionStatus";
import type { Identity } from "../lib/identity";
import { classifyRefusal } from "../lib/refusal";
import { onPermissionDenied, trackPending } from "../lib/syncTracker";
import { documentPool, prefillAnalysis } from "../sync/tabPool";
import { type SyncedDocument, useDocuments } from "../sync/useDocument";

export interface FatalClose {
  readonly code: number;
  readonly message: string;
}

export interface AnalysisDocs {
  readonly content: Y.Doc;
  readonly lead: Y.Doc;
  readonly ratings: Y.Doc;
  readonly awareness: Awareness;
}

export interface AnalysisDocState {
  readonly docs: AnalysisDocs;
  readonly status: ConnectionStatus;
  /** Set when the server closed a document for good; we stop reconnecting. */
  readonly fatal: FatalClose | null;
  /** Local changes the server has not received yet (made offline or before the last sync). */
  readonly pendingChanges: number;
  /**
   * True when I may not change the content: the one flag every editing control reads. Set when the
   * server refuses a write to the content document (a viewer's connection).
   */
  readonly readOnly: boolean;
  /** The server's reason for the last change it refused (over a limit), newest first; null when none. */
  readonly refusedChange: { readonly reason: string; readonly at: number } | null;
  /**
   * Counts the times the server said my access changed (a role change closes with 1013 and the
   * provider reconnects): pages ask for my role again when it moves.
   */
  readonly accessVersion: number;
  /** True once the lead document holds the server's state (its blind flag is then known). */
  readonly leadSynced: boolean;
  /**
   * Set when the server refused a change a local copy holds: that document stopped syncing (it
   * would resend the change on every reconnect), its copy is kept, and the page offers it as a file.
   */
  readonly heldBack: HeldBack | null;
}

export interface HeldBack {
  readonly reason: string;
  /** Names of the documents that stopped syncing. */
  readonly names: readonly string[];
}

/**
 * Opens the three documents from the tab's pool (with local copies), starts the one-request load of
 * every document of the analysis I may read, and follows their connections.
 */
export function useAnalysisDoc(analysisId: string, identity: Identity): AnalysisDocState {
  const [fatal, setFatal] = useState<FatalClose | null>(null);
  const [pendingChanges, setPendingChanges] = useState(0);
  const [readOnly, setReadOnly] = useState(false);
  const [refusedChange, setRefusedChange] = useState<AnalysisDocState["refusedChange"]>(null);
  const [accessVersion, setAccessVersion] = useState(0);
  const [heldBack, setHeldBack] = useState<HeldBack | null>(null);
  const { userId } = identity;
  // Before the documents open, so their providers wait for the bundle rather than sync one by one.
  useMemo(() => prefillAnalysis(analysisId), [analysisId]);
  const names = useMemo(
    () => [contentDocName(analysisId), leadDocName(analysisId), ratingsDocName(analysisId, userId)],
    [analysisId, userId],
  );
  const { entries, links } = useDocuments(names, PERSIST);

  useEffect(() => {
    const pool = documentPool();
    const providers = entries.map((e) => e.provider);
    const offs: (() => void)[] = [];
    const on = <A extends unknown[]>(p: WebsocketProvider, event: string, f: (...args: A) => void): void => {
      const emitter = p as unknown as {
        on(e: string, f: (...args: A) => void): void;
        off(e: string, f: (...args: A) => void): void;
      };
      emitter.on(event, f);
      offs.push(() => emitter.off(event, f));
    };
    for (const [i, p] of providers.entries()) {
      // My role changed: the reconnection is authorised afresh (a still read-only one is refused
      // again at once), and the pages ask for my role again — at the close, and once more when the
      // reconnection has synced, since the role may change again while I am disconnected.
      let roleChanged = false;
      on(p, "connection-close", (event: CloseEvent | null) => {
        if (event?.code !== CloseCode.TryAgainLater) return;
        roleChanged = true;
        setReadOnly(false);
        setAccessVersion((v) => v + 1);
      });
      on(p, "sync", (synced: boolean) => {
        if (!synced || !roleChanged) return;
        roleChanged = false;
        setAccessVersion((v) => v + 1);
      });
      on(p, "connection-close", (event: CloseEvent | null) => {
        if (!event || !FATAL_CLOSE_CODES.has(event.code)) return;
        setFatal({ code: event.code, message: fatalCloseMessage(event.code) });
        for (const entry of entries) pool.closeForGood(entry.name);
      });
      // "read-only: …" on the content means a viewer; "update refused: …" (close 4422) on any
      // document means a change was not saved: the page says why. A change the copy holds is never
      // taken later, so that document stops syncing instead of resending it on every reconnect.
      offs.push(
        onPermissionDenied(p, (message) => {
          const refusal = classifyRefusal(message);
          if (refusal.kind === "readOnly") {
            if (i === 0) setReadOnly(true);
            return;
          }
          setRefusedChange({ reason: refusal.reason, at: Date.now() });
          if (refusal.kind !== "held") return;
          const name = entries[i]?.name ?? "";
          pool.closeForGood(name);
          setHeldBack((held) => ({
            reason: refusal.reason,
            names: held === null ? [name] : held.names.includes(name) ? held.names : [...held.names, name],
          }));
        }),
      );
    }
    const pending = providers.map(() => 0);
    for (const [i, entry] of entries.entries()) {
      offs.push(
        trackPending(entry.doc, entry.provider, (n) => {
          pending[i] = n;
          setPendingChanges(pending.reduce((a, b) => a + b, 0));
        }),
      );
    }
    setFatal(null);
    setReadOnly(false);
    setPendingChanges(0);
    setHeldBack(null);
    return () => {
      for (const off of offs) off();
    };
  }, [entries]);

  const [content, lead, ratings] = entries as [SyncedDocument, SyncedDocument, SyncedDocument];
  const docs = useMemo(
    (): AnalysisDocs => ({
      content: content.doc,
      lead: lead.doc,
      ratings: ratings.doc,
      awareness: content.provider.awareness,
    }),
    [content, lead, ratings],
  );
  const status = overallStatus(links);
  // The bundle is served under sync's rules, so its lead document tells the blind flag as well.
  const leadSynced = links[1]?.loaded ?? false;

  // The rater name goes with my ratings so exports and the lead's views can label them.
  const ratingsDoc = docs.ratings;
  useEffect(() => {
    setRaterName(ratingsDoc, identity.name);
  }, [ratingsDoc, identity.name]);

  return {
    docs,
    status,
    fatal,
    pendingChanges,
    readOnly,
    refusedChange,
    accessVersion,
    leadSynced,
    heldBack,
  };
}

const PERSIST = { persist: true } as const;
