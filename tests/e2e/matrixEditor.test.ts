import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeScores } from "../../shared/scoring";
import { launchBrowser, openAs } from "./helpers/browser";
import { axeViolations } from "./helpers/pageChecks";
import { startServer, type TestServer } from "./helpers/server";
import { waitFor } from "./helpers/waitFor";

const SAMPLE = "sample-khairkhane-raid";
const MARIAM = "u-sample-mariam";
const JONAS = "u-sample-jonas";

interface View {
  readonly hypotheses: readonly { id: string; title: string; archived: boolean }[];
  readonly evidence: readonly {
    id: string;
    claim: string;
    archived: boolean;
    mergedInto?: string | null;
    credibility: string;
    relevance: string;
  }[];
  readonly ratings: Readonly<Record<string, { name: string; cells: Readonly<Record<string, string>> }>>;
}

let server: TestServer;
let browser: Browser;

async function sampleView(): Promise<View> {
  const res = await server.api(`/api/analyses/${SAMPLE}`);
  expect(res.status).toBe(200);
  return (await res.json()) as View;
}

async function openMatrix(page: Page): Promise<void> {
  await page.goto(`/a/${SAMPLE}`);
  await page
    .locator('[data-testid="connection-status"][data-status="connected"]')
    .waitFor({ timeout: 15_000 });
}

const userIdOf = (page: Page): Promise<string> =>
  page.evaluate(
    async () => ((await (await fetch("/api/session")).json()) as { user: { id: string } }).user.id,
  );

const shownIn = (page: Page, e: string, h: string) =>
  page.getByTestId(`cell-${e}-${h}`).getAttribute("data-shown");

/** Drop focus so page-wide shortcuts go to the document, as after clicking empty space. */
const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

async function editClaim(page: Page, evidenceId: string, text: string): Promise<void> {
  // Keyboard activation: the claim may sit under the sticky header or the row's floating actions.
  await page.getByTestId(`claim-${evidenceId}`).focus();
  await page.keyboard.press("Enter");
  await page.getByTestId(`claim-${evidenceId}-input`).fill(text);
  await page.keyboard.press("Enter");
  await page.getByTestId(`claim-${evidenceId}`).waitFor();
}

const claimOf = (page: Page, evidenceId: string) => page.getByTestId(`claim-${evidenceId}`).textContent();

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the matrix editor", () => {
  // First, while only the sample analysts have rated, so the expected cells are theirs alone.
  it("shows the sample analysts side by side in Compare and their spread in Disagreement", async () => {
    const view = await sampleView();
    const evidence = view.evidence.filter((e) => !e.archived);
    const hypotheses = view.hypotheses.filter((h) => !h.archived);
    const mariam = view.ratings[MARIAM]?.cells ?? {};
    const jonas = view.ratings[JONAS]?.cells ?? {};
    const report = computeScores({
      hypotheses: hypotheses.map((h) => ({ id: h.id, title: h.title })),
      evidence: evidence.map((e) => ({
        id: e.id,
        credibility: e.credibility as "low",
        relevance: e.relevance as "low",
      })),
      ratings: { [MARIAM]: mariam, [JONAS]: jonas },
      analysts: [MARIAM, JONAS],
    });
    const alice = await openAs(browser, server.baseUrl, "Alice Views");
    const { page } = alice;
    try {
      await openMatrix(page);
      await page.getByTestId("view-compare").click();
      await page.getByTestId("compare-a").selectOption(MARIAM);
      await page.getByTestId("compare-b").selectOption(JONAS);
      let differing = 0;
      for (const e of evidence) {
        for (const h of hypotheses) {
          const key = `${e.id}:${h.id}`;
          const cell = page.getByTestId(`cell-${e.id}-${h.id}`);
          await waitFor(async () => {
            expect(await cell.locator('[data-side="a"]').textContent()).toBe(mariam[key] ?? "·");
            expect(await cell.locator('[data-side="b"]').textContent()).toBe(jonas[key] ?? "·");
          });
          if ((mariam[key] ?? null) !== (jonas[key] ?? null)) {
            differing++;
            expect(await cell.locator(".compare").getAttribute("data-differs")).toBe("true");
          }
        }
      }
      expect(differing).toBeGreaterThan(0);

      await page.getByTestId("view-disagreement").click();
      let spread = 0;
      for (const e of evidence) {
        for (const h of hypotheses) {
          const expected = report.cell(e.id, h.id)?.disagreement.level ?? "";
          const face = page.getByTestId(`cell-${e.id}-${h.id}`).locator(".spread");
          expect(await face.getAttribute("data-level")).toBe(expected);
          if (expected && expected !== "consensus") spread++;
        }
      }
      expect(spread).toBeGreaterThan(0);
      // Hovering tells who said what.
      const [e0, h0] = [evidence[0]?.id as string, hypotheses[0]?.id as string];
      const title = await page.getByTestId(`cell-${e0}-${h0}`).getAttribute("title");
      expect(title).toContain(`${view.ratings[MARIAM]?.name} ${mariam[`${e0}:${h0}`]}`);
      expect(title).toContain(`${view.ratings[JONAS]?.name} ${jonas[`${e0}:${h0}`]}`);

      await page.getByTestId("view-consensus").click();
      const consensus = report.cell(e0, h0)?.consensus.rating ?? "";
      expect(await shownIn(page, e0, h0)).toBe(consensus);
    } finally {
      await alice.context.close();
    }
  });

  it("rates from the keyboard and undoes only my own changes, never another analyst's", async () => {
    const view = await sampleView();
    const [e1, e2, e3] = view.evidence.filter((e) => !e.archived).map((e) => e.id) as [
      string,
      string,
      string,
    ];
    const h1 = view.hypotheses[0]?.id as string;
    const original = view.evidence.find((e) => e.id === e2)?.claim as string;
    const alice = await openAs(browser, server.baseUrl, "Alice Undo");
    const bob = await openAs(browser, server.baseUrl, "Bob Undo");
    try {
      await openMatrix(alice.page);
      await openMatrix(bob.page);
      const cell = alice.page.getByTestId(`cell-${e1}-${h1}`);
      await cell.focus();
      await alice.page.keyboard.press("2");
      await waitFor(async () => expect(await cell.getAttribute("data-rating")).toBe("C"));

      await editClaim(alice.page, e2, "Alice's rewording of the claim");
      await editClaim(bob.page, e3, "Bob's rewording of the claim");
      await waitFor(async () => expect(await claimOf(alice.page, e3)).toBe("Bob's rewording of the claim"));

      await blur(alice.page);
      await alice.page.keyboard.press("Control+z");
      await waitFor(async () => expect(await claimOf(alice.page, e2)).toBe(original));
      await waitFor(async () => expect(await claimOf(bob.page, e2)).toBe(original));
      expect(await claimOf(alice.page, e3)).toBe("Bob's rewording of the claim");
      expect(await cell.getAttribute("data-rating")).toBe("C");

      await alice.page.keyboard.press("Control+z");
      await waitFor(async () => expect(await cell.getAttribute("data-rating")).toBe(""));
      await alice.page.keyboard.press("Control+Shift+z");
      await waitFor(async () => expect(await cell.getAttribute("data-rating")).toBe("C"));
      expect(await claimOf(bob.page, e3)).toBe("Bob's rewording of the claim");

      // Enter opens the evidence details; ? the shortcuts.
      await cell.focus();
      await alice.page.keyboard.press("Enter");
      await alice.page.getByTestId("evidence-panel").waitFor();
      await blur(alice.page);
      await alice.page.keyboard.press("?");
      await alice.page.getByTestId("shortcuts").waitFor();
      await alice.page.keyboard.press("Escape");
      await waitFor(async () => expect(await alice.page.getByTestId("shortcuts").count()).toBe(0));
    } finally {
      await alice.context.close();
      await bob.context.close();
    }
  });

  it("outlines the cell another analyst has selected and counts the people here", async () => {
    const view = await sampleView();
    const e = view.evidence[3]?.id as string;
    const h = view.hypotheses[1]?.id as string;
    const alice = await openAs(browser, server.baseUrl, "Alice Presence");
    const bob = await openAs(browser, server.baseUrl, "Bob Presence");
    try {
      await openMatrix(alice.page);
      await openMatrix(bob.page);
      await bob.page.getByTestId(`cell-${e}-${h}`).focus();
      const seen = alice.page.getByTestId(`cell-${e}-${h}`);
      await waitFor(async () => expect(await seen.getAttribute("class")).toContain("has-visitor"));
      expect(await seen.locator("xpath=..").locator(".visitor-tag").textContent()).toContain("Bob");
      await waitFor(async () =>
        expect(await alice.page.getByTestId("people-here").textContent()).toBe("2 people here"),
      );
    } finally {
      await alice.context.close();
      await bob.context.close();
    }
  });

  it("shows a comment from one analyst to the other, as inert text, with a badge until resolved", async () => {
    const view = await sampleView();
    const e = view.evidence[4]?.id as string;
    const alice = await openAs(browser, server.baseUrl, "Alice Comments");
    const bob = await openAs(browser, server.baseUrl, "Bob Comments");
    try {
      await openMatrix(alice.page);
      await openMatrix(bob.page);
      await alice.page.getByTestId(`details-${e}`).click();
      const hostile = '<img src=x onerror="window.__xss=1"> Is the GDI video from that night?';
      await alice.page.getByTestId("comment-input").fill(hostile);
      await alice.page.getByRole("button", { name: "Comment", exact: true }).click();

      const badge = bob.page.getByTestId(`row-comments-${e}`);
      await waitFor(async () => expect(await badge.textContent()).toBe("1"));
      await bob.page.getByTestId(`details-${e}`).click();
      const body = bob.page.getByTestId("comment-body");
      await waitFor(async () => expect(await body.textContent()).toBe(hostile));
      expect(await bob.page.getByTestId("thread").textContent()).toContain("Alice Comments");
      expect(await bob.page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

      await bob.page.getByTestId("resolve").click();
      await waitFor(async () => expect(await alice.page.getByTestId(`row-comments-${e}`).count()).toBe(0));
    } finally {
      await alice.context.close();
      await bob.context.close();
    }
  });

  it("keeps edits made offline, counts them, and merges both sides on reconnect", async () => {
    const view = await sampleView();
    const [e6, e7] = [view.evidence[5]?.id as string, view.evidence[6]?.id as string];
    const h = view.hypotheses[2]?.id as string;
    const alice = await openAs(browser, server.baseUrl, "Alice Offline");
    const bob = await openAs(browser, server.baseUrl, "Bob Offline");
    try {
      await openMatrix(alice.page);
      await openMatrix(bob.page);
      const aliceId = await userIdOf(alice.page);
      // The editor and the other pages are separate chunks: fetched once the page is idle, so a
      // tab that goes offline later still opens them.
      await waitFor(
        async () =>
          expect(
            await alice.page.evaluate(() =>
              performance.getEntriesByType("resource").some((r) => /RichTextEditor[^/]*\.js$/.test(r.name)),
            ),
          ).toBe(true),
        { timeoutMs: 20_000 },
      );
      await alice.context.setOffline(true);
      const status = alice.page.getByTestId("connection-status");
      await waitFor(async () => expect(await status.getAttribute("data-status")).toBe("offline"));
      await alice.page.getByTestId(`details-${e6}`).click();
      await alice.page.getByTestId("evidence-notes").waitFor();
      await alice.page.keyboard.press("Escape");

      await editClaim(alice.page, e6, "Edited offline by Alice");
      await alice.page.getByTestId(`cell-${e6}-${h}`).focus();
      await alice.page.keyboard.press("5");
      await waitFor(async () =>
        expect(Number(await status.getAttribute("data-pending"))).toBeGreaterThanOrEqual(2),
      );
      expect(await alice.page.getByTestId("pending-count").textContent()).toContain("pending");
      await editClaim(bob.page, e7, "Edited online by Bob");

      await alice.context.setOffline(false);
      await waitFor(async () => expect(await status.getAttribute("data-status")).toBe("connected"), {
        timeoutMs: 20_000,
      });
      expect(await status.getAttribute("data-pending")).toBe("0");
      await waitFor(async () => expect(await claimOf(alice.page, e7)).toBe("Edited online by Bob"));
      await waitFor(async () => expect(await claimOf(bob.page, e6)).toBe("Edited offline by Alice"));
      await waitFor(async () => {
        const after = await sampleView();
        expect(after.ratings[aliceId]?.cells[`${e6}:${h}`]).toBe("II");
      });
    } finally {
      await alice.context.close();
      await bob.context.close();
    }
  });

  it("rates row by row in the matrix's order with my earlier answers hidden until asked", async () => {
    const view = await sampleView();
    const e = view.evidence.filter((x) => !x.archived)[0]?.id as string;
    const h = view.hypotheses[0]?.id as string;
    const carol = await openAs(browser, server.baseUrl, "Carol Rows");
    const { page } = carol;
    try {
      await openMatrix(page);
      await page.getByTestId(`cell-${e}-${h}`).click();
      await page.getByTestId("pick-CC").click();
      await waitFor(async () =>
        expect(await page.getByTestId(`cell-${e}-${h}`).getAttribute("data-rating")).toBe("CC"),
      );
      await page.getByTestId("row-mode").click();
      const dialog = page.getByTestId("row-rating");
      await dialog.waitFor();
      const items = dialog.locator("li");
      const ids = await items.evaluateAll((els) => els.map((el) => el.getAttribute("data-testid")));
      expect(ids).toEqual(view.hypotheses.filter((x) => !x.archived).map((x) => `row-hyp-${x.id}`));
      const rated = page.getByTestId(`row-hyp-${h}`);
      expect(await rated.getAttribute("data-shown")).toBe("");
      await page.getByTestId("show-previous").check();
      expect(await rated.getAttribute("data-shown")).toBe("CC");
      const other = view.hypotheses[1]?.id as string;
      await page.getByTestId(`row-rate-${other}-I`).click();
      await page.getByRole("button", { name: "Done" }).click();
      await waitFor(async () =>
        expect(await page.getByTestId(`cell-${e}-${other}`).getAttribute("data-rating")).toBe("I"),
      );
    } finally {
      await carol.context.close();
    }
  });

  it("co-edits evidence notes as rich text with named carets, keeps pasted HTML inert, and keeps an archived row open", async () => {
    const view = await sampleView();
    const e = view.evidence[7]?.id as string;
    const alice = await openAs(browser, server.baseUrl, "Alice Notes");
    const bob = await openAs(browser, server.baseUrl, "Bob Notes");
    try {
      await openMatrix(alice.page);
      await openMatrix(bob.page);
      await alice.page.getByTestId(`details-${e}`).click();
      await bob.page.getByTestId(`details-${e}`).click();
      const aliceNotes = alice.page.getByTestId("evidence-notes");
      await aliceNotes.click();
      await alice.page.keyboard.type("Checked against the Amu TV broadcast.");
      const bobNotes = bob.page.getByTestId("evidence-notes");
      await waitFor(async () =>
        expect(await bobNotes.textContent()).toContain("Checked against the Amu TV broadcast."),
      );
      await waitFor(async () =>
        expect(await bobNotes.locator(".collaboration-carets__label").textContent()).toBe("Alice Notes"),
      );

      await aliceNotes.evaluate((el) => {
        const data = new DataTransfer();
        data.setData(
          "text/html",
          '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold</b>',
        );
        el.dispatchEvent(
          new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
        );
      });
      await waitFor(async () => expect(await bobNotes.locator("strong").textContent()).toBe("bold"));
      // ProseMirror draws caret widgets with a src-less separator <img>; a pasted image would carry its src.
      expect(await bobNotes.locator("img[src], script").count()).toBe(0);
      expect(await alice.page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();

      await bob.page.getByRole("button", { name: "Archive evidence", exact: true }).click();
      // The row I have open stays while my panel is; closed, an archived row leaves the grid.
      await bob.page.getByRole("button", { name: "Close details" }).click();
      await waitFor(async () => expect(await bob.page.getByTestId(`ev-${e}`).count()).toBe(0));
      const notice = alice.page.getByTestId("archived-notice");
      await waitFor(async () =>
        expect(await notice.textContent()).toContain("archived this evidence while you had it open"),
      );
      expect(await alice.page.getByTestId(`ev-${e}`).count()).toBe(1);
      await alice.page.getByRole("button", { name: "Restore evidence", exact: true }).click();
      await waitFor(async () => expect(await bob.page.getByTestId(`ev-${e}`).count()).toBe(1));
    } finally {
      await alice.context.close();
      await bob.context.close();
    }
  });

  it("merges a duplicate row: it disappears for everyone and my rating of it carries over", async () => {
    const view = await sampleView();
    const active = view.evidence.filter((x) => !x.archived);
    const [survivor, loser] = [active[9]?.id as string, active[10]?.id as string];
    const h = view.hypotheses[2]?.id as string;
    const erin = await openAs(browser, server.baseUrl, "Erin Merge");
    const finn = await openAs(browser, server.baseUrl, "Finn Merge");
    try {
      await openMatrix(erin.page);
      await openMatrix(finn.page);
      const loserCell = erin.page.getByTestId(`cell-${loser}-${h}`);
      await loserCell.focus();
      await erin.page.keyboard.press("4");
      await waitFor(async () => expect(await loserCell.getAttribute("data-rating")).toBe("I"));
      await erin.page.getByTestId(`details-${survivor}`).click();
      await erin.page.getByTestId("merge-select").selectOption(loser);
      await erin.page.getByTestId("merge-start").click();
      await erin.page.getByTestId("merge-confirm").click();
      await waitFor(async () => expect(await finn.page.getByTestId(`ev-${loser}`).count()).toBe(0));
      await waitFor(async () =>
        expect(await erin.page.getByTestId(`cell-${survivor}-${h}`).getAttribute("data-rating")).toBe("I"),
      );
      const after = await sampleView();
      expect(after.evidence.find((x) => x.id === loser)).toMatchObject({
        archived: true,
        mergedInto: survivor,
      });
    } finally {
      await erin.context.close();
      await finn.context.close();
    }
  });

  it("reorders rows and columns by drag and drop for everyone, and sorts, filters and hides columns", async () => {
    const created = await server.api("/api/analyses", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        schemaVersion: 1,
        title: "Drag and drop",
        hypotheses: ["h1", "h2", "h3"].map((id) => ({ id, title: `Hypothesis ${id}` })),
        evidence: [
          { id: "e1", claim: "First claim", credibility: "low", date: "2024-01-01" },
          { id: "e2", claim: "Second claim", credibility: "high", date: "2024-03-01", flagged: true },
          { id: "e3", claim: "Third claim", credibility: "medium", date: "2024-02-01" },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const gina = await openAs(browser, server.baseUrl, "Gina Drag");
    const hal = await openAs(browser, server.baseUrl, "Hal Drag");
    for (const name of ["Gina Drag", "Hal Drag"]) {
      await server.api(`/api/analyses/${id}/members`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name, role: "analyst" }),
      });
    }
    const rows = (page: Page) =>
      page
        .locator("[role=row][data-testid^='ev-']")
        .evaluateAll((els) => els.map((el) => el.getAttribute("data-testid")));
    const cols = (page: Page) =>
      page
        .locator("[role=columnheader][data-testid^='hyp-']")
        .evaluateAll((els) => els.map((el) => el.getAttribute("data-testid")));
    try {
      for (const { page } of [gina, hal]) {
        await page.goto(`/a/${id}`);
        await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
      }
      const { page } = gina;
      await page.getByTestId("row-handle-e3").dragTo(page.getByTestId("claim-e1"));
      await page.getByTestId("hyp-handle-h3").dragTo(page.getByTestId("hyp-h1"));
      await waitFor(async () => expect(await rows(hal.page)).toEqual(["ev-e3", "ev-e1", "ev-e2"]));
      await waitFor(async () => expect(await cols(hal.page)).toEqual(["hyp-h3", "hyp-h1", "hyp-h2"]));

      await page.getByTestId("sort").selectOption("date");
      await waitFor(async () => expect(await rows(page)).toEqual(["ev-e2", "ev-e3", "ev-e1"]));
      expect(await page.getByTestId("row-handle-e2").getAttribute("draggable")).toBe("false");
      await page.getByTestId("sort").selectOption("credibility");
      await waitFor(async () => expect(await rows(page)).toEqual(["ev-e2", "ev-e3", "ev-e1"]));
      await page.getByTestId("filter-flagged").check();
      await waitFor(async () => expect(await rows(page)).toEqual(["ev-e2"]));
      await page.getByTestId("filter-flagged").uncheck();
      await page.getByTestId("filter-text").fill("third");
      await waitFor(async () => expect(await rows(page)).toEqual(["ev-e3"]));
      await page.getByTestId("filter-text").fill("nothing like this");
      await page.getByTestId("grid-empty").waitFor();

      await page.getByText("Columns", { exact: true }).click();
      await page.getByTestId("column-admiralty").check();
      await page.getByTestId("column-source").uncheck();
      expect(
        await page.locator(".grid-head .meta-head").evaluateAll((els) => els.map((el) => el.textContent)),
      ).toEqual(["Type", "Cred.", "Rel.", "Adm."]);
    } finally {
      await gina.context.close();
      await hal.context.close();
    }
  });

  it("passes an automated accessibility scan of the analyses list and the matrix", async () => {
    const dana = await openAs(browser, server.baseUrl, "Dana Axe");
    const { page } = dana;
    const scan = (): Promise<string[]> => axeViolations(page);
    try {
      await page.getByRole("heading", { name: "Analyses" }).waitFor();
      expect(await scan()).toEqual([]);
      await openMatrix(page);
      expect(await scan()).toEqual([]);
    } finally {
      await dana.context.close();
    }
  });
});
