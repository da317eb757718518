/**
 * Redis pub/sub fan-out (ioredis): one channel per document (`<prefix>doc:<name>`) plus a control
 * channel (`<prefix>control`), on a subscriber connection separate from the publishing one.
 *
 * Redis pub/sub keeps nothing: messages published while a connection is down are lost. So publishing
 * never queues (it drops while disconnected), and after the subscriber reconnects it resubscribes
 * every channel itself, waits for Redis to confirm, and only then tells the rooms to resynchronise.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import {
  type ControlHandler,
  type ControlMessage,
  decodeRoomMessage,
  encodeRoomMessage,
  type Fanout,
  type RoomMessage,
  type RoomMessageHandler,
  senderPrefix,
} from "../sync/Fanout";
import { consoleLogger, type Logger } from "../sync/logger";

export interface RedisFanoutOptions {
  /** `redis://host:port/db` */
  readonly url: string;
  /** Prepended to every channel, so several deployments (or tests) share one Redis. Default "ach:". */
  readonly keyPrefix?: string;
  readonly logger?: Logger;
  /** Milliseconds to wait for Redis at start before giving up (default 5 000). */
  readonly connectTimeoutMs?: number;
}

const retryDelay = (attempt: number): number => Math.min(50 * 2 ** attempt, 2_000);

export class RedisFanout implements Fanout {
  readonly instanceId = randomUUID();
  /** Redis echoes our own publications back to our subscriber: dropped on their first bytes. */
  private readonly ownPrefix = Buffer.from(senderPrefix(this.instanceId));
  private readonly rooms = new Map<string, Set<RoomMessageHandler>>();
  private readonly controlHandlers = new Set<ControlHandler>();
  private readonly resubscribeHandlers = new Set<() => void>();
  private readonly prefix: string;
  private readonly controlChannel: string;
  private readonly logger: Logger;
  private wasReady = false;
  private closed = false;

  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    options: RedisFanoutOptions,
  ) {
    this.prefix = options.keyPrefix ?? "ach:";
    this.controlChannel = `${this.prefix}control`;
    this.logger = options.logger ?? consoleLogger;
    sub.on("messageBuffer", (channel: Buffer, data: Buffer) => this.onMessage(channel, data));
    sub.on("ready", () => void this.onReady());
    pub.on("ready", () => void this.onReady());
    const onDown = () => {
      if (!this.wasReady || this.closed) return;
      this.wasReady = false;
      this.logger.warn("redis fan-out disconnected; rooms resync when it returns");
    };
    sub.on("close", onDown);
    pub.on("close", onDown);
    // ioredis reports each failed reconnect as an error event; the close/ready logs cover them.
    sub.on("error", () => undefined);
    pub.on("error", () => undefined);
  }

  /** Connects both connections; rejects (and leaves nothing running) if Redis cannot be reached. */
  static async connect(options: RedisFanoutOptions): Promise<RedisFanout> {
    const common = {
      lazyConnect: true,
      connectTimeout: options.connectTimeoutMs ?? 5_000,
      retryStrategy: retryDelay,
      autoResubscribe: false,
    };
    // No auto-pipelining: at a few publications per turn its pipeline objects cost more CPU than the writes they save.
    const pub = new Redis(options.url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    const sub = new Redis(options.url, { ...common, maxRetriesPerRequest: null });
    const failures: Error[] = [];
    const noteFailure = (error: Error) => failures.push(error);
    pub.once("error", noteFailure);
    sub.once("error", noteFailure);
    try {
      await Promise.all([pub.connect(), sub.connect()]);
    } catch (error) {
      pub.disconnect();
      sub.disconnect();
      throw new Error((failures[0] ?? (error as Error)).message || "connection refused");
    }
    const fanout = new RedisFanout(pub, sub, options);
    await sub.subscribe(fanout.controlChannel);
    fanout.wasReady = true;
    return fanout;
  }

  get connected(): boolean {
    return this.pub.status === "ready" && this.sub.status === "ready";
  }

  async subscribe(docName: string, handler: RoomMessageHandler): Promise<void> {
    const handlers = this.rooms.get(docName) ?? new Set();
    handlers.add(handler);
    this.rooms.set(docName, handlers);
    if (handlers.size > 1) return;
    const subscribed = this.sub.subscribe(this.channel(docName));
    // While Redis is down the room still loads; the reconnect resubscribes and resyncs it.
    if (this.sub.status !== "ready") {
      subscribed.catch(() => undefined);
      return;
    }
    await subscribed.catch(() => undefined);
  }

  async unsubscribe(docName: string, handler: RoomMessageHandler): Promise<void> {
    const handlers = this.rooms.get(docName);
    if (handlers === undefined) return;
    handlers.delete(handler);
    if (handlers.size > 0) return;
    this.rooms.delete(docName);
    if (this.sub.status === "ready") await this.sub.unsubscribe(this.channel(docName)).catch(() => undefined);
  }

  async publish(docName: string, message: RoomMessage): Promise<void> {
    const data = encodeRoomMessage(this.instanceId, message);
    await this.send(this.channel(docName), Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }

  async publishControl(message: ControlMessage): Promise<void> {
    await this.send(this.controlChannel, JSON.stringify({ from: this.instanceId, message }));
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
    if (this.closed) return;
    this.closed = true;
    this.rooms.clear();
    await Promise.all(
      [this.sub, this.pub].map((connection) =>
        connection.status === "ready"
          ? connection.quit().then(
              () => undefined,
              () => connection.disconnect(),
            )
          : connection.disconnect(),
      ),
    );
  }

  private channel(docName: string): string {
    return `${this.prefix}doc:${docName}`;
  }

  private async send(channel: string, payload: Buffer | string): Promise<void> {
    if (this.pub.status !== "ready") return;
    await this.pub.publish(channel, payload).catch(() => undefined);
  }

  /** After an outage: once both connections are back, resubscribe everything, then ask rooms to resync. */
  private async onReady(): Promise<void> {
    if (this.closed || this.wasReady || !this.connected) return;
    try {
      await this.sub.subscribe(
        this.controlChannel,
        ...[...this.rooms.keys()].map((name) => this.channel(name)),
      );
    } catch (error) {
      this.logger.warn("redis resubscribe failed", { error: (error as Error).message });
      return;
    }
    this.wasReady = true;
    this.logger.info("redis fan-out reconnected; resynchronising rooms", { rooms: this.rooms.size });
    for (const handler of this.resubscribeHandlers) handler();
  }

  private onMessage(channelBytes: Buffer, data: Buffer): void {
    // Our own echo (half of all traffic with two instances), before any decoding. A control
    // message is JSON, whose first byte never equals the prefix's (the id's length, 36).
    if (data.subarray(0, this.ownPrefix.byteLength).equals(this.ownPrefix)) return;
    const channel = channelBytes.toString();
    try {
      if (channel === this.controlChannel) {
        const { from, message } = JSON.parse(data.toString()) as { from: string; message: ControlMessage };
        if (from === this.instanceId) return;
        for (const handler of this.controlHandlers) handler(message, from);
        return;
      }
      const handlers = this.rooms.get(channel.slice(this.prefix.length + "doc:".length));
      if (handlers === undefined) return;
      const { from, message } = decodeRoomMessage(
        new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      );
      for (const handler of handlers) handler(message, from);
    } catch (error) {
      this.logger.warn("dropped a malformed fan-out message", { channel, error: (error as Error).message });
    }
  }
}
