// `npm run dev`: the server with tsx watch on :8080 and the Vite dev server (hot reload) on :5173,
// which proxies /api, /sync and /healthz to it. Ctrl-C stops both.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (pkg, file) => join(root, "node_modules", pkg, file);
const children = [
  spawn(process.execPath, [bin("tsx", "dist/cli.mjs"), "watch", "server/main.ts"], {
    cwd: root,
    stdio: "inherit",
  }),
  spawn(process.execPath, [bin("vite", "bin/vite.js")], { cwd: root, stdio: "inherit" }),
];
const stop = (signal) => {
  for (const child of children) child.kill(signal);
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
for (const child of children)
  child.on("exit", (code) => {
    stop("SIGTERM");
    process.exitCode = code ?? 0;
  });
