import { describe, expect, it } from "vitest";
import { encodeOthers, otherMarksStyle, othersCodes } from "../../client/src/lib/otherMarks";

describe("others' marks", () => {
  it("encodes each analyst's rating as a userId:code word and reads the codes back in order", () => {
    const others = encodeOthers([
      ["u-1", "II"],
      ["u-2", "CC"],
      ["u-3", "NA"],
    ]);
    expect(others).toBe("u-1:II u-2:CC u-3:NA");
    expect(othersCodes(others)).toEqual(["II", "CC", "NA"]);
    expect(othersCodes("")).toEqual([]);
  });

  it("draws one mark per code, left to right in the rating's colour, each with a darker ring", () => {
    const { boxShadow } = otherMarksStyle(["CC", "I"]);
    expect(boxShadow).toBe(
      "12px 0 0 -1px var(--r-cc-bg), 12px 0 0 0 color-mix(in srgb, var(--r-cc-bg) 82%, #000), " +
        "24px 0 0 -1px var(--r-i-bg), 24px 0 0 0 color-mix(in srgb, var(--r-i-bg) 82%, #000)",
    );
  });

  it("centres the marks, not the invisible box they are drawn from", () => {
    // Three marks span 34 px starting one 12 px pitch right of the box: its left edge sits 29 px left of the centre.
    expect(otherMarksStyle(["C", "C", "C"]).marginLeft).toBe("calc(50% - 29px)");
    expect(otherMarksStyle(["C"]).marginLeft).toBe("calc(50% - 17px)");
  });
});
