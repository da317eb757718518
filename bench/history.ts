/**
 * History benchmark: a 1 000-row × 10-hypothesis analysis with 5 analysts and 50 000 recorded
 * changes (server edits through the live rooms, so the activity recorder, group commit and
 * compaction all run as in production). Prints the server time to open the activity feed and the
 * diff of two versions (target < 300 ms each) and the store growth per 10 000 rating changes.
 * `npm run bench -- history [changes]`.
 */
import { statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { startServer } from "../server/app";
import { openSqliteStore } from "../server/store/sql/SqlStore";
import { updateEvidence } from "../shared/schema/contentDoc";
import { setRating } from "../shared/schema/ratingsDoc";
import type { RatingCode } from "../shared/schema/vocabulary";
import { seededRandom } from "../shared/seededRandom";

const ROWS = 1_000;
const HYPOTHESES = 10;
const ANALYSTS = 5;
const CODES: readonly RatingCode[] = ["CC", "C", "N", "I", "II", "NA"];
const LEVELS = ["low", "medium", "high"] as const;
const silent = { info() {}, warn() {}, error() {}, debug() {} };

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p95 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1] ?? 0;
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

export async function main(args: string[]): Promise<void> {
  const total = Number(args[0] ?? 50_000);
  const dir = await mkdtemp(join(tmpdir(), "ach-bench-history-"));
  const store = await openSqliteStore({ location: { dataDir: dir } });
  const server = await startServer({
    config: {
      port: 0,
      host: "127.0.0.1",
      maxMessageBytes: 1 << 24,
      maxJsonBytes: 1 << 26,
      roomIdleMs: 60_000,
    },
    store,
    logger: silent,
  });
  const dbFile = join(dir, "ach.sqlite");
  const probe = new Database(dbFile);
  const storeBytes = (): number => {
    probe.pragma("wal_checkpoint(TRUNCATE)");
    return statSync(dbFile).size;
  };
  try {
    const lead = await server.accounts.createUser({
      name: "Lead",
      password: "correct horse battery",
      admin: false,
    });
    const { token } = await server.accounts.createToken(lead.id, "bench", null);
    const api = async (method: string, path: string, body?: unknown): Promise<unknown> => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        body: body ? JSON.stringify(body) : null,
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json();
    };
    const random = seededRandom(42);
    const hypotheses = Array.from({ length: HYPOTHESES }, (_, i) => ({
      id: `h${i}`,
      title: `Hypothesis ${i}`,
    }));
    const evidence = Array.from({ length: ROWS }, (_, i) => ({
      id: `e${i}`,
      claim: `Evidence row ${i} from a report`,
    }));
    const created = (await api("POST", "/api/analyses", {
      schemaVersion: 1,
      title: "Bench",
      hypotheses,
      evidence,
    })) as {
      id: string;
    };
    const id = created.id;
    const analysts = Array.from({ length: ANALYSTS }, (_, i) => `analyst${i}`);

    /** `n` changes: 4 in 5 ratings, 1 in 5 evidence fields, applied as server edits in concurrent batches. */
    const changes = async (n: number, ratingsOnly = false): Promise<void> => {
      for (let done = 0; done < n; ) {
        const batch: Promise<void>[] = [];
        for (let i = 0; i < 500 && done < n; i++, done++) {
          const row = `e${Math.floor(random() * ROWS)}`;
          if (ratingsOnly || random() < 0.8) {
            const analyst = analysts[Math.floor(random() * ANALYSTS)] as string;
            const hyp = `h${Math.floor(random() * HYPOTHESES)}`;
            const code = CODES[Math.floor(random() * CODES.length)] as RatingCode;
            batch.push(
              server.rooms.transact(`${id}/ratings/${analyst}`, (doc) => setRating(doc, row, hyp, code), {
                userId: analyst,
              }),
            );
          } else {
            const level = LEVELS[Math.floor(random() * LEVELS.length)] ?? "medium";
            batch.push(
              server.rooms.transact(id, (doc) => updateEvidence(doc, row, { credibility: level }), {
                userId: analysts[0] as string,
              }),
            );
          }
        }
        await Promise.all(batch);
      }
    };

    const started = performance.now();
    await changes(total / 2);
    const first = (await api("POST", `/api/analyses/${id}/versions`, { name: "Half way" })) as { id: string };
    await changes(total / 2);
    const second = (await api("POST", `/api/analyses/${id}/versions`, { name: "End" })) as { id: string };
    const recordSeconds = (performance.now() - started) / 1000;
    await server.rooms.flush();
    const rows = probe.prepare("SELECT COUNT(*) AS n FROM activity WHERE analysis_id = ?").get(id) as {
      n: number;
    };

    /** Wall time per request, and CPU time of the whole process (server thread and workers). */
    const time = async (path: string, runs = 15): Promise<{ median: number; p95: number; cpu: number }> => {
      const times: number[] = [];
      const cpu: number[] = [];
      await api("GET", path);
      for (let i = 0; i < runs; i++) {
        const c = process.cpuUsage();
        const t = performance.now();
        await api("GET", path);
        times.push(performance.now() - t);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
      }
      return { median: median(times), p95: p95(times), cpu: median(cpu) };
    };
    const feed = await time(`/api/analyses/${id}/activity?limit=100`);
    const feedFiltered = await time(`/api/analyses/${id}/activity?user=analyst3&kind=rating&limit=100`);
    const diff = await time(`/api/analyses/${id}/diff?from=${first.id}&to=${second.id}`);
    const diffNow = await time(`/api/analyses/${id}/diff?from=${first.id}&to=current`);

    const before = storeBytes();
    const activityBefore = (probe.prepare("SELECT COUNT(*) AS n FROM activity").get() as { n: number }).n;
    await changes(10_000, true);
    await server.rooms.flush();
    const after = storeBytes();
    const activityAfter = (probe.prepare("SELECT COUNT(*) AS n FROM activity").get() as { n: number }).n;
    const versionBytes = (
      probe
        .prepare("SELECT SUM(LENGTH(data)) AS b FROM version_documents WHERE version_id = ?")
        .get(second.id) as {
        b: number;
      }
    ).b;

    console.log(`history bench: ${ROWS} rows × ${HYPOTHESES} hypotheses × ${ANALYSTS} analysts`);
    console.log(`  recorded ${total} changes in ${recordSeconds.toFixed(1)} s → ${rows.n} activity rows`);
    const line = (name: string, t: { median: number; p95: number; cpu: number }) =>
      console.log(
        `  ${name.padEnd(34)} median ${t.median.toFixed(1)} ms  p95 ${t.p95.toFixed(1)} ms  (target < 300 ms: ${t.p95 < 300 ? "ok" : "MISSED"})  cpu median ${t.cpu.toFixed(1)} ms`,
      );
    line("activity feed (latest 100)", feed);
    line("activity feed (one analyst, ratings)", feedFiltered);
    line("diff of two versions", diff);
    line("diff of a version and now", diffNow);
    console.log(
      `  store growth per 10 000 rating changes: ${kib(after - before)} (${activityAfter - activityBefore} activity rows; log compacted into snapshots)`,
    );
    console.log(`  one version of this analysis: ${kib(versionBytes)}`);
  } finally {
    probe.close();
    await server.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
