/**
 * Minimal Yjs sync client for the bench. One implementation serves all three servers so that the
 * client-side cost per message is identical and cannot skew the comparison:
 * - "y-websocket": plain y-protocols messages (what y-websocket's WebsocketProvider speaks; our server
 *   and the y-websocket 1.5.4 reference server).
 * - "hocuspocus": every message prefixed with varString(documentName), and a token Auth message first
 *   (what @hocuspocus/provider speaks; that package is not installed here).
 * It does no awareness and no reconnects: a dropped socket is reported, not hidden.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

/** Wire framing spoken by the server under test. */
export type Framing = "y-websocket" | "hocuspocus";

/** Where one client connects. */
export interface RoomAddress {
  /** Full WebSocket URL including any query string. */
  readonly url: string;
  /** Document name carried inside messages (hocuspocus framing only). */
  readonly documentName: string;
}

const MessageSync = 0;
const MessageAuth = 2;
/** Hocuspocus-only: a sync message that must not trigger another SyncStep1. */
const MessageSyncReply = 4;
const HocuspocusAuthToken = 0;
const HocuspocusAuthPermissionDenied = 1;
const HocuspocusAuthAuthenticated = 2;

/** One bench client: a Y.Doc kept in sync with one room over one WebSocket. */
export class SyncClient {
  readonly doc = new Y.Doc();
  /** Close code if the socket closed before `close()` was called. */
  unexpectedClose: number | null = null;
  private ws: WebSocket | null = null;
  private closing = false;
  private synced = false;
  private resolveSynced: (() => void) | null = null;
  private rejectSynced: ((error: Error) => void) | null = null;

  constructor(
    private readonly address: RoomAddress,
    private readonly framing: Framing,
    private readonly token: string | undefined,
  ) {
    this.doc.on("update", this.onDocUpdate);
  }

  /** Opens the socket and resolves once the server's SyncStep2 arrived (the client is synced). */
  connect(timeoutMs: number): Promise<void> {
    const ws = new WebSocket(this.address.url, { perMessageDeflate: false });
    ws.binaryType = "nodebuffer";
    this.ws = ws;
    const synced = new Promise<void>((resolve, reject) => {
      this.resolveSynced = resolve;
      this.rejectSynced = reject;
    });
    const timer = setTimeout(
      () => this.failSync(new Error(`not synced within ${timeoutMs} ms: ${this.address.url}`)),
      timeoutMs,
    );
    ws.on("open", () => {
      if (this.framing === "hocuspocus") {
        const auth = this.header(MessageAuth);
        encoding.writeVarUint(auth, HocuspocusAuthToken);
        encoding.writeVarString(auth, this.token ?? "");
        ws.send(encoding.toUint8Array(auth));
      }
      const step1 = this.header(MessageSync);
      syncProtocol.writeSyncStep1(step1, this.doc);
      ws.send(encoding.toUint8Array(step1));
    });
    ws.on("message", (data: Buffer) => this.onMessage(data));
    ws.on("error", (error) => this.failSync(error));
    ws.on("close", (code, reason) => {
      if (!this.closing) this.unexpectedClose = code;
      this.failSync(new Error(`socket closed with ${code} ${reason.toString()} before sync`));
    });
    return synced.finally(() => clearTimeout(timer));
  }

  /** Closes the socket and frees the document. */
  close(): void {
    this.closing = true;
    this.ws?.close();
    this.doc.off("update", this.onDocUpdate);
    this.doc.destroy();
  }

  private header(type: number): encoding.Encoder {
    const encoder = encoding.createEncoder();
    if (this.framing === "hocuspocus") encoding.writeVarString(encoder, this.address.documentName);
    encoding.writeVarUint(encoder, type);
    return encoder;
  }

  private failSync(error: Error): void {
    if (this.synced || this.rejectSynced === null) return;
    const reject = this.rejectSynced;
    this.rejectSynced = null;
    this.resolveSynced = null;
    reject(error);
  }

  private markSynced(): void {
    if (this.synced) return;
    this.synced = true;
    const resolve = this.resolveSynced;
    this.resolveSynced = null;
    this.rejectSynced = null;
    resolve?.();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || this.ws === null || this.ws.readyState !== WebSocket.OPEN) return;
    const encoder = this.header(MessageSync);
    syncProtocol.writeUpdate(encoder, update);
    this.ws.send(encoding.toUint8Array(encoder));
  };

  private onMessage(data: Buffer): void {
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (this.framing === "hocuspocus") decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    if (type === MessageSync || (this.framing === "hocuspocus" && type === MessageSyncReply)) {
      // Our answer to the server's SyncStep1 is a SyncStep2; hocuspocus wants it as a SyncReply.
      const reply = this.header(this.framing === "hocuspocus" ? MessageSyncReply : MessageSync);
      const emptyLength = encoding.length(reply);
      const syncType = syncProtocol.readSyncMessage(decoder, reply, this.doc, this);
      if (encoding.length(reply) > emptyLength && this.ws?.readyState === WebSocket.OPEN) {
        this.ws.send(encoding.toUint8Array(reply));
      }
      if (syncType === syncProtocol.messageYjsSyncStep2) this.markSynced();
      return;
    }
    if (type === MessageAuth && this.framing === "hocuspocus") {
      const authType = decoding.readVarUint(decoder);
      if (authType === HocuspocusAuthPermissionDenied) {
        this.failSync(new Error(`permission denied: ${decoding.readVarString(decoder)}`));
      } else if (authType !== HocuspocusAuthAuthenticated) {
        this.failSync(new Error(`unexpected hocuspocus auth message ${authType}`));
      }
      return;
    }
    if (type === MessageAuth) {
      // y-protocols auth: 0 = permission denied.
      if (decoding.readVarUint(decoder) === 0) {
        this.failSync(new Error(`permission denied: ${decoding.readVarString(decoder)}`));
      }
    }
    // Awareness, query-awareness and hocuspocus sync-status messages need no action here.
  }
}
