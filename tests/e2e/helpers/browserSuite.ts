/** The usual frame of a browser test file: one server and one Chromium for all its tests. */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser";
import { startServer, type TestServer } from "./server";

export interface BrowserSuite {
  readonly server: TestServer;
  readonly browser: Browser;
}

/**
 * Starts both before the file's tests and stops both after them; read them inside tests. `env` goes
 * to the server (e.g. `NO_SAMPLE: "1"`), `options` to `startServer`.
 */
export function browserSuite(
  env: Readonly<Record<string, string>> = {},
  options: Parameters<typeof startServer>[1] = {},
): BrowserSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    // Side by side: the server boots (tsx, migrations, sample) while Chromium starts.
    const [booted, launched] = await Promise.allSettled([startServer(env, options), launchBrowser()]);
    if (booted.status === "fulfilled") server = booted.value;
    if (launched.status === "fulfilled") browser = launched.value;
    if (booted.status === "rejected") throw booted.reason;
    if (launched.status === "rejected") throw launched.reason;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is not started yet (read it inside a test)`);
    return value;
  };
  return {
    get server() {
      return started(server, "test server");
    },
    get browser() {
      return started(browser, "browser");
    },
  };
}
