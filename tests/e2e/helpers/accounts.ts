/** Accounts for browser tests: the admin CLI against the server's DATA_DIR, and signing a browser in. */
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Every account the browser tests create uses this password. */
export const E2E_PASSWORD = "e2e password 123";

/** Runs `npm run admin -- <args>` (without npm) on `dataDir`; returns stdout, throws on failure. */
export function runAdminCli(dataDir: string, args: readonly string[], stdin = ""): string {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", join(root, "server", "cli", "admin.ts"), ...args],
    {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
      input: stdin,
      encoding: "utf8",
    },
  );
  if (result.status !== 0)
    throw new Error(`admin ${args.join(" ")} failed: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** Creates an admin with an API token while the server runs (the first admin becomes lead of the sample). */
export function provisionAdmin(dataDir: string, name = "e2e-admin"): { name: string; token: string } {
  runAdminCli(dataDir, ["user:create", name, "--admin"], `${E2E_PASSWORD}\n`);
  const token = runAdminCli(dataDir, ["token:create", name, "--label", "e2e"]).trim();
  return { name, token };
}

/** Fills the login form on whatever page asked for it and waits for the analyses list or `waitForTestId`. */
export async function signIn(page: Page, name: string, password = E2E_PASSWORD): Promise<void> {
  await page.getByLabel("User name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("my-name").waitFor();
}
