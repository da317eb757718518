import { describe, expect, it } from "vitest";
import { matchRoute } from "../../client/src/routes/matchRoute";

describe("matchRoute", () => {
  it("extracts named params and decodes them", () => {
    expect(matchRoute("/a/:id", "/a/abc%2D1")).toEqual({ id: "abc-1" });
  });

  it("ignores a trailing slash and matches the root", () => {
    expect(matchRoute("/a/:id", "/a/x/")).toEqual({ id: "x" });
    expect(matchRoute("/", "/")).toEqual({});
  });

  it("refuses other paths, extra segments and malformed escapes", () => {
    expect(matchRoute("/a/:id", "/b/x")).toBeNull();
    expect(matchRoute("/a/:id", "/a/x/y")).toBeNull();
    expect(matchRoute("/a/:id", "/a/%E0%A4%A")).toBeNull();
    expect(matchRoute("/", "/a")).toBeNull();
  });
});
