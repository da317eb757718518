import { describe, expect, it } from "vitest";
import { fieldError } from "../../client/src/lib/fieldError";
import { passwordSchema, userNameSchema } from "../../shared/accounts";
import { titleSchema } from "../../shared/schema/fields";

describe("fieldError", () => {
  it("says in plain words what is wrong with a field", () => {
    expect(fieldError("Title", titleSchema, "  ")).toEqual({
      ok: false,
      message: "Title must not be empty.",
    });
    expect(fieldError("Title", titleSchema, "x".repeat(301))).toEqual({
      ok: false,
      message: "Title must be at most 300 characters.",
    });
    expect(fieldError("Password", passwordSchema, "short")).toEqual({
      ok: false,
      message: "Password must be at least 8 characters.",
    });
    expect(fieldError("User name", userNameSchema, "#ana")).toEqual({
      ok: false,
      message: "User name: use letters, digits, spaces, '.', '_' or '-'.",
    });
  });

  it("passes the parsed value through", () => {
    expect(fieldError("Title", titleSchema, "  Raid ")).toEqual({ ok: true, value: "Raid" });
  });
});
