import { describe, expect, it } from "vitest";
import {
  fittedHypothesisWidth,
  HYP_MAX,
  HYP_MIN,
  pinnedWidths,
  readWidths,
  writeWidths,
} from "../../client/src/lib/columnWidths";

const memory = () => {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
};

describe("column widths", () => {
  it("shares the width left after the fixed columns among the hypotheses", () => {
    expect(fittedHypothesisWidth({ available: 1400, fixed: 800, resized: [], free: 3 })).toBe(200);
    expect(fittedHypothesisWidth({ available: 1400, fixed: 800, resized: [300], free: 2 })).toBe(150);
  });

  it("keeps columns readable however wide or narrow the window is", () => {
    expect(fittedHypothesisWidth({ available: 4000, fixed: 800, resized: [], free: 3 })).toBe(HYP_MAX);
    expect(fittedHypothesisWidth({ available: 900, fixed: 800, resized: [], free: 8 })).toBe(HYP_MIN);
  });

  it("remembers widths per analysis and ignores anything malformed", () => {
    const s = memory();
    writeWidths(s, "a1", { claim: 420, hypotheses: { h1: 9_999 } });
    expect(readWidths(s, "a1")).toEqual({ claim: 420, hypotheses: { h1: HYP_MAX } });
    expect(readWidths(s, "a2")).toEqual({});
    s.setItem("ach.columns.widths.a3", "{not json");
    expect(readWidths(s, "a3")).toEqual({});
  });
});

describe("pinnedWidths", () => {
  it("keeps every column at its shown width, the resized ones at theirs", () => {
    expect(pinnedWidths(["a", "b", "c"], { b: 200 }, 150)).toEqual({ a: 150, b: 200, c: 150 });
  });
});
