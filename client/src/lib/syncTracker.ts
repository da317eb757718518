/**
 * What the status indicator needs beyond "connected": how many local changes the server has not seen
 * yet, and whether the server refused our writes (read-only). y-websocket has no acknowledgements, so a
 * local update counts as pending when it is made while the provider is not connected and synced; the
 * count drops to zero when the provider (re)syncs, because sync step 2 sends the server everything it
 * lacks.
 */
import * as decoding from "lib0/decoding";
import type { WebsocketProvider } from "y-websocket";
import type * as Y from "yjs";
import { BUNDLE_ORIGIN } from "../sync/DocumentPool";

const MESSAGE_AUTH = 2;

/** Counts local updates of `doc` not yet sent to a synced server; calls `onChange(count)` on change. */
export function trackPending(
  doc: Y.Doc,
  provider: WebsocketProvider,
  onChange: (count: number) => void,
): () => void {
  let pending = 0;
  const onUpdate = (_update: Uint8Array, origin: unknown): void => {
    // The provider's updates and a prefetched bundle's are the server's state, not local changes.
    if (origin === provider || origin === BUNDLE_ORIGIN) return;
    if (provider.wsconnected && provider.synced) return;
    pending++;
    onChange(pending);
  };
  const onSync = (synced: boolean): void => {
    if (synced && provider.wsconnected && pending > 0) {
      pending = 0;
      onChange(0);
    }
  };
  doc.on("update", onUpdate);
  provider.on("sync", onSync);
  return () => {
    doc.off("update", onUpdate);
    provider.off("sync", onSync);
  };
}

const deniedListeners = new WeakMap<WebsocketProvider, Set<(reason: string) => void>>();
/** The last refusal each provider received, for listeners that attach after it arrived. */
const lastDenied = new WeakMap<WebsocketProvider, string>();

/**
 * Calls `onDenied(reason)` when the server answers a write with "permission denied" (a viewer's
 * connection, or a ratings document that is not mine); returns the unsubscribe. The provider's own
 * handler only logs it. Providers are shared (client/src/sync/), so the handler is wrapped once per
 * provider and fans out to its listeners.
 */
export function onPermissionDenied(
  provider: WebsocketProvider,
  onDenied: (reason: string) => void,
): () => void {
  let listeners = deniedListeners.get(provider);
  if (!listeners) {
    const set = new Set<(reason: string) => void>();
    listeners = set;
    deniedListeners.set(provider, set);
    const original = provider.messageHandlers[MESSAGE_AUTH];
    provider.messageHandlers[MESSAGE_AUTH] = (encoder, decoder, p, emitSynced, messageType) => {
      // The auth message is: varUint type (0 = permission denied), varString reason.
      const peek = decoding.clone(decoder);
      if (decoding.readVarUint(peek) === 0) {
        const reason = decoding.readVarString(peek);
        lastDenied.set(p, reason);
        for (const f of set) f(reason);
      }
      original?.(encoder, decoder, p, emitSynced, messageType);
    };
  }
  listeners.add(onDenied);
  // A page whose code loads after its document's socket opened still hears why it was refused.
  const missed = lastDenied.get(provider);
  if (missed !== undefined) onDenied(missed);
  return () => listeners.delete(onDenied);
}
