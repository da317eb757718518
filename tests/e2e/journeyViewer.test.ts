/**
 * The viewer's journey: "I open the analysis I was shared read-only. I watch an analyst change a
 * claim as it happens, I export a PDF, and nowhere am I offered something I am not allowed to do —
 * no editable field, no rating menu, no Archive, no approval, no version to save."
 */
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { pageTexts } from "../fixtures/pdfText";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { cellAt, openLead, openMatrix, SAMPLE } from "./helpers/pages";
import { waitFor } from "./helpers/waitFor";

const suite = browserSuite();

/**
 * Controls in `scope` that would change the analysis (editable text, enabled form fields), described
 * so a failure names them. The view's own controls (search, sort, filters, export options, what-if rows) are not edits.
 */
const editControls = (page: Page, scope: string): Promise<string[]> =>
  page.evaluate(
    (root) =>
      [
        ...document.querySelectorAll<HTMLElement>(
          `${root} [contenteditable="true"], ${root} input:enabled:not([readonly]), ${root} textarea:enabled:not([readonly]), ${root} select:enabled`,
        ),
      ]
        .filter((el) => !el.closest(".viewbar, .export-panel, .history-filters, .what-if-rows"))
        .map((el) => el.outerHTML.slice(0, 120)),
    scope,
  );

describe("the viewer's journey", () => {
  it("reads live, exports, and is offered nothing that would fail", async () => {
    const viewer = await openAs(suite.browser, suite.server.baseUrl, "Vera Viewer", undefined, "viewer");
    const analyst = await openAs(suite.browser, suite.server.baseUrl, "Ana Analyst");
    try {
      const { page } = viewer;
      // The list offers no Archive.
      await page.getByTestId(`analysis-${SAMPLE}`).waitFor();
      expect(await page.getByTestId(`analysis-${SAMPLE}`).getByRole("button").count()).toBe(0);

      await openMatrix(page, SAMPLE);
      await page.getByTestId("read-only").waitFor();
      await page.getByText("Description").click();
      expect(await editControls(page, ".matrix-page")).toEqual([]);
      expect(await page.getByRole("button", { name: "Add evidence" }).count()).toBe(0);
      expect(await page.getByRole("button", { name: "Add hypothesis" }).count()).toBe(0);
      expect(await page.getByTestId("row-mode").count()).toBe(0);
      // Nothing of my own to show or undo: no "My ratings", no Undo; the team's consensus is shown.
      expect(await page.getByTestId("undo").count()).toBe(0);
      expect(await page.getByTestId("view-mine").count()).toBe(0);
      expect(await page.getByTestId("view-consensus").getAttribute("aria-pressed")).toBe("true");

      // A cell opens its details, never the rating menu; the details offer no comment box.
      await cellAt(page, 0, 0).click();
      await page.getByTestId("cell-panel").waitFor();
      expect(await page.getByTestId("rating-picker").count()).toBe(0);
      expect(await page.getByTestId("comment-input").count()).toBe(0);
      expect(await page.getByTestId("cell-panel").textContent()).not.toContain("Ask a question");
      expect(await editControls(page, '[data-testid="cell-panel"]')).toEqual([]);
      // A row's details: every field read-only, no Archive or Merge.
      await page.locator('[data-testid^="details-"]').first().click();
      const panel = page.locator("aside.panel");
      await panel.getByText("Notes").first().waitFor();
      expect(await editControls(page, "aside.panel")).toEqual([]);
      expect(await panel.getByRole("button", { name: /Archive|Merge|Delete/ }).count()).toBe(0);

      // An analyst changes a claim: the viewer sees it without reloading.
      await openMatrix(analyst.page, SAMPLE);
      const claim = analyst.page.locator('[data-testid^="claim-"]').first();
      const claimId = ((await claim.getAttribute("data-testid")) ?? "").replace(/^claim-/, "");
      await claim.focus();
      await analyst.page.keyboard.press("Enter");
      await analyst.page.getByTestId(`claim-${claimId}-input`).fill("Seen live by the viewer");
      await analyst.page.keyboard.press("Enter");
      await waitFor(async () =>
        expect(await page.getByTestId(`ev-${claimId}`).textContent()).toContain("Seen live by the viewer"),
      );

      // Export: the PDF has the live change.
      await page.getByRole("button", { name: "Export" }).click();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Download PDF" }).click(),
      ]);
      const text = (await pageTexts(new Uint8Array(await readFile((await download.path()) as string)))).join(
        " ",
      );
      expect(text).toContain("Seen live by the viewer");
      await page.screenshot({ path: "/tmp/jclient-viewer-matrix.png" });

      // The lead review: nothing to approve, override, blind or write.
      await openLead(page, SAMPLE);
      expect(await page.getByTestId("approve").count()).toBe(0);
      expect(await page.getByTestId("blind-toggle").count()).toBe(0);
      expect(await page.getByRole("button", { name: "Apply weights" }).count()).toBe(0);
      expect(await page.getByTestId("conclusion").getAttribute("contenteditable")).toBe("false");
      expect(await editControls(page, '[data-testid="lead-page"]')).toEqual([]);
      await page.screenshot({ path: "/tmp/jclient-viewer-lead.png" });

      // The history: no version to save, nothing to restore.
      await page.getByTestId("nav-history").click();
      await page.getByRole("heading", { name: "History" }).waitFor();
      await page.getByTestId("activity-feed").waitFor();
      expect(await page.getByRole("button", { name: "Save version" }).count()).toBe(0);
      expect(await page.getByRole("button", { name: /Restore/ }).count()).toBe(0);
    } finally {
      await viewer.context.close();
      await analyst.context.close();
    }
  });
});
