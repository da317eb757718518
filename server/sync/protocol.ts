/**
 * The y-websocket wire protocol (what the stock `y-websocket` client speaks): message type 0 sync
 * (step 1 / step 2 / update), 1 awareness, 2 auth (permission denied), 3 query awareness.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as authProtocol from "y-protocols/auth";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import type { ConnectionContext } from "./SocketLike";

export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const;

/** Decoded client message; `malformed` and `unsupported` map to close codes 1002 and 1003. */
export type ClientMessage =
  | { readonly kind: "syncStep1"; readonly stateVector: Uint8Array }
  | { readonly kind: "syncStep2" | "syncUpdate"; readonly update: Uint8Array }
  | { readonly kind: "awareness"; readonly update: Uint8Array }
  | { readonly kind: "auth" }
  | { readonly kind: "queryAwareness" };

/** Thrown for frames that do not decode; carries the close code to use. */
export class ProtocolError extends Error {
  constructor(
    readonly closeCode: number,
    message: string,
  ) {
    super(message);
    this.name = "ProtocolError";
  }
}

/** Decodes one frame without touching any document (a Yjs update is checked by the room's admission step). */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync: {
        const syncType = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (syncType === SyncType.Step1) {
          Y.decodeStateVector(payload);
          return { kind: "syncStep1", stateVector: payload };
        }
        if (syncType === SyncType.Step2 || syncType === SyncType.Update) {
          // Not decoded here: the room's admission step applies it to a replica first, which
          // refuses a malformed update without touching the live doc (decoding twice cost ~125 ms/MB).
          return { kind: syncType === SyncType.Step2 ? "syncStep2" : "syncUpdate", update: payload };
        }
        throw new ProtocolError(1002, `unknown sync message type ${syncType}`);
      }
      case MessageType.Awareness:
        return { kind: "awareness", update: decoding.readVarUint8Array(decoder) };
      case MessageType.Auth:
        return { kind: "auth" };
      case MessageType.QueryAwareness:
        return { kind: "queryAwareness" };
      default:
        throw new ProtocolError(1003, `unsupported message type ${type}`);
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(1002, `malformed message: ${(error as Error).message}`);
  }
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, SyncType.Step2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** The update inside a sync update message (`encodeSyncUpdate`'s inverse, without copying); throws on anything else. */
export function syncUpdateOf(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  if (
    decoding.readVarUint(decoder) !== MessageType.Sync ||
    decoding.readVarUint(decoder) !== SyncType.Update
  ) {
    throw new Error("not a sync update message");
  }
  return decoding.readVarUint8Array(decoder);
}

export function encodeAwareness(
  awareness: awarenessProtocol.Awareness,
  clients: readonly number[],
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [...clients]));
  return encoding.toUint8Array(encoder);
}

export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Auth);
  authProtocol.writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** Who holds an awareness client id in a room: this connection, another one, or nobody yet. */
export type AwarenessOwner = "self" | "other" | "none";

export interface AwarenessRewrite {
  /** The entries the connection may apply, each carrying its identity in `user`. */
  readonly update: Uint8Array;
  /** Why entries were dropped for breaking a limit (for the sender); null when none were. */
  readonly refused: string | null;
}

/**
 * Rewrites an awareness update so every state carries the connection's identity in `user`, and
 * drops entries for client ids another connection owns (nobody can pose as someone else), states
 * over `maxStateBytes` (checked before parsing) and client ids beyond `maxNewClients` new ones.
 */
export function rewriteAwarenessUpdate(
  update: Uint8Array,
  user: ConnectionContext["user"],
  ownerOf: (clientId: number) => AwarenessOwner,
  limits: { readonly maxStateBytes: number; readonly maxNewClients: number },
): AwarenessRewrite {
  const kept: { clientId: number; clock: number; state: unknown }[] = [];
  let refused: string | null = null;
  let newClients = 0;
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarUint8Array(decoder);
      const owner = ownerOf(clientId);
      if (owner === "other") continue;
      if (json.byteLength > limits.maxStateBytes) {
        refused = `presence state too large (over ${limits.maxStateBytes} bytes)`;
        continue;
      }
      const state: unknown = JSON.parse(textDecoder.decode(json));
      if (state !== null && (typeof state !== "object" || Array.isArray(state))) continue;
      if (owner === "none" && state !== null && ++newClients > limits.maxNewClients) {
        refused = "too many presence client ids on one connection";
        continue;
      }
      kept.push({ clientId, clock, state });
    }
  } catch (error) {
    throw new ProtocolError(1002, `malformed awareness update: ${(error as Error).message}`);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, kept.length);
  for (const entry of kept) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    const state = entry.state === null ? null : { ...(entry.state as object), user: { ...user } };
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return { update: encoding.toUint8Array(encoder), refused };
}

const textDecoder = new TextDecoder("utf-8", { fatal: true });

/** Client ids an awareness update talks about (used to remember which ids a connection controls). */
export function awarenessClientIds(update: Uint8Array): number[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(decoding.readVarUint(decoder));
    decoding.readVarUint(decoder);
    decoding.readVarString(decoder);
  }
  return ids;
}

/**
 * Whether applying `update` would change `doc`: a new struct (clock beyond the doc's state) or a
 * deletion the doc lacks. Lets a read-only client's empty step 2 pass while real edits are refused.
 */
export function addsToDocument(doc: Y.Doc, update: Uint8Array): boolean {
  return !Y.snapshotContainsUpdate(Y.snapshot(doc), update);
}
