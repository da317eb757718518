import { CloseCode } from "../../shared/closeCodes";
import { TokenBucket } from "../../shared/tokenBucket";
import type { ConnectionContext, SocketLike } from "./SocketLike";

/** What one connection may cost the server (defaults in shared/limits.ts). */
export interface ConnectionLimits {
  /** Unsent bytes past which the connection is dropped instead of sent more (a client that stopped reading). */
  readonly maxBufferedBytes: number;
  readonly awarenessUpdatesPerSecond: number;
  readonly awarenessUpdateBurst: number;
  /** Refused presence updates in a burst (refilling 1/s) before the connection is closed. */
  readonly awarenessRefusalBurst: number;
}

/** One socket in a room. */
export class Connection {
  readonly awarenessIds = new Set<number>();
  early: Uint8Array[] = [];
  earlyBytes = 0;
  open = true;
  private readonly awarenessRate: TokenBucket;
  private readonly awarenessRefusals: TokenBucket;

  constructor(
    readonly socket: SocketLike,
    readonly ctx: ConnectionContext,
    private readonly limits: ConnectionLimits,
    /** Told when the connection is dropped for not reading (logging). */
    private readonly onStalled: (conn: Connection) => void,
  ) {
    const now = Date.now();
    this.awarenessRate = new TokenBucket(limits.awarenessUpdatesPerSecond, limits.awarenessUpdateBurst, now);
    this.awarenessRefusals = new TokenBucket(1, limits.awarenessRefusalBurst, now);
  }

  /**
   * Sends unless the client has left the previous frames unread past the cap: then it is closed
   * and cut off at once (a close frame would queue behind the unread data), so one client that
   * stops reading never holds more than the cap and one frame of the server's memory.
   */
  send(data: Uint8Array): void {
    if (!this.open) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(CloseCode.TryAgainLater, "not reading: too much unsent data");
      this.socket.terminate();
      this.onStalled(this);
      return;
    }
    try {
      this.socket.send(data);
    } catch {
      this.close(CloseCode.InternalError, "send failed");
    }
  }

  /** Whether one more presence update is within the rate. */
  takeAwarenessToken(): boolean {
    return this.awarenessRate.take(Date.now());
  }

  /** Counts a refused presence update; false once the connection keeps sending them (the caller closes it). */
  noteAwarenessRefusal(): boolean {
    return this.awarenessRefusals.take(Date.now());
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
