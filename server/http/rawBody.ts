/**
 * Routes whose body is read as bytes and parsed in a worker thread (imports, creating an analysis
 * from JSON): the app-wide JSON parser skips them, so a 20 MiB upload is never parsed on the sync
 * thread. `bodyBytes` also serves a router mounted behind a JSON parser (tests of one router).
 */
import type { Request } from "express";

/** `POST /api/imports`, `POST /api/imports/preview` and `POST /api/analyses` (full path). */
export function takesRawBody(req: Request): boolean {
  if (req.method !== "POST") return false;
  const path = req.path.replace(/\/+$/, "");
  return path === "/api/imports" || path === "/api/imports/preview" || path === "/api/analyses";
}

/** The request's body as bytes: as read by `express.raw`, or re-encoded if a JSON parser got it first; null if none. */
export function bodyBytes(req: Request): Uint8Array | null {
  const body: unknown = req.body;
  if (body instanceof Uint8Array) return body;
  return typeof body === "object" && body !== null ? Buffer.from(JSON.stringify(body)) : null;
}
