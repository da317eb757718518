import { describe, expect, it } from "vitest";
import { parseAnalysisJson } from "../../shared/schema/analysisJson";
import { importedAuthorName, importedCopy } from "../../shared/schema/importedCopy";

const importer = { userId: "me", name: "mal3" };

describe("importedAuthorName", () => {
  it("names the importer with the original author as text", () => {
    expect(importedAuthorName(importer, "lena")).toBe("mal3 (originally by lena)");
    expect(importedAuthorName({ userId: "me", name: "" }, " ")).toBe("originally by an unknown author");
  });
  it("stays within the display-name limit", () => {
    expect(importedAuthorName(importer, "x".repeat(200)).length).toBeLessThanOrEqual(80);
  });
});

describe("importedCopy", () => {
  it("warns of nothing when a file has neither comments nor approvals", () => {
    const analysis = parseAnalysisJson({ schemaVersion: 1, title: "Plain" });
    expect(importedCopy(analysis, importer).warnings).toEqual([]);
  });
});
