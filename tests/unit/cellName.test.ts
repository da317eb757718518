import { describe, expect, it } from "vitest";
import { type CellNameInput, cellName } from "../../client/src/lib/cellName";

const base: CellNameInput = {
  evidenceCode: "E3",
  col: 1,
  mode: "mine",
  code: "C",
  codeB: null,
  level: null,
  overridden: false,
  others: "",
  comments: 0,
  visitorName: null,
};

describe("a rating cell's accessible name", () => {
  it("says where the cell is and my rating, with the team's as a tally", () => {
    expect(cellName(base)).toBe("E3 × H2: Consistent (you)");
    expect(cellName({ ...base, others: "u1:C u2:I u3:C u4:C" })).toBe(
      "E3 × H2: Consistent (you), team: 3 C, 1 I",
    );
    expect(cellName({ ...base, code: null })).toBe("E3 × H2: unrated (you)");
  });

  it("says the other views' reading in a few words", () => {
    expect(cellName({ ...base, mode: "consensus", code: "II", overridden: true })).toBe(
      "E3 × H2: consensus Very inconsistent (set by the lead)",
    );
    expect(cellName({ ...base, mode: "disagreement", level: "large" })).toBe("E3 × H2: large disagreement");
    expect(cellName({ ...base, mode: "compare", code: "C", codeB: "I" })).toBe(
      "E3 × H2: C vs I, they differ",
    );
  });

  it("adds comments and who else has the cell selected", () => {
    expect(cellName({ ...base, comments: 2, visitorName: "Ann" })).toBe(
      "E3 × H2: Consistent (you); 2 comments; selected by Ann",
    );
  });
});
