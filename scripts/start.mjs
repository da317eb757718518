// `npm start`: build the client if needed, then run the server (TypeScript via tsx) in this process group.
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureClientBuilt } from "./clientBuild.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
ensureClientBuilt();
const child = spawn(process.execPath, ["--import", "tsx", join(root, "server", "main.ts")], {
  cwd: root,
  stdio: "inherit",
  env: { NODE_ENV: "production", ...process.env },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
