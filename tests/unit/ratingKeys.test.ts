import { describe, expect, it } from "vitest";
import { overallStatus } from "../../client/src/lib/connectionStatus";
import { isCommentsKey, moveInGrid, ratingForKey } from "../../client/src/lib/ratingKeys";

describe("ratingForKey", () => {
  const key = (k: string, shiftKey = false) => ratingForKey({ key: k, shiftKey })?.code;

  it("maps 1–5 to CC…II, 0 and x to NA, Backspace and Delete to clearing", () => {
    expect(["1", "2", "3", "4", "5", "0", "x"].map((k) => key(k))).toEqual([
      "CC",
      "C",
      "N",
      "I",
      "II",
      "NA",
      "NA",
    ]);
    expect(ratingForKey({ key: "Backspace", shiftKey: false })).toEqual({ kind: "set", code: null });
    expect(ratingForKey({ key: "Delete", shiftKey: false })).toEqual({ kind: "set", code: null });
  });

  it("rates by the code's letter, Shift giving the strong codes whatever Caps Lock says", () => {
    expect(["c", "n", "i", "a"].map((k) => key(k))).toEqual(["C", "N", "I", "NA"]);
    expect(["C", "N", "I", "A"].map((k) => key(k))).toEqual(["C", "N", "I", "NA"]);
    expect([key("C", true), key("I", true), key("c", true), key("N", true)]).toEqual(["CC", "II", "CC", "N"]);
  });

  it("ignores every other key, M (comments) included", () => {
    expect(key("6")).toBeUndefined();
    expect(key("m")).toBeUndefined();
    expect(key("b")).toBeUndefined();
    expect(key("toString")).toBeUndefined();
    expect(isCommentsKey("m")).toBe(true);
    expect(isCommentsKey("c")).toBe(false);
  });
});

describe("moveInGrid", () => {
  it("moves with the arrows and clamps at the edges", () => {
    expect(moveInGrid({ row: 0, col: 0 }, "ArrowRight", 3, 2)).toEqual({ row: 0, col: 1 });
    expect(moveInGrid({ row: 0, col: 1 }, "ArrowRight", 3, 2)).toEqual({ row: 0, col: 1 });
    expect(moveInGrid({ row: 0, col: 0 }, "ArrowUp", 3, 2)).toEqual({ row: 0, col: 0 });
    expect(moveInGrid({ row: 1, col: 1 }, "Home", 3, 2)).toEqual({ row: 1, col: 0 });
    expect(moveInGrid({ row: 1, col: 1 }, "Enter", 3, 2)).toBeNull();
  });
});

describe("overallStatus", () => {
  it("is offline if any document is disconnected, syncing while any catches up, else connected", () => {
    expect(
      overallStatus([
        { connected: true, synced: true },
        { connected: false, synced: false },
      ]),
    ).toBe("offline");
    expect(
      overallStatus([
        { connected: true, synced: true },
        { connected: true, synced: false },
      ]),
    ).toBe("syncing");
    expect(overallStatus([{ connected: true, synced: true }])).toBe("connected");
  });
});
