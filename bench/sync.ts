/**
 * Sync latency benchmark: runs the same client load against our server, the y-websocket 1.5.4
 * reference server and Hocuspocus 3, one after another, each in a fresh child process.
 * Usage: npm run bench -- sync [--preset all] [--clients 40 --rooms 4 --rate 20 --duration 20 --warmup 3]
 *        [--servers ours,y-websocket,hocuspocus]. Env BENCH_TOKEN: token for servers that authenticate.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Scenario } from "./lib/syncLoad";
import { runLoad } from "./lib/syncLoad";
import { describeScenario, formatScenarioTable, type ServerOutcome } from "./lib/syncReport";
import { startTarget, TARGET_NAMES, type TargetName } from "./lib/targets";

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(benchDir);

const DEFAULT_SCENARIO: Scenario = {
  clients: 40,
  rooms: 4,
  ratePerRoom: 20,
  durationSeconds: 20,
  warmupSeconds: 3,
};

const PRESETS: Readonly<Record<string, readonly Omit<Scenario, "durationSeconds" | "warmupSeconds">[]>> = {
  all: [
    { clients: 40, rooms: 4, ratePerRoom: 20 },
    { clients: 200, rooms: 10, ratePerRoom: 30 },
  ],
  small: [{ clients: 40, rooms: 4, ratePerRoom: 20 }],
  large: [{ clients: 200, rooms: 10, ratePerRoom: 30 }],
};

const USAGE = `usage: npm run bench -- sync [options]
  --preset NAME      ${Object.keys(PRESETS).join(" | ")} (all = 40c/4r/20u/s then 200c/10r/30u/s)
  --clients N        clients in total (default ${DEFAULT_SCENARIO.clients})
  --rooms R          rooms; clients are spread evenly (default ${DEFAULT_SCENARIO.rooms})
  --rate U           updates per second PER ROOM, sent round-robin by its clients (default ${DEFAULT_SCENARIO.ratePerRoom})
  --duration S       measured seconds (default ${DEFAULT_SCENARIO.durationSeconds})
  --warmup S         unmeasured seconds of load first (default ${DEFAULT_SCENARIO.warmupSeconds})
  --servers LIST     comma list of ${TARGET_NAMES.join(",")} (default: all)
env BENCH_TOKEN      optional token: ?token= on sync URLs, Authorization: Bearer on POST`;

interface Options {
  readonly scenarios: readonly Scenario[];
  readonly servers: readonly TargetName[];
}

function isTargetName(value: string): value is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(value);
}

function parseArgs(args: readonly string[]): Options | null {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === "--help" || flag === "-h") return null;
    const value = args[i + 1];
    if (flag === undefined || !flag.startsWith("--") || value === undefined) {
      throw new Error(`bad argument "${flag}"\n${USAGE}`);
    }
    values.set(flag.slice(2), value);
    i++;
  }
  const known = new Set(["preset", "clients", "rooms", "rate", "duration", "warmup", "servers"]);
  for (const key of values.keys()) if (!known.has(key)) throw new Error(`unknown option --${key}\n${USAGE}`);

  const positive = (key: string, fallback: number, integer: boolean): number => {
    const raw = values.get(key);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isFinite(parsed) || parsed < 0 || (integer && !Number.isInteger(parsed))) {
      throw new Error(`--${key} must be a ${integer ? "whole" : ""} number ≥ 0, got "${raw}"`);
    }
    return parsed;
  };
  const durationSeconds = positive("duration", DEFAULT_SCENARIO.durationSeconds, false);
  const warmupSeconds = positive("warmup", DEFAULT_SCENARIO.warmupSeconds, false);

  const presetName = values.get("preset");
  let shapes: readonly Omit<Scenario, "durationSeconds" | "warmupSeconds">[];
  if (presetName !== undefined) {
    const preset = PRESETS[presetName];
    if (preset === undefined) throw new Error(`unknown preset "${presetName}"\n${USAGE}`);
    if (values.has("clients") || values.has("rooms") || values.has("rate")) {
      throw new Error("--preset fixes clients, rooms and rate; drop those options");
    }
    shapes = preset;
  } else {
    shapes = [
      {
        clients: positive("clients", DEFAULT_SCENARIO.clients, true),
        rooms: positive("rooms", DEFAULT_SCENARIO.rooms, true),
        ratePerRoom: positive("rate", DEFAULT_SCENARIO.ratePerRoom, false),
      },
    ];
  }
  for (const shape of shapes) {
    if (
      shape.rooms < 1 ||
      shape.clients < 2 * shape.rooms ||
      shape.ratePerRoom <= 0 ||
      durationSeconds <= 0
    ) {
      throw new Error("need rooms ≥ 1, at least 2 clients per room, rate > 0 and duration > 0");
    }
  }

  const serverList = (values.get("servers") ?? TARGET_NAMES.join(",")).split(",").map((s) => s.trim());
  const servers = serverList.filter(isTargetName);
  if (servers.length !== serverList.length || servers.length === 0) {
    throw new Error(`--servers takes a comma list of ${TARGET_NAMES.join(", ")}`);
  }
  return {
    scenarios: shapes.map((shape) => ({ ...shape, durationSeconds, warmupSeconds })),
    servers,
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Entry point called by bench/run.ts. */
export async function main(args: string[]): Promise<void> {
  const options = parseArgs(args);
  if (options === null) {
    console.log(USAGE);
    return;
  }
  const token = process.env.BENCH_TOKEN || undefined;
  const startedAt = new Date();
  const report: {
    scenario: Scenario;
    description: string;
    order: TargetName[];
    outcomes: ServerOutcome[];
  }[] = [];

  console.log(
    `sync bench on ${availableParallelism()} cores (${cpus()[0]?.model ?? "unknown CPU"}), node ${process.version}`,
  );
  console.log("rate is interpreted PER ROOM: e.g. --rate 20 with 4 rooms = 80 updates/s in total.\n");

  for (const [index, scenario] of options.scenarios.entries()) {
    // Rotate the order per scenario so no server always runs first (or last) on a warm machine.
    const shift = index % options.servers.length;
    const order = [...options.servers.slice(shift), ...options.servers.slice(0, shift)];
    const description = describeScenario(scenario);
    console.log(`=== scenario ${index + 1}/${options.scenarios.length}: ${description}`);
    console.log(`    order: ${order.join(" → ")}`);
    const outcomes: ServerOutcome[] = [];
    for (const name of order) {
      process.stdout.write(`    running ${name} (load average ${(loadavg()[0] ?? 0).toFixed(2)}) … `);
      let target: Awaited<ReturnType<typeof startTarget>> | null = null;
      try {
        target = await startTarget(name, { repoRoot, token });
        const result = await runLoad(target, scenario, token);
        outcomes.push({ server: name, label: target.label, result, error: null });
        console.log(
          `done (p99 ${result.latencyMs.p99?.toFixed(1) ?? "-"} ms, ` +
            `${result.deliveries}/${result.expectedDeliveries} delivered)`,
        );
      } catch (error) {
        outcomes.push({
          server: name,
          label: target?.label ?? name,
          result: null,
          error: errorMessage(error),
        });
        console.log(`FAILED: ${errorMessage(error)}`);
      } finally {
        await target?.stop();
      }
    }
    outcomes.sort((a, b) => TARGET_NAMES.indexOf(a.server) - TARGET_NAMES.indexOf(b.server));
    console.log(`\n${formatScenarioTable(outcomes, scenario.ratePerRoom)}\n`);
    report.push({ scenario, description, order, outcomes });
  }

  const resultsDir = join(benchDir, "results");
  mkdirSync(resultsDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  const file = join(resultsDir, `sync-${stamp}.json`);
  const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? null, node: process.version };
  writeFileSync(
    file,
    `${JSON.stringify({ bench: "sync", startedAt: startedAt.toISOString(), machine, scenarios: report }, null, 2)}\n`,
  );
  console.log(`results written to ${file}`);
}
