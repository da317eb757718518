/**
 * REST calls for attachments. The browser hashes each file (SHA-256, Web Crypto) and sends the
 * hash with it, so the server can prove the bytes it stored are the ones picked; where Web Crypto
 * is missing (plain HTTP on a non-local address) the upload goes without it and the server's own
 * hash is still shown.
 */
import { z } from "zod";
import type { AttachmentOwner } from "../../../shared/attachments";
import { isErrorBody } from "../../../shared/errors";
import { ApiError, parse, request } from "./api";

const attachmentSchema = z.object({
  id: z.string(),
  analysisId: z.string(),
  owner: z.object({ kind: z.enum(["source", "evidence"]), id: z.string() }),
  name: z.string(),
  mediaType: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedBy: z.string().nullable(),
  uploadedAt: z.string(),
  uploadedByName: z.string().nullable(),
});

/** An attachment as the list shows it: the record and its uploader's name. */
export type AttachmentView = Readonly<z.infer<typeof attachmentSchema>>;

const listSchema = z.object({
  attachments: z.array(attachmentSchema),
  limits: z.object({ maxFileBytes: z.number(), maxAnalysisBytes: z.number(), usedBytes: z.number() }),
});

export type AttachmentList = Readonly<z.infer<typeof listSchema>>;

const base = (analysisId: string): string => `/api/analyses/${encodeURIComponent(analysisId)}/attachments`;
const ownerParam = (owner: AttachmentOwner): string => `${owner.kind}:${owner.id}`;

/** Where a file is downloaded from; `inline` for image previews. */
export const attachmentUrl = (analysisId: string, id: string, inline = false): string =>
  `${base(analysisId)}/${encodeURIComponent(id)}/content${inline ? "?inline=1" : ""}`;

/** Only raster images are previewed (the server serves nothing else inline). */
export const isPreviewable = (mediaType: string): boolean =>
  ["image/png", "image/jpeg", "image/gif", "image/webp"].includes(mediaType);

export async function listAttachments(analysisId: string, owner: AttachmentOwner): Promise<AttachmentList> {
  const query = new URLSearchParams({ owner: ownerParam(owner) });
  return parse(listSchema, await request("GET", `${base(analysisId)}?${query}`));
}

/** Lowercase hex SHA-256 of a file, or null where the browser offers no Web Crypto. */
export async function fileSha256(file: Blob): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function uploadAttachment(
  analysisId: string,
  owner: AttachmentOwner,
  file: File,
): Promise<AttachmentView> {
  const sha256 = await fileSha256(file);
  const query = new URLSearchParams({
    owner: ownerParam(owner),
    name: file.name,
    ...(sha256 ? { sha256 } : {}),
  });
  let res: Response;
  try {
    res = await fetch(`${base(analysisId)}?${query}`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/octet-stream" },
      body: file,
    });
  } catch {
    throw new ApiError("network", "The upload did not reach the server.", 0);
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    if (isErrorBody(json)) throw new ApiError(json.error.code, json.error.message, res.status);
    throw new ApiError("bad_response", `The server answered ${res.status}.`, res.status);
  }
  return parse(attachmentSchema, json);
}

export async function deleteAttachment(analysisId: string, id: string): Promise<void> {
  await request("DELETE", `${base(analysisId)}/${encodeURIComponent(id)}`);
}
