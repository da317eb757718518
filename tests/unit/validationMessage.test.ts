import { describe, expect, it } from "vitest";
import { z } from "zod";
import { plainValidationMessage } from "../../client/src/lib/validationMessage";
import { titleSchema } from "../../shared/schema/fields";

const messageFor = (subject: string, schema: z.ZodType, value: unknown): string => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error("expected a failure");
  return plainValidationMessage(subject, r.error);
};

describe("plain validation messages", () => {
  it("says how long a title may be instead of zod's wording", () => {
    expect(messageFor("title", titleSchema, "x".repeat(301))).toBe(
      "The title can be at most 300 characters.",
    );
  });

  it("says an empty title must not be empty", () => {
    expect(messageFor("title", titleSchema, "   ")).toBe("The title must not be empty.");
  });

  it("lists the allowed values of a choice", () => {
    expect(messageFor("credibility", z.enum(["H", "M", "L"]), "X")).toBe(
      "The credibility must be one of: H, M, L.",
    );
  });

  it("never shows zod's capitalised defaults", () => {
    expect(messageFor("date", z.string().regex(/^\d{4}$/), "abc")).toBe("The date is not valid.");
  });
});
