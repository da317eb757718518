/**
 * REST for attachments under `/api/analyses/:id/attachments`: upload (the raw file as the body,
 * `?owner=evidence:<id>|source:<id>&name=<file name>[&sha256=<hex>]`), list, metadata, download
 * and delete. The server hashes and types every file from its bytes; downloads are never rendered
 * by the browser as a page (attachment disposition, nosniff, a sandboxing CSP), and only raster
 * images may be shown inline, for previews.
 */

import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import type { Role } from "../../shared/accounts";
import {
  type AttachmentView,
  attachmentDeletedSchema,
  attachmentListSchema,
  attachmentViewSchema,
} from "../../shared/api/attachments";
import type { AttachmentOwner, AttachmentRecord } from "../../shared/attachments";
import { AppError } from "../../shared/errors";
import type { ActivityInput } from "../../shared/history/activity";
import { newId } from "../../shared/schema/ids";
import { parseOrThrow } from "../../shared/schema/validate";
import type { AttachmentLimits } from "../attachments/attachmentLimits";
import { parseOwner } from "../attachments/attachmentOwner";
import {
  attachmentFileName,
  detectMediaType,
  INLINE_MEDIA_TYPES,
  splitFileName,
} from "../attachments/mediaTypes";
import { dropUnreadBody, receiveFile } from "../attachments/receiveFile";
import { authorize } from "../auth/policy";
import { attachmentHeader } from "../export/contentDisposition";
import { sendJson } from "../http/sendJson";
import { type AttachmentStore, formatMiB } from "../store/AttachmentStore";

export interface AttachmentsRouteDeps {
  readonly attachments: AttachmentStore;
  readonly limits: AttachmentLimits;
  /** Whether `owner` is an item of the analysis (its content document). */
  readonly ownerExists: (analysisId: string, owner: AttachmentOwner) => Promise<boolean>;
  readonly actorOf: (req: Request) => { readonly userId: string; readonly userName: string };
  readonly roleOf: (req: Request) => Role;
  /** Display name of an uploader. */
  readonly userName: (userId: string) => Promise<string | null>;
  /** The activity feed ("Ana attached 'photo.jpg' to E5"). */
  /** Stores feed entries; the route answers once they are committed. */
  readonly recordActivity: (entries: readonly ActivityInput[]) => Promise<void>;
}

const uploadQuerySchema = z.object({
  owner: z.string().max(80),
  name: z.string().min(1).max(1_000),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "a SHA-256 is 64 hexadecimal digits")
    .optional(),
});

const listQuerySchema = z.object({ owner: z.string().max(80).optional() });

export function attachmentsRouter(deps: AttachmentsRouteDeps): Router {
  const { limits, attachments: store } = deps;
  const router = Router();

  const requireRecord = async (req: Request): Promise<AttachmentRecord> => {
    const found = await store.getAttachmentRecord(String(req.params.id), String(req.params.attachmentId));
    if (!found) throw new AppError("not_found", "attachment not found");
    return found;
  };

  const names = async (records: readonly AttachmentRecord[]): Promise<AttachmentView[]> => {
    const known = new Map<string, string | null>();
    for (const r of records) {
      if (r.uploadedBy !== null && !known.has(r.uploadedBy)) {
        known.set(r.uploadedBy, await deps.userName(r.uploadedBy));
      }
    }
    return records.map((r) => ({
      ...r,
      uploadedByName: r.uploadedBy ? (known.get(r.uploadedBy) ?? null) : null,
    }));
  };

  const activity = (req: Request, record: AttachmentRecord, action: "added" | "removed"): Promise<void> => {
    const actor = deps.actorOf(req);
    return deps.recordActivity([
      {
        analysisId: record.analysisId,
        docName: record.analysisId,
        userId: actor.userId,
        userName: actor.userName,
        at: new Date().toISOString(),
        kind: "attachment",
        action,
        target: record.owner.id,
        field: record.owner.kind,
        before: null,
        after: record.id,
        label: record.name,
        coalesceKey: null,
      },
    ]);
  };

  const upload = async (req: Request, res: Response): Promise<void> => {
    const analysisId = String(req.params.id);
    const query = parseOrThrow(uploadQuerySchema, req.query, "query");
    const owner = parseOwner(query.owner);
    if (!(await deps.ownerExists(analysisId, owner))) {
      throw new AppError("not_found", `${owner.kind} ${owner.id} is not in this analysis`);
    }
    const file = await receiveFile(
      req,
      limits.maxFileBytes,
      () =>
        new AppError(
          "payload_too_large",
          `the file is larger than the ${formatMiB(limits.maxFileBytes)} limit`,
        ),
    );
    if (query.sha256 !== undefined && query.sha256.toLowerCase() !== file.sha256) {
      throw new AppError(
        "validation_failed",
        "hash check: the file that arrived differs from the one sent (its SHA-256 does not match); try again",
      );
    }
    const mediaType = await detectMediaType(file.bytes);
    const actor = deps.actorOf(req);
    const record: AttachmentRecord = {
      id: newId("a_"),
      analysisId,
      owner,
      name: attachmentFileName(query.name, mediaType),
      mediaType,
      size: file.bytes.byteLength,
      sha256: file.sha256,
      uploadedBy: actor.userId,
      uploadedAt: new Date().toISOString(),
    };
    await store.saveAttachment(record, file.bytes, limits.maxAnalysisBytes);
    await activity(req, record, "added");
    sendJson(res, attachmentViewSchema, { ...record, uploadedByName: actor.userName }, 201);
  };

  router.post("/:id/attachments", authorize("attachments.upload"), async (req, res) => {
    try {
      await upload(req, res);
    } catch (error) {
      dropUnreadBody(req, res);
      throw error;
    }
  });

  router.get("/:id/attachments", authorize("attachments.read"), async (req, res) => {
    const query = parseOrThrow(listQuerySchema, req.query, "query");
    const all = await store.listAttachments(req.params.id);
    const owner = query.owner === undefined ? null : parseOwner(query.owner);
    const shown = owner ? all.filter((r) => r.owner.kind === owner.kind && r.owner.id === owner.id) : all;
    sendJson(res, attachmentListSchema, {
      attachments: await names(shown),
      limits: { ...limits, usedBytes: all.reduce((sum, r) => sum + r.size, 0) },
    });
  });

  router.get("/:id/attachments/:attachmentId", authorize("attachments.read"), async (req, res) => {
    const [view] = await names([await requireRecord(req)]);
    if (view) sendJson(res, attachmentViewSchema, view);
  });

  router.get("/:id/attachments/:attachmentId/content", authorize("attachments.read"), async (req, res) => {
    const inline = req.query.inline === "1";
    const record = await requireRecord(req);
    if (inline && !INLINE_MEDIA_TYPES.has(record.mediaType)) {
      throw new AppError("bad_request", "only images are shown in the page; download this file instead");
    }
    const etag = `"${record.sha256}"`;
    protectDownload(res);
    res.setHeader("ETag", etag);
    if (req.headers["if-none-match"] === etag) {
      res.status(304).end();
      return;
    }
    const chunks = await store.readAttachment(record.analysisId, record.id);
    if (!chunks) throw new AppError("not_found", "attachment not found");
    const [base, extension] = splitFileName(record.name);
    res.setHeader("Content-Type", record.mediaType);
    res.setHeader("Content-Length", record.size);
    res.setHeader("Content-Disposition", attachmentHeader(base, extension, inline ? "inline" : "attachment"));
    // Chunk by chunk as the client takes them: a big file never sits whole in memory nor blocks a turn.
    // A failure past the headers (deleted mid-way) cuts the connection, short of Content-Length.
    await pipeline(Readable.from(chunks, { objectMode: false }), res).catch((error: unknown) => {
      if (!res.headersSent) throw error;
    });
  });

  router.delete("/:id/attachments/:attachmentId", authorize("attachments.delete"), async (req, res) => {
    const record = await requireRecord(req);
    if (deps.roleOf(req) !== "lead" && record.uploadedBy !== deps.actorOf(req).userId) {
      throw new AppError("forbidden", "only the lead or the person who attached a file may delete it");
    }
    if (!(await store.deleteAttachment(record.analysisId, record.id))) {
      throw new AppError("not_found", "attachment not found");
    }
    await activity(req, record, "removed");
    sendJson(res, attachmentDeletedSchema, { deleted: record.id });
  });

  return router;
}

/**
 * Headers of every attachment download: the browser must take the declared type as is, never run
 * anything in it (a sandboxed, resource-less document even if opened directly), and re-ask the
 * server (whose ETag answers 304) rather than keep a private file in shared caches.
 */
function protectDownload(res: Response): void {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
  res.setHeader("Cache-Control", "private, no-cache");
}
