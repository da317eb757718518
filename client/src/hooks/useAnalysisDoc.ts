/**
 * The live documents of one analysis: content, lead and my ratings, each a Y.Doc with a y-websocket
 * provider at `/sync/<name>` and a local IndexedDB copy (edits made offline survive a reload and
 * sync on reconnect). Presence travels on the content document's awareness.
 */
import { useEffect, useRef, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import type { Awareness } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { CloseCode, FATAL_CLOSE_CODES } from "../../../shared/closeCodes";
import { contentDocName, leadDocName, ratingsDocName } from "../../../shared/documentNames";
import { setRaterName } from "../../../shared/schema/ratingsDoc";
import { type ConnectionStatus, fatalCloseMessage, overallStatus } from "../lib/connectionStatus";
import type { Identity } from "../lib/identity";
import { trackPending, watchPermissionDenied } from "../lib/syncTracker";

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
  /** null until the documents exist (the first render after mount or an id change). */
  readonly docs: AnalysisDocs | null;
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
  /** True once the lead document has synced with the server (its blind flag is then known). */
  readonly leadSynced: boolean;
}

/**
 * Query parameters of a sync connection: none. The session cookie says who I am, and the server
 * stamps that identity on my awareness `user` field, so nobody can speak as someone else.
 */
export function syncParams(_identity: Identity): Record<string, string> {
  return {};
}

/** ws(s)://host of the page, so the client works behind any reverse proxy that forwards /sync. */
export function syncBase(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}/sync`;
}

const REFUSED = "update refused: ";

export function useAnalysisDoc(analysisId: string, identity: Identity): AnalysisDocState {
  const [docs, setDocs] = useState<AnalysisDocs | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>("offline");
  const [fatal, setFatal] = useState<FatalClose | null>(null);
  const [pendingChanges, setPendingChanges] = useState(0);
  const [readOnly, setReadOnly] = useState(false);
  const [refusedChange, setRefusedChange] = useState<AnalysisDocState["refusedChange"]>(null);
  const [accessVersion, setAccessVersion] = useState(0);
  const [leadSynced, setLeadSynced] = useState(false);
  const { userId } = identity;
  const paramsRef = useRef(syncParams(identity));
  paramsRef.current = syncParams(identity);
  const providersRef = useRef<readonly WebsocketProvider[]>([]);

  useEffect(() => {
    const names = [contentDocName(analysisId), leadDocName(analysisId), ratingsDocName(analysisId, userId)];
    const ydocs = names.map(() => new Y.Doc());
    const [content, lead, ratings] = ydocs as [Y.Doc, Y.Doc, Y.Doc];
    const local = names.map((name, i) => new IndexeddbPersistence(`ach:${name}`, ydocs[i] as Y.Doc));
    const providers = names.map(
      (name, i) =>
        new WebsocketProvider(syncBase(), name, ydocs[i] as Y.Doc, {
          params: paramsRef.current,
          shouldReconnect: (event) => !FATAL_CLOSE_CODES.has(event.code),
        }),
    );
    providersRef.current = providers;
    const refresh = (): void =>
      setStatus(overallStatus(providers.map((p) => ({ connected: p.wsconnected, synced: p.synced }))));
    let closedForGood = false;
    for (const p of providers) {
      p.on("status", refresh);
      p.on("sync", refresh);
      // My role changed: the reconnection is authorised afresh (a still read-only one is refused
      // again at once), and the pages ask for my role again — at the close, and once more when the
      // reconnection has synced, since the role may change again while I am disconnected.
      let roleChanged = false;
      p.on("connection-close", (event) => {
        if (event?.code !== CloseCode.TryAgainLater) return;
        roleChanged = true;
        setReadOnly(false);
        setAccessVersion((v) => v + 1);
      });
      p.on("sync", (synced: boolean) => {
        if (!synced || !roleChanged) return;
        roleChanged = false;
        setAccessVersion((v) => v + 1);
      });
      p.on("closed", (event) => {
        if (FATAL_CLOSE_CODES.has(event.code)) {
          closedForGood = true;
          setFatal({ code: event.code, message: fatalCloseMessage(event.code) });
          for (const other of providers) other.disconnect();
        }
      });
    }
    const pending = providers.map(() => 0);
    const untrack = providers.map((p, i) =>
      trackPending(ydocs[i] as Y.Doc, p, (n) => {
        pending[i] = n;
        setPendingChanges(pending.reduce((a, b) => a + b, 0));
      }),
    );
    // "read-only: …" on the content means a viewer; "update refused: …" (a change over a limit,
    // close 4422) on any document means that change was not saved: the page says why.
    for (const [i, provider] of providers.entries()) {
      watchPermissionDenied(provider as WebsocketProvider, (reason) => {
        if (reason.startsWith(REFUSED))
          setRefusedChange({ reason: reason.slice(REFUSED.length), at: Date.now() });
        else if (i === 0) setReadOnly(true);
      });
    }
    (providers[1] as WebsocketProvider).on("sync", (synced: boolean) => {
      if (synced) setLeadSynced(true);
    });
    // The browser knows before a dead socket times out: go offline at once, reconnect when back.
    const goOffline = (): void => {
      for (const p of providers) p.disconnect();
      refresh();
    };
    const goOnline = (): void => {
      if (closedForGood) return;
      for (const p of providers) p.connect();
    };
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", goOnline);
    const awareness = (providers[0] as WebsocketProvider).awareness;
    setFatal(null);
    setReadOnly(false);
    setLeadSynced(false);
    setPendingChanges(0);
    refresh();
    setDocs({ content, lead, ratings, awareness });
    return () => {
      setDocs(null);
      for (const u of untrack) u();
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      for (const p of providers) p.destroy();
      for (const l of local) void l.destroy();
      for (const d of ydocs) d.destroy();
    };
  }, [analysisId, userId]);

  // A rename applies to the next (re)connection; the live awareness state is updated by usePresence.
  useEffect(() => {
    for (const p of providersRef.current) p.params = syncParams(identity);
  }, [identity]);

  // The rater name goes with my ratings so exports and the lead's views can label them.
  const ratingsDoc = docs?.ratings;
  useEffect(() => {
    if (ratingsDoc) setRaterName(ratingsDoc, identity.name);
  }, [ratingsDoc, identity.name]);

  return { docs, status, fatal, pendingChanges, readOnly, refusedChange, accessVersion, leadSynced };
}
