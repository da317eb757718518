/**
 * Answers a JSON body typed by its response schema in `shared/api/`, the one the client parses it
 * with: a route whose answer drifts from what the client expects no longer compiles.
 */
import type { Response } from "express";
import type { z } from "zod";

/** `T` with every array and object readonly: the server's domain objects are readonly, the schemas' types mutable. */
type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export function sendJson<S extends z.ZodType>(
  res: Response,
  _schema: S,
  body: DeepReadonly<z.input<S>>,
  status = 200,
): void {
  res.status(status).json(body);
}
