/**
 * The tab's document pool: y-websocket providers at `/sync/<name>` and y-indexeddb copies named
 * `ach:<name>` (the names offline copies always had, so existing local copies are found).
 */

import { clearDocument, IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import { FATAL_CLOSE_CODES } from "../../../shared/closeCodes";
import { decodeDocumentBundle } from "../../../shared/documentBundle";
import { classifyRefusal } from "../lib/refusal";
import { onPermissionDenied } from "../lib/syncTracker";
import { matchRoute } from "../routes/matchRoute";
import { DocumentPool } from "./DocumentPool";

/** ws(s)://host of the page, so the client works behind any reverse proxy that forwards /sync. */
export function syncBase(): string {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${window.location.host}/sync`;
}

let pool: DocumentPool<WebsocketProvider> | null = null;

/** The one pool of this tab, made on first use. */
export function documentPool(): DocumentPool<WebsocketProvider> {
  if (pool) return pool;
  const made = new DocumentPool<WebsocketProvider>({
    // No query parameters: the session cookie says who I am, and the server stamps that identity
    // on my awareness `user` field, so nobody can speak as someone else.
    provider: (name, doc) => {
      const provider = new WebsocketProvider(syncBase(), name, doc, {
        connect: false,
        // Every document syncs through the server; y-websocket's cross-tab channel would also encode
        // each document's whole state at every (re)connect to offer it to other tabs of the browser.
        disableBc: true,
        shouldReconnect: (event) => !FATAL_CLOSE_CODES.has(event.code),
      });
      // A change refused for good stops its document as the refusal arrives, before the socket's
      // close reconnects it, whether or not a page listens yet (the page then says why).
      onPermissionDenied(provider, (message) => {
        if (classifyRefusal(message).kind === "held") made.closeForGood(name);
      });
      return provider;
    },
    local: (name, doc) => new IndexeddbPersistence(`ach:${name}`, doc),
    clearLocal: (name) => clearDocument(`ach:${name}`),
  });
  // The browser knows before a dead socket times out: go offline at once, reconnect when back.
  window.addEventListener("offline", () => made.setOnline(false));
  window.addEventListener("online", () => made.setOnline(true));
  pool = made;
  return made;
}

declare global {
  interface Window {
    /** The documents request client/public/earlyDocuments.js started before this code loaded. */
    __earlyDocuments?: { readonly analysisId: string; readonly response: Promise<Response> };
  }
}

/** The early request for `analysisId`, taken once: a later prefill (after signing in) asks afresh. */
function takeEarlyRequest(analysisId: string): Promise<Response> | null {
  const early = window.__earlyDocuments;
  window.__earlyDocuments = undefined;
  return early?.analysisId === analysisId ? early.response : null;
}

/** Starts the one-request load of an analysis's documents (see DocumentPool.prefill). */
export function prefillAnalysis(analysisId: string): void {
  documentPool().prefill(analysisId, async () => {
    const res = await (takeEarlyRequest(analysisId) ??
      fetch(`/api/analyses/${encodeURIComponent(analysisId)}/documents`, { credentials: "same-origin" }));
    if (!res.ok) throw new Error(`documents: ${res.status}`);
    return decodeDocumentBundle(new Uint8Array(await res.arrayBuffer()));
  });
}

/** The pages that open an analysis's documents (useAnalysisDoc): the matrix, the lead's review, sources. */
const DOCUMENT_PAGES = ["/a/:id", "/a/:id/lead", "/a/:id/sources", "/a/:id/sources/:sourceId"];

/**
 * Starts the documents request of the page at `path`, if it shows an analysis's documents: called as
 * the code starts, so the request runs alongside the session check and the first render rather than
 * after them. Signed out, it fails quietly and the page asks again once signed in.
 */
export function prefillForAddress(path: string): void {
  for (const pattern of DOCUMENT_PAGES) {
    const id = matchRoute(pattern, path)?.id;
    if (id) {
      prefillAnalysis(id);
      return;
    }
  }
}
