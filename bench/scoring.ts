/**
 * Scoring benchmark: 1 000 rows × 20 hypotheses × 10 analysts, seeded. Run with
 * `npx tsx bench/scoring.ts`; runScoringBench() has no Node imports so it can be bundled for a browser.
 */
import {
  computeScores,
  computeSensitivity,
  createScoringEngine,
  type Level,
  type ScoringInput,
} from "../shared/scoring";
import { seededRandom } from "../shared/seededRandom";

export interface BenchFigure {
  readonly name: string;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly targetMs: number;
  /** p95 ÷ target: below 1 meets the target. */
  readonly ratio: number;
  readonly runs: number;
  /** Median CPU time of a run (process.cpuUsage, Node only): less noisy than wall time on a busy machine. */
  readonly cpuMedianMs?: number;
}

/** CPU time so far in ms, or null where there is no `process` (the browser). */
function cpuNow(): number | null {
  if (typeof process === "undefined" || typeof process.cpuUsage !== "function") return null;
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export interface Results {
  readonly rows: number;
  readonly hypotheses: number;
  readonly analysts: number;
  readonly figures: readonly BenchFigure[];
}

const CODES = ["CC", "C", "N", "I", "II", "NA"] as const;
const LEVELS: readonly Level[] = ["low", "medium", "high"];

/** A seeded matrix: each analyst rates ~90 % of cells, close to a per-cell "true" rating. */
export function generateMatrix(
  rows: number,
  hypotheses: number,
  analysts: number,
  seed = 42,
  idPrefix = "",
): ScoringInput {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const hyps = Array.from({ length: hypotheses }, (_, i) => ({
    id: `${idPrefix}h${i}`,
    title: `Hypothesis ${i}`,
  }));
  const evidence = Array.from({ length: rows }, (_, i) => ({
    id: `${idPrefix}e${i}`,
    credibility: pick(LEVELS),
    relevance: pick(LEVELS),
  }));
  const users = Array.from({ length: analysts }, (_, i) => `u${i}`);
  const truth = evidence.map(() => hyps.map(() => Math.floor(random() * 6)));
  const ratings: Record<string, Record<string, string>> = {};
  for (const user of users) {
    const own: Record<string, string> = {};
    evidence.forEach((e, r) => {
      hyps.forEach((h, c) => {
        if (random() < 0.1) return;
        const base = truth[r]?.[c] ?? 0;
        const jitter = random() < 0.3 ? Math.floor(random() * 3) - 1 : 0;
        own[`${e.id}:${h.id}`] = CODES[Math.min(5, Math.max(0, base + jitter))] ?? "N";
      });
    });
    ratings[user] = own;
  }
  return { hypotheses: hyps, evidence, ratings, analysts: users };
}

function measure(name: string, targetMs: number, runs: number, fn: (run: number) => void): BenchFigure {
  for (let i = 0; i < Math.min(5, runs); i++) fn(i);
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = cpuNow();
    const start = performance.now();
    fn(i);
    times.push(performance.now() - start);
    const cpuEnd = cpuNow();
    if (cpuStart !== null && cpuEnd !== null) cpu.push(cpuEnd - cpuStart);
  }
  const quantile = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;
  const p95 = quantile(times, 0.95);
  return {
    name,
    medianMs: quantile(times, 0.5),
    p95Ms: p95,
    targetMs,
    ratio: p95 / targetMs,
    runs,
    ...(cpu.length > 0 ? { cpuMedianMs: quantile(cpu, 0.5) } : {}),
  };
}

/** Runs the scoring benchmark against the design targets (16 ms full, 1 ms incremental, 100 ms sensitivity). */
export function runScoringBench(rows = 1000, hypotheses = 20, analysts = 10): Results {
  const input = generateMatrix(rows, hypotheses, analysts);
  // Two matrices with different ids: alternating them defeats the cell-key cache of a full build.
  const inputs = [input, generateMatrix(rows, hypotheses, analysts, 43, "x")];
  const random = seededRandom(7);
  const engine = createScoringEngine(input);
  engine.report();
  const figures = [
    measure("full computeScores", 16, 40, () => {
      computeScores(input);
    }),
    measure("full computeScores, new ids each run", 16, 40, (run) => {
      computeScores(inputs[run % 2] as ScoringInput);
    }),
    measure("incremental setRating + report", 1, 500, () => {
      const r = Math.floor(random() * rows);
      const h = Math.floor(random() * hypotheses);
      const u = Math.floor(random() * analysts);
      engine.setRating(`u${u}`, `e${r}`, `h${h}`, CODES[Math.floor(random() * 6)] ?? null);
      engine.report();
    }),
    measure("full computeSensitivity", 100, 20, () => {
      computeSensitivity(input);
    }),
    measure("engine.sensitivity (state reused)", 100, 20, () => {
      engine.sensitivity();
    }),
  ];
  return { rows, hypotheses, analysts, figures };
}

function isMain(): boolean {
  const entry = typeof process === "undefined" ? undefined : process.argv[1];
  return entry !== undefined && /bench[\\/]scoring\.ts$/.test(entry);
}

if (isMain()) {
  const results = runScoringBench();
  console.log(
    `scoring: ${results.rows} rows × ${results.hypotheses} hypotheses × ${results.analysts} analysts`,
  );
  for (const f of results.figures) {
    const verdict = f.ratio < 1 ? "ok" : "OVER";
    console.log(
      `${f.name.padEnd(36)} median ${f.medianMs.toFixed(3).padStart(8)} ms  p95 ${f.p95Ms.toFixed(3).padStart(8)} ms  target ${String(f.targetMs).padStart(4)} ms  p95/target ${f.ratio.toFixed(2)} ${verdict}  cpu median ${f.cpuMedianMs?.toFixed(3) ?? "–"} ms`,
    );
  }
}
