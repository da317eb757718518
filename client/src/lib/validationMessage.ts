/**
 * Validation failures in plain words for people ("The title can be at most 300 characters"),
 * never zod's own wording ("Too big: expected string to have <=300 characters").
 */
import type { z } from "zod";

/** `subject` names the value, e.g. "title" or "claim"; the first issue is described. */
export function plainValidationMessage(subject: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const what = `The ${subject}`;
  if (!issue) return `${what} is not valid.`;
  switch (issue.code) {
    case "too_big":
      return issue.origin === "string"
        ? `${what} can be at most ${String(issue.maximum)} characters.`
        : `${what} is too large (at most ${String(issue.maximum)}).`;
    case "too_small":
      return issue.origin === "string" && Number(issue.minimum) <= 1
        ? `${what} must not be empty.`
        : `${what} must be at least ${String(issue.minimum)}${issue.origin === "string" ? " characters" : ""}.`;
    case "invalid_value":
      return `${what} must be one of: ${issue.values.map(String).join(", ")}.`;
    case "custom":
      return `${what} ${issue.message}.`;
    default:
      // Our schemas give their own messages in plain words ("must not be empty"); zod's start upper-case.
      return /^[a-z]/.test(issue.message) ? `${what} ${issue.message}.` : `${what} is not valid.`;
  }
}
