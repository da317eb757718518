/** Content-Disposition with a filename that is safe in every browser and file system. */

/**
 * A title or file name fit for a file system and for display, at most 120 code points (may be empty).
 * Controls, bidi overrides and other format characters (U+202E can make "evil\u202Efdp.exe" read as
 * "evilexe.pdf"), separators, lone surrogates and file-system specials all become spaces.
 */
export function cleanFileTitle(title: string): string {
  const cleaned = title
    .normalize("NFKC")
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}/\\:*?"<>|]+/gu, " ")
    .trim();
  // By code point, so the cut never leaves half a surrogate pair (encodeURIComponent would throw).
  return Array.from(cleaned).slice(0, 120).join("").trim();
}

/**
 * ASCII slug of a title for the fallback `filename=`; the UTF-8 name goes in `filename*=`.
 * `inline` only for what may be shown in the page (attachment previews of raster images).
 */
export function attachmentHeader(
  title: string,
  extension: string,
  disposition: "attachment" | "inline" = "attachment",
): string {
  const base = cleanFileTitle(title) || "analysis";
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
  return `${disposition}; filename="${ascii}.${extension}"; filename*=UTF-8''${utf8}`;
}
