import { describe, expect, it } from "vitest";
import { findQuote, quoteSelector } from "../../shared/sources/quoteSelector";

describe("TextQuoteSelector", () => {
  it("keeps the quote with 32 characters of context each side", () => {
    const text = `${"a".repeat(40)}QUOTE${"b".repeat(40)}`;
    expect(quoteSelector(text, 40, 45)).toEqual({
      exact: "QUOTE",
      prefix: "a".repeat(32),
      suffix: "b".repeat(32),
    });
  });

  it("picks the occurrence whose context agrees when the quote appears several times", () => {
    const text = "the strike hit the depot. Later, the strike hit the school.";
    const second = text.lastIndexOf("the strike hit");
    const selector = quoteSelector(text, second, second + "the strike hit".length);
    expect(findQuote(text, selector)).toEqual({ start: second, end: second + 14 });
  });

  it("breaks ties by the hint when the context says nothing", () => {
    const text = "x x x";
    expect(findQuote(text, { exact: "x", prefix: "", suffix: "" }, 4)).toEqual({ start: 4, end: 5 });
  });

  it("finds a quote again despite changed case, spacing and typographic quotes", () => {
    const text = "He said \u201Cwe did  not\nstrike\u201D \u2014 twice.";
    const found = findQuote(text, { exact: 'said "We did not strike" - twice', prefix: "He ", suffix: "." });
    expect(found).not.toBeNull();
    expect(text.slice(found?.start, found?.end)).toBe("said \u201Cwe did  not\nstrike\u201D \u2014 twice");
  });

  it("returns null when the words are not in the text", () => {
    expect(findQuote("nothing here", { exact: "missing", prefix: "", suffix: "" })).toBeNull();
  });
});
