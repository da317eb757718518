/**
 * The Sources page in the browser: a passage selected in a source becomes a new evidence row with its
 * citation, the citation on the matrix opens the source at the highlighted passage, a second user sees
 * new highlights live, the PDF export carries the Sources appendix, and a viewer reads without editing. Screenshots go to the temp directory.
 */
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIRequestContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { pageTexts } from "../fixtures/pdfText";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { waitConnected } from "./helpers/pages";
import { waitFor } from "./helpers/waitFor";

const suite = browserSuite({ NO_SAMPLE: "1" });
const shot = (name: string): string => join(tmpdir(), `ach-sources-${name}.png`);

const TEXT =
  "The ministry said the convoy left the base at dawn. Witnesses in the district saw smoke over the bridge an hour later.";

async function createAnalysis(
  api: APIRequestContext,
  members: readonly { name: string; role: "analyst" | "viewer" }[],
): Promise<string> {
  const res = await api.post("/api/analyses", {
    data: {
      schemaVersion: 1,
      title: "Bridge incident",
      hypotheses: [{ id: "h1", title: "Strike" }],
      evidence: [{ id: "e1", claim: "Smoke seen over the bridge" }],
    },
  });
  expect(res.status()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  for (const m of members) {
    const invited = await api.post(`/api/analyses/${id}/members`, { data: m });
    expect(invited.status()).toBe(201);
  }
  return id;
}

/** Adds a source on the list page and lands on it; answers its id. */
async function addSource(page: Page, id: string, title: string): Promise<string> {
  await page.goto(`/a/${id}/sources`);
  await waitConnected(page);
  await page.getByTestId("new-source-title").fill(title);
  await page.getByTestId("add-source").click();
  await page.waitForURL(/\/sources\/[^/?]+$/);
  await page.getByTestId("source-text").waitFor();
  return decodeURIComponent(new URL(page.url()).pathname.split("/").at(-1) ?? "");
}

/** Selects `words` inside the captured text (a DOM selection, as a drag would make). */
async function selectText(page: Page, words: string): Promise<void> {
  await page.evaluate((w) => {
    const root = document.querySelector('[data-testid="source-text"]') as HTMLElement;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(w) ?? -1;
      if (at < 0) continue;
      root.focus();
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + w.length);
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
      return;
    }
    throw new Error(`"${w}" is not in the text`);
  }, words);
}

/** Selects `words` and waits for the actions offered on a selection. */
async function selectWords(page: Page, words: string): Promise<void> {
  await selectText(page, words);
  await page.getByTestId("selection-actions").waitFor();
}

/** The captured text as its readers see it: without others' carets and the citation codes. */
const sourceText = (page: Page): Promise<string> =>
  page.getByTestId("source-text").evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const extra of copy.querySelectorAll(".collaboration-carets__caret, .cite-codes")) extra.remove();
    return copy.textContent ?? "";
  });

const highlights = (page: Page) =>
  page
    .locator('[data-testid="source-text"] .cited')
    .evaluateAll((els) => els.map((e) => ({ text: e.textContent, codes: e.getAttribute("data-codes") })));

describe("sources and cited passages", () => {
  it("makes a new evidence row from a selected passage and opens the source at it from the matrix", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Sara Analyst");
    try {
      const id = await createAnalysis(context.request, []);
      const sourceId = await addSource(page, id, "Ministry statement");
      const editor = page.getByTestId("source-text");
      await editor.click();
      await page.keyboard.insertText(TEXT);
      await selectWords(page, "the convoy left the base at dawn");
      await page.screenshot({ path: shot("selection") });
      await page.getByTestId("new-evidence-from-passage").click();

      await waitFor(async () =>
        expect(await highlights(page)).toEqual([{ text: "the convoy left the base at dawn", codes: "E2" }]),
      );
      expect(await editor.locator(".cite-codes").textContent()).toBe("E2");
      await page.screenshot({ path: shot("highlight") });

      // "Cite in evidence…" puts a second passage of the same source on the existing row E1.
      await selectWords(page, "saw smoke over the bridge");
      await page.getByTestId("cite-in-evidence").click();
      await page.getByTestId("cite-rows").getByRole("button", { name: /E1/ }).click();
      await waitFor(async () => expect((await highlights(page)).map((h) => h.codes)).toEqual(["E2", "E1"]));

      // The review counts one source behind both rows and warns that they rest on it alone.
      await page.goto(`/a/${id}/lead`);
      const rows = page.getByTestId("corroboration-rows");
      await waitFor(async () => expect(await rows.locator("tbody tr").count()).toBe(2));
      expect(await page.getByTestId("corroboration-warnings").textContent()).toContain(
        "E1 and E2 rest on one single source alone, Ministry statement",
      );
      await page.getByTestId("corroboration").scrollIntoViewIfNeeded();
      await page.screenshot({ path: shot("lead-corroboration") });

      // The new row on the matrix: claim from the quote, source filled, one citation chip.
      await page.goto(`/a/${id}`);
      await waitConnected(page);
      const row = page.locator('[role="row"][data-testid^="ev-"]').nth(1);
      await waitFor(async () =>
        expect(await row.textContent()).toContain("the convoy left the base at dawn"),
      );
      await row.locator('[data-testid^="citations-"]').click();
      await page.locator('[data-testid^="citation-"]').first().click();

      await page.waitForURL(new RegExp(`/a/${id}/sources/${sourceId}\\?cite=`));
      const focused = page.locator('[data-testid="source-text"] .cited.is-focused');
      await focused.waitFor();
      expect(await focused.textContent()).toBe("the convoy left the base at dawn");
      expect(await focused.isVisible()).toBe(true);
      await page.screenshot({ path: shot("opened-at-citation") });

      // The evidence panel lists the citation with its source.
      await page.goto(`/a/${id}`);
      await waitConnected(page);
      await page.locator('[data-testid^="details-"]').nth(1).click();
      const cited = page.getByTestId("evidence-citations");
      await waitFor(async () => expect(await cited.textContent()).toContain("Ministry statement"));
      expect(await cited.textContent()).toContain("the convoy left the base at dawn");
      await page.screenshot({ path: shot("evidence-panel") });
      await page.keyboard.press("Escape");

      // The PDF export ends with the Sources appendix: the source, the passage and the row citing it.
      await page.getByRole("button", { name: "Export" }).click();
      const [pdf] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Download PDF" }).click(),
      ]);
      const text = (await pageTexts(new Uint8Array(await readFile((await pdf.path()) as string)))).join(" ");
      // PDF text runs split words at will: compare without white space.
      const squash = (s: string): string => s.replace(/\s+/g, "");
      const at = text.indexOf("APPENDIX");
      expect(at).toBeGreaterThanOrEqual(0);
      const appendix = squash(text.slice(at));
      expect(appendix).toContain(squash("APPENDIX — SOURCES"));
      expect(appendix).toContain(squash("Ministry statement"));
      expect(appendix).toContain(squash("the convoy left the base at dawn"));
      expect(appendix).toContain("E2");
    } finally {
      await context.close();
    }
  });

  it("shows a passage cited by one user highlighted live for another", async () => {
    const first = await openAs(suite.browser, suite.server.baseUrl, "Sara Analyst");
    const second = await openAs(suite.browser, suite.server.baseUrl, "Omar Analyst");
    try {
      const id = await createAnalysis(first.context.request, [{ name: "Omar Analyst", role: "analyst" }]);
      const sourceId = await addSource(first.page, id, "Local radio report");
      await first.page.getByTestId("source-text").click();
      await first.page.keyboard.insertText(TEXT);

      await second.page.goto(`/a/${id}/sources/${sourceId}`);
      await waitConnected(second.page);
      await waitFor(async () => expect(await sourceText(second.page)).toContain("smoke over the bridge"));

      await selectWords(first.page, "smoke over the bridge");
      await first.page.getByTestId("cite-in-evidence").click();
      await first.page.getByTestId("cite-rows").getByRole("button", { name: /E1/ }).click();

      await waitFor(async () =>
        expect(await highlights(second.page)).toEqual([{ text: "smoke over the bridge", codes: "E1" }]),
      );
      await second.page.screenshot({ path: shot("second-user") });

      // Details are co-edited too: an invalid URL is refused with its reason, a valid one arrives live.
      const url = first.page.getByTestId("source-url");
      await url.fill("not a link");
      await url.blur();
      await first.page.getByRole("alert").filter({ hasText: "url" }).waitFor();
      await url.fill("https://radio.example.org/report");
      await url.blur();
      await waitFor(async () =>
        expect(await second.page.getByTestId("source-url").inputValue()).toBe(
          "https://radio.example.org/report",
        ),
      );

      // Editing before the passage (the second user types) keeps the highlight on the same words.
      await second.page.evaluate(() => {
        const p = document.querySelector('[data-testid="source-text"] p') as HTMLElement;
        const range = document.createRange();
        range.setStart(p.firstChild as Node, 0);
        range.collapse(true);
        (document.querySelector('[data-testid="source-text"]') as HTMLElement).focus();
        window.getSelection()?.removeAllRanges();
        window.getSelection()?.addRange(range);
      });
      await second.page.keyboard.insertText("Update: ");
      await waitFor(async () =>
        expect(await highlights(first.page)).toEqual([{ text: "smoke over the bridge", codes: "E1" }]),
      );
      expect(await sourceText(first.page)).toContain("Update: The ministry");
    } finally {
      await first.context.close();
      await second.context.close();
    }
  });

  it("lets a viewer read a source and its highlights but not change them", async () => {
    const analyst = await openAs(suite.browser, suite.server.baseUrl, "Sara Analyst");
    const viewer = await openAs(suite.browser, suite.server.baseUrl, "Vic Viewer");
    try {
      const id = await createAnalysis(analyst.context.request, [{ name: "Vic Viewer", role: "viewer" }]);
      const sourceId = await addSource(analyst.page, id, "Official statement");
      await analyst.page.getByTestId("source-text").click();
      await analyst.page.keyboard.insertText(TEXT);
      await selectWords(analyst.page, "the convoy left the base at dawn");
      await analyst.page.getByTestId("new-evidence-from-passage").click();
      await waitFor(async () => expect((await highlights(analyst.page)).length).toBe(1));

      await viewer.page.goto(`/a/${id}/sources`);
      await waitConnected(viewer.page);
      await viewer.page.getByTestId("read-only").waitFor();
      expect(await viewer.page.getByTestId("add-source").count()).toBe(0);
      await waitFor(async () =>
        expect(await viewer.page.getByTestId(`source-citations-${sourceId}`).textContent()).toBe("1"),
      );
      await viewer.page.screenshot({ path: shot("viewer-list") });

      await viewer.page.getByRole("link", { name: "Official statement" }).click();
      const editor = viewer.page.getByTestId("source-text");
      await waitFor(async () => expect((await highlights(viewer.page)).length).toBe(1));
      expect(await editor.getAttribute("contenteditable")).toBe("false");
      expect(await viewer.page.getByTestId("source-title").isDisabled()).toBe(true);
      await editor.click();
      await viewer.page.keyboard.insertText("viewer text ");
      await selectText(viewer.page, "smoke");
      await viewer.page.getByText("You can read this source but not change it.").waitFor();
      expect(await viewer.page.getByTestId("selection-actions").count()).toBe(0);
      expect(await sourceText(viewer.page)).not.toContain("viewer text");
      await viewer.page.screenshot({ path: shot("viewer-source") });
    } finally {
      await analyst.context.close();
      await viewer.context.close();
    }
  });
});
