import { CloseCode } from "../../shared/closeCodes";
import type { ConnectionContext, SocketLike } from "./SocketLike";

/** One socket in a room. */
export class Connection {
  readonly awarenessIds = new Set<number>();
  early: Uint8Array[] = [];
  earlyBytes = 0;
  open = true;

  constructor(
    readonly socket: SocketLike,
    readonly ctx: ConnectionContext,
  ) {}

  send(data: Uint8Array): void {
    if (!this.open) return;
    try {
      this.socket.send(data);
    } catch {
      this.close(CloseCode.InternalError, "send failed");
    }
  }

  close(code: number, reason: string): void {
    if (!this.open) return;
    this.open = false;
    this.early = [];
    try {
      this.socket.close(code, reason);
    } catch {
      // The socket is already gone; its close event still cleans up the room.
    }
  }
}
