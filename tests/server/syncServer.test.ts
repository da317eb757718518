import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { openSqliteStore } from "../../server/store/sql/SqlStore";
import { CloseCode } from "../../shared/closeCodes";
import { type ConnectClientOptions, connectClient, type TestClient } from "./helpers/connectClient";
import { makeTempDir, type TempDir } from "./helpers/tempDir";
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

async function tempDir(): Promise<TempDir> {
  const dir = await makeTempDir();
  cleanups.push(() => dir.remove());
  return dir;
}

function client(srv: { url: string }, docName: string, options: ConnectClientOptions = {}): TestClient {
  const created = connectClient(srv.url, docName, options);
  cleanups.push(() => created.destroy());
  return created;
}

const text = (c: TestClient): string => c.doc.getText("t").toString();

/** Opens a raw socket and resolves with the close code the server sends. */
function rawClose(url: string, send?: (ws: WebSocket) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on("open", () => send?.(ws));
    ws.on("close", (code) => resolve(code));
    ws.on("error", (error) => reject(error));
  });
}

describe("sync server", () => {
  it("delivers an edit from one client to another", async () => {
    const srv = await server();
    const a = client(srv, "doc1");
    const b = client(srv, "doc1");
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getText("t").insert(0, "hello");
    await waitFor(() => expect(text(b)).toBe("hello"));
  });

  it("gives a client that joins later the full state", async () => {
    const srv = await server();
    const a = client(srv, "doc1");
    const b = client(srv, "doc1");
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getText("t").insert(0, "one ");
    b.doc.getText("t").insert(0, "two ");
    await waitFor(() => {
      expect(text(a)).toHaveLength(8);
      expect(text(a)).toBe(text(b));
    });
    const c = client(srv, "doc1");
    await c.synced();
    expect(text(c)).toBe(text(a));
  });

  it("keeps the state across a restart on the same data directory", async () => {
    const dir = await tempDir();
    const first = await startTestSyncServer({ dataDir: dir.path });
    const a = connectClient(first.url, "doc1");
    await a.synced();
    a.doc.getText("t").insert(0, "persisted");
    await waitFor(async () => expect(await first.store.documentSize("doc1")).toBeGreaterThan(0));
    a.destroy();
    await first.close();

    const second = await server({ dataDir: dir.path });
    const b = client(second, "doc1");
    await b.synced();
    expect(text(b)).toBe("persisted");
  });

  it("never lets the first client after a restart see an empty document", async () => {
    const dir = await tempDir();
    const store = await openSqliteStore({ location: { dataDir: dir.path } });
    const seed = new Y.Doc();
    seed.getText("t").insert(0, "stored before start");
    await store.appendUpdate("doc1", Y.encodeStateAsUpdate(seed), { userId: null });
    const srv = await server({ store });
    const c = client(srv, "doc1");
    const seenOnSync: string[] = [];
    c.provider.on("sync", (state: boolean) => {
      if (state) seenOnSync.push(text(c));
    });
    await c.synced();
    expect(seenOnSync[0]).toBe("stored before start");
  });

  it("removes a disconnected client's awareness for the others", async () => {
    const srv = await server();
    const a = connectClient(srv.url, "doc1", { params: { user: "alice" } });
    const b = client(srv, "doc1", { params: { user: "bob" } });
    await Promise.all([a.synced(), b.synced()]);
    a.awareness.setLocalStateField("cell", "h1:e1");
    await waitFor(() => expect(b.awareness.getStates().get(a.doc.clientID)).toBeDefined());
    a.destroy();
    await waitFor(() => expect(b.awareness.getStates().has(a.doc.clientID)).toBe(false));
  });

  it("overwrites a forged awareness user with the authenticated identity", async () => {
    const srv = await server();
    const a = client(srv, "doc1", { params: { user: "mallory", name: "Mallory", color: "#000000" } });
    const b = client(srv, "doc1", { params: { user: "bob" } });
    await Promise.all([a.synced(), b.synced()]);
    a.awareness.setLocalStateField("user", { id: "alice", name: "Alice", color: "#ff0000" });
    await waitFor(() => expect(b.awareness.getStates().get(a.doc.clientID)?.user).toBeDefined());
    expect(b.awareness.getStates().get(a.doc.clientID)?.user).toEqual({
      id: "mallory",
      name: "Mallory",
      color: "#000000",
    });
  });

  it("closes only the connection that sent a malformed frame", async () => {
    const srv = await server();
    const a = client(srv, "doc1");
    const b = client(srv, "doc1");
    await Promise.all([a.synced(), b.synced()]);
    const code = await rawClose(`${srv.url}/doc1`, (ws) => ws.send(new Uint8Array([0, 2, 200, 1, 2])));
    expect(code).toBe(CloseCode.ProtocolError);
    const textCode = await rawClose(`${srv.url}/doc1`, (ws) => ws.send("hello"));
    expect(textCode).toBe(CloseCode.UnsupportedData);
    a.doc.getText("t").insert(0, "still fine");
    await waitFor(() => expect(text(b)).toBe("still fine"));
  });

  it("closes a connection that sends a frame over the size limit with 1009", async () => {
    const srv = await server({ maxMessageBytes: 1024 });
    const code = await rawClose(`${srv.url}/doc1`, (ws) => ws.send(new Uint8Array(4096)));
    expect(code).toBe(CloseCode.MessageTooBig);
  });

  it("rejects invalid document names and paths outside /sync", async () => {
    const srv = await server();
    expect(await rawClose(`${srv.url}/bad%20name`)).toBe(CloseCode.NotFound);
    expect(await rawClose(`${srv.url}/abc/unknown/x`)).toBe(CloseCode.NotFound);
    const outside = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/other/doc1`);
      ws.on("unexpected-response", (_req, res) => resolve(String(res.statusCode)));
      ws.on("error", (error) => resolve(error.message));
    });
    expect(outside).toBe("404");
    expect(srv.rooms.stats().rooms).toBe(0);
  });

  it("answers 400 to an upgrade whose Host header is not a plain host name, as HTTP does", async () => {
    const srv = await server();
    for (const host of ["a;b", "a b/c", "evil; script-src *"]) {
      const status = await new Promise<string>((resolve) => {
        const ws = new WebSocket(`${srv.url}/doc1`, { headers: { Host: host } });
        ws.on("open", () => resolve("101"));
        ws.on("unexpected-response", (_req, res) => resolve(String(res.statusCode)));
        ws.on("error", (error) => resolve(error.message));
      });
      expect(status).toBe("400");
    }
    expect(srv.rooms.stats().rooms).toBe(0);
  });

  it("maps authorisation refusals to 4401, 4403 and 4404 before sending any document byte", async () => {
    const srv = await server();
    for (const [deny, code] of [
      ["unauthorized", CloseCode.Unauthorized],
      ["forbidden", CloseCode.Forbidden],
      ["not_found", CloseCode.NotFound],
    ] as const) {
      const received: Buffer[] = [];
      const closed = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`${srv.url}/doc1?deny=${deny}`);
        ws.on("message", (data: Buffer) => received.push(data));
        ws.on("close", (c) => resolve(c));
      });
      expect(closed).toBe(code);
      expect(received).toHaveLength(0);
    }
    expect(srv.rooms.stats().rooms).toBe(0);
  });

  it("drops a viewer's update, tells it the document is read-only, and stores nothing", async () => {
    const srv = await server();
    const writer = client(srv, "doc1", { params: { user: "w" } });
    await writer.synced();
    writer.doc.getText("t").insert(0, "base");
    await waitFor(async () => expect(await srv.store.documentSize("doc1")).toBeGreaterThan(0));
    const sizeBefore = await srv.store.documentSize("doc1");
    const viewer = client(srv, "doc1", { params: { user: "v", readOnly: "1" } });
    await viewer.synced();
    expect(text(viewer)).toBe("base");
    expect(viewer.denied).toHaveLength(0);
    viewer.doc.getText("t").insert(0, "forged ");
    await waitFor(() => expect(viewer.denied.length).toBeGreaterThan(0));
    writer.doc.getText("t").insert(4, "!");
    await waitFor(() => expect(text(viewer)).toContain("base!"));
    expect(text(writer)).toBe("base!");
    await srv.rooms.flush();
    const check = client(srv, "doc1");
    await check.synced();
    expect(text(check)).toBe("base!");
    expect(await srv.store.documentSize("doc1")).toBeGreaterThan(sizeBefore);
  });
});
