/**
 * What an attachment is, decided from its bytes (never the uploader's name or Content-Type): the
 * allow-list of types, and a refusal of anything that looks like HTML or SVG, which a browser could
 * run as a page. A polyglot (an image whose first bytes also read as markup) is refused too.
 */
import { fileTypeFromBuffer } from "file-type";
import { AppError } from "../../shared/errors";
import { cleanFileTitle } from "../export/contentDisposition";

/** Allowed media types → their file extensions (the first is the one given to a name without it). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "application/pdf": ["pdf"],
  "video/mp4": ["mp4", "m4v"],
  "video/webm": ["webm"],
};

/** Raster images: the only attachments ever served inline (previews). */
export const INLINE_MEDIA_TYPES: ReadonlySet<string> = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
]);

/** What file-type calls some allowed types by a more specific name. */
const SAME_AS: Readonly<Record<string, string>> = { "image/apng": "image/png" };

/** Bytes looked at: the signatures file-type reads and the prefix browsers sniff for markup. */
const HEAD_BYTES = 64 * 1024;
const MARKUP_HEAD_BYTES = 1024;
const MARKUP = /<(?:!doctype|html|head|body|script|svg|iframe|object|embed)(?=[\s>/])/i;

const refusal = (what: string): AppError =>
  new AppError(
    "unsupported_media_type",
    `${what} cannot be attached; allowed are PNG, JPEG, GIF and WebP images, PDF, MP4 and WebM`,
  );

/** Whether the start of `bytes` reads as HTML, SVG or XML (text starting with a tag, or a tag near the start). */
export function looksLikeMarkup(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, MARKUP_HEAD_BYTES))
    .toString("latin1")
    .replace(/^(?:\xef\xbb\xbf|\xfe\xff|\xff\xfe)/, "")
    .replace(/\0/g, "");
  return head.trimStart().startsWith("<") || MARKUP.test(head);
}

/** The allowed media type of `bytes`; rejects with `unsupported_media_type` otherwise. */
export async function detectMediaType(bytes: Uint8Array): Promise<string> {
  if (bytes.byteLength === 0) throw new AppError("validation_failed", "the file is empty");
  const head = bytes.subarray(0, HEAD_BYTES);
  if (looksLikeMarkup(head)) throw refusal("HTML, SVG or XML");
  const detected = await fileTypeFromBuffer(head);
  const mime = detected ? (SAME_AS[detected.mime] ?? detected.mime) : undefined;
  if (mime === undefined || ALLOWED[mime] === undefined) {
    throw refusal(detected ? `A file of type ${detected.mime}` : "A file of unknown type");
  }
  return mime;
}

/**
 * The uploader's name made safe to show and to save: cleaned like a download name, and ending in
 * an extension of its detected type (`evil.html` holding a PNG is kept as `evil.html.png`), so a
 * downloaded file never opens as something other than what it is.
 */
export function attachmentFileName(uploaded: string, mediaType: string): string {
  const extensions = ALLOWED[mediaType] ?? [];
  const base = cleanFileTitle(uploaded.split(/[\\/]/).pop() ?? "") || "attachment";
  const dot = base.lastIndexOf(".");
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
  return extensions.includes(ext) ? base : `${base}.${extensions[0] ?? "bin"}`;
}

/** `photo.jpg` → ["photo", "jpg"]: Content-Disposition takes the two apart. */
export function splitFileName(name: string): [string, string] {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? [name.slice(0, dot), name.slice(dot + 1)] : [name, "bin"];
}
