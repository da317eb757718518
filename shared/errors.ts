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
  "rate_limited",
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

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = "AppError";
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export const notFound = (what: string): AppError => new AppError("not_found", `${what} not found`, 404);

/** Narrow an unknown JSON body to the error shape, for clients reading failed responses. */
export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const err = (value as { error: unknown }).error;
  return typeof err === "object" && err !== null && "code" in err && "message" in err;
}
