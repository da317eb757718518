import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { cellAt, openMatrix, SAMPLE } from "./helpers/pages";
import { waitFor } from "./helpers/waitFor";

const suite = browserSuite();

const gridTop = (page: Page) => page.locator(".grid-scroll").evaluate((el) => el.scrollTop);

describe("the rating menu", () => {
  it("opens on a cell near the top without scrolling the grid and stays next to its cell", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Scroll Sam", {
      width: 1280,
      height: 720,
    });
    try {
      await openMatrix(page, SAMPLE);
      for (const [row, col] of [
        [0, 0],
        [1, 1],
        [2, 0],
      ] as const) {
        const cell = cellAt(page, row, col);
        const before = await gridTop(page);
        await cell.click();
        const menu = page.getByTestId("rating-picker");
        await menu.waitFor();
        expect(await gridTop(page)).toBe(before);
        const c = await cell.boundingBox();
        const m = await menu.boundingBox();
        if (!c || !m) throw new Error("cell or menu not laid out");
        // Directly below (or above) the cell, overlapping it horizontally.
        const gap = Math.min(Math.abs(m.y - (c.y + c.height)), Math.abs(c.y - (m.y + m.height)));
        expect(gap).toBeLessThanOrEqual(8);
        expect(m.x).toBeLessThan(c.x + c.width);
        await page.keyboard.press("Escape");
        await menu.waitFor({ state: "detached" });
      }
    } finally {
      await context.close();
    }
  });

  it("rates, clears and opens comments with the keys it shows while it is open", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Keys Kim");
    try {
      await openMatrix(page, SAMPLE);
      const cell = cellAt(page, 0, 0);
      const menu = page.getByTestId("rating-picker");
      for (const [key, code] of [
        ["4", "I"],
        ["1", "CC"],
        ["0", "NA"],
        ["Backspace", ""],
        ["5", "II"],
      ] as const) {
        await cell.click();
        await menu.waitFor();
        await page.keyboard.press(key);
        await menu.waitFor({ state: "detached" });
        await waitFor(async () => expect(await cell.getAttribute("data-rating")).toBe(code));
      }
      await cell.click();
      await menu.waitFor();
      await page.keyboard.press("m");
      await page.getByTestId("cell-panel").waitFor();
    } finally {
      await context.close();
    }
  });
});
