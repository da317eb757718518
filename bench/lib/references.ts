/**
 * The reference servers (y-websocket 1.5.4, Hocuspocus 3.4.4) live in their own package under
 * bench/references, so the app's `npm install` builds only what the app runs (their leveldown and
 * sqlite3 compile from source). The first bench that starts one installs them there.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** bench/references, with its packages installed (once; later calls only check). */
export function referencesDir(repoRoot: string): string {
  const dir = join(repoRoot, "bench", "references");
  if (
    !existsSync(join(dir, "node_modules", "y-websocket")) ||
    !existsSync(join(dir, "node_modules", "@hocuspocus"))
  ) {
    console.log("installing the reference servers into bench/references (first run only)…");
    const command = existsSync(join(dir, "package-lock.json")) ? "ci" : "install";
    execFileSync("npm", [command, "--no-audit", "--no-fund"], { cwd: dir, stdio: "inherit" });
  }
  return dir;
}
