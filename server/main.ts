/** Process entry: configuration, store, the sample analysis on an empty store, the server, signals. */

import { startServer } from "./app";
import { loadConfig } from "./config";
import { openBackends } from "./openBackends";
import { ensureSampleAnalysis } from "./seed/sampleAnalysis";
import { consoleLogger } from "./sync/logger";
import { BENCH_PARTS } from "./sync/UpdateAdmission";

async function main(): Promise<void> {
  const config = loadConfig();
  const backends = await openBackends(config);
  const { store, fanout } = backends;
  if (config.seedSample && (await ensureSampleAnalysis(store, new Date().toISOString()))) {
    consoleLogger.info("created the sample analysis (Khairkhane night raid)");
  }
  const server = await startServer({
    config,
    store,
    auth: { trustProxy: config.trustProxy, ...(config.redis ? { loginRedis: config.redis } : {}) },
    heavyWork: config.heavyWork,
    attachments: config.attachments,
    ...(config.bench ? { extraDocumentParts: BENCH_PARTS } : {}),
    ...(fanout ? { fanout } : {}),
  });
  console.log(`ACH Workspace listening on http://localhost:${server.port} (${backends.description})`);
  if (await server.accounts.setupRequired()) {
    console.log(`First run: open http://localhost:${server.port}/setup to create the admin account`);
  }

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: flushing and shutting down`);
    await server.close();
    await backends.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`ACH Workspace failed to start: ${(error as Error).message}`);
  process.exit(1);
});
