// Builds the React client into dist/client when the build is missing or older than its sources,
// so `npm start` and the browser tests always serve what the tree holds.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stamp = join(root, "dist", "client", "index.html");

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) {
    if (name === "node_modules") continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

export function clientBuildIsStale() {
  if (!existsSync(stamp)) return true;
  const sources = ["client", "shared", "vite.config.ts", "package-lock.json"].map((p) => join(root, p));
  const newest = Math.max(...sources.filter(existsSync).map(newestMtime));
  return newest > statSync(stamp).mtimeMs;
}

export function ensureClientBuilt({ quiet = false } = {}) {
  if (!clientBuildIsStale()) return;
  if (!quiet) console.log("Building the web client (vite build)…");
  const vite = join(root, "node_modules", "vite", "bin", "vite.js");
  const res = spawnSync(process.execPath, [vite, "build", "--logLevel", quiet ? "error" : "warn"], {
    cwd: root,
    // Under vitest NODE_ENV is "test", which would bundle React's development build (several times slower).
    env: { ...process.env, NODE_ENV: "production" },
    stdio: "inherit",
  });
  if (res.status !== 0) throw new Error(`vite build failed with exit code ${res.status}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureClientBuilt();
