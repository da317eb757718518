import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openAs } from "./helpers/browser";
import { othersMark } from "./helpers/pages";
import { startServer, type TestServer } from "./helpers/server";
import { waitFor } from "./helpers/waitFor";

interface View {
  readonly hypotheses: readonly { id: string; archived: boolean }[];
  readonly evidence: readonly { id: string; claim: string; archived: boolean }[];
  readonly ratings: Readonly<Record<string, { name: string; cells: Readonly<Record<string, string>> }>>;
}

let server: TestServer;
let browser: Browser;

async function getJson<T>(path: string): Promise<T> {
  const res = await server.api(path);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function sampleAnalysis(): Promise<{ id: string; evidenceIds: string[]; hypothesisIds: string[] }> {
  const { analyses } = await getJson<{ analyses: { id: string; title: string }[] }>("/api/analyses");
  const sample = analyses.find((a) => a.title.includes("Khairkhane"));
  if (!sample) throw new Error("the sample analysis is missing");
  const view = await getJson<View>(`/api/analyses/${sample.id}`);
  return {
    id: sample.id,
    evidenceIds: view.evidence.filter((e) => !e.archived).map((e) => e.id),
    hypothesisIds: view.hypotheses.filter((h) => !h.archived).map((h) => h.id),
  };
}

async function openMatrix(page: Page, analysisId: string): Promise<void> {
  await page.goto(`/a/${analysisId}`);
  await page
    .locator('[data-testid="connection-status"][data-status="connected"]')
    .waitFor({ timeout: 15_000 });
}

const userIdOf = (page: Page): Promise<string> =>
  page.evaluate(
    async () => ((await (await fetch("/api/session")).json()) as { user: { id: string } }).user.id,
  );

const ratingOf = (page: Page, evidenceId: string, hypothesisId: string): Promise<string | null> =>
  page.getByTestId(`cell-${evidenceId}-${hypothesisId}`).getAttribute("data-rating");

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the matrix page", () => {
  it("shows one analyst's rating and another's new evidence to both, and keeps them after a reload", async () => {
    const { id, evidenceIds, hypothesisIds } = await sampleAnalysis();
    const [e0, h0] = [evidenceIds[0] as string, hypothesisIds[0] as string];
    const alice = await openAs(browser, server.baseUrl, "Alice Analyst");
    const bob = await openAs(browser, server.baseUrl, "Bob Builder");
    try {
      await openMatrix(alice.page, id);
      await openMatrix(bob.page, id);
      const aliceId = await userIdOf(alice.page);

      await alice.page.getByTestId(`cell-${e0}-${h0}`).click();
      await alice.page.getByTestId("pick-II").click();
      await waitFor(async () => expect(await ratingOf(alice.page, e0, h0)).toBe("II"));

      const aliceTick = (page: Page) =>
        page.getByTestId(`cell-${e0}-${h0}`).and(page.locator(othersMark(aliceId, "II")));
      await aliceTick(bob.page).waitFor({ timeout: 10_000 });
      // Bob's own rating of that cell stays unrated: each analyst rates independently.
      expect(await ratingOf(bob.page, e0, h0)).toBe("");

      const claim = "Satellite imagery shows <b>burn marks</b> at the compound";
      await bob.page.getByLabel("New evidence claim").fill(claim);
      await bob.page.getByRole("button", { name: "Add evidence" }).click();
      await alice.page.getByRole("button", { name: `Evidence claim: ${claim}` }).waitFor();

      await alice.page.reload();
      await bob.page.reload();
      await openMatrix(alice.page, id);
      await openMatrix(bob.page, id);
      await waitFor(async () => expect(await ratingOf(alice.page, e0, h0)).toBe("II"));
      await bob.page.getByRole("button", { name: `Evidence claim: ${claim}` }).waitFor();
      await aliceTick(bob.page).waitFor({ timeout: 10_000 });

      // The server holds both, not only the browsers' local copies.
      const view = await getJson<View>(`/api/analyses/${id}`);
      expect(view.ratings[aliceId]?.cells[`${e0}:${h0}`]).toBe("II");
      expect(view.ratings[aliceId]?.name).toBe("Alice Analyst");
      expect(view.evidence.some((e) => e.claim === claim)).toBe(true);
    } finally {
      await alice.context.close();
      await bob.context.close();
    }
  });

  it("rates the focused cell from the keyboard and moves between cells with the arrow keys", async () => {
    const { id, evidenceIds, hypothesisIds } = await sampleAnalysis();
    const [e0, e1] = [evidenceIds[0] as string, evidenceIds[1] as string];
    const [h0, h1] = [hypothesisIds[0] as string, hypothesisIds[1] as string];
    const carol = await openAs(browser, server.baseUrl, "Carol");
    const { page } = carol;
    try {
      await openMatrix(page, id);
      await page.getByTestId(`cell-${e0}-${h0}`).click();
      await page.getByTestId("rating-picker").waitFor();
      await page.keyboard.press("Escape");
      await waitFor(async () => expect(await page.getByTestId("rating-picker").count()).toBe(0));

      await page.keyboard.press("1");
      await waitFor(async () => expect(await ratingOf(page, e0, h0)).toBe("CC"));
      await page.keyboard.press("ArrowRight");
      await page.keyboard.press("4");
      await waitFor(async () => expect(await ratingOf(page, e0, h1)).toBe("I"));
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("x");
      await waitFor(async () => expect(await ratingOf(page, e1, h1)).toBe("NA"));
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("Backspace");
      await waitFor(async () => expect(await ratingOf(page, e0, h1)).toBe(""));
      expect(await ratingOf(page, e0, h0)).toBe("CC");
    } finally {
      await carol.context.close();
    }
  });

  it("numbers the grid's rows and columns for assistive technology as they are drawn", async () => {
    const { id, evidenceIds, hypothesisIds } = await sampleAnalysis();
    const dana = await openAs(browser, server.baseUrl, "Dana");
    try {
      await openMatrix(dana.page, id);
      const grid = await dana.page.evaluate(() => {
        const g = document.querySelector('[role="grid"]') as HTMLElement;
        const cols = (row: Element) =>
          [...row.querySelectorAll('[role="columnheader"], [role="rowheader"], [role="gridcell"]')].map((c) =>
            Number(c.getAttribute("aria-colindex")),
          );
        const rows = [...g.querySelectorAll('[role="row"]')];
        return {
          colcount: Number(g.getAttribute("aria-colcount")),
          rowcount: Number(g.getAttribute("aria-rowcount")),
          header: cols(rows[0] as Element),
          firstRow: cols(rows[1] as Element),
          rowIndexes: rows.map((r) => Number(r.getAttribute("aria-rowindex"))),
        };
      });
      const columns = grid.header.length;
      expect(grid.header).toEqual(Array.from({ length: columns }, (_, i) => i + 1));
      expect(grid.firstRow).toEqual(grid.header);
      expect(grid.colcount).toBe(columns);
      // Header, every evidence row and the "new evidence" row.
      expect(grid.rowcount).toBe(evidenceIds.length + 2);
      expect(grid.rowIndexes.slice(0, 3)).toEqual([1, 2, 3]);
      expect(grid.rowIndexes.at(-1)).toBe(grid.rowcount);
      // A rating cell sits under its hypothesis's header.
      const cell = dana.page.getByTestId(`cell-${evidenceIds[0]}-${hypothesisIds[0]}`).locator("xpath=..");
      const header = dana.page.getByRole("columnheader").filter({ hasText: "H1" });
      expect(await cell.getAttribute("aria-colindex")).toBe(
        await header.first().getAttribute("aria-colindex"),
      );
      // A level is spoken in words, not as its pill's letter (the pill and its words are siblings).
      const row = dana.page.getByTestId(`ev-${evidenceIds[0]}`);
      for (const what of ["Credibility", "Relevance"])
        expect(
          await row.getByRole("gridcell", { name: new RegExp(`^${what}: (Low|Medium|High)$`) }).count(),
        ).toBe(1);
    } finally {
      await dana.context.close();
    }
  });

  // A missing analysis and one not shared with me look the same (4403), so neither leaks existence.
  it("explains that an analysis cannot be opened instead of reconnecting forever", async () => {
    const dana = await openAs(browser, server.baseUrl, "Dana");
    try {
      await dana.page.goto("/a/no-such-analysis");
      const fatal = dana.page.getByTestId("fatal");
      await fatal.waitFor({ timeout: 10_000 });
      expect(await fatal.textContent()).toContain("You do not have access to this analysis.");
    } finally {
      await dana.context.close();
    }
  });

  it("creates an analysis, renames it inline, and archives and restores a hypothesis", async () => {
    const erin = await openAs(browser, server.baseUrl, "Erin");
    const { page } = erin;
    try {
      await page.getByRole("button", { name: "New analysis" }).first().click();
      await page.getByRole("button", { name: "Create analysis" }).click();
      await page.getByText("Title must not be empty").waitFor();
      await page.getByLabel("Title").fill("Convoy attack");
      await page.getByRole("button", { name: "Create analysis" }).click();
      await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();

      await page.getByTestId("analysis-title").click();
      await page.getByLabel("Analysis title").fill("Convoy attack near the border");
      await page.keyboard.press("Enter");
      await page.getByRole("button", { name: "Analysis title: Convoy attack near the border" }).waitFor();

      await page.getByLabel("New hypothesis title").fill("Smugglers");
      await page.getByRole("button", { name: "Add hypothesis" }).click();
      await page.getByRole("button", { name: 'Archive hypothesis "Smugglers"' }).click();
      await waitFor(async () => expect(await page.getByText("Smugglers").count()).toBe(0));
      await page.getByTestId("show-archived").check();
      await page.getByRole("button", { name: 'Restore hypothesis "Smugglers"' }).click();
      await page.getByTestId("show-archived").uncheck();
      await page.getByRole("button", { name: "Hypothesis title: Smugglers" }).waitFor();

      await page.getByRole("link", { name: "All analyses" }).click();
      await page.getByRole("link", { name: "Convoy attack near the border" }).waitFor();
    } finally {
      await erin.context.close();
    }
  });
});
