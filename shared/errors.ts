/**
 * Errors are data: a stable `code` that client, server and scripts branch on, a human message,
 * and the HTTP status the server answers with. One JSON shape on the wire: `{ error: { code, message } }`.
 */
export const ERROR_CODES = [
  "bad_request",
  "validation_failed",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "limit_reached",
  "store_unavailable",
  "server_busy",
  "took_too_long",
  "too_much_memory",
  "internal",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

/** The HTTP status of each code: the one table the server answers from and clients may rely on. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_much_memory: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  limit_reached: 409,
  internal: 500,
  store_unavailable: 503,
  server_busy: 503,
  took_too_long: 503,
};

export class AppError extends Error {
  /** Derived from `code` (HTTP_STATUS), never chosen per call site, so the two cannot drift. */
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For a refusal that passes with time (429, a busy 503): the `Retry-After` header the server sends. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "AppError";
    this.status = HTTP_STATUS[code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export const notFound = (what: string): AppError => new AppError("not_found", `${what} not found`);

/** Narrow an unknown JSON body to the error shape, for clients reading failed responses. */
export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const err = (value as { error: unknown }).error;
  return typeof err === "object" && err !== null && "code" in err && "message" in err;
}
