import type { APIRequestContext, Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openAs } from "./helpers/browser";
import { startServer, type TestServer } from "./helpers/server";
import { waitFor } from "./helpers/waitFor";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ NO_SAMPLE: "1" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Two hypotheses, one row; `analyst` joins as an analyst. REST goes through the lead's browser context. */
async function createAnalysis(api: APIRequestContext, analyst: string): Promise<string> {
  const res = await api.post("/api/analyses", {
    data: {
      schemaVersion: 1,
      title: "History",
      hypotheses: [
        { id: "h1", title: "Alpha" },
        { id: "h2", title: "Bravo" },
      ],
      evidence: [{ id: "e1", claim: "Convoy seen at dawn" }],
    },
  });
  expect(res.status()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const invited = await api.post(`/api/analyses/${id}/members`, { data: { name: analyst, role: "analyst" } });
  expect(invited.status()).toBe(201);
  return id;
}

async function rate(page: Page, id: string, code: string): Promise<void> {
  await page.goto(`/a/${id}`);
  await page
    .locator('[data-testid="connection-status"][data-status="connected"]')
    .waitFor({ timeout: 15_000 });
  await page.getByTestId("cell-e1-h1").click();
  await page.getByTestId(`pick-${code}`).click();
  await waitFor(async () =>
    expect(await page.getByTestId("cell-e1-h1").getAttribute("data-rating")).toBe(code),
  );
}

describe("the history page", () => {
  it("shows another user's rating in the activity feed and diffs a named version against now", async () => {
    const lead = await openAs(browser, server.baseUrl, "Hana Lead");
    const analyst = await openAs(browser, server.baseUrl, "Ravi Analyst");
    try {
      const id = await createAnalysis(lead.context.request, "Ravi Analyst");
      await lead.page.goto(`/a/${id}/history`);
      await lead.page.getByLabel("Version name").fill("Before the meeting");
      await lead.page.getByRole("button", { name: "Save version" }).click();
      const version = lead.page.getByTestId("version").filter({ hasText: "Before the meeting" });
      await version.waitFor();

      await rate(analyst.page, id, "II");

      await waitFor(
        async () => {
          await lead.page.reload();
          const entries = lead.page.getByTestId("activity-entry").filter({ hasText: "Ravi Analyst" });
          await entries.first().waitFor({ timeout: 2_000 });
          expect(await entries.first().textContent()).toContain("rated");
        },
        { timeoutMs: 20_000 },
      );

      await version.getByRole("button", { name: "Compare with now" }).click();
      const diff = lead.page.getByTestId("version-diff");
      await waitFor(async () => expect(await diff.locator("h3").textContent()).toBe("1 change"));
      expect(await diff.textContent()).toContain("Ravi Analyst");
    } finally {
      await lead.context.close();
      await analyst.context.close();
    }
  });
});
