/** PostgreSQL lost while the server runs: edits are refused (never acknowledged then lost), and it resumes. */
import { afterEach, describe, expect, it } from "vitest";
import { openPostgresStore } from "../../server/store/sql/SqlStore";
import { CloseCode } from "../../shared/closeCodes";
import { connectClient, type TestClient } from "./helpers/connectClient";
import { dropTestSchema, TEST_DATABASE_URL, testSchemaName } from "./helpers/postgres";
import { startTcpProxy } from "./helpers/tcpProxy";
import { startTestSyncServer } from "./helpers/testSyncServer";
import { waitFor } from "./helpers/waitFor";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("PostgreSQL outage while running", () => {
  it("refuses edits while the database is unreachable, tells the sender, and stores them once it returns", async () => {
    const schema = testSchemaName();
    cleanups.push(() => dropTestSchema(schema));
    const proxy = await startTcpProxy(Number(new URL(TEST_DATABASE_URL).port || 5432));
    cleanups.push(() => proxy.close());
    const url = new URL(TEST_DATABASE_URL);
    url.host = `127.0.0.1:${proxy.port}`;
    const store = await openPostgresStore({
      connectionString: url.toString(),
      schema,
      connectTimeoutMs: 1_000,
    });
    const server = await startTestSyncServer({
      store,
      rooms: { retryBaseDelayMs: 50, retryMaxDelayMs: 200, retryMaxAttempts: 3 },
    });
    cleanups.push(() => server.close());
    const writer: TestClient = connectClient(server.url, "outage", { params: { user: "writer" } });
    const watcher: TestClient = connectClient(server.url, "outage", { params: { user: "watcher" } });
    cleanups.push(
      () => writer.destroy(),
      () => watcher.destroy(),
    );
    await Promise.all([writer.synced(), watcher.synced()]);
    writer.doc.getText("t").insert(0, "before ");
    await waitFor(() => watcher.doc.getText("t").toString() === "before ");

    proxy.cut();
    writer.doc.getText("t").insert(7, "during");
    await waitFor(() => writer.closeCodes.includes(CloseCode.StoreFailed), 10_000);
    // Nothing uncommitted was handed to anyone.
    expect(watcher.doc.getText("t").toString()).toBe("before ");
    await waitFor(() => server.rooms.stats().storeHealthy === false);

    proxy.restore();
    await waitFor(() => watcher.doc.getText("t").toString() === "before during", 20_000);
    const stored = await store.loadDocument("outage");
    expect(stored.updates.length).toBeGreaterThan(0);
    const late = connectClient(server.url, "outage", { params: { user: "late" } });
    cleanups.push(() => late.destroy());
    await late.synced();
    expect(late.doc.getText("t").toString()).toBe("before during");
  });
});
