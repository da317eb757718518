/**
 * Redis pub/sub fan-out (ioredis), on a subscriber connection separate from the publishing one.
 *
 * Room messages go to per-instance inboxes (`<prefix>inbox:<instance id>`): an instance collects
 * its rooms' messages of one event-loop turn into one batch (PublishBatch) and publishes it to the
 * inbox of every peer it knows (PeerRoster), so it never reads its own messages back, and a peer
 * reads one message per turn for all rooms and skips the rooms it does not hold by name. Peers are
 * learned from the inbox channels Redis lists as subscribed (at start, after a reconnect and every
 * few seconds) and from the hello each instance publishes on `<prefix>hello` once its inbox is
 * subscribed; a publication that reached nobody forgets that peer. Cluster-wide control messages
 * (JSON) go on `<prefix>control`, which everyone reads.
 *
 * Why no message is missed that a room would need: an instance subscribes its inbox and says hello
 * before it loads any room, and its rooms' first sync request (published after that hello, on the
 * same connection, so every peer reads the hello first) makes each peer answer with its stored
 * state. Redis pub/sub keeps nothing: messages published while a connection is down are lost. So
 * publishing never queues (it drops while disconnected), and after the subscriber reconnects it
 * resubscribes itself, waits for Redis to confirm, says hello again and only then tells the rooms
 * to resynchronise.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import {
  type ControlHandler,
  type ControlMessage,
  decodeRoomBatch,
  type Fanout,
  type RoomMessage,
  type RoomMessageHandler,
} from "../sync/Fanout";
import { consoleLogger, type Logger } from "../sync/logger";
import { PublishBatch } from "../sync/PublishBatch";
import { PeerRoster } from "./PeerRoster";

export interface RedisFanoutOptions {
  /** `redis://host:port/db` */
  readonly url: string;
  /** Prepended to every channel, so several deployments (or tests) share one Redis. Default "ach:". */
  readonly keyPrefix?: string;
  readonly logger?: Logger;
  /** Milliseconds to wait for Redis at start before giving up (default 5 000). */
  readonly connectTimeoutMs?: number;
}

/** How often the peer list is re-read from Redis (a peer forgotten while it was away comes back). */
const PEER_REFRESH_MS = 5_000;

const retryDelay = (attempt: number): number => Math.min(50 * 2 ** attempt, 2_000);

export class RedisFanout implements Fanout {
  readonly instanceId = randomUUID();
  private readonly peers = new PeerRoster(this.instanceId);
  private readonly rooms = new Map<string, Set<RoomMessageHandler>>();
  private readonly controlHandlers = new Set<ControlHandler>();
  private readonly resubscribeHandlers = new Set<() => void>();
  private readonly prefix: string;
  private readonly controlChannel: string;
  private readonly helloChannel: string;
  private readonly inboxPrefix: string;
  private readonly inbox: string;
  private readonly batch: PublishBatch;
  private readonly logger: Logger;
  private readonly rosterTimer: NodeJS.Timeout;
  private wasReady = false;
  private rejoining = false;
  private closed = false;

  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    options: RedisFanoutOptions,
  ) {
    this.prefix = options.keyPrefix ?? "ach:";
    this.controlChannel = `${this.prefix}control`;
    this.helloChannel = `${this.prefix}hello`;
    this.inboxPrefix = `${this.prefix}inbox:`;
    this.inbox = `${this.inboxPrefix}${this.instanceId}`;
    this.batch = new PublishBatch(this.instanceId, (data) =>
      this.sendToPeers(Buffer.from(data.buffer, data.byteOffset, data.byteLength)),
    );
    this.logger = options.logger ?? consoleLogger;
    this.rosterTimer = setInterval(() => void this.refreshPeers(true), PEER_REFRESH_MS);
    this.rosterTimer.unref();
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
    try {
      await fanout.join();
    } catch (error) {
      await fanout.close();
      throw error;
    }
    fanout.wasReady = true;
    return fanout;
  }

  get connected(): boolean {
    return this.pub.status === "ready" && this.sub.status === "ready";
  }

  /** Local only: the inbox is subscribed from the start (and again after every reconnect). */
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
    await this.batch.flush();
    this.closed = true;
    clearInterval(this.rosterTimer);
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

  private async send(channel: string, payload: Buffer | string): Promise<void> {
    if (this.pub.status !== "ready") return;
    await this.pub.publish(channel, payload).catch(() => undefined);
  }

  /** One batch to every known peer's inbox; a peer nobody listens for any more is forgotten. */
  private async sendToPeers(batch: Buffer): Promise<void> {
    if (this.pub.status !== "ready" || this.peers.size === 0) return;
    const sent: Promise<void>[] = [];
    for (const [peer, generation] of this.peers.entries()) {
      sent.push(
        this.pub.publish(`${this.inboxPrefix}${peer}`, batch).then(
          (receivers) => {
            if (receivers === 0) this.peers.unreachable(peer, generation);
          },
          () => undefined,
        ),
      );
    }
    await Promise.all(sent);
  }

  /** Subscribes our inbox, hello and control channels, learns the peers, then says hello. */
  private async join(): Promise<void> {
    await this.sub.subscribe(this.controlChannel, this.helloChannel, this.inbox);
    await this.refreshPeers(false);
    await this.pub.publish(this.helloChannel, this.instanceId);
  }

  /**
   * Learns the peers whose inboxes Redis lists. `repair`: a peer found this way that we did not know
   * (forgotten while it was away) may have missed our messages, so the rooms resynchronise.
   */
  private async refreshPeers(repair: boolean): Promise<void> {
    if (this.pub.status !== "ready") return;
    try {
      const channels = await this.pub.pubsub("CHANNELS", `${this.inboxPrefix}*`);
      const added = this.peers.merge(
        (channels as string[]).map((channel) => channel.slice(this.inboxPrefix.length)),
      );
      if (repair && added.length > 0 && this.wasReady) this.resubscribed();
    } catch (error) {
      this.logger.warn("redis peer list failed", { error: (error as Error).message });
    }
  }

  private resubscribed(): void {
    for (const handler of this.resubscribeHandlers) handler();
  }

  /** After an outage: once both connections are back, resubscribe everything, then ask rooms to resync. */
  private async onReady(): Promise<void> {
    // Both connections report ready: the second report must not join again while the first joins.
    if (this.closed || this.wasReady || this.rejoining || !this.connected) return;
    this.rejoining = true;
    try {
      await this.join();
    } catch (error) {
      this.logger.warn("redis resubscribe failed", { error: (error as Error).message });
      return;
    } finally {
      this.rejoining = false;
    }
    this.wasReady = true;
    this.logger.info("redis fan-out reconnected; resynchronising rooms", { rooms: this.rooms.size });
    this.resubscribed();
  }

  private readonly holds = (docName: string): boolean => this.rooms.has(docName);

  private readonly deliver = (docName: string, message: RoomMessage, from: string): void => {
    for (const handler of this.rooms.get(docName) ?? []) handler(message, from);
  };

  private onMessage(channelBytes: Buffer, data: Buffer): void {
    const channel = channelBytes.toString();
    try {
      if (channel === this.inbox) {
        decodeRoomBatch(
          new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
          this.holds,
          this.deliver,
        );
      } else if (channel === this.helloChannel) {
        this.peers.add(data.toString());
      } else if (channel === this.controlChannel) {
        const { from, message } = JSON.parse(data.toString()) as { from: string; message: ControlMessage };
        if (from === this.instanceId) return;
        for (const handler of this.controlHandlers) handler(message, from);
      }
    } catch (error) {
      this.logger.warn("dropped a malformed fan-out message", { channel, error: (error as Error).message });
    }
  }
}
