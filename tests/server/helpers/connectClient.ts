/** A real `y-websocket` client in Node, the same provider the browser uses. */
import * as decoding from "lib0/decoding";
import { WebSocket } from "ws";
import type { Awareness } from "y-protocols/awareness";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

export interface TestClient {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly awareness: Awareness;
  /** Close codes the server sent, in order. */
  readonly closeCodes: number[];
  /** Permission-denied reasons received. */
  readonly denied: string[];
  /** Resolves once the provider has synced with the server. */
  synced(): Promise<void>;
  destroy(): void;
}

export interface ConnectClientOptions {
  /** Query parameters; the test server's default authorize reads `user`, `name`, `readOnly`, `deny`. */
  readonly params?: Readonly<Record<string, string>>;
  readonly doc?: Y.Doc;
  readonly connect?: boolean;
}

export function connectClient(url: string, docName: string, options: ConnectClientOptions = {}): TestClient {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(url, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { ...options.params },
    disableBc: true,
    maxBackoffTime: 200,
    connect: options.connect ?? true,
  });
  const closeCodes: number[] = [];
  const denied: string[] = [];
  provider.on("connection-close", (event) => {
    if (event !== null) closeCodes.push(event.code);
  });
  // Record permission-denied messages instead of the provider's console warning.
  provider.messageHandlers[2] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === 0) denied.push(decoding.readVarString(decoder));
  };
  return {
    doc,
    provider,
    awareness: provider.awareness,
    closeCodes,
    denied,
    synced: () =>
      provider.synced
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            const onSync = (state: boolean) => {
              if (!state) return;
              provider.off("sync", onSync);
              resolve();
            };
            provider.on("sync", onSync);
          }),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}
