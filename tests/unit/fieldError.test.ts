import { describe, expect, it } from "vitest";
import { fieldError } from "../../client/src/lib/fieldError";
import { passwordSchema } from "../../shared/accounts";
import { titleSchema } from "../../shared/schema/fields";

describe("fieldError", () => {
  it("says in plain words what is wrong with a field", () => {
    expect(fieldError("title", titleSchema, "  ")).toEqual({
      ok: false,
      message: "The title must not be empty.",
    });
    expect(fieldError("password", passwordSchema, "short")).toEqual({
      ok: false,
      message: "The password must be at least 8 characters.",
    });
  });

  it("passes the parsed value through", () => {
    expect(fieldError("title", titleSchema, "  Raid ")).toEqual({ ok: true, value: "Raid" });
  });
});
