/**
 * A hypothesis nobody rated is "not yet rated" on screen: it never heads the lead's ranking, ranks
 * last, the matrix header says so instead of showing a rank, and the lead's chart draws it no bar.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { waitFor } from "./helpers/waitFor";

const suite = browserSuite({ NO_SAMPLE: "1" });

async function rate(page: Page, evidenceId: string, hypothesisId: string, code: string): Promise<void> {
  await page.getByTestId(`cell-${evidenceId}-${hypothesisId}`).click();
  await page.getByTestId(`pick-${code}`).click();
  await waitFor(async () =>
    expect(await page.getByTestId(`cell-${evidenceId}-${hypothesisId}`).getAttribute("data-rating")).toBe(
      code,
    ),
  );
}

describe("hypotheses nobody rated", () => {
  it("rank last as 'not yet rated' and the headline names the rated leader with a warning", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Rita Rater");
    try {
      const res = await context.request.post("/api/analyses", {
        data: {
          schemaVersion: 1,
          title: "Unrated columns",
          hypotheses: [
            { id: "h1", title: "Alpha" },
            { id: "h2", title: "Bravo" },
            { id: "h3", title: "Charlie" },
          ],
          evidence: [
            { id: "e1", claim: "Convoy seen at dawn" },
            { id: "e2", claim: "Leaflets in Pashto" },
          ],
        },
      });
      expect(res.status()).toBe(201);
      const { id } = (await res.json()) as { id: string };
      await page.goto(`/a/${id}`);
      await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
      await rate(page, "e1", "h1", "I");
      await rate(page, "e2", "h1", "I");
      await rate(page, "e1", "h2", "C");
      await waitFor(async () =>
        expect(await page.getByTestId("hyp-score-h3").textContent()).toBe("not yet rated"),
      );
      expect(await page.getByTestId("hyp-score-h2").textContent()).toContain("#1");

      await page.goto(`/a/${id}/lead`);
      await page.getByTestId("lead-page").waitFor();
      await waitFor(async () =>
        expect(await page.getByTestId("top-hypothesis").textContent()).toBe(
          "Least inconsistent: Bravo (rated on only 1 row, fewer than other hypotheses)",
        ),
      );
      const rows = page.getByTestId("ranking-row");
      expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-hypothesis")))).toEqual([
        "h2",
        "h1",
        "h3",
      ]);
      expect(await rows.last().locator("td").first().textContent()).toBe("not yet rated");
      // The chart draws no bar for it (a 0.00 bar would read as the most likely), as the PDF leaves it out.
      const chart = page.getByTestId("score-chart");
      expect(await chart.locator('[data-testid^="score-bar-"]').count()).toBe(2);
      expect(await chart.getByTestId("score-bar-h3").count()).toBe(0);
      expect(await chart.getByTestId("score-unrated-h3").textContent()).toBe("not yet rated");
    } finally {
      await context.close();
    }
  });
});
