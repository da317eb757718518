import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { MemoryFanoutHub } from "../../server/sync/MemoryFanout";
import { encodeSyncUpdate } from "../../server/sync/protocol";
import { connectClient, type TestClient } from "./helpers/connectClient";
import { type MemoryStore, openMemoryStore } from "./helpers/memoryStore";
import { startTestSyncServer, type TestSyncServer } from "./helpers/testSyncServer";
import { waitFor } from "./helpers/waitFor";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two instances over one store, joined by an in-memory fan-out hub. */
async function twoInstances(): Promise<{
  hub: MemoryFanoutHub;
  store: MemoryStore;
  a: TestSyncServer;
  b: TestSyncServer;
}> {
  const hub = new MemoryFanoutHub();
  const store = await openMemoryStore();
  const start = () =>
    startTestSyncServer({ store, rooms: { fanout: hub.connect(), resyncIntervalMs: 60_000 } });
  const a = await start();
  const b = await start();
  cleanups.push(async () => {
    await a.close();
    await b.close();
  });
  return { hub, store, a, b };
}

function client(url: string, doc: string, user: string): TestClient {
  const c = connectClient(url, doc, { params: { user } });
  cleanups.push(() => c.destroy());
  return c;
}

/** Waits until the instance's room holds `expected` and has committed it (its publish is then done). */
async function storedOnItsInstance(server: TestSyncServer, docName: string, expected: string): Promise<void> {
  await waitFor(async () => {
    const doc = await server.rooms.readDocument(docName);
    const value = doc.getText("t").toString();
    doc.destroy();
    return value === expected;
  });
  await server.rooms.flush();
}

const text = (c: TestClient) => c.doc.getText("t").toString();
const sameState = (x: TestClient, y: TestClient) =>
  Buffer.from(Y.encodeStateVector(x.doc)).equals(Buffer.from(Y.encodeStateVector(y.doc))) &&
  text(x) === text(y);

describe("fan-out between instances", () => {
  it("lets clients on two instances co-edit one document and converge", async () => {
    const { a, b } = await twoInstances();
    const alice = client(a.url, "doc1", "alice");
    const bob = client(b.url, "doc1", "bob");
    await Promise.all([alice.synced(), bob.synced()]);
    for (let i = 0; i < 20; i++) {
      alice.doc.getText("t").insert(0, "a");
      bob.doc.getText("t").insert(0, "b");
    }
    await waitFor(() => sameState(alice, bob) && text(alice).length === 40);
  });

  it("stores each client update once, on the instance that received it", async () => {
    const { a, b, store } = await twoInstances();
    const alice = client(a.url, "doc2", "alice");
    const bob = client(b.url, "doc2", "bob");
    await Promise.all([alice.synced(), bob.synced()]);
    alice.doc.getText("t").insert(0, "hello");
    await waitFor(() => text(bob) === "hello");
    await a.rooms.flush();
    await b.rooms.flush();
    expect((await store.logRows("doc2")).map((row) => row.userId)).toEqual(["alice"]);
  });

  it("carries awareness across instances", async () => {
    const { a, b } = await twoInstances();
    const alice = client(a.url, "doc3", "alice");
    const bob = client(b.url, "doc3", "bob");
    await Promise.all([alice.synced(), bob.synced()]);
    alice.awareness.setLocalStateField("cursor", { cell: "h1:e1" });
    await waitFor(() => {
      const state = bob.awareness.getStates().get(alice.doc.clientID);
      return state?.cursor?.cell === "h1:e1" && state.user?.id === "alice";
    });
  });

  it("converges after pub/sub dropped messages, once the gap is noticed", async () => {
    const { hub, a, b } = await twoInstances();
    const alice = client(a.url, "doc4", "alice");
    const bob = client(b.url, "doc4", "bob");
    await Promise.all([alice.synced(), bob.synced()]);
    hub.dropping = true;
    alice.doc.getText("t").insert(0, "lost on the way ");
    bob.doc.getText("t").insert(0, "also lost ");
    await storedOnItsInstance(a, "doc4", "lost on the way ");
    await storedOnItsInstance(b, "doc4", "also lost ");
    hub.dropping = false;
    expect(text(alice)).toBe("lost on the way ");
    alice.doc.getText("t").insert(0, "!");
    await waitFor(() => sameState(alice, bob) && text(alice).length === 27);
  });

  it("relays only the part of a peer's update that integrated, never state still waiting for what it lacks", async () => {
    const { hub, b } = await twoInstances();
    const bob = client(b.url, "doc7", "bob");
    await bob.synced();
    let bobHeldPending = false;
    bob.doc.on("afterTransaction", () => {
      if (bob.doc.store.pendingStructs !== null || bob.doc.store.pendingDs !== null) bobHeldPending = true;
    });
    // A peer's merged update: one independent insert and one that depends on an insert B never got.
    const writer = new Y.Doc();
    writer.getText("t").insert(0, "lost ");
    const before = Y.encodeStateVector(writer);
    writer.getText("t").insert(5, "waiting");
    const dependent = Y.encodeStateAsUpdate(writer, before);
    const other = new Y.Doc();
    other.getText("t").insert(0, "new ");
    const peer = hub.connect();
    cleanups.push(() => peer.close());
    await peer.publish("doc7", {
      kind: "update",
      seq: 1,
      frame: encodeSyncUpdate(Y.mergeUpdates([Y.encodeStateAsUpdate(other), dependent])),
    });
    await waitFor(() => text(bob) === "new ");
    expect(bobHeldPending).toBe(false);
  });

  it("converges after an outage once the fan-out resubscribes", async () => {
    const { hub, a, b } = await twoInstances();
    const alice = client(a.url, "doc5", "alice");
    const bob = client(b.url, "doc5", "bob");
    await Promise.all([alice.synced(), bob.synced()]);
    hub.dropping = true;
    alice.doc.getText("t").insert(0, "x");
    bob.doc.getText("t").insert(0, "y");
    await storedOnItsInstance(a, "doc5", "x");
    await storedOnItsInstance(b, "doc5", "y");
    hub.dropping = false;
    expect(text(bob)).toBe("y");
    hub.simulateReconnect();
    await waitFor(() => sameState(alice, bob) && text(alice).length === 2);
  });

  it("closes a user's connections on every instance through a control message", async () => {
    const { a, b } = await twoInstances();
    const onB = client(b.url, "doc6", "carol");
    const other = client(b.url, "doc6", "dave");
    await Promise.all([onB.synced(), other.synced()]);
    const closedHere = await a.rooms.closeConnectionsEverywhere({
      analysisId: "doc6",
      userId: "carol",
      code: 4403,
      reason: "membership removed",
    });
    expect(closedHere).toBe(0);
    await waitFor(() => onB.closeCodes.includes(4403));
    expect(other.closeCodes).toEqual([]);
  });
});
