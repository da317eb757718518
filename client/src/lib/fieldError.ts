/**
 * Turns a failed schema check into a sentence for an inline field error ("Title must be at most
 * 300 characters."), never a raw validator message.
 */
import type { z } from "zod";

export function fieldError<T>(
  label: string,
  schema: z.ZodType<T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; message: string } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  let reason = "is not valid";
  if (issue?.code === "too_small") {
    reason =
      Number(issue.minimum) <= 1 ? "must not be empty" : `must be at least ${issue.minimum} characters`;
  } else if (issue?.code === "too_big") {
    reason = `must be at most ${issue.maximum} characters`;
  } else if (issue?.code === "invalid_format" || issue?.code === "custom") {
    // Schema messages for formats are instructions ("use letters, digits…").
    return { ok: false, message: `${label}: ${issue.message}.` };
  }
  return { ok: false, message: `${label} ${reason}.` };
}
