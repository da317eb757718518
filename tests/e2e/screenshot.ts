/**
 * Renders the matrix of the sample analysis with two analysts at work and saves a 1400×900 screenshot
 * (`npx tsx tests/e2e/screenshot.ts [out.png] [--panel]`), for the README and for design review.
 */
import type { Page } from "playwright-core";
import { launchBrowser, openAs } from "./helpers/browser";
import { startServer } from "./helpers/server";

const out = process.argv.find((a) => a.endsWith(".png")) ?? "docs/screenshot-matrix.png";
const withPanel = process.argv.includes("--panel");
const CODES = ["CC", "C", "N", "I", "II", "NA"] as const;

async function rateSome(
  page: Page,
  evidenceIds: string[],
  hypothesisIds: string[],
  seed: number,
): Promise<void> {
  let s = seed;
  for (const e of evidenceIds) {
    for (const h of hypothesisIds) {
      s = (s * 1103515245 + 12345) % 2 ** 31;
      if (s % 5 === 0) continue;
      const code = CODES[s % CODES.length] as string;
      await page.getByTestId(`cell-${e}-${h}`).click();
      await page.getByTestId(`pick-${code}`).click();
    }
  }
}

const server = await startServer();
const browser = await launchBrowser();
try {
  const list = (await (await server.api("/api/analyses")).json()) as {
    analyses: { id: string; title: string }[];
  };
  const sample = list.analyses.find((a) => a.title.includes("Khairkhane"));
  if (!sample) throw new Error("no sample analysis");
  const view = (await (await server.api(`/api/analyses/${sample.id}`)).json()) as {
    evidence: { id: string; archived: boolean }[];
    hypotheses: { id: string; archived: boolean }[];
  };
  const ev = view.evidence.filter((e) => !e.archived).map((e) => e.id);
  const hy = view.hypotheses.filter((h) => !h.archived).map((h) => h.id);

  const alice = await openAs(browser, server.baseUrl, "Alice Analyst");
  const bob = await openAs(browser, server.baseUrl, "Bob Okafor");
  for (const { page } of [alice, bob]) {
    await page.goto(`/a/${sample.id}`);
    await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
  }
  await rateSome(alice.page, ev.slice(0, 9), hy, 7);
  await rateSome(bob.page, ev.slice(0, 6), hy, 3);
  await bob.page.getByTestId(`cell-${ev[2]}-${hy[1]}`).focus();
  await alice.page.getByTestId(`cell-${ev[1]}-${hy[0]}`).focus();
  if (withPanel) await alice.page.getByTestId(`details-${ev[1]}`).click();
  await alice.page.mouse.move(0, 0);
  // Clicking cells scrolls the grid; show it from the first row, with the view's team marks in place.
  await alice.page.evaluate(() => document.querySelector(".grid-scroll")?.scrollTo(0, 0));
  await alice.page.locator(".visitor-tag").first().waitFor();
  await alice.page.screenshot({ path: out });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
  await server.stop();
}
