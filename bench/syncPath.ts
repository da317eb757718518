/**
 * The sync path of one update, in process: the real app (`startServer`, SQLite in a temp dir,
 * BENCH parts) with in-memory sockets in the sample analysis's content room, updates sent one at a time, each
 * timed from the sender's frame to the first peer's send. No network and no load generator share
 * the measurement, so on a busy machine the per-phase medians are steadier than `sync`'s.
 *
 * Usage: npm run bench -- syncPath [--updates 4000] [--clients 10] [--repo <checkout>] [--runs 1]
 * (--repo measures another checkout, e.g. a worktree at the base commit, with this harness).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";

const WARMUP = 500;

/** Methods timed per call (class, file, method): private ones too, so a rename only drops a row. */
const PHASES: readonly (readonly [string, string, string, string])[] = [
  ["admission: whole receive", "server/sync/UpdateAdmission.ts", "UpdateAdmission", "receive"],
  ["  replica apply + validate", "server/sync/UpdateAdmission.ts", "UpdateAdmission", "tryOnReplica"],
  ["  live apply (with queue + commit)", "server/sync/UpdateAdmission.ts", "UpdateAdmission", "applyToLive"],
  ["    activity + queue + commit", "server/sync/Room.ts", "Room", "onDocUpdate"],
  ["      SQLite statement(s)", "server/store/sql/SqliteDriver.ts", "SqliteDriver", "batch"],
  ["outbox flush (encode + sends)", "server/sync/Outbox.ts", "Outbox", "flush"],
];

type Listener = (...args: never[]) => void;

/** A socket that counts what it is sent and lets the harness play the client. */
class MemorySocket {
  sent = 0;
  lastSentAt = 0;
  bufferedAmount = 0;
  private readonly listeners = new Map<string, Listener[]>();
  send(): void {
    this.sent += 1;
    this.lastSentAt = performance.now();
  }
  close(): void {}
  terminate(): void {}
  ping(): void {}
  on(event: string, listener: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }
  receive(frame: Uint8Array): void {
    for (const listener of this.listeners.get("message") ?? []) {
      (listener as (data: Uint8Array, isBinary: boolean) => void)(frame, true);
    }
  }
}

function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN;

async function measure(root: string, updates: number, clients: number): Promise<void> {
  const load = (file: string) => import(join(root, file));
  const phases = new Map<string, number[]>();
  let timing = false;
  for (const [label, file, className, method] of PHASES) {
    const proto = (await load(file))[className]?.prototype as Record<string, unknown> | undefined;
    const original = proto?.[method];
    if (proto === undefined || typeof original !== "function") continue;
    const samples: number[] = [];
    phases.set(label, samples);
    proto[method] = function (this: unknown, ...args: unknown[]) {
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        if (timing) samples.push((performance.now() - start) * 1_000);
      }
    };
  }

  const dir = mkdtempSync(join(tmpdir(), "syncpath-"));
  const { loadConfig } = await load("server/config.ts");
  const { openSqliteStore } = await load("server/store/sql/SqlStore.ts");
  const { startServer } = await load("server/app.ts");
  const { BENCH_PARTS } = await load("server/sync/UpdateAdmission.ts");
  const config = loadConfig({ ...process.env, PORT: "0", DATA_DIR: dir, NO_SAMPLE: "1" });
  const store = await openSqliteStore({ location: { dataDir: dir } });
  const quiet = { info() {}, warn() {}, error() {} };
  const server = await startServer({ config, store, logger: quiet, extraDocumentParts: BENCH_PARTS });
  try {
    // The seeded sample analysis: a content document with real rows, as rooms hold in use.
    const { ensureSampleAnalysis } = await load("server/seed/sampleAnalysis.ts");
    const { SAMPLE_ANALYSIS_ID: id } = await load("server/seed/khairkhaneSample.ts");
    await ensureSampleAnalysis(store, new Date().toISOString());
    const sockets = Array.from({ length: clients }, (_, i) => {
      const socket = new MemorySocket();
      server.rooms.connect(socket, id, {
        user: { id: `u${i}`, name: `U${i}`, color: "#123456" },
        readOnly: false,
      });
      return socket;
    });
    await new Promise((done) => setTimeout(done, 300));

    // One update per send, as the sync bench's clients make them (a key in the `bench` map).
    const docs = sockets.map(() => new Y.Doc());
    const frames = Array.from({ length: WARMUP + updates }, (_, k) => {
      const sender = k % clients;
      const doc = docs[sender] as Y.Doc;
      let update: Uint8Array = new Uint8Array();
      const capture = (u: Uint8Array) => {
        update = u;
      };
      doc.on("update", capture);
      doc.getMap("bench").set(`r.${sender}:${k}`, k);
      doc.off("update", capture);
      return { sender, frame: updateFrame(update) };
    });

    const latencies: number[] = [];
    let cpu = process.cpuUsage();
    for (const [k, { sender, frame }] of frames.entries()) {
      if (k === WARMUP) {
        timing = true;
        cpu = process.cpuUsage();
      }
      const peer = sockets[(sender + 1) % clients] as MemorySocket;
      const before = peer.sent;
      const start = performance.now();
      (sockets[sender] as MemorySocket).receive(frame);
      // A commit grouped with the previous one's turn goes out a turn or two later.
      for (let turns = 0; peer.sent === before; turns++) {
        if (turns > 1_000) throw new Error(`update ${k} was not delivered`);
        await new Promise((done) => setImmediate(done));
      }
      if (timing) latencies.push((peer.lastSentAt - start) * 1_000);
    }
    const used = process.cpuUsage(cpu);
    latencies.sort((a, b) => a - b);
    console.log(`${root}  (load average ${loadavg()[0]?.toFixed(1)})`);
    console.log(
      `  process CPU per update ${((used.user + used.system) / updates).toFixed(0)} µs ` +
        `(the harness's own share included); frame → first peer send p50 ${quantile(latencies, 0.5).toFixed(0)} ` +
        `p90 ${quantile(latencies, 0.9).toFixed(0)} p99 ${quantile(latencies, 0.99).toFixed(0)} µs`,
    );
    for (const [label, samples] of phases) {
      console.log(`  ${label.padEnd(36)} median ${median(samples).toFixed(1).padStart(6)} µs`);
    }
  } finally {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Entry point called by bench/run.ts. */
export async function main(args: string[]): Promise<void> {
  const option = (name: string, fallback: string): string => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
  };
  const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
  const root = resolve(option("repo", repoRoot));
  await measure(root, Number(option("updates", "4000")), Number(option("clients", "10")));
  // Rooms, timers and the store's handles end with the process.
  process.exit(0);
}
