/** /healthz tells a load balancer the truth: degraded (503, with the reason) while Redis fan-out is down. */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { startServer } from "../../server/app";
import { RedisFanout } from "../../server/fanout/RedisFanout";
import { openSqliteStore } from "../../server/store/sql/SqlStore";
import { captureLogger } from "./helpers/captureLogger";
import { startTcpProxy } from "./helpers/tcpProxy";
import { makeTempDir } from "./helpers/tempDir";
import { waitFor } from "./helpers/waitFor";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("/healthz", () => {
  it("reports degraded with the reason while Redis fan-out is down, and ok once it is back", async () => {
    const proxy = await startTcpProxy(6379);
    cleanups.push(() => proxy.close());
    const dir = await makeTempDir("ach-healthz-");
    cleanups.push(() => dir.remove());
    const store = await openSqliteStore({ location: { dataDir: dir.path } });
    cleanups.push(() => store.close());
    const logger = captureLogger();
    const fanout = await RedisFanout.connect({
      url: `redis://127.0.0.1:${proxy.port}`,
      keyPrefix: `ach-test-${randomUUID()}:`,
      logger,
    });
    cleanups.push(() => fanout.close());
    const server = await startServer({
      config: { port: 0, host: "127.0.0.1", maxMessageBytes: 1 << 20, maxJsonBytes: 1 << 20, roomIdleMs: 50 },
      store,
      logger,
      fanout,
    });
    cleanups.push(() => server.close());
    const health = async () => {
      const res = await fetch(`${server.url}/healthz`);
      return { status: res.status, body: (await res.json()) as { status: string; reasons: string[] } };
    };

    expect(await health()).toMatchObject({ status: 200, body: { status: "ok", reasons: [] } });
    proxy.cut();
    const down = await waitFor(async () => {
      const h = await health();
      return h.status === 503 && h;
    });
    expect(down.body.status).toBe("degraded");
    expect(down.body.reasons).toEqual([expect.stringContaining("redis fan-out is disconnected")]);
    proxy.restore();
    await waitFor(async () => (await health()).status === 200, 10_000);
  });
});
