import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { RoomManager } from "../../server/sync/RoomManager";
import { UpdateAdmission } from "../../server/sync/UpdateAdmission";
import { CloseCode } from "../../shared/closeCodes";
import { metaMap } from "../../shared/schema/contentDoc";
import { captureLogger } from "./helpers/captureLogger";
import { FakeSocket, updateFrame } from "./helpers/fakeSocket";
import { openMemoryStore } from "./helpers/memoryStore";
import { waitFor } from "./helpers/waitFor";

const managers: RoomManager[] = [];
afterEach(async () => {
  for (const manager of managers.splice(0)) await manager.close();
});

const ctx = { user: { id: "u1", name: "U1", color: "#123456" }, readOnly: false };

/** An update whose first change is left out: it can never integrate. */
function orphan(bytes: number): Uint8Array {
  const doc = new Y.Doc();
  metaMap(doc).set("question", "never sent");
  const base = Y.encodeStateVector(doc);
  metaMap(doc).set("classification", "x".repeat(bytes));
  return Y.encodeStateAsUpdate(doc, base);
}

/** An update with no structs whose delete set names `client`, a client no document has seen. */
function unknownClientDeletes(client: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no structs
  encoding.writeVarUint(encoder, 1); // one client in the delete set…
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, 1); // …with one range: clocks 0 to 1e9
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 1e9);
  return encoding.toUint8Array(encoder);
}

describe("the admission step", () => {
  it("drops orphans a store holds from before, loads the rest and compacts them away", async () => {
    const store = await openMemoryStore();
    const good = new Y.Doc();
    metaMap(good).set("title", "Stored before");
    await store.appendUpdate("a1", Y.encodeStateAsUpdate(good), { userId: null });
    await store.appendUpdate("a1", orphan(100_000), { userId: null });
    const rooms = new RoomManager({ store, logger: captureLogger(), idleUnloadMs: 50 });
    managers.push(rooms);
    await rooms.getRoom("a1").whenReady();
    const title = await rooms.inspect("a1", (doc) => [metaMap(doc).get("title"), doc.store.pendingStructs]);
    expect(title).toEqual(["Stored before", null]);
    await waitFor(async () => expect(await store.logRows("a1")).toHaveLength(0));
    const stored = await store.loadDocument("a1");
    expect(stored.updates).toHaveLength(1);
    expect(stored.updates[0]?.byteLength).toBeLessThan(1_000);
  });

  it("lets a peer's update wait for its dependencies within the allowance, then drops it and resyncs", async () => {
    const doc = new Y.Doc();
    const resyncs: number[] = [];
    const admission = new UpdateAdmission(
      { name: "a1", doc, logger: captureLogger(), resync: () => resyncs.push(Date.now()) },
      {
        kind: "content",
        maxPendingBytes: 50_000,
        maxPendingAgeMs: 100,
        maxPendingRefusals: 3,
        extraParts: {},
      },
    );
    admission.start();
    Y.applyUpdate(doc, orphan(10_000), "peer");
    expect(doc.store.pendingStructs).not.toBeNull();
    await waitFor(() => expect(doc.store.pendingStructs).toBeNull());
    expect(resyncs).toHaveLength(1);
    Y.applyUpdate(doc, orphan(100_000), "peer");
    expect(doc.store.pendingStructs).toBeNull();
    expect(resyncs).toHaveLength(2);
    admission.stop();
  });

  it("refuses a server edit over a limit with a 400 and keeps the room's document unchanged", async () => {
    const store = await openMemoryStore();
    const rooms = new RoomManager({ store, logger: captureLogger(), idleUnloadMs: 50 });
    managers.push(rooms);
    await expect(
      rooms.transact("a1", (doc) => metaMap(doc).set("title", "x".repeat(301)), { userId: null }),
    ).rejects.toMatchObject({ code: "validation_failed", status: 400 });
    await rooms.transact("a1", (doc) => metaMap(doc).set("title", "Fine"), { userId: null });
    expect(await rooms.inspect("a1", (doc) => metaMap(doc).get("title"))).toBe("Fine");
    expect(await store.logRows("a1")).toHaveLength(1);
  });

  it("asks a client whose update lacks its dependencies to resync, then closes it if that persists", async () => {
    const rooms = new RoomManager({
      store: await openMemoryStore(),
      logger: captureLogger(),
      idleUnloadMs: 50,
    });
    managers.push(rooms);
    const socket = new FakeSocket();
    rooms.connect(socket, "a1", ctx);
    await waitFor(() => expect(socket.sent.length).toBeGreaterThan(0));
    const greeting = socket.sent.length;
    socket.receive(updateFrame(orphan(1_000)));
    await waitFor(() => expect(socket.sent.length).toBe(greeting + 1));
    expect(socket.messages().at(-1)).toMatchObject({ type: "sync", syncType: 0 });
    for (let i = 0; i < 3; i++) socket.receive(updateFrame(orphan(1_000)));
    await waitFor(() => expect(socket.closed?.code).toBe(CloseCode.UpdateRefused));
    expect(await rooms.inspect("a1", (doc) => doc.store.pendingStructs)).toBeNull();
  });

  it("refuses a user unseen for a while after an update over a limit, so refusals cannot be repeated at will", async () => {
    const logger = captureLogger();
    const rooms = new RoomManager({ store: await openMemoryStore(), logger, idleUnloadMs: 50 });
    managers.push(rooms);
    const over = new Y.Doc();
    metaMap(over).set("title", "x".repeat(1_000));
    const frame = updateFrame(Y.encodeStateAsUpdate(over));
    const first = new FakeSocket();
    rooms.connect(first, "a1", ctx);
    first.receive(frame);
    await waitFor(() => expect(first.closed?.code).toBe(CloseCode.UpdateRefused));
    const second = new FakeSocket();
    rooms.connect(second, "a1", ctx);
    second.receive(frame);
    await waitFor(() => expect(second.closed?.code).toBe(CloseCode.UpdateRefused));
    expect(second.messages()).toContainEqual(
      expect.objectContaining({ type: "auth", reason: expect.stringMatching(/try again later/) }),
    );
    expect(logger.lines.filter((line) => line.includes("refused an update over a limit"))).toHaveLength(1);
  });

  it("refuses deletions of a client the document has never seen like other pending state, and keeps none of it", async () => {
    const store = await openMemoryStore();
    const rooms = new RoomManager({ store, logger: captureLogger(), idleUnloadMs: 50 });
    managers.push(rooms);
    const socket = new FakeSocket();
    rooms.connect(socket, "a1", ctx);
    await waitFor(() => expect(socket.sent.length).toBeGreaterThan(0));
    const greeting = socket.sent.length;
    socket.receive(updateFrame(unknownClientDeletes(123_456)));
    await waitFor(() => expect(socket.sent.length).toBe(greeting + 1));
    expect(socket.messages().at(-1)).toMatchObject({ type: "sync", syncType: 0 });
    expect(await rooms.inspect("a1", (doc) => doc.store.pendingDs)).toBeNull();
    for (let i = 0; i < 3; i++) socket.receive(updateFrame(unknownClientDeletes(123_456 + i)));
    await waitFor(() => expect(socket.closed?.code).toBe(CloseCode.UpdateRefused));
    expect(await rooms.inspect("a1", (doc) => doc.store.pendingDs)).toBeNull();
    expect(await store.logRows("a1")).toHaveLength(0);
  });

  it("tells a refused client which limit its update broke, also while it cools down", async () => {
    const rooms = new RoomManager({
      store: await openMemoryStore(),
      logger: captureLogger(),
      idleUnloadMs: 50,
    });
    managers.push(rooms);
    const over = new Y.Doc();
    metaMap(over).set("title", "x".repeat(1_000));
    const frame = updateFrame(Y.encodeStateAsUpdate(over));
    const first = new FakeSocket();
    rooms.connect(first, "a1", ctx);
    first.receive(frame);
    await waitFor(() => expect(first.closed?.code).toBe(CloseCode.UpdateRefused));
    expect(first.messages()).toContainEqual(
      expect.objectContaining({
        type: "auth",
        reason: expect.stringMatching(/^update refused: meta\.title: .*300/),
      }),
    );
    expect(first.closed?.reason).toMatch(/^[\x20-\x7e]{1,123}$/);
    const second = new FakeSocket();
    rooms.connect(second, "a1", ctx);
    second.receive(frame);
    await waitFor(() => expect(second.closed?.code).toBe(CloseCode.UpdateRefused));
    expect(second.messages()).toContainEqual(
      expect.objectContaining({
        type: "auth",
        reason: expect.stringMatching(/try again later \(in \d+ s\).*meta\.title: .*300/),
      }),
    );
  });
});
