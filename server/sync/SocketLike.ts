/**
 * The transport a connection needs, so rooms and the protocol are driven in tests by a fake
 * socket and in production by a `ws` WebSocket.
 */
import type { RawData, WebSocket } from "ws";
import type { Role } from "../../shared/accounts";

export interface SocketLike {
  send(data: Uint8Array): void;
  /** Bytes sent but not yet handed to the network (the client is not reading them). */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
  /** Drops the connection at once, without a closing handshake. */
  terminate(): void;
  ping(): void;
  on(event: "message", listener: (data: Uint8Array, isBinary: boolean) => void): void;
  on(event: "close", listener: (code: number, reason: string) => void): void;
  on(event: "pong", listener: () => void): void;
}

/** Who is on the other end of a connection, decided by the app's `authorize` at the upgrade. */
export interface ConnectionContext {
  readonly user: { readonly id: string; readonly name: string; readonly color: string };
  readonly readOnly: boolean;
  /** The member's role in the analysis (a lead deletes anyone's comment); absent counts as no lead. */
  readonly role?: Role;
}

const toBytes = (data: RawData): Uint8Array => {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
};

/** Adapts a `ws` WebSocket to SocketLike. */
export function wrapWebSocket(ws: WebSocket): SocketLike {
  return {
    send: (data) => {
      if (ws.readyState === ws.OPEN) ws.send(data);
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
    ping: () => ws.ping(),
    on: ((event: "message" | "close" | "pong", listener: (...args: never[]) => void) => {
      if (event === "message") {
        ws.on("message", (data, isBinary) =>
          (listener as (d: Uint8Array, b: boolean) => void)(toBytes(data), isBinary),
        );
      } else if (event === "close") {
        ws.on("close", (code, reason) =>
          (listener as (c: number, r: string) => void)(code, reason.toString()),
        );
      } else {
        ws.on("pong", () => (listener as () => void)());
      }
    }) as SocketLike["on"],
  };
}
