import { afterEach, describe, expect, it } from "vitest";
import { startChildSyncServer } from "./helpers/childSyncServer";
import { connectClient, type TestClient } from "./helpers/connectClient";
import { makeTempDir } from "./helpers/tempDir";
import { waitFor } from "./helpers/waitFor";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("sync server crash", () => {
  it("keeps every update a client had received when the server is SIGKILLed mid-stream", async () => {
    const dir = await makeTempDir();
    cleanups.push(() => dir.remove());
    const first = await startChildSyncServer(dir.path);
    cleanups.push(() => first.kill());

    const writer = connectClient(first.url, "stream", { params: { user: "writer" } });
    const reader = connectClient(first.url, "stream", { params: { user: "reader" } });
    cleanups.push(
      () => writer.destroy(),
      () => reader.destroy(),
    );
    await Promise.all([writer.synced(), reader.synced()]);

    const items = writer.doc.getArray<number>("items");
    let next = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < 5; i++) items.push([next++]);
    }, 2);
    cleanups.push(() => clearInterval(timer));
    const received = reader.doc.getArray<number>("items");
    await waitFor(() => received.length >= 300, 15_000);
    await first.kill();
    clearInterval(timer);
    const seen = received.toArray();
    writer.destroy();
    reader.destroy();

    const second = await startChildSyncServer(dir.path);
    cleanups.push(() => second.kill());
    const check: TestClient = connectClient(second.url, "stream", { params: { user: "check" } });
    cleanups.push(() => check.destroy());
    await check.synced();
    const restored = new Set(check.doc.getArray<number>("items").toArray());
    const missing = seen.filter((value) => !restored.has(value));
    expect(seen.length).toBeGreaterThanOrEqual(300);
    expect(missing).toEqual([]);
  });
});
