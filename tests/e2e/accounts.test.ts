import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_PASSWORD, signIn } from "./helpers/accounts";
import { launchBrowser } from "./helpers/browser";
import { startServer, type TestServer } from "./helpers/server";
import { waitFor } from "./helpers/waitFor";

const SAMPLE = "sample-khairkhane-raid";
let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({}, { admin: false }), launchBrowser()]);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.stop();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport: { width: 1400, height: 900 },
  });
  contexts.push(context);
  const page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  return page;
}

async function openSample(page: Page): Promise<void> {
  await page.goto(`/a/${SAMPLE}`);
  await page
    .locator('[data-testid="connection-status"][data-status="connected"]')
    .waitFor({ timeout: 15_000 });
}

describe("accounts in the browser", () => {
  it("creates the admin on first run, invites people, and shows viewers read-only controls", async () => {
    const admin = await newPage();
    await admin.goto("/setup");
    await admin.getByLabel("Admin user name").fill("Root Admin");
    await admin.getByLabel("Password", { exact: true }).fill(E2E_PASSWORD);
    await admin.getByLabel("Repeat the password").fill(E2E_PASSWORD);
    await admin.getByRole("button", { name: "Create admin account" }).click();
    await admin.getByRole("heading", { name: "Analyses" }).waitFor();
    expect(await admin.getByTestId("my-name").textContent()).toBe("Root Admin");

    await admin.getByRole("link", { name: "Users" }).click();
    for (const name of ["Ana Analyst", "Vera Viewer"]) {
      await admin.getByLabel("User name").fill(name);
      await admin.getByLabel("Initial password").fill(E2E_PASSWORD);
      await admin.getByRole("button", { name: "Create user" }).click();
      await admin.getByText(name, { exact: true }).waitFor();
    }

    await openSample(admin);
    await admin.getByTestId("members-button").click();
    expect(await admin.getByTestId("my-role").textContent()).toBe("Lead");
    for (const [name, role] of [
      ["Ana Analyst", "Analyst"],
      ["Vera Viewer", "Viewer"],
    ] as const) {
      await admin.getByLabel("User name to invite").fill(name);
      await admin.getByLabel("Role", { exact: true }).selectOption({ label: role });
      await admin.getByRole("button", { name: "Invite" }).click();
      await admin.getByTestId(`member-${name}`).waitFor();
    }

    const analyst = await newPage();
    await analyst.goto("/");
    await signIn(analyst, "Ana Analyst");
    await analyst
      .getByRole("link", { name: /Khairkhane/ })
      .first()
      .waitFor();
    await openSample(analyst);
    expect(await analyst.getByTestId("my-role").textContent()).toBe("Analyst");
    expect(await analyst.getByTestId("read-only").count()).toBe(0);

    const viewer = await newPage();
    await viewer.goto(`/a/${SAMPLE}`);
    await signIn(viewer, "Vera Viewer");
    await viewer
      .locator('[data-testid="connection-status"][data-status="connected"]')
      .waitFor({ timeout: 15_000 });
    await viewer.getByTestId("read-only").waitFor();
    expect(await viewer.getByTestId("my-role").textContent()).toBe("Viewer");
    await viewer.getByTestId("members-button").click();
    expect(await viewer.getByLabel("User name to invite").count()).toBe(0);

    await waitFor(() => expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]));
  });

  it("refuses a wrong password with a visible message", async () => {
    const page = await newPage();
    await page.goto("/");
    await page.getByLabel("User name").fill("Ana Analyst");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "wrong user name or password" }).waitFor();
  });
});
