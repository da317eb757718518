import { describe, expect, it } from "vitest";
import { blindToMe } from "../../client/src/hooks/useBlindToMe";

describe("blindToMe", () => {
  it("is unknown until the lead document holds the server's state", () => {
    expect(blindToMe(false, false, "analyst")).toBeNull();
    expect(blindToMe(false, false, null)).toBeNull();
  });

  it("shows the team's ratings as soon as the flag is known to be off, before my role is known", () => {
    expect(blindToMe(false, true, null)).toBe(false);
    expect(blindToMe(false, true, "viewer")).toBe(false);
  });

  it("waits for my role while the flag is on, then hides the others from everyone but the lead", () => {
    expect(blindToMe(true, true, null)).toBeNull();
    expect(blindToMe(true, true, "analyst")).toBe(true);
    expect(blindToMe(true, true, "viewer")).toBe(true);
    expect(blindToMe(true, true, "lead")).toBe(false);
    expect(blindToMe(true, false, "lead")).toBe(false);
  });
});
