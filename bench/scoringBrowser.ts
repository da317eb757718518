/**
 * The scoring benchmark in headless Chromium: bench/scoring.ts's runScoringBench is bundled with
 * esbuild for the browser, run in /usr/bin/chromium through playwright-core, and printed beside the
 * same run in Node, each figure with its ratio to the design target (full < 16 ms, incremental
 * < 1 ms, sensitivity < 100 ms). `npm run bench -- scoringBrowser [--rows N] [--hypotheses N]
 * [--analysts N] [--no-node]`; results are also written to bench/results/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { type Results, runScoringBench } from "./scoring";

const benchDir = dirname(fileURLToPath(import.meta.url));
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

interface Options {
  readonly rows: number;
  readonly hypotheses: number;
  readonly analysts: number;
  readonly node: boolean;
}

function parseArgs(args: readonly string[]): Options {
  const num = (flag: string, fallback: number): number => {
    const i = args.indexOf(flag);
    const value = i >= 0 ? Number(args[i + 1]) : fallback;
    if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} needs a positive integer`);
    return value;
  };
  return {
    rows: num("--rows", 1000),
    hypotheses: num("--hypotheses", 20),
    analysts: num("--analysts", 10),
    node: !args.includes("--no-node"),
  };
}

/** One IIFE that exposes runScoringBench on `window`, with no Node built-ins. */
async function bundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: 'import { runScoringBench } from "./scoring"; globalThis.runScoringBench = runScoringBench;',
      resolveDir: benchDir,
      loader: "ts",
    },
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error("esbuild produced no output");
  return file.text;
}

async function runInChromium(code: string, opts: Options): Promise<{ results: Results; version: string }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    await page.setContent("<!doctype html><title>scoring bench</title>");
    await page.addScriptTag({ content: code });
    const results = await page.evaluate(
      ([rows, hypotheses, analysts]) => {
        const run = (
          globalThis as unknown as { runScoringBench: (r: number, h: number, a: number) => unknown }
        ).runScoringBench;
        return run(rows, hypotheses, analysts);
      },
      [opts.rows, opts.hypotheses, opts.analysts] as const,
    );
    return { results: results as Results, version: browser.version() };
  } finally {
    await browser.close();
  }
}

function print(label: string, results: Results): void {
  console.log(
    `\n${label}: ${results.rows} rows × ${results.hypotheses} hypotheses × ${results.analysts} analysts`,
  );
  for (const f of results.figures) {
    const verdict = f.ratio < 1 ? "ok" : "OVER";
    console.log(
      `  ${f.name.padEnd(36)} median ${f.medianMs.toFixed(3).padStart(8)} ms  p95 ${f.p95Ms.toFixed(3).padStart(8)} ms  target ${String(f.targetMs).padStart(4)} ms  p95/target ${f.ratio.toFixed(2)} ${verdict}`,
    );
  }
}

/** Entry for `npm run bench -- scoringBrowser`. */
export async function main(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const code = await bundle();
  const chromiumRun = await runInChromium(code, opts);
  print(`headless Chromium ${chromiumRun.version}`, chromiumRun.results);
  const nodeResults = opts.node ? runScoringBench(opts.rows, opts.hypotheses, opts.analysts) : null;
  if (nodeResults) print(`Node ${process.version}`, nodeResults);

  const over = chromiumRun.results.figures.filter((f) => f.ratio >= 1);
  console.log(
    over.length === 0
      ? "\nChromium: every figure meets its target (p95 below it)."
      : `\nChromium: over target: ${over.map((f) => f.name).join(", ")}`,
  );
  const dir = join(benchDir, "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `scoring-browser-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ chromium: { version: chromiumRun.version, ...chromiumRun.results }, node: nodeResults }, null, 2)}\n`,
  );
  console.log(`results written to ${file}`);
}
