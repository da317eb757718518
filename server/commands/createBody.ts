/**
 * The body of `POST /api/analyses`: a full JSON view (has `schemaVersion`) or `{ title, question? }`
 * for a blank analysis. Read from raw bytes in a worker thread (big bodies) with the same answers
 * the app-wide JSON parser gives elsewhere, so a 20 MiB body is never parsed on the sync thread.
 */
import { z } from "zod";
import { AppError } from "../../shared/errors";
import { type ParsedAnalysisJson, parseAnalysisJson } from "../../shared/schema/analysisJson";
import { questionSchema, titleSchema } from "../../shared/schema/fields";
import { parseOrThrow } from "../../shared/schema/validate";
import { assertJsonDepth } from "../http/jsonDepth";

const createBlankSchema = z.object({ title: titleSchema, question: questionSchema.optional() }).strict();

/** The analysis a parsed create body describes; throws `validation_failed` naming the field. */
export function parseCreateBody(body: unknown): ParsedAnalysisJson {
  const isFullJson = typeof body === "object" && body !== null && "schemaVersion" in body;
  return isFullJson
    ? parseAnalysisJson(body)
    : parseAnalysisJson({ schemaVersion: 1, ...parseOrThrow(createBlankSchema, body, "body") });
}

/**
 * A JSON body's bytes parsed as `express.json()` would (strict: an object or array; no bytes is `{}`),
 * with its error answers: nesting beyond the limit, then "not valid JSON".
 */
export function parseJsonBody(bytes: Uint8Array): unknown {
  assertJsonDepth(bytes);
  if (bytes.byteLength === 0) return {};
  const text = new TextDecoder().decode(bytes);
  if (!/^[ \t\n\r]*[[{]/.test(text)) throw new AppError("bad_request", "request body must be a JSON object");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "request body is not valid JSON");
  }
}
