/** Refuses JSON nested too deeply before anything parses it (JSON.parse, zod and JSON.stringify recurse). */
import { AppError } from "../../shared/errors";
import { Limits } from "../../shared/limits";
import { jsonTextTooDeep } from "../../shared/validation/measure";

/** Throws a 400 naming the limit when `text` nests arrays/objects deeper than `Limits.jsonMaxDepth`. */
export function assertJsonDepth(text: string | Uint8Array): void {
  const raw =
    typeof text === "string"
      ? text
      : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString("utf8");
  if (jsonTextTooDeep(raw, Limits.jsonMaxDepth)) {
    throw new AppError(
      "validation_failed",
      `the JSON is nested too deeply (more than ${Limits.jsonMaxDepth} levels of arrays and objects)`,
    );
  }
}
