/**
 * The Host header is client input: it is checked before anything copies it into a response header
 * (the CSP's `connect-src`), so a value such as `evil; script-src *` is a 400, never a header.
 */
import type { Request, RequestHandler } from "express";
import { AppError } from "../../shared/errors";

/** host[:port]: a DNS name or IPv4 address, or a bracketed IPv6 address. */
const HOST = /^(?:[A-Za-z0-9_][A-Za-z0-9._-]{0,252}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

export const isValidHost = (host: string): boolean => HOST.test(host);

/** Refuses a request whose Host header is not a plain host[:port]. */
export const requireValidHost: RequestHandler = (req, _res, next) => {
  const host = req.headers.host;
  if (host !== undefined && !isValidHost(host)) {
    throw new AppError("bad_request", "the Host header is not a valid host name");
  }
  next();
};

/** The request's Host for use in a header (checked by `requireValidHost`), or `fallback`. */
export const hostOf = (req: Pick<Request, "headers">, fallback: string): string => {
  const host = req.headers.host;
  return host !== undefined && isValidHost(host) ? host : fallback;
};
