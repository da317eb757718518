/**
 * PDF export benchmark: renders synthetic analyses (200 × 10 and 1 000 × 20, 3 analysts) to a
 * byte-counting sink and reports wall time, peak RSS and the ratio to the targets (2 s, 10 s).
 * Usage: npm run bench -- pdf [--runs 3]
 */
import { Writable } from "node:stream";
import { buildExportView } from "../server/export/exportView";
import { renderAnalysisPdf } from "../server/export/pdf/renderAnalysisPdf";
import { scoreAnalysis } from "../shared/scoring";
import { syntheticInput, toAnalysisJson } from "../tests/fixtures/exportFixtures";

const CASES = [
  { rows: 200, hypotheses: 10, targetMs: 2_000 },
  { rows: 1_000, hypotheses: 20, targetMs: 10_000 },
] as const;

/** Discards bytes but counts them, so the bench measures rendering, not the disk. */
class CountingSink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.bytes += chunk.length;
    done();
  }
}

export async function main(args: string[]): Promise<void> {
  const runsArg = args.indexOf("--runs");
  const runs = runsArg >= 0 ? Math.max(1, Number(args[runsArg + 1]) || 1) : 3;
  console.log(`PDF export bench — ${runs} run(s) per case, best time reported`);
  console.log("case          pages   MiB    best ms   target ms   ratio   peak RSS MiB");
  for (const c of CASES) {
    const json = toAnalysisJson(syntheticInput(c.rows, c.hypotheses, 3));
    let best = Number.POSITIVE_INFINITY;
    let pages = 0;
    let bytes = 0;
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    for (let r = 0; r < runs; r++) {
      const start = performance.now();
      const view = buildExportView(json, scoreAnalysis(json), {
        view: "consensus",
        includeArchived: false,
        paper: "a4",
      });
      const sink = new CountingSink();
      pages = await renderAnalysisPdf(
        view,
        { generatedAt: new Date().toISOString(), version: "bench" },
        sink,
      );
      best = Math.min(best, performance.now() - start);
      bytes = sink.bytes;
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    clearInterval(sampler);
    const label = `${c.rows} × ${c.hypotheses}`.padEnd(12);
    console.log(
      `${label}  ${String(pages).padStart(5)}  ${(bytes / 1048576).toFixed(2).padStart(5)}  ${best.toFixed(0).padStart(8)}  ${String(c.targetMs).padStart(10)}  ${(best / c.targetMs).toFixed(2).padStart(6)}  ${(peak / 1048576).toFixed(0).padStart(12)}`,
    );
  }
  console.log(
    "ratio = best time ÷ target (under 1 meets the target). Peak RSS is the whole process, sampled every 5 ms.",
  );
}
