import type { z } from "zod";
import { AppError } from "../errors";

/** Parse with a zod schema; on failure throw `validation_failed` naming the first offending field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what = "input"): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join(".") : what;
  throw new AppError("validation_failed", `${path}: ${issue?.message ?? "invalid"}`);
}
