import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { pageTexts } from "../fixtures/pdfText";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";

const SAMPLE = "/a/sample-khairkhane-raid";
const suite = browserSuite();

describe("export and import from the browser", () => {
  it("downloads the PDF and the JSON from the matrix, and imports that JSON as a new analysis", async () => {
    const { context, page } = await openAs(
      suite.browser,
      suite.server.baseUrl,
      "Lena Lead",
      undefined,
      "lead",
    );
    await page.goto(SAMPLE);
    await page.getByRole("button", { name: "Export" }).click();

    const [pdf] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download PDF" }).click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    const text = (await pageTexts(new Uint8Array(await readFile((await pdf.path()) as string)))).join(" ");
    expect(text).toContain("Khairkhane night raid");
    expect(text).toContain("NRF (resistance) collaborators");

    const [json] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "JSON" }).click(),
    ]);
    const file = (await json.path()) as string;
    expect(JSON.parse(await readFile(file, "utf8")).schemaVersion).toBe(2);

    await page.goto("/");
    await page.getByRole("button", { name: "Import…" }).click();
    await page.locator("input[type=file]").setInputFiles({
      name: "khairkhane.json",
      mimeType: "application/json",
      buffer: await readFile(file),
    });
    const preview = page.getByRole("region", { name: "What will be imported" });
    await expect.poll(() => preview.getByText("Khairkhane night raid").count()).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.waitForURL(
      (url) => url.pathname.startsWith("/a/") && !url.pathname.endsWith("sample-khairkhane-raid"),
    );
    await page.getByRole("heading", { name: /Khairkhane night raid/ }).waitFor();
    await context.close();
  });

  it("lists the fields an imported file holds that the app does not know before importing it", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Ivo Importer");
    const file = {
      schemaVersion: 2,
      title: "Typo test",
      hypotheses: [{ id: "h1", title: "H", colour: "red" }],
    };
    await page.getByRole("button", { name: "Import…" }).click();
    await page.locator("input[type=file]").setInputFiles({
      name: "typo.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(file)),
    });
    const warnings = page.getByRole("list", { name: "Warnings" });
    await expect
      .poll(() => warnings.textContent())
      .toContain("1 unknown field ignored (not imported): hypotheses.0.colour");
    await context.close();
  });

  it("offers the export menu on the lead review page too", async () => {
    const { context, page } = await openAs(
      suite.browser,
      suite.server.baseUrl,
      "Lena Lead",
      undefined,
      "lead",
    );
    await page.goto(`${SAMPLE}/lead`);
    await page.getByRole("button", { name: "Export" }).click();
    await page.getByRole("button", { name: "Download PDF" }).waitFor();
    await context.close();
  });
});
