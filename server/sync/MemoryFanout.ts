/**
 * In-process fan-out for tests: several RoomManagers joined by one hub behave like instances on
 * one Redis (one batch per instance per turn, to every other member, as RedisFanout), with
 * switches to drop messages and to simulate a reconnect.
 */
import { randomUUID } from "node:crypto";
import {
  type ControlHandler,
  type ControlMessage,
  decodeRoomBatch,
  type Fanout,
  type RoomMessage,
  type RoomMessageHandler,
} from "./Fanout";
import { PublishBatch } from "./PublishBatch";

/** The "Redis" several MemoryFanouts share. */
export class MemoryFanoutHub {
  /** While true every published message is lost, as with a pub/sub outage. */
  dropping = false;
  /** Messages published so far (delivered or dropped). */
  published = 0;
  readonly members = new Set<MemoryFanout>();

  /** A new instance's fan-out on this hub. */
  connect(): MemoryFanout {
    const fanout = new MemoryFanout(this);
    this.members.add(fanout);
    return fanout;
  }

  /** Every member runs its resubscribe handlers, as after a Redis restart. */
  simulateReconnect(): void {
    for (const member of this.members) member.resubscribed();
  }

  /** To every member but `sender`; with `echo` to the sender too (control messages, which it must ignore, as on Redis). */
  deliver(sender: MemoryFanout, deliverTo: (member: MemoryFanout) => void, echo = false): void {
    this.published += 1;
    if (this.dropping) return;
    // Asynchronous like a network hop.
    setImmediate(() => {
      for (const member of this.members) if (echo || member !== sender) deliverTo(member);
    });
  }
}

export class MemoryFanout implements Fanout {
  readonly instanceId = randomUUID();
  connected = true;
  private readonly rooms = new Map<string, Set<RoomMessageHandler>>();
  private readonly controlHandlers = new Set<ControlHandler>();
  private readonly resubscribeHandlers = new Set<() => void>();
  private readonly batch: PublishBatch;

  constructor(private readonly hub: MemoryFanoutHub) {
    this.batch = new PublishBatch(this.instanceId, async (data) =>
      this.hub.deliver(this, (member) => member.receive(data)),
    );
  }

  async subscribe(docName: string, handler: RoomMessageHandler): Promise<void> {
    const handlers = this.rooms.get(docName) ?? new Set();
    handlers.add(handler);
    this.rooms.set(docName, handlers);
  }

  async unsubscribe(docName: string, handler: RoomMessageHandler): Promise<void> {
    const handlers = this.rooms.get(docName);
    handlers?.delete(handler);
    if (handlers?.size === 0) this.rooms.delete(docName);
  }

  publish(docName: string, message: RoomMessage): Promise<void> {
    return this.batch.add(docName, message);
  }

  async publishControl(message: ControlMessage): Promise<void> {
    const json = JSON.stringify({ from: this.instanceId, message });
    this.hub.deliver(this, (member) => member.receiveControl(json), true);
  }

  onControl(handler: ControlHandler): () => void {
    this.controlHandlers.add(handler);
    return () => this.controlHandlers.delete(handler);
  }

  onResubscribed(handler: () => void): () => void {
    this.resubscribeHandlers.add(handler);
    return () => this.resubscribeHandlers.delete(handler);
  }

  async close(): Promise<void> {
    await this.batch.flush();
    this.connected = false;
    this.rooms.clear();
    this.hub.members.delete(this);
  }

  /** A peer's batch from the hub. */
  receive(data: Uint8Array): void {
    decodeRoomBatch(
      data,
      (docName) => this.rooms.has(docName),
      (docName, message, from) => {
        for (const handler of this.rooms.get(docName) ?? []) handler(message, from);
      },
    );
  }

  receiveControl(json: string): void {
    const { from, message } = JSON.parse(json) as { from: string; message: ControlMessage };
    if (from === this.instanceId) return;
    for (const handler of this.controlHandlers) handler(message, from);
  }

  resubscribed(): void {
    for (const handler of this.resubscribeHandlers) handler();
  }
}
