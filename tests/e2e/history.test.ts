import type { APIRequestContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { waitFor } from "./helpers/waitFor";

const suite = browserSuite({ NO_SAMPLE: "1" });

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

async function openMatrix(page: Page, id: string): Promise<void> {
  await page.goto(`/a/${id}`);
  await page
    .locator('[data-testid="connection-status"][data-status="connected"]')
    .waitFor({ timeout: 15_000 });
}

async function rate(page: Page, id: string, code: string): Promise<void> {
  await openMatrix(page, id);
  await page.getByTestId("cell-e1-h1").click();
  await page.getByTestId(`pick-${code}`).click();
  await waitFor(async () =>
    expect(await page.getByTestId("cell-e1-h1").getAttribute("data-rating")).toBe(code),
  );
}

async function saveVersion(page: Page, id: string, name: string): Promise<void> {
  await page.goto(`/a/${id}/history`);
  await page.getByLabel("Version name").fill(name);
  await page.getByRole("button", { name: "Save version" }).click();
  await page.getByTestId("version").filter({ hasText: name }).waitFor();
}

describe("the history page", () => {
  it("shows another user's rating in the activity feed and diffs a named version against now", async () => {
    const lead = await openAs(suite.browser, suite.server.baseUrl, "Hana Lead");
    const analyst = await openAs(suite.browser, suite.server.baseUrl, "Ravi Analyst");
    try {
      const id = await createAnalysis(lead.context.request, "Ravi Analyst");
      await lead.page.goto(`/a/${id}/history`);
      await lead.page.getByLabel("Version name").fill("Before the meeting");
      await lead.page.getByRole("button", { name: "Save version" }).click();
      const version = lead.page.getByTestId("version").filter({ hasText: "Before the meeting" });
      await version.waitFor();
      expect(await version.getByTestId("version-by").textContent()).toBe("saved by Hana Lead");

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

  it("opens a saved version read-only, with a banner and rating cells that cannot be changed", async () => {
    const lead = await openAs(suite.browser, suite.server.baseUrl, "Hana Lead");
    const analyst = await openAs(suite.browser, suite.server.baseUrl, "Ravi Analyst");
    try {
      const id = await createAnalysis(lead.context.request, "Ravi Analyst");
      await rate(analyst.page, id, "II");
      await waitFor(async () => {
        const res = await lead.context.request.get(`/api/analyses/${id}`);
        const view = (await res.json()) as { ratings: Record<string, { cells: Record<string, string> }> };
        expect(Object.values(view.ratings).map((r) => r.cells["e1:h1"])).toEqual(["II"]);
      });
      await saveVersion(lead.page, id, "Rated once");
      await rate(analyst.page, id, "CC");

      const version = lead.page.getByTestId("version").filter({ hasText: "Rated once" });
      await version.getByRole("link", { name: "View this version" }).click();
      const banner = lead.page.getByTestId("version-banner");
      await banner.waitFor();
      expect(await banner.textContent()).toMatch(
        /^Version 'Rated once' of \d{4}-\d\d-\d\d \d\d:\d\d — read-only/,
      );
      expect(await banner.getByRole("link", { name: "Back to live" }).getAttribute("href")).toBe(`/a/${id}`);

      // The team consensus as it was then, not the analyst's later CC.
      const cell = lead.page.getByTestId("cell-e1-h1");
      await waitFor(async () => expect(await cell.getAttribute("data-shown")).toBe("II"));
      expect(await lead.page.getByLabel("New evidence claim").count()).toBe(0);

      // The analyst's own ratings in the version: no picker opens and rating keys change nothing.
      await analyst.page.goto(new URL(lead.page.url()).pathname);
      await analyst.page.getByTestId("version-banner").waitFor();
      await analyst.page.getByTestId("view-mine").click();
      const mine = analyst.page.getByTestId("cell-e1-h1");
      await waitFor(async () => expect(await mine.getAttribute("data-rating")).toBe("II"));
      await mine.click();
      await mine.press("1");
      expect(await analyst.page.getByTestId("rating-picker").count()).toBe(0);
      expect(await analyst.page.locator('[data-testid^="pick-"]').count()).toBe(0);
      expect(await mine.getAttribute("data-rating")).toBe("II");

      await banner.getByRole("link", { name: "Compare with now" }).click();
      const diff = lead.page.getByTestId("version-diff");
      await waitFor(async () => expect(await diff.locator("h3").textContent()).toBe("1 change"));
      expect(await diff.textContent()).toContain("II → CC");
    } finally {
      await lead.context.close();
      await analyst.context.close();
    }
  });

  it("restores one evidence row from a version after the lead confirms the dry run", async () => {
    const lead = await openAs(suite.browser, suite.server.baseUrl, "Hana Lead");
    const analyst = await openAs(suite.browser, suite.server.baseUrl, "Ravi Analyst");
    try {
      const id = await createAnalysis(lead.context.request, "Ravi Analyst");
      await saveVersion(lead.page, id, "Original wording");

      await openMatrix(lead.page, id);
      await lead.page.getByTestId("claim-e1").focus();
      await lead.page.keyboard.press("Enter");
      await lead.page.getByTestId("claim-e1-input").fill("Convoy seen at dusk");
      await lead.page.keyboard.press("Enter");
      await waitFor(async () =>
        expect(await lead.page.getByTestId("claim-e1").textContent()).toBe("Convoy seen at dusk"),
      );
      await waitFor(async () => {
        const res = await lead.context.request.get(`/api/analyses/${id}`);
        const view = (await res.json()) as { evidence: { id: string; claim: string }[] };
        expect(view.evidence.find((e) => e.id === "e1")?.claim).toBe("Convoy seen at dusk");
      });

      await lead.page.goto(`/a/${id}/history`);
      const version = lead.page.getByTestId("version").filter({ hasText: "Original wording" });
      await version.getByRole("button", { name: "Compare with now" }).click();
      await lead.page.getByTestId("restore-evidence-e1").click();
      const preview = lead.page.getByTestId("restore-preview");
      await preview.waitFor();
      expect(await preview.textContent()).toContain(
        "the claim 'Convoy seen at dusk' → 'Convoy seen at dawn'",
      );
      await preview.getByRole("button", { name: "Confirm restore" }).click();
      await lead.page.getByRole("status").filter({ hasText: "Restored the row" }).waitFor();

      await openMatrix(lead.page, id);
      await waitFor(async () =>
        expect(await lead.page.getByTestId("claim-e1").textContent()).toBe("Convoy seen at dawn"),
      );
    } finally {
      await lead.context.close();
      await analyst.context.close();
    }
  });
});
