/**
 * Stall benchmark: does heavy work by one member stall everyone else? Our server runs in a child
 * process; while one client sends updates as big as the frame limit allows into one analysis,
 * another exports a 1 000 × 20 PDF in a loop and a third reads the JSON view of a 5 000-row
 * analysis in a loop, a probe pair in an unrelated analysis measures propagation and a probe polls
 * `/healthz`. Targets: both p99 under 50 ms. The `import` load (not in the default set) imports a
 * 5 000 × 10, 3-analyst JSON file in a loop, as the client uploads it.
 * Usage: npm run bench -- stall [--duration 20] [--load updates,pdf,view,import] [--update-mib 16] [--repo <checkout>]
 * (--load: a subset of the loads, to see which one stalls; --update-mib: size of each big
 * update, at most the 16 MiB frame limit; --repo: measure another checkout, e.g. main)
 */
import { resolve } from "node:path";
import * as encoding from "lib0/encoding";
import WebSocket from "ws";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { syntheticInput } from "../tests/fixtures/exportFixtures";
import { type LatencySummary, SampleBuffer, summarize } from "./lib/percentiles";
import { SyncClient } from "./lib/SyncClient";
import { startTarget } from "./lib/targets";

const TARGET_MS = 50;
/** Frame limit of the server (MAX_MESSAGE_BYTES default); the update leaves room for the frame header. */
const MAX_FRAME_MIB = 16;
const BIG_UPDATES = 6;
const PROBE_INTERVAL_MS = 20;

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** Sync-update frames that each append as much text as one frame can carry, encoded before the clock starts. */
function bigUpdateFrames(count: number, frameBytes: number): Uint8Array[] {
  const doc = new Y.Doc();
  const frames: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeUpdate(encoder, update);
    frames.push(encoding.toUint8Array(encoder));
  });
  const chunk = "x".repeat(frameBytes - 1024);
  for (let i = 0; i < count; i++) doc.getText("t").insert(doc.getText("t").length, chunk);
  doc.destroy();
  return frames;
}

const ms = (value: number | null): string => (value === null ? "—" : value.toFixed(1));
const row = (label: string, s: LatencySummary): string =>
  `${label.padEnd(28)} ${String(s.count).padStart(6)} ${ms(s.p50).padStart(8)} ${ms(s.p99).padStart(8)} ${ms(s.max).padStart(8)}`;

export async function main(args: string[]): Promise<void> {
  const durationMs = Number(option(args, "--duration") ?? 20) * 1000;
  const repoRoot = resolve(option(args, "--repo") ?? ".");
  const frameMiB = Math.min(MAX_FRAME_MIB, Number(option(args, "--update-mib") ?? MAX_FRAME_MIB));
  const frames = bigUpdateFrames(BIG_UPDATES, frameMiB * 1024 * 1024);
  const target = await startTarget("ours", { repoRoot, token: process.env.BENCH_TOKEN });
  try {
    const [stallRoom, probeRoom] = await target.createRooms(2);
    if (!stallRoom || !probeRoom) throw new Error("could not create the rooms");
    const base = stallRoom.url.replace(/^ws/, "http").replace(/\/sync\/.*$/, "");
    const token = new URL(stallRoom.url).searchParams.get("token") ?? "";
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
    const importAnalysis = async (rows: number, hypotheses: number): Promise<string> => {
      const res = await api("/api/analyses", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(syntheticInput(rows, hypotheses, 3)),
      });
      if (res.status !== 201) throw new Error(`import of ${rows} rows: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    };
    const loads = new Set((option(args, "--load") ?? "updates,pdf,view").split(","));
    const pdfId = loads.has("pdf") ? await importAnalysis(1_000, 20) : "";
    const viewId = loads.has("view") ? await importAnalysis(5_000, 10) : "";
    const importFile = loads.has("import") ? JSON.stringify(syntheticInput(5_000, 10, 3)) : "";

    const sender = new SyncClient(probeRoom, "y-websocket", undefined);
    const receiver = new SyncClient(probeRoom, "y-websocket", undefined);
    await Promise.all([sender.connect(10_000), receiver.connect(10_000)]);
    const propagation = new SampleBuffer();
    const health = new SampleBuffer();
    receiver.doc.getMap<number>("probe").observe((event) => {
      for (const key of event.keysChanged) {
        const sentAt = receiver.doc.getMap<number>("probe").get(key);
        if (sentAt !== undefined) propagation.push(performance.now() - sentAt);
      }
    });

    const attacker = new WebSocket(stallRoom.url, { perMessageDeflate: false });
    await new Promise((ok, fail) => {
      attacker.once("open", ok);
      attacker.once("error", fail);
    });
    let attackerClose: number | null = null;
    attacker.on("close", (code) => {
      attackerClose = code;
    });

    const started = performance.now();
    const running = () => performance.now() - started < durationMs;
    const heavy = {
      pdf: new SampleBuffer(),
      view: new SampleBuffer(),
      import: new SampleBuffer(),
      failures: [] as string[],
    };
    const loop = async (path: string, samples: SampleBuffer, init?: RequestInit) => {
      while (running()) {
        const t0 = performance.now();
        const res = await api(path, init);
        await res.arrayBuffer();
        if (res.ok) samples.push(performance.now() - t0);
        else heavy.failures.push(`${path}: ${res.status}`);
      }
    };
    /** On a fixed clock, not after each answer, so a stall is sampled as often as a quiet spell. */
    const probes = async () => {
      const pending: Promise<void>[] = [];
      for (let seq = 0; running(); seq++) {
        sender.doc.getMap<number>("probe").set(String(seq), performance.now());
        const t0 = performance.now();
        pending.push(
          fetch(`${base}/healthz`)
            .then((res) => res.arrayBuffer())
            .then(() => health.push(performance.now() - t0)),
        );
        await new Promise((ok) => setTimeout(ok, PROBE_INTERVAL_MS));
      }
      await Promise.all(pending);
    };
    const attack = async () => {
      const gap = durationMs / (frames.length + 1);
      for (const frame of frames) {
        await new Promise((ok) => setTimeout(ok, gap));
        if (!running() || attacker.readyState !== WebSocket.OPEN) return;
        attacker.send(frame);
      }
    };
    const upload = { method: "POST", headers: { "content-type": "application/json" }, body: importFile };
    await Promise.all([
      loads.has("pdf") ? loop(`/api/analyses/${pdfId}/export.pdf`, heavy.pdf) : null,
      loads.has("view") ? loop(`/api/analyses/${viewId}`, heavy.view) : null,
      loads.has("import") ? loop("/api/imports", heavy.import, upload) : null,
      loads.has("updates") ? attack() : null,
      probes(),
    ]);

    const prop = summarize(propagation);
    const healthz = summarize(health);
    console.log(
      `stall bench — ${target.label}, ${repoRoot}, ${durationMs / 1000} s, loads ${[...loads].join(",")}: ${frames.length} updates of ${frameMiB} MiB, PDF 1 000 × 20, JSON view 5 000 × 10, import 5 000 × 10 × 3 in loops`,
    );
    console.log(
      `${"".padEnd(28)} ${"count".padStart(6)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)}`,
    );
    console.log(row("probe room propagation", prop));
    console.log(row("/healthz", healthz));
    console.log(row("PDF export (each)", summarize(heavy.pdf)));
    console.log(row("JSON view (each)", summarize(heavy.view)));
    console.log(row("import (each)", summarize(heavy.import)));
    if (heavy.failures.length > 0) console.log(`failed requests: ${[...new Set(heavy.failures)].join(", ")}`);
    if (attackerClose !== null) console.log(`the big-update client was closed with ${attackerClose}`);
    console.log(`server RSS at the end: ${target.server.rssMiB()?.toFixed(0) ?? "?"} MiB`);
    const ok =
      (prop.p99 ?? Number.POSITIVE_INFINITY) < TARGET_MS &&
      (healthz.p99 ?? Number.POSITIVE_INFINITY) < TARGET_MS;
    console.log(`target: both p99 < ${TARGET_MS} ms → ${ok ? "met" : "NOT met"}`);
    attacker.terminate();
    sender.close();
    receiver.close();
  } finally {
    await target.stop();
  }
}
