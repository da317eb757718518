/** What the browser does with an attachment's bytes before and after the API: hash and preview. */

/** Only raster images are previewed (the server serves nothing else inline). */
export const isPreviewable = (mediaType: string): boolean =>
  ["image/png", "image/jpeg", "image/gif", "image/webp"].includes(mediaType);

/** Lowercase hex SHA-256 of a file, or null where the browser offers no Web Crypto (plain HTTP, non-local). */
export async function fileSha256(file: Blob): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
