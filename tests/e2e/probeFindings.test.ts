/** Defects an independent tester found in the client, each kept fixed by a browser test. */
import * as encoding from "lib0/encoding";
import type { Page, WebSocketRoute } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signIn } from "./helpers/accounts";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { cellAt, openLead, openMatrix, SAMPLE } from "./helpers/pages";
import { waitFor } from "./helpers/waitFor";

const suite = browserSuite();

/** The hypothesis id of a grid cell (`cell-<evidence>-<hypothesis>`; evidence ids have no dash). */
async function hypothesisOf(page: Page, row: number, col: number): Promise<string> {
  const id = (await cellAt(page, row, col).getAttribute("data-testid")) ?? "";
  return id.replace(/^cell-[^-]+-/, "");
}

async function inViewport(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).first().boundingBox();
  const size = page.viewportSize();
  // A pixel of tolerance: a box scrolled flush to the bottom edge ends at a fractional offset.
  return box !== null && size !== null && box.y >= -1 && box.y + box.height <= size.height + 1;
}

/**
 * The lead overrides the first cell of the disagreement map. The editor opens below the table, so
 * it must come into view with its rating focused, or the click seems to do nothing.
 */
async function overrideFirstCell(page: Page, rating: string): Promise<void> {
  await page.locator('[data-testid^="heat-"]').first().click();
  const editor = page.getByTestId("override-editor");
  await waitFor(async () => expect(await inViewport(page, "override-editor")).toBe(true));
  expect(await editor.getByLabel("Consensus rating").evaluate((el) => el === document.activeElement)).toBe(
    true,
  );
  await editor.getByLabel("Consensus rating").selectOption(rating);
  await editor.getByLabel("Reason").fill("Checked against the footage");
  await editor.getByRole("button", { name: "Save override" }).click();
  await editor.waitFor({ state: "detached" });
}

describe("probe findings", () => {
  it("goes to the analyses list after signing in at /login instead of 'Page not found'", async () => {
    await openAs(suite.browser, suite.server.baseUrl, "Lena Login").then(({ context }) => context.close());
    const context = await suite.browser.newContext({ baseURL: suite.server.baseUrl });
    try {
      const page = await context.newPage();
      await page.goto("/login");
      await signIn(page, "Lena Login");
      await page.getByRole("heading", { name: "Analyses" }).waitFor();
      expect(new URL(page.url()).pathname).toBe("/");
      expect(await page.getByText("Page not found").count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("keeps the toolbar and the matrix in view under a question of nearly 2,000 characters", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Quinn Question");
    try {
      await openMatrix(page, SAMPLE);
      const question = "Which group carried out the raid on the compound, and why does it matter? "
        .repeat(26)
        .slice(0, 1990);
      await page.getByTestId("analysis-question").click();
      await page.getByRole("textbox", { name: "Key question" }).fill(question);
      await page.getByRole("textbox", { name: "Key question" }).press("Enter");
      await waitFor(async () =>
        expect(await page.getByTestId("analysis-question").getAttribute("aria-label")).toContain(
          question.slice(0, 60),
        ),
      );
      expect(await inViewport(page, "matrix-toolbar")).toBe(true);
      expect(await cellAt(page, 0, 0).isVisible()).toBe(true);
      const box = await cellAt(page, 0, 0).boundingBox();
      expect(box && box.y + box.height <= 900).toBe(true);
      // The whole question is one click away, and folds back.
      await page.getByRole("button", { name: "Show more" }).click();
      const tall = (await page.getByTestId("analysis-question").boundingBox())?.height ?? 0;
      expect(tall).toBeGreaterThan(200);
      await page.getByRole("button", { name: "Show less" }).click();
      expect(await inViewport(page, "matrix-toolbar")).toBe(true);
      await page.screenshot({ path: "/tmp/fc/long-question.png" });
    } finally {
      await context.close();
    }
  });

  it("shows the newly selected cell in the cell panel when arrow keys move the selection, and the legend names the keys", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Arrow Ann");
    try {
      await openMatrix(page, SAMPLE);
      // The keys are in sight: letters rate (Shift+C is CC), `m` opens the cell's comments.
      expect(
        await page.getByRole("listitem").filter({ hasText: "Very consistent" }).first().textContent(),
      ).toContain("⇧C");
      expect(await page.getByTestId("cell-keys-hint").isVisible()).toBe(true);
      await cellAt(page, 0, 0).focus();
      await page.keyboard.press("m");
      const panel = page.getByTestId("cell-panel");
      await panel.waitFor();
      // M focuses the comment box; back on the grid, arrows move the selection and the panel follows.
      await cellAt(page, 0, 0).focus();
      await page.keyboard.press("ArrowRight");
      const second = await hypothesisOf(page, 0, 1);
      const title = await page.getByTestId(`hyp-${second}`).getAttribute("data-title");
      await waitFor(async () => expect(await panel.getAttribute("data-hypothesis")).toBe(second));
      expect(title === null || (await panel.textContent())?.includes(title)).toBe(true);
      await page.screenshot({ path: "/tmp/fc/cell-panel-follows.png" });
    } finally {
      await context.close();
    }
  });

  it("rates row by row with digit keys from the moment it opens, hypotheses in the matrix's order", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Row Rita");
    try {
      await openMatrix(page, SAMPLE);
      const columns = await page.locator('[data-testid^="cell-"][data-row="0"]').count();
      const order: string[] = [];
      for (let col = 0; col < columns; col++) order.push(await hypothesisOf(page, 0, col));
      await page.getByTestId("row-mode").click();
      const dialog = page.getByTestId("row-rating");
      await dialog.waitFor();
      const ids = await dialog
        .locator("li")
        .evaluateAll((els) => els.map((el) => el.getAttribute("data-testid")?.replace("row-hyp-", "")));
      expect(ids).toEqual(order);
      await page.keyboard.press("4");
      await page.keyboard.press("2");
      await waitFor(async () => {
        expect(await dialog.getByTestId(`row-hyp-${order[0]}`).getAttribute("data-shown")).toBe("I");
        expect(await dialog.getByTestId(`row-hyp-${order[1]}`).getAttribute("data-shown")).toBe("C");
      });
      await page.screenshot({ path: "/tmp/fc/row-by-row-keys.png" });
      await dialog.getByRole("button", { name: "Done" }).click();
      await waitFor(async () => {
        expect(await cellAt(page, 0, 0).getAttribute("data-rating")).toBe("I");
        expect(await cellAt(page, 0, 1).getAttribute("data-rating")).toBe("C");
      });
    } finally {
      await context.close();
    }
  });

  it("shows the lead's new approval at once and rides out a busy approval-status quietly", async () => {
    const { context, page } = await openAs(
      suite.browser,
      suite.server.baseUrl,
      suite.server.admin?.name ?? "",
    );
    try {
      await openLead(page, SAMPLE);
      let busy = 3;
      await page.route("**/approval-status", (route) =>
        busy-- > 0
          ? route.fulfill({
              status: 503,
              contentType: "application/json",
              body: JSON.stringify({ error: { code: "busy", message: "The server is busy." } }),
            })
          : route.continue(),
      );
      await page.getByTestId("approve").click();
      await page.getByTestId("approval-who").waitFor({ timeout: 3_000 });
      expect(await page.getByTestId("approval-who").textContent()).toContain(suite.server.admin?.name);
      // A later change while the server is busy still shows once it answers again, with no error.
      busy = 2;
      const weights = page.getByTestId("weights-form");
      await weights.getByLabel("Low").fill("0.5");
      await weights.getByRole("button", { name: "Apply weights" }).click();
      await page.getByTestId("changes-summary").waitFor({ timeout: 10_000 });
      expect(await page.getByTestId("changes-summary").textContent()).toBe("Changed since: 1 lead setting.");
      expect(await page.getByRole("alert").count()).toBe(0);
      await page.getByTestId("changes-summary").scrollIntoViewIfNeeded();
      await page.screenshot({ path: "/tmp/fc/approval.png" });
      await weights.getByRole("button", { name: "Reset to PARC defaults" }).click();
    } finally {
      await context.close();
    }
  });

  it("tells an analyst on the lead review that blind ratings are hidden, not missing, and keeps the weights read-only", async () => {
    const lead = await openAs(suite.browser, suite.server.baseUrl, suite.server.admin?.name ?? "");
    const bea = await openAs(suite.browser, suite.server.baseUrl, "Blind Bea");
    try {
      await openLead(lead.page, SAMPLE);
      await lead.page.getByTestId("blind-toggle").click();
      await waitFor(async () =>
        expect(await lead.page.getByTestId("blind-state").textContent()).toMatch(/Ratings are blind/),
      );
      await openLead(bea.page, SAMPLE);
      const page = bea.page;
      const mariam = page.getByTestId("analyst-rankings").locator("tr", { hasText: "Mariam" });
      await waitFor(async () =>
        expect(await mariam.textContent()).toContain("Hidden while ratings are blind"),
      );
      const consensus = page.getByTestId("analyst-rankings").locator("tr", { hasText: "Consensus" });
      expect(await consensus.textContent()).toContain("Hidden while ratings are blind");
      const progress = page.getByTestId("rating-progress").locator("li", { hasText: "Mariam" });
      expect(await progress.textContent()).toContain("Hidden while ratings are blind");
      expect(await progress.textContent()).not.toContain("unrated");
      const low = page.getByTestId("weights-form").getByLabel("Low");
      const before = await low.inputValue();
      await low.press("9");
      expect(await low.inputValue()).toBe(before);
      expect(await page.getByRole("button", { name: "Apply weights" }).count()).toBe(0);
      await page.getByTestId("analyst-rankings").scrollIntoViewIfNeeded();
      await page.screenshot({ path: "/tmp/fc/blind-team.png" });
    } finally {
      await lead.page.getByTestId("blind-toggle").click();
      await lead.context.close();
      await bea.context.close();
    }
  });

  it("shows a source holding a NUL character without a box", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Nul Nina");
    try {
      const res = await context.request.post("/api/analyses", {
        data: {
          schemaVersion: 1,
          title: "Control characters",
          hypotheses: [{ id: "h1", title: "Alpha" }],
          evidence: [{ id: "e1", claim: "Convoy seen at dawn", source: "Before\u0000after" }],
          ratings: {},
        },
      });
      expect(res.status()).toBe(201);
      const { id } = (await res.json()) as { id: string };
      await openMatrix(page, id);
      expect(await page.locator("[role=gridcell].meta-source").first().textContent()).toBe("Beforeafter");
    } finally {
      await context.close();
    }
  });

  it("fits whole words in the hypothesis headers even with the side panel narrowing the columns", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Header Hal");
    try {
      await openMatrix(page, SAMPLE);
      await cellAt(page, 0, 0).focus();
      await page.keyboard.press("m");
      await page.getByTestId("cell-panel").waitFor();
      // Each title is at least as wide as its longest word in its own font.
      const tooNarrow = await page.locator(".hyp-head .hyp-title").evaluateAll((els) =>
        els.flatMap((el) => {
          const ctx = document.createElement("canvas").getContext("2d");
          if (!ctx) return [];
          const style = getComputedStyle(el);
          ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const longest = Math.max(
            ...(el.textContent ?? "").split(/[\s-]+/).map((w) => ctx.measureText(w).width),
          );
          return longest > el.clientWidth ? [`${el.textContent}: ${longest} > ${el.clientWidth}`] : [];
        }),
      );
      await page.screenshot({ path: "/tmp/fc/headers-narrow.png" });
      expect(tooNarrow).toEqual([]);
    } finally {
      await context.close();
    }
  });
  it("wraps a hypothesis title made of slashed words at its slashes, not inside a word", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Slash Sam");
    try {
      await openMatrix(page, SAMPLE);
      const h = await hypothesisOf(page, 0, 0);
      const title = page.getByTestId(`hyp-title-${h}`);
      const original = (await title.textContent()) ?? "";
      await title.focus();
      await page.keyboard.press("Enter");
      await page.getByTestId(`hyp-title-${h}-input`).fill("Criminal/family/tribal/business feud");
      await page.keyboard.press("Enter");
      await cellAt(page, 0, 0).focus();
      await page.keyboard.press("m");
      await page.getByTestId("cell-panel").waitFor();
      // Every word of the title, in the header and in the panel, lies on one line.
      const split = await page
        .locator(`[data-testid="hyp-title-${h}"], [data-testid="cell-panel"] p`)
        .evaluateAll((els) =>
          els.flatMap((el) => {
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            const broken: string[] = [];
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const text = node.textContent ?? "";
              for (const m of text.matchAll(/[A-Za-z]+/g)) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                if (tops.size > 1) broken.push(m[0]);
              }
            }
            return broken;
          }),
        );
      expect(split).toEqual([]);
      await page.keyboard.press("Escape");
      await title.focus();
      await page.keyboard.press("Enter");
      await page.getByTestId(`hyp-title-${h}-input`).fill(original);
      await page.keyboard.press("Enter");
    } finally {
      await context.close();
    }
  });
  it("says why the server refused a change instead of staying silent", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Rita Refused");
    try {
      let content: WebSocketRoute | null = null;
      // Pass the content document's socket through, so a refusal can be played into it as the
      // server sends one (the UI itself never writes past a limit).
      await page.routeWebSocket(new RegExp(`/sync/${SAMPLE}(\\?.*)?$`), (ws) => {
        ws.connectToServer();
        content = ws;
      });
      await openMatrix(page, SAMPLE);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 2); // y-websocket auth message
      encoding.writeVarUint(encoder, 0); // permission denied
      encoding.writeVarString(encoder, "update refused: meta.title: at most 300 characters");
      await waitFor(() => content !== null);
      (content as unknown as WebSocketRoute).send(Buffer.from(encoding.toUint8Array(encoder)));
      const toast = page.getByTestId("toast-error");
      await toast.waitFor();
      expect(await toast.textContent()).toContain(
        "Your last change was not saved: meta.title: at most 300 characters",
      );
      // A refused change is not a viewer's read-only session: the matrix stays editable.
      expect(await page.getByTestId("read-only").count()).toBe(0);
    } finally {
      await context.close();
    }
  });
  it("leaves the lead's overrides out of an analyst's scores while ratings are blind", async () => {
    // The lead overrides one cell; a new analyst has rated nothing.
    const lead = await openAs(suite.browser, suite.server.baseUrl, suite.server.admin?.name ?? "");
    const analyst = await openAs(suite.browser, suite.server.baseUrl, "Unrated Uma");
    const scores = (page: Page) =>
      page.locator('[data-testid^="hyp-score-"]').evaluateAll((els) => els.map((e) => e.textContent));
    try {
      await openLead(lead.page, SAMPLE);
      await overrideFirstCell(lead.page, "C");
      await lead.page.getByTestId("blind-toggle").click();
      await waitFor(async () =>
        expect(await lead.page.getByTestId("blind-state").textContent()).toMatch(/blind/i),
      );
      await openMatrix(analyst.page, SAMPLE);
      await analyst.page.getByTestId("blind-note").waitFor();
      // Her own view: nothing rated, so no rank comes from the hidden consensus's override.
      await waitFor(async () =>
        expect(new Set(await scores(analyst.page))).toEqual(new Set(["not yet rated"])),
      );
      // A viewer rates nothing: no "My ratings" to pick, and words that fit someone who cannot rate.
      const viewer = await openAs(suite.browser, suite.server.baseUrl, "Viewing Vic", undefined, "viewer");
      try {
        await openMatrix(viewer.page, SAMPLE);
        const note = viewer.page.getByTestId("blind-note");
        await note.waitFor();
        expect(await note.textContent()).toContain("stay hidden until the lead reveals them");
        expect(await viewer.page.getByTestId("view-mine").count()).toBe(0);
      } finally {
        await viewer.context.close();
      }
    } finally {
      // Reveal again for the tests after this one (only if this one got as far as blinding).
      if (/blind/i.test((await lead.page.getByTestId("blind-state").textContent()) ?? "")) {
        await lead.page.getByTestId("blind-toggle").click();
      }
      await lead.context.close();
      await analyst.context.close();
    }
  });
});
