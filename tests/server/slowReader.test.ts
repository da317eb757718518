import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { CapturedLogger } from "./helpers/captureLogger";
import { connectClient, type TestClient } from "./helpers/connectClient";
import { startTestSyncServer, type TestSyncServer } from "./helpers/testSyncServer";
import { waitFor } from "./helpers/waitFor";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(maxSendBufferBytes: number): Promise<TestSyncServer> {
  const srv = await startTestSyncServer({
    maxMessageBytes: 4 << 20,
    rooms: { maxSendBufferBytes, compactMaxBytes: 64 << 20 },
  });
  cleanups.push(() => srv.close());
  return srv;
}

function client(srv: TestSyncServer, user: string): TestClient {
  const created = connectClient(srv.url, "doc1", { params: { user } });
  cleanups.push(() => created.destroy());
  return created;
}

/** A raw client that joins the room and then stops reading from its socket. */
async function stalledReader(srv: TestSyncServer): Promise<WebSocket> {
  const ws = new WebSocket(`${srv.url}/doc1?user=slow`);
  cleanups.push(() => ws.terminate());
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  ws.pause();
  return ws;
}

describe("a client that stops reading", () => {
  it("is dropped once its unsent data passes the cap, while honest clients keep receiving", async () => {
    const srv = await server(1 << 20);
    const writer = client(srv, "writer");
    const reader = client(srv, "reader");
    await Promise.all([writer.synced(), reader.synced()]);
    await stalledReader(srv);
    await waitFor(() => expect(srv.rooms.stats().connections).toBe(3));

    const chunk = "x".repeat(256 * 1024);
    const text = writer.doc.getText("t");
    for (let i = 0; i < 64; i++) {
      text.insert(text.length, chunk);
      // Let each edit go out as its own frame, as a typing user's would.
      await waitFor(() => expect(reader.doc.getText("t").length).toBe(text.length), 10_000);
    }

    await waitFor(() => expect(srv.rooms.stats().connections).toBe(2));
    expect(
      (srv.logger as CapturedLogger).lines.some((line) =>
        line.includes("dropped a connection that stopped reading"),
      ),
    ).toBe(true);
    expect(reader.doc.getText("t").toString()).toBe(text.toString());
  });
});
