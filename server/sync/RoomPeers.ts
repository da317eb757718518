/**
 * A room's link to the same room on other instances (multi-instance mode), see Fanout.ts.
 *
 * Out: every update this instance persisted (merged per commit, as the sync message its clients
 * got) and every awareness change of its own clients. In: peers' updates and awareness, applied
 * with REMOTE_ORIGIN so the room relays them to its clients without storing them again. Repair: a syncRequest carries our state vector; peers
 * answer with what we lack — only once their own pending writes are committed, so nothing that could
 * still be lost leaves an instance — and ask back when our vector shows something they lack. Sent
 * on subscribe, on a gap in a peer's message numbers, every `resyncIntervalMs` (which also re-reads
 * the store), and after the fan-out reconnects; a peer whose request shows state we lack is asked back
 * only if that state has not arrived within a grace period (it is usually just in flight).
 */
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { DocumentStore } from "../store/DocumentStore";
import type { Fanout, RoomMessage } from "./Fanout";
import type { Logger } from "./logger";
import { encodeIntegratedState } from "./pendingState";
import { syncUpdateOf } from "./protocol";
import { lacksState } from "./stateVector";

/** Origin of state that came from peers or the store after loading: relayed to clients, never stored. */
export const REMOTE_ORIGIN = Symbol("remote");

/** What RoomPeers needs from its room. */
export interface PeerHost {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly store: DocumentStore;
  readonly logger: Logger;
  isReady(): boolean;
  /** Runs `fn` once everything applied so far is persisted (never, if the room gives up on it). */
  afterPersisted(fn: () => void): void;
  /** Awareness client ids owned by this instance's connections. */
  localAwarenessIds(): number[];
  /**
   * A peer's committed update (`frame`: its sync message): applied with REMOTE_ORIGIN, relayed to
   * this instance's clients, never stored.
   */
  applyPeerUpdate(update: Uint8Array, frame: Uint8Array): void;
}

/** How long a peer's newer state may still be on its way to us before we ask for it. */
const IN_FLIGHT_GRACE_MS = 1_000;

/** An update with no structs and an empty delete set. */
const EMPTY_UPDATE_BYTES = 2;

export class RoomPeers {
  private seq = 0;
  private readonly lastSeqFrom = new Map<string, number>();
  private readonly awarenessIds = new Set<number>();
  private publishScheduled = false;
  private requestScheduled = false;
  private timer: NodeJS.Timeout | undefined;
  private missingCheck: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly handler = (message: RoomMessage, from: string) => this.receive(message, from);

  constructor(
    private readonly host: PeerHost,
    private readonly fanout: Fanout,
    private readonly resyncIntervalMs: number,
  ) {}

  /** Subscribes before the room reads the store, so nothing published meanwhile is missed. */
  async subscribe(): Promise<void> {
    await this.fanout.subscribe(this.host.name, this.handler);
    if (this.stopped) await this.fanout.unsubscribe(this.host.name, this.handler);
  }

  /** The room is loaded: ask peers for anything newer, then resync periodically. */
  start(): void {
    if (this.stopped) return;
    this.requestState();
    this.timer = setInterval(() => this.resync(true), this.resyncIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.missingCheck);
    void this.fanout.unsubscribe(this.host.name, this.handler);
  }

  /** State-vector exchange with peers and, with `fromStore`, a re-read of the stored document. */
  resync(fromStore: boolean): void {
    if (this.stopped || !this.host.isReady()) return;
    this.requestState();
    if (fromStore) void this.reloadFromStore();
  }

  /** This instance's committed updates of one flush, as the sync message its clients were sent. */
  persisted(frame: Uint8Array): void {
    if (this.stopped) return;
    this.publish({ kind: "update", seq: this.nextSeq(), frame });
  }

  /** Awareness states of this instance's clients changed. */
  awarenessChanged(ids: readonly number[]): void {
    for (const id of ids) this.awarenessIds.add(id);
    this.schedulePublish();
  }

  private schedulePublish(): void {
    if (this.publishScheduled) return;
    this.publishScheduled = true;
    queueMicrotask(() => {
      this.publishScheduled = false;
      if (this.stopped) return;
      if (this.awarenessIds.size > 0) {
        const ids = [...this.awarenessIds];
        this.awarenessIds.clear();
        const update = awarenessProtocol.encodeAwarenessUpdate(this.host.awareness, ids);
        this.publish({ kind: "awareness", seq: this.nextSeq(), update });
      }
    });
  }

  private requestState(): void {
    if (this.requestScheduled) return;
    this.requestScheduled = true;
    // Coalesces the requests a burst of gaps would trigger.
    setImmediate(() => {
      this.requestScheduled = false;
      if (this.stopped || !this.host.isReady()) return;
      this.publish({
        kind: "syncRequest",
        seq: this.nextSeq(),
        stateVector: Y.encodeStateVector(this.host.doc),
      });
    });
  }

  private receive(message: RoomMessage, from: string): void {
    if (this.stopped) return;
    const last = this.lastSeqFrom.get(from);
    this.lastSeqFrom.set(from, message.seq);
    // A skipped number: pub/sub lost a message from that peer. (Lower: the peer reloaded the room.)
    if (last !== undefined && message.seq > last + 1) this.requestState();
    try {
      switch (message.kind) {
        case "update":
          this.host.applyPeerUpdate(syncUpdateOf(message.frame), message.frame);
          return;
        case "awareness":
          awarenessProtocol.applyAwarenessUpdate(this.host.awareness, message.update, REMOTE_ORIGIN);
          return;
        case "syncRequest":
          this.answer(from, message.stateVector);
          return;
        case "syncReply":
          if (message.to === this.fanout.instanceId)
            Y.applyUpdate(this.host.doc, message.update, REMOTE_ORIGIN);
          return;
      }
    } catch (error) {
      this.host.logger.warn("ignored a bad fan-out message", {
        doc: this.host.name,
        kind: message.kind,
        error: (error as Error).message,
      });
    }
  }

  private answer(peer: string, stateVector: Uint8Array): void {
    if (!this.host.isReady()) return;
    const diff = encodeIntegratedState(this.host.doc, stateVector);
    this.host.afterPersisted(() => {
      if (this.stopped) return;
      if (diff.byteLength > EMPTY_UPDATE_BYTES) {
        this.publish({ kind: "syncReply", seq: this.nextSeq(), to: peer, update: diff });
      }
      const local = this.host.localAwarenessIds();
      if (local.length > 0) {
        const update = awarenessProtocol.encodeAwarenessUpdate(this.host.awareness, local);
        this.publish({ kind: "awareness", seq: this.nextSeq(), update });
      }
    });
    this.askBackIfStillMissing(stateVector);
  }

  /**
   * The requester may hold updates we lack. Under load that is mostly updates still in flight to us,
   * so ask back only if they have not arrived a little later; asking at once would make two busy
   * instances trade requests forever.
   */
  private askBackIfStillMissing(stateVector: Uint8Array): void {
    if (this.missingCheck !== undefined || !lacksState(this.host.doc, stateVector)) return;
    this.missingCheck = setTimeout(
      () => {
        this.missingCheck = undefined;
        if (!this.stopped && lacksState(this.host.doc, stateVector)) this.requestState();
      },
      Math.min(IN_FLIGHT_GRACE_MS, this.resyncIntervalMs),
    );
    this.missingCheck.unref();
  }

  private async reloadFromStore(): Promise<void> {
    try {
      const stored = await this.host.store.loadDocument(this.host.name);
      if (this.stopped || !this.host.isReady()) return;
      this.host.doc.transact(() => {
        for (const update of stored.updates) Y.applyUpdate(this.host.doc, update, REMOTE_ORIGIN);
      }, REMOTE_ORIGIN);
    } catch (error) {
      this.host.logger.warn("store resync failed", { doc: this.host.name, error: (error as Error).message });
    }
  }

  private nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  private publish(message: RoomMessage): void {
    void this.fanout.publish(this.host.name, message);
  }
}
