import { describe, expect, it } from "vitest";
import { attachmentHeader } from "../../server/export/contentDisposition";
import { csvCell } from "../../server/export/csvExport";

describe("CSV cells", () => {
  it("neutralises a formula behind white space, line breaks, NUL, zero-width characters or a BOM", () => {
    for (const prefix of [
      " ",
      "  ",
      "\n",
      "\r",
      "\t",
      "\0",
      "\u200B",
      "\uFEFF",
      "\u00A0",
      "\u3000",
      " \u200B\n",
    ]) {
      const cell = csvCell(`${prefix}=HYPERLINK("http://evil")`);
      expect(cell.replace(/^"/, "").startsWith("'"), JSON.stringify(prefix)).toBe(true);
    }
  });

  it("neutralises full-width and small formula characters", () => {
    for (const ch of ["＝", "＋", "－", "＠", "﹦", "﹢", "﹣", "﹫"]) {
      expect(csvCell(`${ch}1+1`)).toBe(`'${ch}1+1`);
      expect(csvCell(` ${ch}1+1`)).toBe(`' ${ch}1+1`);
    }
  });

  it("drops NUL characters and leaves ordinary text alone", () => {
    expect(csvCell("a\0b")).toBe("ab");
    expect(csvCell("Plain claim")).toBe("Plain claim");
    expect(csvCell("  indented text")).toBe("  indented text");
    expect(csvCell("=1+1")).toBe("'=1+1");
  });
});

describe("download file names", () => {
  it("keeps bidi overrides and other invisible controls out of both file names", () => {
    const controls = [
      "\u202E",
      "\u202D",
      "\u2066",
      "\u2067",
      "\u2068",
      "\u2069",
      "\u200E",
      "\u200F",
      "\u061C",
      "\u200B",
      "\uFEFF",
      "\u2028",
    ];
    for (const ch of controls) {
      const header = attachmentHeader(`invoice${ch}fdp.exe`, "pdf");
      const utf8 = decodeURIComponent(header.split("filename*=UTF-8''")[1] ?? "");
      expect(utf8, JSON.stringify(ch)).not.toContain(ch);
      expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+\.pdf"; filename\*=UTF-8''[\x21-\x7e]+$/);
    }
  });

  it("never cuts a long title in the middle of a character", () => {
    const header = attachmentHeader(`${"a".repeat(119)}😀😀`, "csv");
    expect(decodeURIComponent(header.split("filename*=UTF-8''")[1] ?? "")).toBe(`${"a".repeat(119)}😀.csv`);
    expect(() => attachmentHeader("\uD800 lone surrogate", "csv")).not.toThrow();
  });
});
