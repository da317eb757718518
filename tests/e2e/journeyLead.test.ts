/**
 * The lead's journey, as a lead would tell it: "I sign in, open the sample from the list, go to the
 * lead review, set the weights, override a cell with a reason, make the ratings blind, write the
 * conclusion and approve. I change something once more and the page says it changed since my
 * approval. I export an A4 PDF and it has my conclusion, my weights and the ranking."
 */
import { readFile } from "node:fs/promises";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { pageTexts } from "../fixtures/pdfText";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { SAMPLE, waitConnected } from "./helpers/pages";
import { waitFor } from "./helpers/waitFor";

// The lead is an admin made with the admin CLI while the server runs (the other files use the setup API).
const suite = browserSuite({}, { admin: "cli" });

/** Width and height in points of each page. */
async function pageSizes(bytes: Uint8Array): Promise<[number, number][]> {
  const pdf = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false }).promise;
  const sizes: [number, number][] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const { width, height } = (await pdf.getPage(p)).getViewport({ scale: 1 });
    sizes.push([Math.round(width), Math.round(height)]);
  }
  await pdf.destroy();
  return sizes;
}

describe("the lead's journey", () => {
  it("reviews, overrides, blinds, concludes, approves, sees a later change and exports an A4 PDF", async () => {
    const { context, page } = await openAs(
      suite.browser,
      suite.server.baseUrl,
      suite.server.admin?.name ?? "",
      {
        width: 1400,
        height: 900,
      },
    );
    try {
      // From the list to the sample's matrix, then to the lead review through the navigation.
      await page.getByTestId(`analysis-${SAMPLE}`).getByRole("link").first().click();
      await waitConnected(page);
      await page.getByTestId("nav-lead").click();
      await page.getByTestId("lead-page").waitFor();
      await waitConnected(page);
      expect(await page.title()).toMatch(/· Lead review — ACH Workspace$/);

      // Weights: Low 0.5, Medium 1, High 2.
      const weights = page.getByTestId("weights-form");
      await weights.getByLabel("Low").fill("0.5");
      await weights.getByLabel("Medium").fill("1");
      await weights.getByLabel("High").fill("2");
      await weights.getByRole("button", { name: "Apply weights" }).click();

      // Override the first cell of the disagreement map, with a reason.
      await page.locator('[data-testid^="heat-"]').first().click();
      const editor = page.getByTestId("override-editor");
      await editor.getByLabel("Consensus rating").selectOption("II");
      await editor.getByLabel("Reason").fill("The video evidence outweighs the statements");
      await editor.getByRole("button", { name: "Save override" }).click();
      await editor.waitFor({ state: "detached" });
      await page.getByText("* overridden by the lead").waitFor();

      // Blind rating on.
      await page.getByTestId("blind-toggle").click();
      await waitFor(async () =>
        expect(await page.getByTestId("blind-state").textContent()).toMatch(/blind/i),
      );

      // The conclusion: the lead can type in it.
      const conclusion = page.getByTestId("conclusion");
      await waitFor(async () => expect(await conclusion.getAttribute("contenteditable")).toBe("true"));
      await conclusion.click();
      await page.keyboard.type("The NRF-collaborator hypothesis is the least inconsistent.");

      // Approve; the badge says so.
      await page.getByTestId("approve").click();
      const badge = page.getByTestId("approval-badge");
      await waitFor(async () => expect(await badge.textContent()).toContain("Approved by"));

      // One more change: the page says it changed since the approval.
      await conclusion.click();
      await page.keyboard.press("End");
      await page.keyboard.type(" Watch the checkpoint reports.");
      await waitFor(async () => expect(await badge.textContent()).toContain("Changed since approval"), {
        timeoutMs: 15_000,
      });

      // The A4 PDF carries the conclusion, the weights and the ranking.
      await page.getByRole("button", { name: "Export" }).click();
      await page.getByLabel("Paper").selectOption("a4");
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Download PDF" }).click(),
      ]);
      const bytes = new Uint8Array(await readFile((await download.path()) as string));
      const text = (await pageTexts(bytes)).join(" ");
      expect(text).toContain("The NRF-collaborator hypothesis is the least inconsistent.");
      expect(text).toContain("Watch the checkpoint reports.");
      expect(text).toMatch(
        /Ranking — least inconsistent first Least inconsistent: H\d .* Rank Hypothesis .* 1 H\d /i,
      );
      // The footnote names the lead's weights, not PARC's defaults.
      expect(text).toMatch(/Low 0\.5/);
      // A4 is 595 × 842 pt.
      for (const [w, h] of await pageSizes(new Uint8Array(bytes))) {
        expect([Math.min(w, h), Math.max(w, h)]).toEqual([595, 842]);
      }
      await page.screenshot({ path: "/tmp/jclient-journey-lead.png" });
    } finally {
      await context.close();
    }
  });
});
