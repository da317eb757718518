/**
 * The analyst's journey, with a second analyst and the lead on the same analysis: "I rate with the
 * keyboard and with the menu, then row by row. I comment on a cell and write a note on a row. Ctrl+Z
 * takes back my last rating and never my colleague's. My connection drops, I keep rating, and when
 * it is back my colleague sees what I did. When the lead makes ratings blind my colleague's marks
 * vanish at once, and they come back when the lead reveals — all without reloading."
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { cellAt, openLead, openMatrix, othersMark, SAMPLE, userIdOf } from "./helpers/pages";
import { waitFor } from "./helpers/waitFor";

const suite = browserSuite();

const ratingAt = (page: Page, row: number, col: number) => cellAt(page, row, col).getAttribute("data-rating");
/** How many cells of `page` show a mark of `userId`'s rating (the small dots under my own). */
const marksOf = (page: Page, userId: string) => page.locator(othersMark(userId)).count();
const markAt = async (page: Page, row: number, col: number, userId: string) =>
  ((await cellAt(page, row, col).getAttribute("data-others")) ?? "")
    .split(" ")
    .find((pair) => pair.startsWith(`${userId}:`))
    ?.slice(userId.length + 1) ?? null;

describe("the analyst's journey", () => {
  it("rates every way, comments, takes notes, undoes only their own rating, works offline and follows blind rating live", async () => {
    const ann = await openAs(suite.browser, suite.server.baseUrl, "Ann Analyst");
    const ben = await openAs(suite.browser, suite.server.baseUrl, "Ben Analyst");
    const lead = await openAs(suite.browser, suite.server.baseUrl, suite.server.admin?.name ?? "");
    try {
      const { page } = ann;
      const annId = await userIdOf(page);
      const benId = await userIdOf(ben.page);
      await openMatrix(page, SAMPLE);
      await openMatrix(ben.page, SAMPLE);

      // By keyboard: 4 on one cell, then → and 2.
      await cellAt(page, 2, 0).focus();
      await page.keyboard.press("4");
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("2");
      await waitFor(async () =>
        expect([await ratingAt(page, 2, 0), await ratingAt(page, 2, 1)]).toEqual(["I", "C"]),
      );

      // With the menu.
      await cellAt(page, 3, 0).click();
      await page.getByTestId("pick-CC").click();
      await waitFor(async () => expect(await ratingAt(page, 3, 0)).toBe("CC"));

      // Row by row: the first two rows, Neutral everywhere.
      await page.getByTestId("row-mode").click();
      const dialog = page.getByTestId("row-rating");
      await dialog.waitFor();
      for (let row = 0; row < 2; row++) {
        for (const button of await dialog.locator('[data-testid^="row-rate-"][data-testid$="-N"]').all()) {
          await button.click();
        }
        if (row === 0) await dialog.getByTestId("row-next").click();
      }
      await dialog.getByRole("button", { name: "Done" }).click();
      const columns = await page.locator('[data-testid^="cell-"][data-row="0"]').count();
      expect(columns).toBeGreaterThan(1);
      for (let col = 0; col < columns; col++) {
        await waitFor(async () =>
          expect([await ratingAt(page, 0, col), await ratingAt(page, 1, col)]).toEqual(["N", "N"]),
        );
      }
      // Ben sees Ann's ratings as marks.
      await waitFor(async () => expect(await markAt(ben.page, 3, 0, annId)).toBe("CC"));

      // A comment on a cell: Ben sees the cell's comment badge.
      await cellAt(page, 3, 1).focus();
      await page.keyboard.press("m");
      await page.getByTestId("comment-input").fill("Which source says this?");
      await page.getByRole("button", { name: "Comment", exact: true }).click();
      await page.getByTestId("comment-body").filter({ hasText: "Which source" }).waitFor();
      await waitFor(async () =>
        expect(await cellAt(ben.page, 3, 1).locator("xpath=..").getByTestId("cell-comments").count()).toBe(1),
      );
      await page.getByRole("button", { name: "Close details" }).click();

      // A note on a row, saved with the analysis.
      await cellAt(page, 3, 0).focus();
      await page.keyboard.press("Enter");
      const notes = page.getByTestId("evidence-notes");
      await notes.click();
      await page.keyboard.type("Check the original Amu TV report.");
      await waitFor(async () =>
        expect(JSON.stringify(await (await suite.server.api(`/api/analyses/${SAMPLE}`)).json())).toContain(
          "Check the original Amu TV report.",
        ),
      );
      await page.getByRole("button", { name: "Close details" }).click();

      // Undo takes back my last rating only, never Ben's.
      await cellAt(ben.page, 4, 1).focus();
      await ben.page.keyboard.press("1");
      await waitFor(async () => expect(await markAt(page, 4, 1, benId)).toBe("CC"));
      await cellAt(page, 4, 0).focus();
      await page.keyboard.press("5");
      await waitFor(async () => expect(await ratingAt(page, 4, 0)).toBe("II"));
      await page.keyboard.press("Control+z");
      await waitFor(async () => expect(await ratingAt(page, 4, 0)).toBe(""));
      expect(await markAt(page, 4, 1, benId)).toBe("CC");
      expect(await ratingAt(ben.page, 4, 1)).toBe("CC");
      expect(await ratingAt(page, 3, 0)).toBe("CC");

      // Offline: I keep rating; Ben sees it once I am back.
      await ann.context.setOffline(true);
      await page.locator('[data-testid="connection-status"][data-status="offline"]').waitFor();
      await cellAt(page, 5, 0).focus();
      await page.keyboard.press("3");
      await waitFor(async () => expect(await ratingAt(page, 5, 0)).toBe("N"));
      expect(await markAt(ben.page, 5, 0, annId)).toBeNull();
      await ann.context.setOffline(false);
      await page
        .locator('[data-testid="connection-status"][data-status="connected"]')
        .waitFor({ timeout: 15_000 });
      await waitFor(async () => expect(await markAt(ben.page, 5, 0, annId)).toBe("N"), { timeoutMs: 15_000 });

      // Blind rating starts and ends live.
      await openLead(lead.page, SAMPLE);
      await lead.page.getByTestId("blind-toggle").click();
      await waitFor(async () => expect(await marksOf(page, benId)).toBe(0), { timeoutMs: 3_000 });
      await page.getByTestId("blind-note").waitFor({ timeout: 1_000 });
      expect(await page.getByTestId("view-consensus").count()).toBe(0);
      expect(await ratingAt(page, 3, 0)).toBe("CC");
      await lead.page.getByTestId("blind-toggle").click();
      await waitFor(async () => expect(await marksOf(page, benId)).toBeGreaterThan(0), { timeoutMs: 3_000 });
      await page.getByTestId("view-consensus").waitFor({ timeout: 1_000 });
      await page.screenshot({ path: "/tmp/jclient-journey-analyst.png" });
    } finally {
      await ann.context.close();
      await ben.context.close();
      await lead.context.close();
    }
  });
});
