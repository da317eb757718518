import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import type * as Y from "yjs";
import type { SocketLike } from "../../../server/sync/SocketLike";

type Listener = (...args: never[]) => void;

/** Decoded server → client frame, enough for assertions. */
export type SentMessage =
  | { readonly type: "sync"; readonly syncType: number; readonly payload: Uint8Array }
  | { readonly type: "awareness"; readonly payload: Uint8Array }
  | { readonly type: "auth"; readonly reason: string }
  | { readonly type: "other"; readonly messageType: number };

/** An in-memory SocketLike: records what the room sends and lets tests play the client. */
export class FakeSocket implements SocketLike {
  readonly sent: Uint8Array[] = [];
  closed: { readonly code: number; readonly reason: string } | null = null;
  /** Set by tests to play a client that stopped reading. */
  bufferedAmount = 0;
  terminated = false;
  private readonly listeners = new Map<string, Listener[]>();

  send(data: Uint8Array): void {
    if (this.closed) throw new Error("send on closed socket");
    this.sent.push(data);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = { code, reason };
    for (const listener of this.listeners.get("close") ?? [])
      (listener as (c: number, r: string) => void)(code, reason);
  }

  terminate(): void {
    this.terminated = true;
    this.close(1006, "terminated");
  }

  ping(): void {}

  on(event: "message" | "close" | "pong", listener: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }

  /** Delivers a frame from the "client". */
  receive(data: Uint8Array, isBinary = true): void {
    for (const listener of this.listeners.get("message") ?? []) {
      (listener as (d: Uint8Array, b: boolean) => void)(data, isBinary);
    }
  }

  messages(): SentMessage[] {
    return this.sent.map(decodeSent);
  }
}

export function decodeSent(frame: Uint8Array): SentMessage {
  const decoder = decoding.createDecoder(frame);
  const type = decoding.readVarUint(decoder);
  if (type === 0) {
    const syncType = decoding.readVarUint(decoder);
    return { type: "sync", syncType, payload: decoding.readVarUint8Array(decoder) };
  }
  if (type === 1) return { type: "awareness", payload: decoding.readVarUint8Array(decoder) };
  if (type === 2) {
    decoding.readVarUint(decoder);
    return { type: "auth", reason: decoding.readVarString(decoder) };
  }
  return { type: "other", messageType: type };
}

export function step1Frame(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function updateFrame(update: Uint8Array, syncType = 2): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function awarenessFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}
