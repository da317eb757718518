/**
 * Checks one form field against its schema: the parsed value, or the failure as a sentence for an
 * inline field error (plainValidationMessage: "The title can be at most 300 characters.").
 */
import type { z } from "zod";
import { plainValidationMessage } from "./validationMessage";

export function fieldError<T>(
  subject: string,
  schema: z.ZodType<T>,
  value: unknown,
): { ok: true; value: T } | { ok: false; message: string } {
  const r = schema.safeParse(value);
  return r.success
    ? { ok: true, value: r.data }
    : { ok: false, message: plainValidationMessage(subject, r.error) };
}
