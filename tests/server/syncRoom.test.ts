import { afterEach, describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { StoredDocument, StoredUpdateMeta } from "../../server/store/DocumentStore";
import type { Store } from "../../server/store/Store";
import { RoomManager, type RoomManagerOptions } from "../../server/sync/RoomManager";
import type { ConnectionContext } from "../../server/sync/SocketLike";
import { CloseCode } from "../../shared/closeCodes";
import { captureLogger } from "./helpers/captureLogger";
import { awarenessFrame, FakeSocket, step1Frame, updateFrame } from "./helpers/fakeSocket";
import { type MemoryStore, openMemoryStore } from "./helpers/memoryStore";
import { TEST_PARTS } from "./helpers/testParts";
import { waitFor } from "./helpers/waitFor";

/**
 * A store whose loads wait, and whose appends are written but not acknowledged, while `gated`: opening
 * the gate acknowledges every held append in the same tick.
 */
async function openGatedStore(): Promise<MemoryStore & { gated: boolean; open(): void }> {
  const store = await openMemoryStore();
  const gates: (() => void)[] = [];
  const wait = (): Promise<void> =>
    gated.gated ? new Promise((resolve) => gates.push(resolve)) : Promise.resolve();
  const gated = {
    ...store,
    gated: false,
    open(): void {
      gated.gated = false;
      for (const release of gates.splice(0)) release();
    },
    async loadDocument(name: string): Promise<StoredDocument> {
      await wait();
      return store.loadDocument(name);
    },
    async appendUpdate(name: string, update: Uint8Array, meta: StoredUpdateMeta): Promise<number> {
      const committed = store.appendUpdate(name, update, meta);
      await wait();
      return committed;
    },
  };
  return gated;
}

const managers: RoomManager[] = [];
afterEach(async () => {
  for (const manager of managers.splice(0)) await manager.close();
});

function manager(store: Store, options: Partial<RoomManagerOptions> = {}): RoomManager {
  const rooms = new RoomManager({
    store,
    logger: captureLogger(),
    idleUnloadMs: 20,
    admission: { extraParts: TEST_PARTS },
    ...options,
  });
  managers.push(rooms);
  return rooms;
}

const ctx = (id: string, readOnly = false): ConnectionContext => ({
  user: { id, name: id.toUpperCase(), color: "#123456" },
  readOnly,
});

const textUpdate = (value: string, clientID = 1): Uint8Array => {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  doc.getText("t").insert(0, value);
  return Y.encodeStateAsUpdate(doc);
};

/** Applies every sync payload a fake socket received to a fresh doc. */
const clientView = (socket: FakeSocket): Y.Doc => {
  const doc = new Y.Doc();
  for (const message of socket.messages()) {
    if (message.type === "sync" && message.syncType !== 0) Y.applyUpdate(doc, message.payload);
  }
  return doc;
};

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("Room", () => {
  it("sends nothing and answers nothing until the stored state is loaded", async () => {
    const store = await openGatedStore();
    await store.appendUpdate("d", textUpdate("stored"), { userId: null });
    store.gated = true;
    const rooms = manager(store);
    const socket = new FakeSocket();
    rooms.connect(socket, "d", ctx("a"));
    socket.receive(step1Frame(new Y.Doc()));
    await tick();
    expect(socket.sent).toHaveLength(0);
    store.open();
    await waitFor(() => expect(clientView(socket).getText("t").toString()).toBe("stored"));
    expect(socket.messages()[0]).toMatchObject({ type: "sync", syncType: 0 });
  });

  it("closes a client that floods frames before the load with 1013", async () => {
    const store = await openGatedStore();
    store.gated = true;
    const rooms = manager(store, { earlyQueueMaxMessages: 3 });
    const socket = new FakeSocket();
    rooms.connect(socket, "d", ctx("a"));
    for (let i = 0; i < 4; i++) socket.receive(step1Frame(new Y.Doc()));
    expect(socket.closed?.code).toBe(CloseCode.TryAgainLater);
    store.open();
  });

  it("broadcasts only after the append committed, merged into one message per tick", async () => {
    const store = await openGatedStore();
    const rooms = manager(store);
    const a = new FakeSocket();
    const b = new FakeSocket();
    rooms.connect(a, "d", ctx("a"));
    rooms.connect(b, "d", ctx("b"));
    await waitFor(() => expect(b.sent.length).toBeGreaterThan(0));
    const before = b.sent.length;
    store.gated = true;
    const doc = new Y.Doc();
    const frames: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => frames.push(updateFrame(update)));
    doc.getText("t").insert(0, "x");
    doc.getText("t").insert(1, "y");
    for (const frame of frames) a.receive(frame);
    await tick();
    await tick();
    expect(b.sent.length).toBe(before);
    store.open();
    await waitFor(() => expect(clientView(b).getText("t").toString()).toBe("xy"));
    expect(b.sent.length).toBe(before + 1);
    expect(a.sent.length).toBe(before);
    expect((await store.logRows("d")).map((row) => row.userId)).toEqual(["a", "a"]);
  });

  it("accepts a viewer's empty step 2 silently but refuses its edits", async () => {
    const store = await openMemoryStore();
    await store.appendUpdate("d", textUpdate("base"), { userId: null });
    const rooms = manager(store);
    const viewer = new FakeSocket();
    rooms.connect(viewer, "d", ctx("v", true));
    await waitFor(() => expect(viewer.sent.length).toBeGreaterThan(0));
    const local = new Y.Doc();
    Y.applyUpdate(local, textUpdate("base"));
    viewer.receive(updateFrame(Y.encodeStateAsUpdate(local, Y.encodeStateVector(local)), 1));
    viewer.receive(updateFrame(textUpdate("base"), 1));
    await tick();
    expect(viewer.messages().filter((m) => m.type === "auth")).toHaveLength(0);
    viewer.receive(updateFrame(textUpdate("evil", 99)));
    await tick();
    expect(viewer.messages().filter((m) => m.type === "auth")).toHaveLength(1);
    expect(viewer.closed).toBeNull();
    const copy = await rooms.readDocument("d");
    expect(copy.getText("t").toString()).toBe("base");
    expect(await store.logRows("d")).toHaveLength(1);
  });

  it("closes a connection on malformed or unsupported frames and keeps the room", async () => {
    const rooms = manager(await openMemoryStore());
    const good = new FakeSocket();
    rooms.connect(good, "d", ctx("g"));
    const bad = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    for (const socket of bad) rooms.connect(socket, "d", ctx("b"));
    await waitFor(() => expect(good.sent.length).toBeGreaterThan(0));
    bad[0]?.receive(new Uint8Array([0, 2, 5, 1]));
    bad[1]?.receive(new Uint8Array([9]));
    bad[2]?.receive(new TextEncoder().encode("hi"), false);
    expect(bad.map((s) => s.closed?.code)).toEqual([
      CloseCode.ProtocolError,
      CloseCode.UnsupportedData,
      CloseCode.UnsupportedData,
    ]);
    expect(good.closed).toBeNull();
    expect(rooms.stats()).toMatchObject({ rooms: 1, connections: 1 });
  });

  it("stamps awareness with the connection's user and refuses a client id another connection owns", async () => {
    const rooms = manager(await openMemoryStore());
    const a = new FakeSocket();
    const b = new FakeSocket();
    rooms.connect(a, "d", ctx("alice"));
    rooms.connect(b, "d", ctx("bob"));
    await waitFor(() => expect(b.sent.length).toBeGreaterThan(0));
    const aDoc = new Y.Doc();
    const aAwareness = new awarenessProtocol.Awareness(aDoc);
    aAwareness.setLocalState({ user: { id: "bob", name: "BOB" }, cell: "x" });
    a.receive(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(aAwareness, [aDoc.clientID])));
    const forged = new awarenessProtocol.Awareness(new Y.Doc());
    forged.clientID = aDoc.clientID;
    forged.setLocalState({ cell: "hijacked" });
    forged.setLocalState({ cell: "hijacked!" });
    b.receive(awarenessFrame(awarenessProtocol.encodeAwarenessUpdate(forged, [aDoc.clientID])));
    const room = rooms.getRoom("d");
    expect(room.awareness.getStates().get(aDoc.clientID)).toEqual({
      user: { id: "alice", name: "ALICE", color: "#123456" },
      cell: "x",
    });
    a.close(1000, "bye");
    await waitFor(() => expect(room.awareness.getStates().has(aDoc.clientID)).toBe(false));
    aAwareness.destroy();
    forged.destroy();
  });

  it("folds the log into a snapshot once edits pause, and reloads the same state", async () => {
    const store = await openMemoryStore();
    const rooms = manager(store, { compactMaxUpdates: 10, compactQuietMs: 30 });
    const socket = new FakeSocket();
    rooms.connect(socket, "d", ctx("a"));
    const doc = new Y.Doc();
    doc.on("update", (update: Uint8Array) => socket.receive(updateFrame(update)));
    await waitFor(() => expect(socket.sent.length).toBeGreaterThan(0));
    for (let i = 0; i < 25; i++) {
      doc.getText("t").insert(i, String(i % 10));
      await tick();
    }
    await rooms.flush();
    await waitFor(async () => expect((await store.logRows("d")).length).toBeLessThanOrEqual(10));
    const loaded = await store.loadDocument("d");
    const reloaded = new Y.Doc();
    for (const update of loaded.updates) Y.applyUpdate(reloaded, update);
    expect(reloaded.getText("t").toString()).toBe(doc.getText("t").toString());
  });

  it("does not compact in the middle of a burst of edits, unless the log is far over the threshold", async () => {
    const store = await openMemoryStore();
    const rooms = manager(store, { compactMaxUpdates: 10, compactQuietMs: 60_000 });
    const socket = new FakeSocket();
    rooms.connect(socket, "d", ctx("a"));
    const doc = new Y.Doc();
    doc.on("update", (update: Uint8Array) => socket.receive(updateFrame(update)));
    await waitFor(() => expect(socket.sent.length).toBeGreaterThan(0));
    for (let i = 0; i < 30; i++) {
      doc.getText("t").insert(i, "x");
      await tick();
    }
    await rooms.flush();
    expect((await store.logRows("d")).length).toBe(30);
    for (let i = 0; i < 60; i++) {
      doc.getText("t").insert(0, "y");
      await tick();
    }
    await rooms.flush();
    await waitFor(async () => expect((await store.logRows("d")).length).toBeLessThan(80));
    await rooms.close();
  });

  it("keeps a room in memory until its last write resolved, then unloads it", async () => {
    const store = await openGatedStore();
    const rooms = manager(store, { idleUnloadMs: 5 });
    const socket = new FakeSocket();
    rooms.connect(socket, "d", ctx("a"));
    await waitFor(() => expect(socket.sent.length).toBeGreaterThan(0));
    store.gated = true;
    socket.receive(updateFrame(textUpdate("last words")));
    socket.close(1000, "bye");
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(rooms.stats()).toMatchObject({ rooms: 1, pendingWrites: 1 });
    store.open();
    await waitFor(() => expect(rooms.stats()).toMatchObject({ rooms: 0, docsInMemory: 0 }));
    expect(await store.logRows("d")).toHaveLength(1);
  });
});
