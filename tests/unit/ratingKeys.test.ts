import { describe, expect, it } from "vitest";
import { overallStatus } from "../../client/src/lib/connectionStatus";
import { moveInGrid, ratingForKey } from "../../client/src/lib/ratingKeys";

describe("ratingForKey", () => {
  it("maps 1–5 to CC…II, 0 and x to NA, Backspace and Delete to clearing", () => {
    expect(["1", "2", "3", "4", "5", "0", "x"].map((k) => ratingForKey(k)?.code)).toEqual([
      "CC",
      "C",
      "N",
      "I",
      "II",
      "NA",
      "NA",
    ]);
    expect(ratingForKey("Backspace")).toEqual({ kind: "set", code: null });
    expect(ratingForKey("Delete")).toEqual({ kind: "set", code: null });
  });

  it("ignores every other key", () => {
    expect(ratingForKey("6")).toBeNull();
    expect(ratingForKey("a")).toBeNull();
    expect(ratingForKey("toString")).toBeNull();
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
