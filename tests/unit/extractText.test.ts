import { describe, expect, it } from "vitest";
import { HTML_MAX_DEPTH, htmlDepth, htmlParagraphs } from "../../server/extract/extractText";

describe("text extraction from HTML", () => {
  it("reads a page's blocks as paragraphs, unclosed paragraphs and void elements adding no depth", async () => {
    const page = `<html><body><h1>Raid</h1>${"<p>one line<br>".repeat(600)}<ul><li>a<li>b</ul></body></html>`;
    expect(htmlDepth(page)).toBe(3);
    const paragraphs = await htmlParagraphs(page);
    expect(paragraphs[0]).toBe("Raid");
    expect(paragraphs).toContain("• a");
  });

  it("refuses a page nested deeper than the limit before parsing it, and reads tags that never close", async () => {
    const deep = `<p>${"<b>".repeat(200_000)}x`;
    expect(htmlDepth(deep)).toBe(200_000);
    await expect(htmlParagraphs(deep)).rejects.toThrow(`more than ${HTML_MAX_DEPTH} levels deep`);
    expect(htmlDepth("<b".repeat(300_000))).toBe(0);
  });
});
