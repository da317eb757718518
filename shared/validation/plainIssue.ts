/**
 * A validation issue in plain words, as the end of a sentence about the value ("can be at most 300
 * characters", "must not be empty"), never zod's own wording ("Too big: expected string to have
 * <=300 characters"). The client's form errors and the server's refusals both say it this way.
 */
import type { z } from "zod";

export function plainIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "is not valid";
  switch (issue.code) {
    case "too_big":
      return issue.origin === "string"
        ? `can be at most ${String(issue.maximum)} characters`
        : `is too large (at most ${String(issue.maximum)})`;
    case "too_small":
      return issue.origin === "string" && Number(issue.minimum) <= 1
        ? "must not be empty"
        : `must be at least ${String(issue.minimum)}${issue.origin === "string" ? " characters" : ""}`;
    case "invalid_value":
      return `must be one of: ${issue.values.map(String).join(", ")}`;
    case "custom":
      return issue.message;
    default:
      // Our schemas give their own messages in plain words ("must not be empty"); zod's start upper-case.
      return /^[a-z]/.test(issue.message) ? issue.message : "is not valid";
  }
}
