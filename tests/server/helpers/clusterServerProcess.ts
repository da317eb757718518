/**
 * Entry for multi-instance crash tests: the sync server on the PostgreSQL schema and Redis prefix
 * named by DATABASE_URL / DATABASE_SCHEMA / REDIS_URL / REDIS_PREFIX, resyncing every RESYNC_MS.
 * Prints `LISTENING <port>` once ready; it is meant to be SIGKILLed.
 */
import { openBackends } from "../../../server/openBackends";
import { captureLogger } from "./captureLogger";
import { startTestSyncServer } from "./testSyncServer";

const env = process.env;
if (!env.DATABASE_URL || !env.REDIS_URL) {
  console.error("clusterServerProcess needs DATABASE_URL and REDIS_URL");
  process.exit(2);
}
const logger = captureLogger();
const backends = await openBackends(
  {
    dataDir: "",
    database: { url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA ?? "public" },
    redis: { url: env.REDIS_URL, prefix: env.REDIS_PREFIX ?? "ach:" },
  },
  logger,
);
const server = await startTestSyncServer({
  store: backends.store,
  logger,
  rooms: {
    ...(backends.fanout ? { fanout: backends.fanout } : {}),
    resyncIntervalMs: Number(env.RESYNC_MS ?? 30_000),
  },
});
process.stdout.write(`LISTENING ${server.port}\n`);
process.on("SIGTERM", () => {
  void server.close().then(async () => {
    await backends.fanout?.close();
    process.exit(0);
  });
});
