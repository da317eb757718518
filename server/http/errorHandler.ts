/** The one place HTTP errors become `{error:{code,message}}`; stack traces stay in the log. */
import type { ErrorRequestHandler, RequestHandler } from "express";
import { AppError } from "../../shared/errors";
import type { Logger } from "../sync/logger";

/** Maps body-parser and other framework errors onto our codes. */
function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; message?: string };
  if (e?.type === "entity.too.large") return new AppError("payload_too_large", "request body is too large");
  if (e?.type === "entity.parse.failed") return new AppError("bad_request", "request body is not valid JSON");
  if (typeof e?.status === "number" && e.status >= 400 && e.status < 500) {
    return new AppError("bad_request", e.message ?? "bad request");
  }
  return new AppError("internal", "internal server error");
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.status >= 500) {
      logger.error("request failed", {
        method: req.method,
        path: req.path,
        error: String(err?.stack ?? err),
      });
    }
    if (appError.retryAfterSeconds !== undefined) {
      res.setHeader("Retry-After", String(Math.max(1, Math.ceil(appError.retryAfterSeconds))));
    }
    res.status(appError.status).json(appError.toBody());
  };
}

/** 404 for a request no route answered (an unknown API route, or any non-GET outside it), as JSON. */
export const notFound: RequestHandler = (req) => {
  throw new AppError("not_found", `no route for ${req.method} ${req.path}`);
};
