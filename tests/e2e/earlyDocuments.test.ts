/**
 * A page that shows an analysis asks for its documents before the app's code has loaded
 * (client/public/earlyDocuments.js), and the app takes that one response instead of asking again.
 */
import { describe, expect, it } from "vitest";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";

const suite = browserSuite({ NO_SAMPLE: "1" });

describe("the documents request of a first visit", () => {
  it("starts from the page head before the app's code, and the app takes it instead of asking again", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Early Eve");
    try {
      const res = await context.request.post("/api/analyses", {
        data: {
          schemaVersion: 1,
          title: "Early documents",
          hypotheses: [{ id: "h1", title: "Alpha" }],
          evidence: [{ id: "e1", claim: "Convoy seen at dawn" }],
        },
      });
      expect(res.status()).toBe(201);
      const { id } = (await res.json()) as { id: string };
      // Who asks: fetch called from a classic script has that script as document.currentScript; the
      // app's own code is a module, for which it is null.
      await page.addInitScript(() => {
        const w = window as unknown as { __documentCalls: string[] };
        w.__documentCalls = [];
        const nativeFetch = window.fetch.bind(window);
        window.fetch = (input, init) => {
          if (String(input instanceof Request ? input.url : input).endsWith("/documents"))
            w.__documentCalls.push((document.currentScript as HTMLScriptElement | null)?.src ?? "app");
          return nativeFetch(input, init);
        };
      });
      await page.goto(`/a/${id}`);
      await page.getByTestId("cell-e1-h1").waitFor();
      await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
      const calls = await page.evaluate(
        () => (window as unknown as { __documentCalls: string[] }).__documentCalls,
      );
      expect(calls).toEqual([`${suite.server.baseUrl}/earlyDocuments.js`]);
      expect(await page.evaluate(() => window.__earlyDocuments)).toBeUndefined();
    } finally {
      await context.close();
    }
  });
});
