/** Random, URL-safe ids (valid document-name segments). Crypto-random so concurrent creators never collide. */
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

export function newId(prefix = "", length = 12): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let id = prefix;
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return id;
}

/** Key of one rating cell in ratings documents and score reports. */
export const cellKey = (evidenceId: string, hypothesisId: string): string => `${evidenceId}:${hypothesisId}`;

export function parseCellKey(key: string): { evidenceId: string; hypothesisId: string } | null {
  const i = key.indexOf(":");
  if (i <= 0 || i === key.length - 1) return null;
  return { evidenceId: key.slice(0, i), hypothesisId: key.slice(i + 1) };
}
