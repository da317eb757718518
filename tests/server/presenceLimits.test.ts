import * as encoding from "lib0/encoding";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { CloseCode } from "../../shared/closeCodes";
import { Limits } from "../../shared/limits";
import { connectClient, type TestClient } from "./helpers/connectClient";
import { awarenessFrame, decodeSent } from "./helpers/fakeSocket";
import { startTestSyncServer, type TestSyncServer } from "./helpers/testSyncServer";
import { waitFor } from "./helpers/waitFor";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(): Promise<TestSyncServer> {
  const srv = await startTestSyncServer();
  cleanups.push(() => srv.close());
  return srv;
}

function client(srv: TestSyncServer, user: string): TestClient {
  const created = connectClient(srv.url, "doc1", { params: { user } });
  cleanups.push(() => created.destroy());
  return created;
}

/** A raw socket in doc1 that records the permission-denied reasons and the close code it gets. */
async function rawClient(srv: TestSyncServer, user: string) {
  const ws = new WebSocket(`${srv.url}/doc1?user=${user}`);
  cleanups.push(() => ws.terminate());
  const denied: string[] = [];
  let closeCode: number | null = null;
  ws.on("message", (data: Buffer) => {
    const message = decodeSent(new Uint8Array(data));
    if (message.type === "auth") denied.push(message.reason);
  });
  ws.on("close", (code) => {
    closeCode = code;
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return { ws, denied, closeCode: () => closeCode };
}

/** An awareness update with one small state per client id. */
function presenceOf(entries: readonly { readonly clientId: number; readonly clock: number }[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify({ cursor: clock }));
  }
  return awarenessFrame(encoding.toUint8Array(encoder));
}

describe("presence limits", () => {
  it("drops a presence state over the size cap, tells its sender, and relays it to nobody", async () => {
    const srv = await server();
    const a = client(srv, "alice");
    const b = client(srv, "bob");
    await Promise.all([a.synced(), b.synced()]);
    a.awareness.setLocalStateField("blob", "x".repeat(256 * 1024));
    await waitFor(() => expect(a.denied.join("\n")).toMatch(/presence state too large/));
    // A later state from someone else arrives, so the big one would have by now.
    const c = client(srv, "carol");
    c.awareness.setLocalStateField("cell", "e1:h1");
    await waitFor(() => expect(b.awareness.getStates().get(c.doc.clientID)?.cell).toBe("e1:h1"));
    expect(b.awareness.getStates().get(a.doc.clientID)?.blob).toBeUndefined();
    expect(srv.rooms.getRoom("doc1").awareness.getStates().get(a.doc.clientID)?.blob).toBeUndefined();
  });

  it("keeps at most the per-connection number of presence client ids and says why", async () => {
    const srv = await server();
    const raw = await rawClient(srv, "mallory");
    const ids = Array.from({ length: 200 }, (_, i) => ({ clientId: 1_000 + i, clock: 1 }));
    raw.ws.send(presenceOf(ids));
    await waitFor(() => expect(raw.denied.join("\n")).toMatch(/too many presence client ids/));
    const states = srv.rooms.getRoom("doc1").awareness.getStates();
    const kept = ids.filter(({ clientId }) => states.has(clientId));
    expect(kept).toHaveLength(Limits.awarenessClientsPerConnection);
  });

  it("closes a connection that floods presence updates with 1008, and others stay connected", async () => {
    const srv = await server();
    const b = client(srv, "bob");
    await b.synced();
    const raw = await rawClient(srv, "mallory");
    for (let clock = 1; clock <= 500; clock++) raw.ws.send(presenceOf([{ clientId: 4242, clock }]));
    await waitFor(() => expect(raw.closeCode()).toBe(CloseCode.PolicyViolation));
    expect(raw.denied.join("\n")).toMatch(/presence updates too frequent/);
    expect(b.provider.wsconnected).toBe(true);
  });
});
