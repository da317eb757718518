/** Random bearer secrets (session cookies, API tokens) and the hash under which the store keeps them. */
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "ach_";

/** 256 random bits, base64url (43 characters). */
export const newSecret = (): string => randomBytes(32).toString("base64url");

/** An API token as the user sees it once: `ach_<43 base64url characters>`. */
export const newApiToken = (): string => `${TOKEN_PREFIX}${newSecret()}`;

const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** Shape check before any store lookup, so garbage never costs a query. */
export const isWellFormedSecret = (value: string): boolean => SECRET.test(value);

export const isWellFormedApiToken = (value: string): boolean =>
  value.startsWith(TOKEN_PREFIX) && SECRET.test(value.slice(TOKEN_PREFIX.length));

/** SHA-256 hex: the store never holds a usable secret. */
export const sha256Hex = (value: string): string => createHash("sha256").update(value).digest("hex");
