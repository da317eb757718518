/**
 * Multi-instance sync benchmark: the same load on one instance, then split over two instances (each
 * room's clients alternate between them, so half of every room's traffic crosses Redis), then twice
 * the clients over two instances. Every instance is `server/main.ts` on PostgreSQL + Redis in a fresh
 * child process; each run gets its own schema and key prefix.
 * Usage: npm run bench -- syncCluster [--clients 200 --rooms 10 --rate 30 --duration 20 --warmup 3]
 * Env DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), REDIS_URL (default redis://127.0.0.1:6379).
 * Targets (issue 9): split p99 ≤ 2× single p99; 2× the clients over two instances at the single p99.
 *
 * On a small machine the bench and every instance share the cores, so p99 alone says little about
 * scale-out. Two figures that do (issue 16): server CPU per delivered update (user + system of every
 * instance over the measured window, from /proc, ÷ arrivals at clients) for one instance and for two
 * at the same load, target two ≤ 1.2× one; and the single and split runs again with `taskset`: the
 * load generator on core 0, the instances on the other cores (round-robin: on 2 cores both
 * instances share core 1). PostgreSQL and Redis run unpinned and are not in the CPU figures.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { Accounts } from "../server/auth/Accounts";
import { openPostgresStore } from "../server/store/sql/SqlStore";
import { type ChildServer, startChildServer } from "./lib/childServer";
import { freePort } from "./lib/freePort";
import type { RoomAddress } from "./lib/SyncClient";
import { type LoadResult, runLoad, type Scenario } from "./lib/syncLoad";
import { describeScenario, formatScenarioTable, type ServerOutcome } from "./lib/syncReport";
import { BENCH_NODE_ARGS, type RunningTarget } from "./lib/targets";

const benchDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(benchDir);
const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const USAGE = `usage: npm run bench -- syncCluster [options]
  --clients N     clients of the base load (default 200); the scale run uses 2×N over two instances
  --rooms R       rooms (default 10)
  --rate U        updates per second PER ROOM (default 30)
  --duration S    measured seconds per run (default 20)
  --warmup S      unmeasured seconds first (default 3)
  --runs LIST     comma list of single,split,scale,singlePinned,splitPinned (default: all)
env DATABASE_URL, REDIS_URL  the PostgreSQL and Redis the instances share
env BENCH_NODE_ARGS          extra node flags for the instances (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof")`;

interface Run {
  readonly key: "single" | "split" | "scale" | "singlePinned" | "splitPinned";
  readonly label: string;
  readonly instances: 1 | 2;
  readonly clients: number;
  /** `taskset -c` core list of each instance; the bench process then runs on LOAD_CORE. */
  readonly cores?: readonly string[];
}

const LOAD_CORE = "0";

/** Instance cores for pinned runs (all but LOAD_CORE, round-robin), or null without taskset or cores. */
function pinnedCores(instances: number): string[] | null {
  const cores = availableParallelism();
  if (cores < 2 || spawnSync("taskset", ["-V"]).status !== 0) return null;
  return Array.from({ length: instances }, (_, i) => String(1 + (i % (cores - 1))));
}

/** Pins every thread of this (load generator) process to `cores`. */
function pinSelf(cores: string): void {
  execFileSync("taskset", ["-a", "-pc", cores, String(process.pid)], { stdio: "ignore" });
}

const RUN_KEYS: readonly Run["key"][] = ["single", "split", "scale", "singlePinned", "splitPinned"];

interface Options extends Omit<Scenario, "clients"> {
  readonly clients: number;
  /** Which runs to do (paired comparisons of two builds need only some). */
  readonly runs: ReadonlySet<Run["key"]>;
}

function parseArgs(args: readonly string[]): Options {
  const values = new Map<string, number>();
  let runs: ReadonlySet<Run["key"]> = new Set(RUN_KEYS);
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i] ?? "";
    if (flag === "--runs") {
      const keys = (args[i + 1] ?? "").split(",");
      const unknown = keys.filter((key) => !(RUN_KEYS as readonly string[]).includes(key));
      if (unknown.length > 0) throw new Error(`unknown run "${unknown.join(",")}"\n${USAGE}`);
      runs = new Set(keys as Run["key"][]);
      continue;
    }
    const value = Number(args[i + 1]);
    if (!["--clients", "--rooms", "--rate", "--duration", "--warmup"].includes(flag) || !(value > 0)) {
      throw new Error(`bad argument "${flag} ${args[i + 1] ?? ""}"\n${USAGE}`);
    }
    values.set(flag.slice(2), value);
  }
  return {
    clients: values.get("clients") ?? 200,
    rooms: values.get("rooms") ?? 10,
    ratePerRoom: values.get("rate") ?? 30,
    durationSeconds: values.get("duration") ?? 20,
    warmupSeconds: values.get("warmup") ?? 3,
    runs,
  };
}

/** A schema with one bench user, its API token and `rooms` analyses the user is a member of. */
async function seed(schema: string, rooms: number): Promise<{ token: string; analysisIds: string[] }> {
  const store = await openPostgresStore({ connectionString: DATABASE_URL, schema, poolSize: 2 });
  try {
    const accounts = new Accounts(store);
    const user = await accounts.createUser({ name: "bench", password: "bench-password", admin: false });
    const { token } = await accounts.createToken(user.id, "bench", null);
    const now = new Date().toISOString();
    const analysisIds: string[] = [];
    for (let i = 0; i < rooms; i++) {
      const id = `bench${i + 1}`;
      await store.createAnalysis(
        { id, title: `bench ${i + 1}`, createdAt: now, updatedAt: now, archived: false, createdBy: user.id },
        new Map(),
        { userId: user.id },
      );
      await store.setMember({ analysisId: id, userId: user.id, role: "analyst" });
      analysisIds.push(id);
    }
    return { token, analysisIds };
  } finally {
    await store.close();
  }
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Sums CPU and memory over the instances, so the table shows the whole cluster's cost. */
function combined(servers: readonly ChildServer[]): ChildServer {
  const sum = (read: (server: ChildServer) => number | null): number | null => {
    let total = 0;
    for (const server of servers) {
      const value = read(server);
      if (value === null) return null;
      total += value;
    }
    return total;
  };
  return {
    pid: servers[0]?.pid ?? 0,
    cpuSeconds: () => sum((server) => server.cpuSeconds()),
    rssMiB: () => sum((server) => server.rssMiB()),
    outputTail: () => servers.map((server) => server.outputTail()).join("\n"),
    stop: async () => {
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}

async function startCluster(run: Run, rooms: number): Promise<RunningTarget> {
  const id = randomBytes(5).toString("hex");
  const schema = `bench_${id}`;
  const { token, analysisIds } = await seed(schema, rooms);
  const dataDir = await mkdtemp(join(tmpdir(), "ach-bench-cluster-"));
  const servers: ChildServer[] = [];
  const ports: number[] = [];
  try {
    for (let i = 0; i < run.instances; i++) {
      const port = await freePort();
      const node = [
        process.execPath,
        ...BENCH_NODE_ARGS,
        "--import",
        "tsx",
        join(repoRoot, "server", "main.ts"),
      ];
      const core = run.cores?.[i];
      servers.push(
        await startChildServer({
          label: `instance ${i + 1}`,
          // taskset execs node in place, so the pid (and /proc CPU) is the server's own.
          command: core === undefined ? (node[0] as string) : "taskset",
          args: core === undefined ? node.slice(1) : ["-c", core, ...node],
          cwd: repoRoot,
          env: {
            PORT: String(port),
            HOST: "127.0.0.1",
            DATA_DIR: dataDir,
            NO_SAMPLE: "1",
            DATABASE_URL,
            DATABASE_SCHEMA: schema,
            REDIS_URL,
            REDIS_PREFIX: `bench:${id}:`,
            // The load writes the `bench` map, which only benchmark mode admits.
            BENCH: "1",
          },
          readyUrl: `http://127.0.0.1:${port}/healthz`,
        }),
      );
      ports.push(port);
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    await dropSchema(schema);
    throw error;
  }
  const address = (port: number, analysisId: string): RoomAddress => ({
    url: `ws://127.0.0.1:${port}/sync/${analysisId}?token=${encodeURIComponent(token)}`,
    documentName: analysisId,
  });
  const server = combined(servers);
  return {
    name: "ours",
    label: run.label,
    framing: "y-websocket",
    server,
    async createRooms(count) {
      return analysisIds.slice(0, count).map((analysisId) => address(ports[0] ?? 0, analysisId));
    },
    clientAddress: (room, index) => address(ports[index % ports.length] ?? 0, room.documentName),
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
      await dropSchema(schema);
    },
  };
}

const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b;

/** Prints each run's server CPU per delivered update and returns it in µs by run key. */
function reportCpuPerDelivery(
  runs: readonly Run[],
  results: ReadonlyMap<Run["key"], LoadResult>,
): Partial<Record<Run["key"], number>> {
  const micros: Partial<Record<Run["key"], number>> = {};
  console.log("server CPU per delivered update (every instance's user + system time ÷ arrivals at clients):");
  for (const run of runs) {
    const result = results.get(run.key);
    if (result?.serverCpuSeconds == null || result.deliveries === 0) continue;
    const value = (result.serverCpuSeconds / result.deliveries) * 1e6;
    micros[run.key] = value;
    console.log(
      `  ${run.label.padEnd(60)} ${value.toFixed(1).padStart(6)} µs  ` +
        `(${result.serverCpuSeconds.toFixed(2)} s CPU, ${result.deliveries} arrivals, p99 ${result.latencyMs.p99?.toFixed(1) ?? "-"} ms)`,
    );
  }
  return micros;
}

/** Entry point called by bench/run.ts. */
export async function main(args: string[]): Promise<void> {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return;
  }
  const { runs: selected, ...base } = parseArgs(args);
  const all: Run[] = [
    { key: "single", label: `1 instance, ${base.clients} clients`, instances: 1, clients: base.clients },
    { key: "split", label: `2 instances, ${base.clients} clients`, instances: 2, clients: base.clients },
    {
      key: "scale",
      label: `2 instances, ${2 * base.clients} clients`,
      instances: 2,
      clients: 2 * base.clients,
    },
  ];
  const pinSingle = pinnedCores(1);
  const pinSplit = pinnedCores(2);
  if (pinSingle !== null && pinSplit !== null) {
    const label = (cores: readonly string[]) => `load on core ${LOAD_CORE}, instances on ${cores.join("+")}`;
    all.push(
      {
        key: "singlePinned",
        label: `1 instance, pinned (${label(pinSingle)})`,
        instances: 1,
        clients: base.clients,
        cores: pinSingle,
      },
      {
        key: "splitPinned",
        label: `2 instances, pinned (${label(pinSplit)})`,
        instances: 2,
        clients: base.clients,
        cores: pinSplit,
      },
    );
  } else {
    console.log("taskset or a second core is missing: the pinned runs are skipped\n");
  }
  console.log(
    `syncCluster bench on ${availableParallelism()} cores (${cpus()[0]?.model ?? "unknown CPU"}), node ${process.version}`,
  );
  console.log(
    "every instance: server/main.ts on PostgreSQL + Redis fan-out; clients of a room alternate instances\n",
  );

  const outcomes: ServerOutcome[] = [];
  const results = new Map<Run["key"], LoadResult>();
  const runs = all.filter((run) => selected.has(run.key));
  for (const run of runs) {
    const scenario: Scenario = { ...base, clients: run.clients };
    console.log(`=== ${run.label}: ${describeScenario(scenario)}`);
    let target: RunningTarget | null = null;
    try {
      target = await startCluster(run, base.rooms);
      if (run.cores !== undefined) pinSelf(LOAD_CORE);
      const result = await runLoad(target, scenario, undefined);
      results.set(run.key, result);
      outcomes.push({ server: "ours", label: run.label, result, error: null });
      console.log(
        `    p50 ${result.latencyMs.p50?.toFixed(1) ?? "-"} ms, p99 ${result.latencyMs.p99?.toFixed(1) ?? "-"} ms, ` +
          `${result.deliveries}/${result.expectedDeliveries} delivered`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcomes.push({ server: "ours", label: run.label, result: null, error: message });
      console.log(`    FAILED: ${message}`);
    } finally {
      if (run.cores !== undefined) pinSelf(`0-${availableParallelism() - 1}`);
      await target?.stop();
    }
  }

  console.log(`\n${formatScenarioTable(outcomes, base.ratePerRoom)}\n`);
  const single = results.get("single")?.latencyMs.p99;
  const split = ratio(results.get("split")?.latencyMs.p99, single);
  const scale = ratio(results.get("scale")?.latencyMs.p99, single);
  const show = (value: number | null) => (value === null ? "n/a" : `${value.toFixed(2)}×`);
  const cpuPerDelivery = reportCpuPerDelivery(runs, results);
  const cpuRatio = ratio(cpuPerDelivery.split, cpuPerDelivery.single);
  console.log(
    `two instances / one instance, server CPU per delivered update = ${show(cpuRatio)}  ` +
      `(target ≤ 1.20×: ${cpuRatio !== null && cpuRatio <= 1.2 ? "met" : "missed"})`,
  );
  const pinnedSplit = ratio(
    results.get("splitPinned")?.latencyMs.p99,
    results.get("singlePinned")?.latencyMs.p99,
  );
  console.log(`pinned: 2 instances p99 / 1 instance p99 = ${show(pinnedSplit)}`);
  console.log(
    `cross-instance p99 / single-instance p99 = ${show(split)}  (target ≤ 2.00×: ${split !== null && split <= 2 ? "met" : "missed"})`,
  );
  console.log(
    `2× clients on 2 instances p99 / single-instance p99 = ${show(scale)}  ` +
      `(target: the same p99, i.e. ≈ 1.00×: ${scale !== null && scale <= 1 ? "met" : "missed"})`,
  );

  const resultsDir = join(benchDir, "results");
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `syncCluster-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? null, node: process.version };
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        bench: "syncCluster",
        machine,
        base,
        outcomes,
        cpuMicrosPerDelivery: cpuPerDelivery,
        ratios: { split, scale, cpuPerDelivery: cpuRatio, pinnedSplit },
      },
      null,
      2,
    )}\n`,
  );
  console.log(`results written to ${file}`);
}
