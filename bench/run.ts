/**
 * Benchmark dispatcher: `npm run bench -- <name> [args]` loads `bench/<name>.ts` and calls its exported
 * `main(args)`; a module without one is run as a script in a child process (`tsx bench/<name>.ts args`).
 * Kept generic so new benchmarks only add a module, never touch this file.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

type BenchMain = (args: string[]) => Promise<void>;

/** Bench module names; files starting otherwise (e.g. `_scratch.ts`) are not benchmarks. */
const BENCH_NAME = /^[a-z][a-zA-Z0-9-]*$/;
const benchDir = dirname(fileURLToPath(import.meta.url));

function availableBenches(): string[] {
  return readdirSync(benchDir)
    .filter((file) => file.endsWith(".ts") && file !== "run.ts")
    .map((file) => file.slice(0, -".ts".length))
    .filter((name) => BENCH_NAME.test(name))
    .sort();
}

function isBenchMain(value: unknown): value is BenchMain {
  return typeof value === "function";
}

async function dispatch(argv: readonly string[]): Promise<void> {
  const [name, ...args] = argv;
  const usage = `usage: npm run bench -- <name> [args]   (available: ${availableBenches().join(", ") || "none"})`;
  if (name === undefined || name === "--help" || name === "-h") {
    console.log(usage);
    return;
  }
  if (!BENCH_NAME.test(name)) {
    throw new Error(`invalid benchmark name "${name}"\n${usage}`);
  }
  const file = join(benchDir, `${name}.ts`);
  if (!existsSync(file)) {
    throw new Error(`no benchmark "${name}" (expected ${file})\n${usage}`);
  }
  const mod: Record<string, unknown> = await import(pathToFileURL(file).href);
  const main = mod.main;
  if (isBenchMain(main)) {
    await main(args);
    return;
  }
  // A module written as a script (runs when it is the entry file) gets its own process instead.
  await runAsScript(file, args);
}

function runAsScript(file: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", file, ...args], { stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${file} exited with ${signal ?? `code ${code}`}`));
    });
  });
}

dispatch(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
