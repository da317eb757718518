/**
 * Attachments in the browser: an analyst attaches an image to an evidence row, sees its preview and
 * the SHA-256 the server stored (equal to the file's), and downloads exactly the bytes attached.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { cellAt, openMatrix, SAMPLE } from "./helpers/pages";
import { waitFor } from "./helpers/waitFor";

const suite = browserSuite();

describe("attachments", () => {
  it("attaches an image to an evidence row, previews it with its SHA-256 and downloads it intact", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Attaching Ana");
    try {
      await openMatrix(page, SAMPLE);
      // A real image drawn by the browser: a 64×48 picture of two bands.
      const png = Buffer.from(
        await page.evaluate(() => {
          const canvas = document.createElement("canvas");
          canvas.width = 64;
          canvas.height = 48;
          const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
          ctx.fillStyle = "#2b6cb0";
          ctx.fillRect(0, 0, 64, 24);
          ctx.fillStyle = "#dd6b20";
          ctx.fillRect(0, 24, 64, 24);
          return canvas.toDataURL("image/png").split(",")[1] as string;
        }),
        "base64",
      );
      const sha256 = createHash("sha256").update(png).digest("hex");

      await cellAt(page, 0, 0).focus();
      await page.keyboard.press("Enter");
      const panel = page.getByTestId("evidence-panel");
      await panel.waitFor();
      await panel.getByTestId("attachments").getByText("No files attached.").waitFor();
      await panel.getByTestId("attachment-input").setInputFiles({
        name: "checkpoint photo.png",
        mimeType: "image/png",
        buffer: png,
      });

      const item = panel.getByTestId("attachment");
      await item.waitFor();
      expect(await item.getByTestId("attachment-download").textContent()).toBe("checkpoint photo.png");
      const hash = item.getByTestId("attachment-sha256");
      expect(await hash.getAttribute("data-sha256")).toBe(sha256);
      expect(await hash.textContent()).toBe(`${sha256.slice(0, 12)}…`);
      expect(await item.textContent()).toContain("Attaching Ana");
      const preview = item.getByTestId("attachment-preview");
      await waitFor(async () =>
        expect(await preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64),
      );
      await panel.getByTestId("attachments").scrollIntoViewIfNeeded();
      await page.screenshot({ path: "/tmp/attachments-evidence-panel.png" });

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        item.getByTestId("attachment-download").click(),
      ]);
      expect(download.suggestedFilename()).toBe("checkpoint photo.png");
      const saved = await readFile((await download.path()) as string);
      expect(createHash("sha256").update(saved).digest("hex")).toBe(sha256);

      // A refused type says why, and nothing is added.
      await panel.getByTestId("attachment-input").setInputFiles({
        name: "page.html",
        mimeType: "text/html",
        buffer: Buffer.from("<!doctype html><script>alert(1)</script>"),
      });
      await panel.getByRole("alert").filter({ hasText: "page.html was refused" }).waitFor();
      expect(await panel.getByTestId("attachment").count()).toBe(1);
    } finally {
      await context.close();
    }
  });
});
