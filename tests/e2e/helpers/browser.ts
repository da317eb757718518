/** Headless Debian Chromium through playwright-core (Playwright's own browsers cannot be downloaded here). */
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { E2E_PASSWORD } from "./accounts";
import { testServerAt } from "./server";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * A fresh browser profile signed in as `name`. The account is created on first use (through the
 * test server's admin) and joins the sample analysis, when there is one, with `role` (analyst).
 * The context sends this site's Origin, as a page would, so `context.request` may change things too.
 * It signs in through the login API (the form itself is tested in accounts and probeFindings) and
 * opens the analyses list.
 */
export async function openAs(
  browser: Browser,
  baseUrl: string,
  name: string,
  viewport = { width: 1400, height: 900 },
  role: "lead" | "analyst" | "viewer" = "analyst",
): Promise<{ context: BrowserContext; page: Page }> {
  const server = testServerAt(baseUrl);
  const json = (body: unknown) => ({
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const created = await server.api("/api/users", json({ name, password: E2E_PASSWORD }));
  if (created.status !== 201 && created.status !== 409)
    throw new Error(`cannot create ${name}: ${created.status}`);
  const sample = await server.api(`/api/analyses/${SAMPLE_ID}/members`, json({ name, role }));
  if (![201, 404, 409].includes(sample.status)) throw new Error(`cannot share the sample with ${name}`);
  const context = await browser.newContext({
    viewport,
    baseURL: baseUrl,
    extraHTTPHeaders: { origin: baseUrl },
  });
  const login = await context.request.post("/api/auth/login", { data: { name, password: E2E_PASSWORD } });
  if (!login.ok()) throw new Error(`cannot sign in as ${name}: ${login.status()} ${await login.text()}`);
  const page = await context.newPage();
  await page.goto("/");
  await page.getByTestId("my-name").waitFor();
  await page.getByRole("heading", { name: "Analyses" }).waitFor();
  return { context, page };
}

const SAMPLE_ID = "sample-khairkhane-raid";
