/**
 * An evidence row's code (E1, E2, …) is its place in the analysis's evidence order, archived rows
 * included: the matrix, the CSV and the PDF name a row alike, whatever the matrix hides.
 */
import { describe, expect, it } from "vitest";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";

const suite = browserSuite({ NO_SAMPLE: "1" });

describe("evidence codes", () => {
  it("are the same on screen and in the CSV when an earlier row is archived", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Coder Cora");
    try {
      const res = await context.request.post("/api/analyses", {
        data: {
          schemaVersion: 1,
          title: "Codes",
          hypotheses: [{ id: "h1", title: "Alpha" }],
          evidence: [
            { id: "e1", claim: "Archived first row", archived: true },
            { id: "e2", claim: "Convoy seen at dawn" },
            { id: "e3", claim: "Leaflets in Pashto" },
          ],
        },
      });
      expect(res.status()).toBe(201);
      const { id } = (await res.json()) as { id: string };
      await page.goto(`/a/${id}`);
      await page.getByTestId("row-handle-e3").waitFor();
      expect(await page.getByTestId("row-handle-e2").textContent()).toBe("E2");
      expect(await page.getByTestId("row-handle-e3").textContent()).toBe("E3");
      const csv = await (await context.request.get(`/api/analyses/${id}/export.csv`)).text();
      expect(csv).toContain("E3");
      const line = csv.split(/\r?\n/).find((l) => l.includes("Leaflets in Pashto")) ?? "";
      expect(line.replace(/^\uFEFF/, "").split(",")[0]).toBe("E3");
    } finally {
      await context.close();
    }
  });
});
