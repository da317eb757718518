/**
 * Validation failures in plain words for people ("The title can be at most 300 characters"),
 * never zod's own wording ("Too big: expected string to have <=300 characters").
 */
import type { z } from "zod";
import { plainIssue } from "../../../shared/validation/plainIssue";

/** `subject` names the value, e.g. "title" or "claim"; the first issue is described. */
export function plainValidationMessage(subject: string, error: z.ZodError): string {
  return `The ${subject} ${plainIssue(error.issues[0])}.`;
}
