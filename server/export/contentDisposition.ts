/** Content-Disposition with a filename that is safe in every browser and file system. */

/** ASCII slug of a title for the fallback `filename=`; the UTF-8 name goes in `filename*=`. */
export function attachmentHeader(title: string, extension: string): string {
  const base =
    title
      .normalize("NFKC")
      .replace(/[\p{Cc}/\\:*?"<>|]+/gu, " ")
      .trim()
      .slice(0, 120) || "analysis";
  const ascii =
    base
      .normalize("NFKD")
      .replace(/[^\x20-\x7e]/g, "")
      .replace(/[^A-Za-z0-9._ -]/g, "")
      .trim()
      .replace(/\s+/g, "-")
      .replace(/^[.-]+/, "") || "analysis";
  const utf8 = encodeURIComponent(`${base}.${extension}`).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}.${extension}"; filename*=UTF-8''${utf8}`;
}
