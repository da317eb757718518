/**
 * Attachment stall benchmark: how long does storing and reading back one big file block the event
 * loop (every room of the process) on SQLite? Compares one statement carrying the whole file (the
 * first attachment store: one BLOB insert, one BLOB read) with the store's chunked writes and reads.
 * Usage: npm run bench -- attachmentStall [--mib 25] [--runs 3]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { readAllBytes } from "../server/store/AttachmentStore";
import { SqliteDriver } from "../server/store/sql/SqliteDriver";
import { openSqlStore } from "../server/store/sql/SqlStore";
import type { AttachmentRecord } from "../shared/attachments";

function option(args: readonly string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

/** Longest event-loop delay (ms) while `work` runs. */
async function stallOf(work: () => Promise<unknown>): Promise<string> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  // The histogram counts gaps between its own ticks: let it tick before the work starts.
  await new Promise((resolve) => setTimeout(resolve, 10));
  await work();
  // One more turn, so a block at the very end is sampled.
  await new Promise((resolve) => setTimeout(resolve, 5));
  histogram.disable();
  return `${(histogram.max / 1e6).toFixed(1)} (p99 ${(histogram.percentile(99) / 1e6).toFixed(1)})`;
}

export async function main(args: string[]): Promise<void> {
  const size = option(args, "--mib", 25) * 1_048_576;
  const runs = option(args, "--runs", 3);
  const dir = mkdtempSync(join(tmpdir(), "ach-attach-stall-"));
  const driver = new SqliteDriver({ dataDir: dir });
  const store = await openSqlStore(driver);
  const now = new Date().toISOString();
  await store.createAnalysis(
    { id: "a1", title: "stall", createdAt: now, updatedAt: now, archived: false, createdBy: null },
    new Map(),
    { userId: null },
  );
  await driver.exec("CREATE TABLE whole_blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
  const bytes = Buffer.alloc(size, 7);
  const rows: string[] = [];
  for (let run = 1; run <= runs; run++) {
    const wholeWrite = await stallOf(() =>
      driver.query("INSERT INTO whole_blobs (id, data) VALUES ($1, $2)", [run, bytes]),
    );
    const wholeRead = await stallOf(() => driver.query("SELECT data FROM whole_blobs WHERE id = $1", [run]));
    const record: AttachmentRecord = {
      id: `att-${run}`,
      analysisId: "a1",
      owner: { kind: "evidence", id: "e1" },
      name: "big.bin",
      mediaType: "application/pdf",
      size,
      sha256: "",
      uploadedBy: null,
      uploadedAt: now,
    };
    const chunkedWrite = await stallOf(() => store.saveAttachment(record, bytes, Number.MAX_SAFE_INTEGER));
    const chunkedRead = await stallOf(async () => {
      const chunks = await store.readAttachment("a1", record.id);
      if (chunks) await readAllBytes(chunks);
    });
    // The machine's own noise over a similar span, for scale.
    const idle = await stallOf(() => new Promise((resolve) => setTimeout(resolve, 500)));
    rows.push(
      `run ${run}: one statement write ${wholeWrite} ms, read ${wholeRead} ms | chunked write ${chunkedWrite} ms, read ${chunkedRead} ms | idle ${idle} ms`,
    );
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`Longest event-loop stall storing and reading one ${size / 1_048_576} MiB file on SQLite:`);
  for (const row of rows) console.log(row);
}
