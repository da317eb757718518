/**
 * Collects an instance's room messages for one event-loop turn and sends them as one batch
 * (`encodeRoomBatch`): under load the rooms' flushes of a turn cost one pub/sub message and one read
 * per peer, instead of one each per room. Sent at the end of the turn (setImmediate),
 * after every flush the turn's I/O triggered; messages keep their order.
 */
import { encodeRoomBatch, type RoomEntry, type RoomMessage } from "./Fanout";

export class PublishBatch {
  private entries: RoomEntry[] = [];
  private pending: { readonly sent: Promise<void>; readonly resolve: () => void } | null = null;
  private readonly flushNow = (): void => void this.flush();

  constructor(
    private readonly from: string,
    /** Sends one encoded batch; best effort (resolves even when it could not be sent). */
    private readonly send: (batch: Uint8Array) => Promise<void>,
  ) {}

  /** Queues `message` for this turn's batch; resolves once that batch was handed on. */
  add(docName: string, message: RoomMessage): Promise<void> {
    this.entries.push({ docName, message });
    if (this.pending === null) {
      let resolve = (): void => undefined;
      const sent = new Promise<void>((done) => {
        resolve = done;
      });
      this.pending = { sent, resolve };
      setImmediate(this.flushNow);
    }
    return this.pending.sent;
  }

  /** Sends what is queued now (before closing the connection it goes out on). */
  async flush(): Promise<void> {
    const pending = this.pending;
    if (pending === null) return;
    const entries = this.entries;
    this.entries = [];
    this.pending = null;
    try {
      await this.send(encodeRoomBatch(this.from, entries));
    } finally {
      pending.resolve();
    }
  }
}
