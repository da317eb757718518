/**
 * Fan-out between server instances that hold the same room (multi-instance mode).
 *
 * Rules (see docs/SCALING.md): an instance is subscribed to its peers' messages before it loads a
 * document; publishes every update it persisted and every awareness change its own clients made; applies what
 * peers publish without storing it again (only the instance that received a client's update stores
 * it). Pub/sub may drop messages, so rooms resynchronise by state-vector exchange on (re)subscribe,
 * on a gap in a peer's message numbers and periodically, and re-read the store after an outage.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

/** What travels on a document's channel. `seq` numbers a sender's messages per document, to spot gaps. */
export type RoomMessage =
  /**
   * A committed update as the y-websocket sync message its instance sent its own clients: a peer
   * relays these bytes to its clients as they are (no re-encoding) and applies the update within.
   */
  | { readonly kind: "update"; readonly seq: number; readonly frame: Uint8Array }
  | { readonly kind: "awareness"; readonly seq: number; readonly update: Uint8Array }
  /** "Send me what I lack": the sender's state vector. */
  | { readonly kind: "syncRequest"; readonly seq: number; readonly stateVector: Uint8Array }
  /** The answer to a syncRequest of instance `to`: the part of the replier's (persisted) state it lacked. */
  | { readonly kind: "syncReply"; readonly seq: number; readonly to: string; readonly update: Uint8Array };

/** Cluster-wide instructions and notices. */
export type ControlMessage =
  /** Close matching connections (membership removed, user disabled…). */
  | {
      readonly type: "closeConnections";
      /** Match connections to documents of this analysis (all analyses when absent). */
      readonly analysisId?: string;
      /** Match connections of this user (all users when absent). */
      readonly userId?: string;
      readonly code: number;
      readonly reason: string;
    }
  /**
   * A document changed on the sending instance (debounced), so listeners everywhere react, e.g. a
   * blind-rating switch re-checks access on instances that do not hold the lead document's room.
   */
  | { readonly type: "documentChanged"; readonly docName: string };

export type RoomMessageHandler = (message: RoomMessage, from: string) => void;
export type ControlHandler = (message: ControlMessage, from: string) => void;

export interface Fanout {
  /** Unique per process; names the sender of every message (peers track its message numbers). */
  readonly instanceId: string;
  /** Resolves once the room receives its peers' messages (so nothing published afterwards is missed). */
  subscribe(docName: string, handler: RoomMessageHandler): Promise<void>;
  unsubscribe(docName: string, handler: RoomMessageHandler): Promise<void>;
  /** Best effort: resolves even when the message could not be sent (resync repairs the gap). */
  publish(docName: string, message: RoomMessage): Promise<void>;
  publishControl(message: ControlMessage): Promise<void>;
  /** Control messages from other instances. Returns an unsubscribe. */
  onControl(handler: ControlHandler): () => void;
  /** Called after the fan-out reconnected and resubscribed: messages may have been lost meanwhile. */
  onResubscribed(handler: () => void): () => void;
  /** False while the fan-out backend is unreachable (for /healthz). */
  readonly connected: boolean;
  close(): Promise<void>;
}

const KINDS = ["update", "awareness", "syncRequest", "syncReply"] as const;

/** One room's message in a batch. */
export interface RoomEntry {
  readonly docName: string;
  readonly message: RoomMessage;
}

/**
 * Binary batch: the sender id once, then per message its document name, kind, seq, payload (and the
 * addressee of a syncReply). An instance publishes one batch per event-loop turn for all its rooms.
 */
export function encodeRoomBatch(from: string, entries: readonly RoomEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, from);
  for (const { docName, message } of entries) {
    encoding.writeVarString(encoder, docName);
    encoding.writeVarUint(encoder, KINDS.indexOf(message.kind));
    encoding.writeVarUint(encoder, message.seq);
    encoding.writeVarUint8Array(encoder, payloadOf(message));
    if (message.kind === "syncReply") encoding.writeVarString(encoder, message.to);
  }
  return encoding.toUint8Array(encoder);
}

function payloadOf(message: RoomMessage): Uint8Array {
  switch (message.kind) {
    case "update":
      return message.frame;
    case "syncRequest":
      return message.stateVector;
    default:
      return message.update;
  }
}

/**
 * Inverse of encodeRoomBatch, calling `deliver` in order for each message whose document `wants`
 * (the others are skipped without building them). Payloads are views into `data`, not copies.
 * Throws on a malformed batch (messages before the fault are delivered).
 */
export function decodeRoomBatch(
  data: Uint8Array,
  wants: (docName: string) => boolean,
  deliver: (docName: string, message: RoomMessage, from: string) => void,
): void {
  const decoder = decoding.createDecoder(data);
  const from = decoding.readVarString(decoder);
  while (decoding.hasContent(decoder)) {
    const docName = decoding.readVarString(decoder);
    const kind = KINDS[decoding.readVarUint(decoder)];
    const seq = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    const to = kind === "syncReply" ? decoding.readVarString(decoder) : "";
    if (!wants(docName)) continue;
    deliver(docName, roomMessage(kind, seq, payload, to), from);
  }
}

function roomMessage(
  kind: RoomMessage["kind"] | undefined,
  seq: number,
  payload: Uint8Array,
  to: string,
): RoomMessage {
  switch (kind) {
    case "update":
      return { kind, seq, frame: payload };
    case "awareness":
      return { kind, seq, update: payload };
    case "syncRequest":
      return { kind, seq, stateVector: payload };
    case "syncReply":
      return { kind, seq, update: payload, to };
    default:
      throw new Error("unknown fan-out message kind");
  }
}
