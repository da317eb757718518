import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { Connection } from "../../server/sync/Connection";
import { RoomAwareness } from "../../server/sync/RoomAwareness";
import type { SocketLike } from "../../server/sync/SocketLike";
import { captureLogger } from "../server/helpers/captureLogger";

/** A socket that keeps what it was sent, as decoded awareness states (client id → state). */
class FakeSocket implements SocketLike {
  readonly sent: Map<number, unknown>[] = [];
  bufferedAmount = 0;
  closed: number | null = null;
  send(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    decoding.readVarUint(decoder); // message type: awareness
    const update = decoding.readVarUint8Array(decoder);
    const states = new Map<number, unknown>();
    const inner = decoding.createDecoder(update);
    const count = decoding.readVarUint(inner);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(inner);
      decoding.readVarUint(inner);
      states.set(clientId, JSON.parse(decoding.readVarString(inner)));
    }
    this.sent.push(states);
  }
  close(code: number): void {
    this.closed = code;
  }
  terminate(): void {}
  ping(): void {}
  on(): void {}
}

const limits = {
  maxBufferedBytes: 1 << 20,
  awarenessUpdatesPerSecond: 100,
  awarenessUpdateBurst: 100,
  awarenessRefusalBurst: 10,
};

/** An awareness update as a client sends it: `states` for the given client ids. */
function presence(states: Record<number, unknown>, clock = 1): Uint8Array {
  const encoder = encoding.createEncoder();
  const entries = Object.entries(states);
  encoding.writeVarUint(encoder, entries.length);
  for (const [clientId, state] of entries) {
    encoding.writeVarUint(encoder, Number(clientId));
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function room(clientsPerConnection = 2) {
  const doc = new Y.Doc();
  const connections = new Set<Connection>();
  const published: number[][] = [];
  const presenceOwner = new RoomAwareness(new awarenessProtocol.Awareness(doc), {
    name: "doc",
    logger: captureLogger(),
    maxStateBytes: 1024,
    clientsPerConnection,
    connections: () => connections,
    localChanged: (ids) => published.push([...ids]),
  });
  cleanups.push(() => {
    presenceOwner.stop();
    doc.destroy();
  });
  const connect = (user: string) => {
    const socket = new FakeSocket();
    const conn = new Connection(
      socket,
      { user: { id: user, name: user, color: "#000" }, readOnly: false },
      limits,
      () => undefined,
    );
    connections.add(conn);
    return { conn, socket };
  };
  return { presence: presenceOwner, connect, connections, published };
}

describe("RoomAwareness", () => {
  it("sends one message per tick with every change, the sender's identity forced in", async () => {
    const { presence: p, connect, published } = room();
    const ann = connect("ann");
    const bo = connect("bo");
    p.apply(ann.conn, presence({ 11: { cursor: 1, user: { name: "Mallory" } } }));
    p.apply(bo.conn, presence({ 22: { cursor: 2 } }));
    await tick();
    expect(bo.socket.sent).toHaveLength(1);
    const states = bo.socket.sent[0];
    expect(states?.get(11)).toMatchObject({ cursor: 1, user: { id: "ann", name: "ann" } });
    expect(states?.get(22)).toMatchObject({ cursor: 2, user: { id: "bo" } });
    expect(published).toEqual([[11], [22]]);
  });

  it("keeps a client id with the connection that claimed it and caps the ids per connection", async () => {
    const { presence: p, connect } = room(2);
    const ann = connect("ann");
    const eve = connect("eve");
    p.apply(ann.conn, presence({ 11: { cursor: 1 } }));
    p.apply(eve.conn, presence({ 11: { cursor: 666 } }, 2));
    p.apply(eve.conn, presence({ 31: {}, 32: {}, 33: {} }));
    await tick();
    expect(p.awareness.getStates().get(11)).toMatchObject({ cursor: 1, user: { id: "ann" } });
    expect([...eve.conn.awarenessIds]).toEqual([31, 32]);
    expect(p.localIds().sort()).toEqual([11, 31, 32]);
  });

  it("removes a closed connection's states and tells the others", async () => {
    const { presence: p, connect, connections } = room();
    const ann = connect("ann");
    const bo = connect("bo");
    p.apply(ann.conn, presence({ 11: { cursor: 1 } }));
    await tick();
    connections.delete(ann.conn);
    p.removed(ann.conn);
    await tick();
    expect(p.awareness.getStates().has(11)).toBe(false);
    expect(p.localIds()).toEqual([]);
    expect(ann.conn.awarenessIds.size).toBe(0);
    expect(bo.socket.sent.at(-1)?.get(11)).toBeNull();
  });
});
