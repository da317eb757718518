import { request } from "node:http";
import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { CloseCode } from "../../shared/closeCodes";
import { type ConnectClientOptions, connectClient, type TestClient } from "./helpers/connectClient";
import { openMemoryStore } from "./helpers/memoryStore";
import {
  startTestSyncServer,
  type TestSyncServer,
  type TestSyncServerOptions,
} from "./helpers/testSyncServer";
import { waitFor } from "./helpers/waitFor";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(options: TestSyncServerOptions = {}): Promise<TestSyncServer> {
  const started = await startTestSyncServer(options);
  cleanups.push(() => started.close());
  return started;
}

function client(srv: { url: string }, docName: string, options: ConnectClientOptions = {}): TestClient {
  const created = connectClient(srv.url, docName, options);
  cleanups.push(() => created.destroy());
  return created;
}

const text = (c: TestClient): string => c.doc.getText("t").toString();

describe("sync server lifecycle", () => {
  it("does not broadcast an update the store failed to write, closes its sender with 4500 and reports it", async () => {
    const store = await openMemoryStore();
    const srv = await server({ store, rooms: { retryBaseDelayMs: 20, retryMaxAttempts: 3 } });
    const a = client(srv, "doc1", { params: { user: "alice" } });
    const b = client(srv, "doc1", { params: { user: "bob" } });
    await Promise.all([a.synced(), b.synced()]);
    store.failWrites();
    a.doc.getText("t").insert(0, "lost?");
    await waitFor(() => expect(a.closeCodes).toContain(CloseCode.StoreFailed));
    const stats = srv.rooms.stats();
    expect(stats.lastStoreError).toMatchObject({ docName: "doc1", message: "injected write failure" });
    expect(stats.storeHealthy).toBe(false);
    await waitFor(() => expect(b.closeCodes).toContain(CloseCode.StoreFailed));
    expect(text(b)).toBe("");
    expect(await store.documentSize("doc1")).toBe(0);
  });

  it("persists the update once the store recovers, and the sender's resync brings nothing twice", async () => {
    const store = await openMemoryStore();
    const srv = await server({ store, rooms: { retryBaseDelayMs: 20, retryMaxAttempts: 50 } });
    const a = client(srv, "doc1", { params: { user: "alice" } });
    const b = client(srv, "doc1", { params: { user: "bob" } });
    await Promise.all([a.synced(), b.synced()]);
    store.failWrites(2);
    a.doc.getText("t").insert(0, "eventually");
    await waitFor(() => expect(a.closeCodes).toContain(CloseCode.StoreFailed));
    await waitFor(() => expect(text(b)).toBe("eventually"));
    expect(srv.rooms.stats()).toMatchObject({ failingRooms: 0, storeHealthy: true });
    expect((await store.logRows("doc1")).map((row) => row.userId)).toEqual(["alice"]);
  });

  it("unloads an idle room and reloads it with the full state", async () => {
    const srv = await server({ rooms: { idleUnloadMs: 50 } });
    const a = connectClient(srv.url, "doc1");
    await a.synced();
    a.doc.getText("t").insert(0, "kept");
    await waitFor(async () => expect(await srv.store.documentSize("doc1")).toBeGreaterThan(0));
    a.destroy();
    await waitFor(() => expect(srv.rooms.stats()).toMatchObject({ rooms: 0, docsInMemory: 0 }));
    const b = client(srv, "doc1");
    await b.synced();
    expect(text(b)).toBe("kept");
    expect(srv.rooms.stats().rooms).toBe(1);
  });

  it("applies a server-side edit to connected clients and reads documents as copies", async () => {
    const srv = await server();
    const a = client(srv, "doc1");
    await a.synced();
    const changed: string[] = [];
    srv.rooms.use({ name: "test", changed: (name) => changed.push(name) });
    await srv.rooms.transact("doc1", (doc) => doc.getText("t").insert(0, "from REST"), { userId: "admin" });
    await waitFor(() => expect(text(a)).toBe("from REST"));
    const copy = await srv.rooms.readDocument("doc1");
    expect(copy.getText("t").toString()).toBe("from REST");
    copy.destroy();
    await waitFor(() => expect(changed).toEqual(["doc1"]));
    const unloaded = await srv.rooms.readDocument("other");
    expect(unloaded.getText("t").toString()).toBe("");
    unloaded.destroy();
    expect(srv.rooms.stats().rooms).toBe(1);
  });

  it("does not grow rooms or documents after 1 000 rejected connects", async () => {
    const srv = await server();
    const attempt = (path: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${srv.url}/${path}`);
        ws.on("close", (code) => resolve(code));
        ws.on("error", () => resolve(-1));
      });
    const codes: number[] = [];
    for (let batch = 0; batch < 20; batch++) {
      codes.push(
        ...(await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            attempt(i % 2 === 0 ? `doc${i}?deny=forbidden` : `bad..name${i}`),
          ),
        )),
      );
    }
    expect(codes).toHaveLength(1000);
    expect(new Set(codes)).toEqual(new Set([CloseCode.Forbidden, CloseCode.NotFound]));
    expect(srv.rooms.stats()).toMatchObject({ rooms: 0, docsInMemory: 0, connections: 0 });
  });

  it("frees the document of a room whose load failed and serves it once the store is back", async () => {
    const store = await openMemoryStore();
    const seed = new Y.Doc();
    seed.getText("t").insert(0, "stored");
    await store.appendUpdate("doc1", Y.encodeStateAsUpdate(seed), { userId: null });
    store.failLoads(1);
    const srv = await server({ store });
    const a = client(srv, "doc1");
    await waitFor(() => expect(a.closeCodes).toContain(CloseCode.StoreFailed));
    await a.synced();
    expect(text(a)).toBe("stored");
    expect(srv.rooms.stats()).toMatchObject({ rooms: 1, docsInMemory: 1 });
  });

  it("terminates a socket that stops answering pings", async () => {
    const srv = await server({ pingIntervalMs: 50 });
    const socket = await new Promise<Socket>((resolve, reject) => {
      const req = request({
        host: "127.0.0.1",
        port: srv.port,
        path: "/sync/doc1?user=silent",
        headers: {
          Connection: "Upgrade",
          Upgrade: "websocket",
          "Sec-WebSocket-Version": "13",
          "Sec-WebSocket-Key": Buffer.from("0123456789abcdef").toString("base64"),
        },
      });
      req.on("upgrade", (_res, raw) => resolve(raw));
      req.on("error", reject);
      req.end();
    });
    // A raw socket that never reads frames never answers a ping.
    socket.pause();
    cleanups.push(() => {
      socket.destroy();
    });
    await waitFor(() => expect(srv.rooms.stats().connections).toBe(1));
    await waitFor(() => expect(srv.rooms.stats().connections).toBe(0), 2_000);
  });
});
