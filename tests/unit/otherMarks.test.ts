import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { encodeOthers, MARK_FILL, otherMarksStyle, othersCodes } from "../../client/src/lib/otherMarks";

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
      "12px 0 0 -1px #2166ac, 12px 0 0 0 #1b548d, 24px 0 0 -1px #fdb863, 24px 0 0 0 #cf9751",
    );
  });

  it("darkens both colours of a light-dark pair for the ring", () => {
    expect(otherMarksStyle(["N"]).boxShadow).toBe(
      "12px 0 0 -1px light-dark(#e6e6e6, #c9c9c9), 12px 0 0 0 light-dark(#bdbdbd, #a5a5a5)",
    );
  });

  it("uses the rating colours of the design tokens", () => {
    const tokens = readFileSync(new URL("../../client/src/design/tokens.css", import.meta.url), "utf8");
    for (const code of ["CC", "C", "N", "I", "II"] as const)
      expect(tokens).toContain(`--r-${code.toLowerCase()}-bg: ${MARK_FILL[code]};`);
  });

  it("centres the marks, not the invisible box they are drawn from", () => {
    // Three marks span 34 px starting one 12 px pitch right of the box: its left edge sits 29 px left of the centre.
    expect(otherMarksStyle(["C", "C", "C"]).marginLeft).toBe("calc(50% - 29px)");
    expect(otherMarksStyle(["C"]).marginLeft).toBe("calc(50% - 17px)");
  });
});
