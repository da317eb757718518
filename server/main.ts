/** Process entry: configuration, store, the sample analysis on an empty store, the server, signals. */
import { loadConfig } from "./config";
import { startServer } from "./app";
import { ensureSampleAnalysis } from "./seed/sampleAnalysis";
import { SqliteStore } from "./store/SqliteStore";
import { consoleLogger } from "./sync/logger";

async function main(): Promise<void> {
  const config = loadConfig();
  const store = new SqliteStore({ dataDir: config.dataDir });
  if (config.seedSample && (await ensureSampleAnalysis(store, new Date().toISOString()))) {
    consoleLogger.info("created the sample analysis (Khairkhane night raid)");
  }
  const server = await startServer({ config, store });
  console.log(`ACH Workspace listening on http://localhost:${server.port} (data in ${config.dataDir})`);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: flushing and shutting down`);
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`ACH Workspace failed to start: ${(error as Error).message}`);
  process.exit(1);
});
