/**
 * Entry for crash tests: a sync server on a SQLite store in a child process
 * (`node --import tsx tests/server/helpers/syncServerProcess.ts <dataDir> [port]`).
 * Prints `LISTENING <port>` once ready; it is meant to be SIGKILLed.
 */
import { startTestSyncServer } from "./testSyncServer";

const [dataDir, port] = process.argv.slice(2);
if (dataDir === undefined) {
  console.error("usage: syncServerProcess.ts <dataDir> [port]");
  process.exit(2);
}
const server = await startTestSyncServer({ dataDir, port: Number(port ?? 0) });
process.stdout.write(`LISTENING ${server.port}\n`);
process.on("SIGTERM", () => {
  void server.close().then(() => process.exit(0));
});
