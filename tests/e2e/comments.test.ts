import { describe, expect, it } from "vitest";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { cellAt, openMatrix, SAMPLE } from "./helpers/pages";
import { waitFor } from "./helpers/waitFor";

const suite = browserSuite();

describe("comments", () => {
  it("keeps a posted comment through Ctrl+Z; its author deletes it and the feed says so", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Commenting Cleo");
    const reader = await openAs(suite.browser, suite.server.baseUrl, "Reading Rae");
    try {
      await openMatrix(page, SAMPLE);
      await openMatrix(reader.page, SAMPLE);
      // A rating first, so there is something of mine Ctrl+Z may undo.
      await cellAt(page, 0, 0).focus();
      await page.keyboard.press("4");
      await page.keyboard.press("m");
      await page.getByTestId("comment-input").fill("Is this source independent?");
      await page.getByRole("button", { name: "Comment", exact: true }).click();
      const body = (p: typeof page) => p.getByTestId("comment-body").filter({ hasText: "independent" });
      await body(page).waitFor();
      await reader.page.getByTestId("cell-comments").first().waitFor();

      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press("Control+z");
      // The rating is undone, the comment stays (here and for the teammate).
      await waitFor(async () => expect(await cellAt(page, 0, 0).getAttribute("data-rating")).toBe(""));
      expect(await body(page).count()).toBe(1);
      await page.keyboard.press("Control+z");
      expect(await body(page).count()).toBe(1);

      page.once("dialog", (d) => void d.accept());
      await page.getByTestId("delete-comment").click();
      await body(page).waitFor({ state: "detached" });
      await waitFor(async () => expect(await reader.page.getByTestId("cell-comments").count()).toBe(0));

      await page.goto(`/a/${SAMPLE}/history`);
      await waitFor(
        async () =>
          expect(await page.getByTestId("activity-feed").textContent()).toContain(
            "Commenting Cleo deleted a comment",
          ),
        { timeoutMs: 15_000 },
      );
    } finally {
      await context.close();
      await reader.context.close();
    }
  });
});
