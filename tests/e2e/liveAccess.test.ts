import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { openLead, openMatrix, othersMark, SAMPLE, userIdOf } from "./helpers/pages";
import { waitFor } from "./helpers/waitFor";

const MARIAM = "u-sample-mariam";

const suite = browserSuite();

const editable = (page: Page, testId: string) => page.getByTestId(testId).getAttribute("contenteditable");

async function setRole(userId: string, role: "lead" | "analyst" | "viewer"): Promise<void> {
  const res = await suite.server.api(`/api/analyses/${SAMPLE}/members/${userId}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ role }),
  });
  expect(res.status).toBe(200);
}

/** The text of the conclusion as the server's JSON view has it. */
async function conclusionOnServer(): Promise<string> {
  const res = await suite.server.api(`/api/analyses/${SAMPLE}`);
  return JSON.stringify(await res.json());
}

describe("access that changes while a page is open", () => {
  it("lets the lead write the conclusion, which reaches the lead document", async () => {
    const admin = suite.server.admin?.name ?? "";
    const lead = await openAs(suite.browser, suite.server.baseUrl, admin);
    try {
      await openLead(lead.page, SAMPLE);
      await waitFor(async () => expect(await editable(lead.page, "conclusion")).toBe("true"));
      await lead.page.getByTestId("conclusion").click();
      await lead.page.keyboard.type("Most likely a targeted NRF raid.");
      await waitFor(async () =>
        expect(await conclusionOnServer()).toContain("Most likely a targeted NRF raid."),
      );
    } finally {
      await lead.context.close();
    }
  });

  it("makes rich text read-only when the role is lowered and editable when raised, without a reload", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Demoted Dana");
    try {
      const id = await userIdOf(page);
      await openMatrix(page, SAMPLE);
      await page.getByText("Description").click();
      await waitFor(async () => expect(await editable(page, "analysis-description")).toBe("true"));
      await setRole(id, "viewer");
      await waitFor(async () => expect(await editable(page, "analysis-description")).toBe("false"));
      await page.getByTestId("read-only").waitFor();
      // Raised again at once, maybe while the page is still reconnecting.
      await setRole(id, "analyst");
      await waitFor(async () => expect(await editable(page, "analysis-description")).toBe("true"));
      await page.getByTestId("read-only").waitFor({ state: "detached" });
    } finally {
      await context.close();
    }
  });

  it("hides the other analysts' ratings live when the lead makes ratings blind, and shows them again on reveal", async () => {
    const lead = await openAs(suite.browser, suite.server.baseUrl, suite.server.admin?.name ?? "");
    const analyst = await openAs(suite.browser, suite.server.baseUrl, "Blind Bo");
    const late = await openAs(suite.browser, suite.server.baseUrl, "Late Lou");
    try {
      const marks = (page: Page) => page.locator(othersMark(MARIAM)).count();
      await openMatrix(analyst.page, SAMPLE);
      await waitFor(async () => expect(await marks(analyst.page)).toBeGreaterThan(0));
      await analyst.page.getByTestId("view-consensus").waitFor();

      await openLead(lead.page, SAMPLE);
      await lead.page.getByTestId("blind-toggle").click();
      await waitFor(async () =>
        expect(await lead.page.getByTestId("blind-state").textContent()).toMatch(/blind/i),
      );

      const started = Date.now();
      await waitFor(async () => expect(await marks(analyst.page)).toBe(0), { timeoutMs: 5_000 });
      await analyst.page.getByTestId("view-consensus").waitFor({ state: "detached", timeout: 1_000 });
      expect(await analyst.page.getByTestId("view-compare").count()).toBe(0);
      expect(Date.now() - started).toBeLessThan(1_500);
      // The cell panel shows no one else's rating either.
      await analyst.page.locator('[data-testid^="cell-"][data-row="0"][data-col="0"]').focus();
      await analyst.page.keyboard.press("m");
      await analyst.page.getByTestId("cell-panel").waitFor();
      expect(await analyst.page.getByTestId("cell-panel").textContent()).not.toMatch(/Mariam|Consensus/);
      // Nothing of the others stays on disk.
      const stored = await analyst.page.evaluate(async () =>
        (await indexedDB.databases()).map((d) => d.name ?? "").filter((n) => n.includes("/ratings/")),
      );
      const me = await userIdOf(analyst.page);
      expect(stored.filter((n) => !n.endsWith(`/ratings/${me}`))).toEqual([]);

      // Someone who opens the matrix while blind sees the others once the lead reveals; until then
      // the page never even tries to open their ratings (no refused connection, no reconnect loop).
      const lateId = await userIdOf(late.page);
      const triedOthers: string[] = [];
      late.page.on("websocket", (ws) => {
        if (ws.url().includes("/ratings/") && !ws.url().endsWith(`/ratings/${lateId}`))
          triedOthers.push(ws.url());
      });
      await openMatrix(late.page, SAMPLE);
      await late.page.getByTestId("blind-note").waitFor();
      expect(await marks(late.page)).toBe(0);

      expect(triedOthers).toEqual([]);
      await lead.page.getByTestId("blind-toggle").click();
      for (const page of [analyst.page, late.page]) {
        await waitFor(async () => expect(await marks(page)).toBeGreaterThan(0), { timeoutMs: 5_000 });
        await page.getByTestId("view-compare").waitFor({ timeout: 1_000 });
      }
    } finally {
      await lead.context.close();
      await analyst.context.close();
      await late.context.close();
    }
  });
});
