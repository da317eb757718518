/**
 * The matrix as a newcomer meets it at the keyboard and on a laptop screen (found by an outside
 * tester): Escape closes the open panel, letters rate, the grid is one tab stop, cell names are
 * short, a 1280×720 window shows a useful number of rows, and hovering a row moves nothing.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openAs } from "./helpers/browser";
import { cellAt, openMatrix, SAMPLE } from "./helpers/pages";
import { startServer, type TestServer } from "./helpers/server";
import { waitFor } from "./helpers/waitFor";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const LAPTOP = { width: 1280, height: 720 };

/** What has focus: a rating cell as "cell r,c", else its tag, class and accessible label. */
const focused = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return "none";
    if (el.matches("button.rating")) return `cell ${el.dataset.row},${el.dataset.col}`;
    return `${el.tagName.toLowerCase()}.${el.className} ${el.getAttribute("aria-label") ?? ""}`;
  });

const ratingAt = (page: Page, row: number, col: number): Promise<string | null> =>
  cellAt(page, row, col).getAttribute("data-rating");

async function signedIn(name: string, role: "analyst" | "viewer" = "analyst", viewport = LAPTOP) {
  const session = await openAs(browser, server.baseUrl, name, viewport, role);
  await openMatrix(session.page, SAMPLE);
  await cellAt(session.page, 0, 0).waitFor();
  return session;
}

describe("the matrix at the keyboard", () => {
  it("closes the evidence panel with Escape from a rating cell, focus staying on the cell", async () => {
    const { context, page } = await signedIn("Esme Escape");
    try {
      await cellAt(page, 1, 1).focus();
      await page.keyboard.press("Enter");
      await page.getByTestId("evidence-panel").waitFor();
      expect(await focused(page)).toBe("cell 1,1");
      await page.keyboard.press("Escape");
      await waitFor(async () => expect(await page.getByTestId("evidence-panel").count()).toBe(0));
      expect(await focused(page)).toBe("cell 1,1");

      // From inside the panel, Escape closes it and focus goes back to the grid's cell.
      await page.keyboard.press("Enter");
      await page.getByTestId("evidence-panel").getByRole("button", { name: "Close details" }).focus();
      await page.keyboard.press("Escape");
      await waitFor(async () => expect(await page.getByTestId("evidence-panel").count()).toBe(0));
      expect(await focused(page)).toBe("cell 1,1");
    } finally {
      await context.close();
    }
  });

  it("rates with the code's letter (Shift for CC and II), M opens the cell's comments", async () => {
    const { context, page } = await signedIn("Lena Letters");
    try {
      await cellAt(page, 0, 0).focus();
      const steps: [string, string][] = [
        ["c", "C"],
        ["Shift+C", "CC"],
        ["n", "N"],
        ["i", "I"],
        ["Shift+I", "II"],
        ["a", "NA"],
      ];
      for (const [key, code] of steps) {
        await page.keyboard.press(key);
        await waitFor(async () => expect(await ratingAt(page, 0, 0)).toBe(code));
      }
      await page.keyboard.press("m");
      await page.getByTestId("cell-panel").waitFor();
      // M means "comment": the comment box is focused and scrolled into the panel's view.
      const box = page.getByTestId("comment-input");
      await waitFor(async () => expect(await box.evaluate((el) => el === document.activeElement)).toBe(true));
      expect(
        await box.evaluate((el) => {
          const r = el.getBoundingClientRect();
          const panel = (el.closest("aside.panel") as HTMLElement).getBoundingClientRect();
          return r.top >= panel.top && r.bottom <= Math.min(panel.bottom, window.innerHeight);
        }),
      ).toBe(true);
      // The hypothesis's name wraps in the panel instead of being cut off.
      const hypothesisLine = page.getByTestId("cell-panel").getByText("Hypothesis:").locator("..");
      expect(await hypothesisLine.evaluate((el) => getComputedStyle(el).whiteSpace)).not.toBe("nowrap");

      // Letters typed into a field are text, not ratings.
      const field = page.getByPlaceholder("New evidence or argument…");
      await field.click();
      await page.keyboard.type("cini");
      expect(await field.inputValue()).toBe("cini");
      expect(await ratingAt(page, 0, 0)).toBe("NA");

      // The shortcuts help lists the letters.
      await page.keyboard.press("Escape");
      await cellAt(page, 0, 0).focus();
      await page.keyboard.press("?");
      const help = (await page.getByTestId("shortcuts").textContent()) ?? "";
      expect(help).toMatch(/C N I/);
      expect(help).toMatch(/Shift C/);
    } finally {
      await context.close();
    }
  });

  it("does not rate for a viewer who presses the letters", async () => {
    const { context, page } = await signedIn("Vic Viewer", "viewer");
    try {
      const before = await cellAt(page, 0, 0).getAttribute("data-shown");
      await cellAt(page, 0, 0).focus();
      for (const key of ["c", "i", "Shift+I", "1"]) await page.keyboard.press(key);
      expect(await cellAt(page, 0, 0).getAttribute("data-shown")).toBe(before);
      expect(await cellAt(page, 0, 0).getAttribute("data-rating")).toBeNull();
    } finally {
      await context.close();
    }
  });

  it("is one tab stop: Tab lands on a cell, the next Tab leaves the grid, arrows reach the headers", async () => {
    const { context, page } = await signedIn("Tab Tabitha");
    try {
      // Focus the last control before the grid, as a Tab from the top would.
      await page.evaluate(() => {
        const grid = document.querySelector('[data-testid="matrix"]');
        const all = [
          ...document.querySelectorAll<HTMLElement>("a[href], button, input, select, textarea, [tabindex]"),
        ].filter(
          (el) =>
            el.tabIndex >= 0 &&
            !el.closest("[inert], [hidden]") &&
            el.getClientRects().length > 0 &&
            grid?.compareDocumentPosition(el) === Node.DOCUMENT_POSITION_PRECEDING,
        );
        all.at(-1)?.focus();
      });
      await page.keyboard.press("Tab");
      expect(await focused(page)).toBe("cell 0,0");
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowRight");
      expect(await focused(page)).toBe("cell 1,1");
      await page.keyboard.press("Tab");
      const after = await focused(page);
      expect(after).not.toMatch(/^cell/);
      expect(
        await page.evaluate(() => document.activeElement?.closest(".grid-head, .grid-body") ?? null),
      ).toBeNull();
      await page.keyboard.press("Shift+Tab");
      expect(await focused(page)).toBe("cell 1,1");

      // Up from the first row reaches the column's header; its width handle is a Tab further on.
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("ArrowUp");
      expect(await focused(page)).toMatch(/Hypothesis title/);
      const h2 = await page.evaluate(() =>
        document.activeElement?.closest('[role="columnheader"]')?.getAttribute("data-testid"),
      );
      expect(h2).toMatch(/^hyp-/);
      // Tab walks the header's controls to its width handle, and the Tab after leaves the grid.
      let steps = 0;
      while (!(await focused(page)).startsWith("div.col-resizer") && steps++ < 8)
        await page.keyboard.press("Tab");
      expect(await focused(page)).toMatch(/^div\.col-resizer Width of the column/);
      await page.keyboard.press("ArrowDown");
      expect(await focused(page)).toBe("cell 0,1");
      // Left from the first column reaches the row's header.
      await page.keyboard.press("ArrowLeft");
      await page.keyboard.press("ArrowLeft");
      expect(await focused(page)).toMatch(/Evidence claim/);
      await page.keyboard.press("ArrowRight");
      expect(await focused(page)).toBe("cell 0,0");
    } finally {
      await context.close();
    }
  });

  it("resizes one column from the keyboard without shrinking its neighbours", async () => {
    const { context, page } = await signedIn("Rita Resize");
    try {
      const widths = () =>
        page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>(".grid-head .hyp-head")].map((h) =>
            Math.round(h.getBoundingClientRect().width),
          ),
        );
      const before = await widths();
      const handle = page.locator(".grid-head .hyp-head").nth(1).locator(".col-resizer");
      await handle.focus();
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("ArrowRight");
      await waitFor(async () => expect((await widths())[1]).toBe((before[1] ?? 0) + 32));
      const after = await widths();
      expect(after.filter((_, i) => i !== 1)).toEqual(before.filter((_, i) => i !== 1));
    } finally {
      await context.close();
    }
  });

  it("names a cell in a few words, the detail in its description", async () => {
    const { context, page } = await signedIn("Nora Names");
    try {
      await cellAt(page, 2, 1).focus();
      await page.keyboard.press("2");
      await waitFor(async () => expect(await ratingAt(page, 2, 1)).toBe("C"));
      const label = (await cellAt(page, 2, 1).getAttribute("aria-label")) ?? "";
      expect(label).toMatch(/^E3 × H2: Consistent \(you\)/);
      expect(label.length).toBeLessThanOrEqual(80);
      // Rows and headers are named by their key and text, not by all their contents run together.
      const row = page.locator(".grid-body [role=row]").nth(2);
      expect(await row.getAttribute("aria-label")).toBe("E3");
      expect(await row.getByRole("rowheader").getAttribute("aria-label")).toMatch(/^E3: \S/);
      expect(await page.locator(".grid-head .hyp-head").nth(1).getAttribute("aria-label")).toMatch(/^H2: \S/);
      const rowName = (await row.ariaSnapshot()).split("\n")[0] ?? "";
      expect(rowName.length).toBeLessThanOrEqual(40);
    } finally {
      await context.close();
    }
  });
});

describe("the matrix on a laptop screen", () => {
  it("shows at least 8 evidence rows at 1280×720", async () => {
    const { context, page } = await signedIn("Lara Laptop");
    try {
      // Let the grid settle (fonts, the first-rating hint) before measuring.
      await page.waitForTimeout(0);
      const visible = await waitFor(() =>
        page.evaluate(() => {
          const scroll = document.querySelector(".grid-scroll")?.getBoundingClientRect();
          const head = document.querySelector(".grid-head")?.getBoundingClientRect();
          if (!scroll || !head) return false;
          const top = head.bottom;
          const bottom = Math.min(scroll.bottom, window.innerHeight);
          return [...document.querySelectorAll(".grid-body .ev-row")].filter((r) => {
            const b = r.getBoundingClientRect();
            return b.top >= top - 1 && b.bottom <= bottom + 1;
          }).length;
        }),
      );
      await page.screenshot({ path: "/tmp/ach-laptop-rows.png" });
      console.log(`evidence rows fully visible at 1280×720: ${visible}`);
      expect(visible).toBeGreaterThanOrEqual(8);
    } finally {
      await context.close();
    }
  });

  it("moves nothing when the pointer hovers a row", async () => {
    const { context, page } = await signedIn("Hugo Hover", "analyst");
    try {
      const boxes = () =>
        page.evaluate(() =>
          [
            ...document.querySelectorAll<HTMLElement>(
              ".matrix .claim-text, .matrix .row-key, .matrix button.rating",
            ),
          ]
            .slice(0, 60)
            .map((el) => {
              const b = el.getBoundingClientRect();
              return [b.x, b.y, b.width, b.height].map(Math.round).join(",");
            }),
        );
      await page.mouse.move(5, 5);
      const before = await boxes();
      await page.locator(".grid-body .ev-row").nth(1).locator(".claim-cell").hover();
      await page.locator(".grid-body .ev-row").nth(1).locator(".row-actions button").first().waitFor();
      expect(await boxes()).toEqual(before);
    } finally {
      await context.close();
    }
  });
});
