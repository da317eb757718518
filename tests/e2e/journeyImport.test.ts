/**
 * The import journey, as a lead would tell it: "I approved the sample, downloaded its JSON, imported
 * that file back through the Import dialog and got a copy with the same hypotheses, evidence and
 * ratings — marked as a copy, not approved, and its history starts with my import."
 */
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { AnalysisJson } from "../../shared/schema/analysisJson";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { waitFor } from "./helpers/waitFor";

const SAMPLE_ID = "sample-khairkhane-raid";
const suite = browserSuite();

describe("the import journey", () => {
  it("exports the approved sample as JSON and imports it back as an unapproved copy whose history starts with the import", async () => {
    const { context, page } = await openAs(
      suite.browser,
      suite.server.baseUrl,
      "Ines Importer",
      undefined,
      "lead",
    );
    try {
      // The sample is approved first, so there is an approval the copy must not claim.
      await page.goto(`/a/${SAMPLE_ID}/lead`);
      await page.getByTestId("approve").click();
      await waitFor(async () =>
        expect(await page.getByTestId("approval-badge").textContent()).toContain("Approved by"),
      );

      await page.goto(`/a/${SAMPLE_ID}`);
      await page.getByRole("button", { name: "Export" }).click();
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "JSON" }).click(),
      ]);
      const bytes = await readFile((await download.path()) as string);
      const exported = JSON.parse(bytes.toString("utf8")) as AnalysisJson;
      expect(exported.lead.approvals.length).toBeGreaterThan(0);

      await page.goto("/");
      await page.getByRole("button", { name: "Import…" }).click();
      await page
        .locator("input[type=file]")
        .setInputFiles({ name: "khairkhane-export.json", mimeType: "application/json", buffer: bytes });
      const preview = page.getByRole("region", { name: "What will be imported" });
      await waitFor(async () => expect(await preview.getByText(exported.title).count()).toBeGreaterThan(0));
      await page.getByRole("button", { name: "Import", exact: true }).click();
      await page.waitForURL((url) => url.pathname.startsWith("/a/") && !url.pathname.includes(SAMPLE_ID));
      const copyId = new URL(page.url()).pathname.split("/")[2] ?? "";

      // The copy says it is one, shows every hypothesis and claim, and claims no approval.
      await page.getByRole("heading", { name: `${exported.title} (copy)` }).waitFor();
      for (const h of exported.hypotheses) await page.getByText(h.title, { exact: true }).first().waitFor();
      for (const e of exported.evidence) await page.getByText(e.claim, { exact: true }).first().waitFor();
      await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor();
      expect(await page.getByTestId("approval-badge").count()).toBe(0);
      expect(await page.getByText(/Approved by/).count()).toBe(0);

      // Every analyst's rating came along.
      const copy = (await (await context.request.get(`/api/analyses/${copyId}`)).json()) as AnalysisJson;
      expect(copy.ratings).toEqual(exported.ratings);
      expect(copy.lead.approvals).toEqual([]);
      const status = (await (
        await context.request.get(`/api/analyses/${copyId}/approval-status`)
      ).json()) as {
        approved: boolean;
      };
      expect(status.approved).toBe(false);

      // Its history starts with the import.
      await page.goto(`/a/${copyId}/history`);
      const entries = page.getByTestId("activity-feed").getByTestId("activity-entry");
      await waitFor(async () => expect(await entries.count()).toBeGreaterThan(0));
      expect(await entries.last().textContent()).toContain(
        "Imported from 'khairkhane-export.json' by Ines Importer",
      );
    } finally {
      await context.close();
    }
  });
});
