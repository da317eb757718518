import { describe, expect, it } from "vitest";
import { wrapLabel } from "../../client/src/lib/wrapLabel";

describe("wrapLabel", () => {
  it("keeps a short label on one line", () => {
    expect(wrapLabel("ISKP cell", 20, 2)).toEqual(["ISKP cell"]);
  });

  it("breaks at word boundaries and marks what is left out with an ellipsis", () => {
    expect(wrapLabel("Retaliation after a checkpoint attack", 16, 2)).toEqual(["Retaliation", "after a…"]);
    expect(wrapLabel("NRF (resistance) collaborators", 18, 2)).toEqual(["NRF (resistance)", "collaborators"]);
  });

  it("cuts a single word longer than a line", () => {
    expect(wrapLabel("Supercalifragilistic", 8, 2)).toEqual(["Superca…"]);
  });
});
