/**
 * In-process fan-out for tests: several RoomManagers joined by one hub behave like instances on
 * one Redis, with switches to drop messages and to simulate a reconnect.
 */
import { randomUUID } from "node:crypto";
import {
  type ControlHandler,
  type ControlMessage,
  decodeRoomMessage,
  encodeRoomMessage,
  type Fanout,
  type RoomMessage,
  type RoomMessageHandler,
} from "./Fanout";

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

  deliver(deliverTo: (member: MemoryFanout) => void): void {
    this.published += 1;
    if (this.dropping) return;
    // Asynchronous like a network hop, and to the sender too (it must ignore its own echo).
    setImmediate(() => {
      for (const member of this.members) deliverTo(member);
    });
  }
}

export class MemoryFanout implements Fanout {
  readonly instanceId = randomUUID();
  connected = true;
  private readonly rooms = new Map<string, Set<RoomMessageHandler>>();
  private readonly controlHandlers = new Set<ControlHandler>();
  private readonly resubscribeHandlers = new Set<() => void>();

  constructor(private readonly hub: MemoryFanoutHub) {}

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

  async publish(docName: string, message: RoomMessage): Promise<void> {
    const data = encodeRoomMessage(this.instanceId, message);
    this.hub.deliver((member) => member.receive(docName, data));
  }

  async publishControl(message: ControlMessage): Promise<void> {
    const json = JSON.stringify({ from: this.instanceId, message });
    this.hub.deliver((member) => member.receiveControl(json));
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
    this.connected = false;
    this.rooms.clear();
    this.hub.members.delete(this);
  }

  receive(docName: string, data: Uint8Array): void {
    const { from, message } = decodeRoomMessage(data);
    if (from === this.instanceId) return;
    for (const handler of this.rooms.get(docName) ?? []) handler(message, from);
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
