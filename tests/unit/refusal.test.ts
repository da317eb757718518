import { describe, expect, it } from "vitest";
import { classifyRefusal } from "../../client/src/lib/refusal";

describe("classifyRefusal", () => {
  it("holds a copy back when the server refused a change it holds, over a limit or missing state", () => {
    expect(classifyRefusal("update refused: meta.title: at most 300 characters")).toEqual({
      kind: "held",
      reason: "meta.title: at most 300 characters",
    });
    expect(classifyRefusal("update refused: it depends on changes the server does not have").kind).toBe(
      "held",
    );
  });

  it("lets a copy retry after a cool-down, and reads anything else as read-only", () => {
    expect(
      classifyRefusal(
        "update refused: try again later (in 2 s); an earlier update broke a limit: meta.title: x",
      ).kind,
    ).toBe("coolingDown");
    expect(classifyRefusal("read-only: viewers cannot edit")).toEqual({ kind: "readOnly" });
  });
});
