/**
 * A text being typed reaches the shared document before the field loses focus: the server keeps it
 * and co-editors see it, so closing the page mid-edit loses nothing; Escape puts the old text back.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openAs } from "./helpers/browser";
import { startServer, type TestServer } from "./helpers/server";
import { waitFor } from "./helpers/waitFor";

const SAMPLE = "sample-khairkhane-raid";

interface View {
  readonly evidence: readonly { id: string; claim: string; source: string; archived: boolean }[];
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

const claimOf = (page: Page, evidenceId: string) => page.getByTestId(`claim-${evidenceId}`).textContent();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a field being typed in", () => {
  it("writes an inline claim edit as it is typed, and Escape writes the old claim back", async () => {
    const view = await sampleView();
    const e1 = view.evidence.filter((e) => !e.archived)[0] as View["evidence"][number];
    const alice = await openAs(browser, server.baseUrl, "Alice Typing");
    const bob = await openAs(browser, server.baseUrl, "Bob Watching");
    try {
      await openMatrix(alice.page);
      await openMatrix(bob.page);
      await alice.page.getByTestId(`claim-${e1.id}`).focus();
      await alice.page.keyboard.press("Enter");
      const input = alice.page.getByTestId(`claim-${e1.id}-input`);
      await input.fill("");
      await input.pressSequentially("Typed but not yet left", { delay: 20 });
      await pause(1500);
      // Still in the field: nothing was committed by a blur.
      expect(await input.count()).toBe(1);
      await waitFor(
        async () =>
          expect((await sampleView()).evidence.find((e) => e.id === e1.id)?.claim).toBe(
            "Typed but not yet left",
          ),
        { timeoutMs: 3000 },
      );
      await waitFor(async () => expect(await claimOf(bob.page, e1.id)).toBe("Typed but not yet left"));

      await alice.page.keyboard.press("Escape");
      await waitFor(async () => expect(await claimOf(alice.page, e1.id)).toBe(e1.claim));
      await waitFor(async () => expect(await claimOf(bob.page, e1.id)).toBe(e1.claim));
      await waitFor(async () =>
        expect((await sampleView()).evidence.find((e) => e.id === e1.id)?.claim).toBe(e1.claim),
      );
    } finally {
      await alice.context.close();
      await bob.context.close();
    }
  });

  it("writes an evidence panel field as it is typed, before the page is closed", async () => {
    const view = await sampleView();
    const e2 = view.evidence.filter((e) => !e.archived)[1] as View["evidence"][number];
    const alice = await openAs(browser, server.baseUrl, "Alice Panel");
    try {
      await openMatrix(alice.page);
      await alice.page
        .getByRole("button", { name: /^Details of/ })
        .nth(1)
        .click();
      const source = alice.page.getByTestId("field-source");
      await source.fill("");
      await source.pressSequentially("A source typed then the tab closed", { delay: 20 });
      await pause(1500);
      await alice.page.close();
      await waitFor(
        async () =>
          expect((await sampleView()).evidence.find((e) => e.id === e2.id)?.source).toBe(
            "A source typed then the tab closed",
          ),
        { timeoutMs: 3000 },
      );
    } finally {
      await alice.context.close();
    }
  });
});
