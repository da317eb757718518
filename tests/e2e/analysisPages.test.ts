import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { openLead, openMatrix, SAMPLE, userIdOf, waitConnected } from "./helpers/pages";
import { waitFor } from "./helpers/waitFor";

const suite = browserSuite();

const LONG_CLAIM = "x".repeat(3_000);
const LONG_TITLE = `Hypothesis${"y".repeat(290)}`;

/** An analysis of `page`'s user (its lead) with a 3 000-character claim and a 300-character title, rated. */
async function longTextAnalysis(page: Page): Promise<string> {
  const me = await userIdOf(page);
  const res = await page.context().request.post("/api/analyses", {
    data: {
      schemaVersion: 1,
      title: "Long text",
      hypotheses: [
        { id: "h1", title: LONG_TITLE },
        { id: "h2", title: "Short" },
      ],
      evidence: [
        { id: "e1", claim: LONG_CLAIM },
        { id: "e2", claim: "Plain claim" },
      ],
      ratings: { [me]: { name: "Me", cells: { "e1:h1": "II", "e1:h2": "C", "e2:h1": "C", "e2:h2": "I" } } },
    },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe("the pages of an analysis", () => {
  it("link to each other through one navigation, from the list on, and name the browser tab", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Navi Nora");
    try {
      const title =
        (await page.getByTestId(`analysis-${SAMPLE}`).locator(".analysis-title").textContent()) ?? "";
      expect(title.length).toBeGreaterThan(0);
      await page.screenshot({ path: "/tmp/jclient-list.png" });
      await page.getByTestId(`lead-link-${SAMPLE}`).click();
      await page.getByTestId("lead-page").waitFor();
      await waitFor(async () => expect(await page.title()).toBe(`${title} · Lead review — ACH Workspace`));
      expect(await page.getByTestId("nav-title").textContent()).toBe(title);
      expect(await page.getByTestId("lead-analysis-title").textContent()).toBe(title);

      await page.getByTestId("nav-history").click();
      await page.getByRole("heading", { name: "History" }).waitFor();
      await waitFor(async () => expect(await page.title()).toBe(`${title} · History — ACH Workspace`));
      await page.getByTestId("activity-feed").waitFor();
      await page.screenshot({ path: "/tmp/jclient-history.png" });

      await page.getByTestId("nav-matrix").click();
      await waitConnected(page);
      await waitFor(async () => expect(await page.title()).toBe(`${title} · Matrix — ACH Workspace`));
      expect(await page.getByTestId("nav-matrix").getAttribute("aria-current")).toBe("page");
      await page.getByTestId("nav-lead").click();
      await page.getByTestId("lead-page").waitFor();
    } finally {
      await context.close();
    }
  });

  it("keep a 3 000-character claim and a long title from widening the lead review", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Wide Wim");
    try {
      const id = await longTextAnalysis(page);
      await openLead(page, id);
      await page.getByTestId("what-if-e1").waitFor();
      const sizes = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        view: window.innerWidth,
      }));
      expect(sizes.page).toBeLessThanOrEqual(sizes.view);
      const whatIf = await page.getByTestId("what-if-e1").locator("..").boundingBox();
      // Two lines at most (a 3 000-character claim would take dozens).
      expect(whatIf?.height ?? 999).toBeLessThan(70);
      const diag = await page.getByTestId("most-diagnostic").locator("li").first().boundingBox();
      expect(diag?.height ?? 999).toBeLessThan(70);
      // The whole claim is one hover away.
      expect(await page.locator(`[title="${LONG_CLAIM}"]`).count()).toBeGreaterThan(0);
      await page.screenshot({ path: "/tmp/jclient-lead-long.png", fullPage: false });
    } finally {
      await context.close();
    }
  });

  it("offer archiving to leads only, and say in plain words what is wrong with a title", async () => {
    const analyst = await openAs(suite.browser, suite.server.baseUrl, "Plain Pat");
    try {
      // Pat is an analyst of the sample: no Archive button that would fail.
      await analyst.page.getByTestId(`analysis-${SAMPLE}`).waitFor();
      expect(await analyst.page.getByTestId(`analysis-${SAMPLE}`).getByRole("button").count()).toBe(0);

      await analyst.page.getByRole("button", { name: "New analysis" }).first().click();
      await analyst.page.getByLabel("Title").fill("t".repeat(301));
      await analyst.page.getByRole("button", { name: /create/i }).click();
      const alert = analyst.page.getByRole("alert");
      await waitFor(async () =>
        expect(await alert.textContent()).toBe("The title can be at most 300 characters."),
      );
      await analyst.page.getByLabel("Title").fill("Who cut the power?");
      await analyst.page.getByRole("button", { name: /create/i }).click();
      await waitConnected(analyst.page);
      expect(await analyst.page.getByRole("alert").count()).toBe(0);

      // The creator leads the new analysis: the list offers Archive there.
      await analyst.page.goto("/");
      const mine = analyst.page
        .locator('[data-testid^="analysis-"]')
        .filter({ hasText: "Who cut the power?" });
      await mine.getByRole("button", { name: /Archive/ }).waitFor();
    } finally {
      await analyst.context.close();
    }
  });

  it("show empty states on a new analysis's history and lead review, and keep the matrix columns in a version", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Empty Em");
    try {
      const res = await context.request.post("/api/analyses", { data: { title: "Fresh" } });
      const { id } = (await res.json()) as { id: string };
      await page.goto(`/a/${id}/history`);
      await page.getByTestId("versions-empty").waitFor();
      await page.getByTestId("activity-empty").waitFor();
      await page.getByTestId("nav-lead").click();
      for (const empty of ["what-if-empty", "heatmap-empty", "milestones-empty"]) {
        await page.getByTestId(empty).waitFor();
      }

      await openMatrix(page, SAMPLE);
      await page.goto(`/a/${SAMPLE}/history`);
      await page.getByLabel("Version name").fill("Before");
      await page.getByRole("button", { name: "Save version" }).click();
      await page.getByTestId("version").first().getByRole("link", { name: "View this version" }).click();
      await page.getByTestId("version-banner").waitFor();
      const heads = await page.locator(".matrix [role=columnheader]").allTextContents();
      for (const column of ["Source", "Type", "Cred.", "Rel."]) expect(heads).toContain(column);
      await page.screenshot({ path: "/tmp/jclient-version.png" });
    } finally {
      await context.close();
    }
  });
});
