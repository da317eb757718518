import { describe, expect, it } from "vitest";
import { slashBreaks } from "../../client/src/lib/slashBreaks";

describe("slashBreaks", () => {
  it("cuts after each slash that a word follows", () => {
    expect(slashBreaks("Criminal/family dispute")).toEqual(["Criminal/", "family dispute"]);
    expect(slashBreaks("a/b/c")).toEqual(["a/", "b/", "c"]);
  });

  it("leaves text without a slash inside a word whole", () => {
    expect(slashBreaks("Taliban raid")).toEqual(["Taliban raid"]);
    expect(slashBreaks("either / or")).toEqual(["either / or"]);
    expect(slashBreaks("http://x")).toEqual(["http://", "x"]);
    expect(slashBreaks("")).toEqual([""]);
  });
});
